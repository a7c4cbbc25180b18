package store_test

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/coverage"
	"xietong/internal/dbtest"
	"xietong/internal/store"
)

// covFixture is a county with the 2025 and 2026 school years, two schools
// with two classes each, and a user to author visits; students are added by
// the tests. Every write runs in a transaction whose "today" the fixture
// sets (xietong.today), so the freezing of windows is under test control.
type covFixture struct {
	t       *testing.T
	st      *store.Store
	db      *dbtest.DB
	county  int64
	schools []int64
	classes []int64 // classes[i] is in schools[i/2]
	author  int64
	cal     calendar.Calendar
	today   time.Time
	seq     int
}

func newCovFixture(t *testing.T) *covFixture {
	t.Helper()
	ctx := context.Background()
	db := dbtest.New(t)
	f := &covFixture{t: t, st: store.New(db.Pool), db: db, today: calendar.D(2025, 8, 1)}
	var err error
	if f.county, err = f.st.CreateCounty(ctx, "测试县"); err != nil {
		t.Fatal(err)
	}
	var y2025 calendar.SchoolYear
	for _, start := range []int{2025, 2026} {
		y, err := f.st.CreateSchoolYear(ctx, f.county, calendar.DefaultYear(start))
		if err != nil {
			t.Fatal(err)
		}
		if start == 2025 {
			y2025 = y
		}
	}
	for i := range 2 {
		sid, err := f.st.CreateSchool(ctx, store.NewSchool{CountyID: f.county, Code: fmt.Sprintf("S%d", i+1),
			Name: fmt.Sprintf("第%d小学", i+1), Stage: "primary", Township: "城关镇"})
		if err != nil {
			t.Fatal(err)
		}
		f.schools = append(f.schools, sid)
		gid, err := f.st.CreateGrade(ctx, store.NewGrade{SchoolID: sid, SchoolYearID: y2025.ID, Level: 3, Name: "三年级"})
		if err != nil {
			t.Fatal(err)
		}
		for n := 1; n <= 2; n++ {
			cid, err := f.st.CreateClass(ctx, store.NewClass{GradeID: gid, Number: n, Name: fmt.Sprintf("三年级(%d)班", n)})
			if err != nil {
				t.Fatal(err)
			}
			f.classes = append(f.classes, cid)
		}
	}
	if f.author, err = f.st.CreateUser(ctx, store.NewUser{CountyID: f.county, Username: "author", DisplayName: "王老师"}); err != nil {
		t.Fatal(err)
	}
	if f.cal, err = f.st.LoadCalendar(ctx, f.county); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *covFixture) schoolOf(class int64) int64 { return f.schools[slices.Index(f.classes, class)/2] }

// tx runs fn in a transaction on the fixture's today.
func (f *covFixture) tx(fn func(tx pgx.Tx) error) {
	f.t.Helper()
	ctx := context.Background()
	err := pgx.BeginFunc(ctx, f.db.Pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT set_config('xietong.today', $1, true), set_config('synchronous_commit', 'off', true)`,
			f.today.Format(time.DateOnly)); err != nil {
			return err
		}
		return fn(tx)
	})
	if err != nil {
		f.t.Fatal(err)
	}
}

func (f *covFixture) exec(sql string, args ...any) {
	f.t.Helper()
	f.tx(func(tx pgx.Tx) error { _, err := tx.Exec(context.Background(), sql, args...); return err })
}

// addStudent inserts an enrolled student and returns their id.
func (f *covFixture) addStudent(class int64, leftBehind, hardship bool) int64 {
	f.t.Helper()
	f.seq++
	var id int64
	f.tx(func(tx pgx.Tx) error {
		return tx.QueryRow(context.Background(), `
			INSERT INTO students (county_id, school_id, class_id, student_number, name, gender, left_behind, hardship)
			VALUES ($1, $2, $3, $4, $5, '女', $6, $7) RETURNING id`,
			f.county, f.schoolOf(class), class, fmt.Sprintf("G%08d", f.seq), fmt.Sprintf("学生%d", f.seq),
			leftBehind, hardship).Scan(&id)
	})
	return id
}

// addVisit logs a visit of students (their current school and class are
// copied, as the visit form does) and returns its id.
func (f *covFixture) addVisit(date time.Time, mode string, students ...int64) int64 {
	f.t.Helper()
	var id int64
	f.tx(func(tx pgx.Tx) error {
		ctx := context.Background()
		err := tx.QueryRow(ctx, `
			INSERT INTO visits (school_id, class_id, author_id, visit_date, mode, kind)
			SELECT school_id, class_id, $2, $3, $4, 'routine' FROM students WHERE id = $1 RETURNING id`,
			students[0], f.author, date, mode).Scan(&id)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `
			INSERT INTO visit_students (visit_id, student_id, school_id, class_id, visit_date, mode)
			SELECT v.id, st.id, st.school_id, st.class_id, v.visit_date, v.mode
			FROM visits v JOIN students st ON st.id = ANY($2::bigint[]) WHERE v.id = $1`, id, students)
		return err
	})
	return id
}

// covRow is one counter row, keyed for comparison.
type covKey struct {
	kind string
	win  int64
	id   int64 // class or student
}

type stuRow struct {
	class, school     int64
	lb, hs            bool
	onsite, vid, phon int
	best              string
}

// snapshot reads both counter tables, after checking that the school
// sums (coverage_schools) are those of the class rows.
func (f *covFixture) snapshot() (map[covKey]store.CoverageCounts, map[covKey]stuRow) {
	f.t.Helper()
	ctx := context.Background()
	var bad int
	if err := f.db.Pool.QueryRow(ctx, `
		WITH c AS (
			SELECT window_kind, window_id, school_id, count(*)::int AS classes, sum(enrolled)::int AS enrolled,
			       sum(onsite)::int AS onsite, sum(video)::int AS video, sum(phone)::int AS phone,
			       sum(lb)::int AS lb, sum(lb_onsite)::int AS lb_onsite, sum(lb_video)::int AS lb_video, sum(lb_phone)::int AS lb_phone,
			       sum(hs)::int AS hs, sum(hs_onsite)::int AS hs_onsite, sum(hs_video)::int AS hs_video, sum(hs_phone)::int AS hs_phone,
			       sum(fl)::int AS fl, sum(fl_onsite)::int AS fl_onsite, sum(fl_video)::int AS fl_video, sum(fl_phone)::int AS fl_phone
			FROM coverage_classes GROUP BY 1, 2, 3
		), s AS (
			SELECT window_kind, window_id, school_id, classes, enrolled, onsite, video, phone, lb, lb_onsite, lb_video, lb_phone,
			       hs, hs_onsite, hs_video, hs_phone, fl, fl_onsite, fl_video, fl_phone
			FROM coverage_schools WHERE classes <> 0
		)
		SELECT (SELECT count(*) FROM (TABLE c EXCEPT TABLE s) x) + (SELECT count(*) FROM (TABLE s EXCEPT TABLE c) y)`).Scan(&bad); err != nil {
		f.t.Fatal(err)
	}
	if bad != 0 {
		f.t.Fatalf("coverage_schools differs from the sums of coverage_classes in %d rows", bad)
	}
	classes := map[covKey]store.CoverageCounts{}
	rows, err := f.db.Pool.Query(ctx, `SELECT window_kind, window_id, class_id, enrolled, onsite, video, phone,
		lb, lb_onsite, lb_video, lb_phone, hs, hs_onsite, hs_video, hs_phone, fl, fl_onsite, fl_video, fl_phone FROM coverage_classes`)
	if err != nil {
		f.t.Fatal(err)
	}
	for rows.Next() {
		var k covKey
		var c store.CoverageCounts
		if err := rows.Scan(&k.kind, &k.win, &k.id, &c.Enrolled, &c.OnSite, &c.Video, &c.Phone, &c.LB, &c.LBOnSite, &c.LBVideo, &c.LBPhone,
			&c.HS, &c.HSOnSite, &c.HSVideo, &c.HSPhone, &c.FL, &c.FLOnSite, &c.FLVideo, &c.FLPhone); err != nil {
			f.t.Fatal(err)
		}
		classes[k] = c
	}
	if rows.Err() != nil {
		f.t.Fatal(rows.Err())
	}
	students := map[covKey]stuRow{}
	rows, err = f.db.Pool.Query(ctx, `SELECT window_kind, window_id, student_id, class_id, school_id, left_behind, hardship,
		onsite_n, video_n, phone_n, best FROM coverage_students`)
	if err != nil {
		f.t.Fatal(err)
	}
	for rows.Next() {
		var k covKey
		var s stuRow
		if err := rows.Scan(&k.kind, &k.win, &k.id, &s.class, &s.school, &s.lb, &s.hs, &s.onsite, &s.vid, &s.phon, &s.best); err != nil {
			f.t.Fatal(err)
		}
		students[k] = s
	}
	if rows.Err() != nil {
		f.t.Fatal(rows.Err())
	}
	return classes, students
}

// visits reads the visits back as the pure package takes them.
func (f *covFixture) visits() []coverage.Visit {
	f.t.Helper()
	rows, err := f.db.Pool.Query(context.Background(), `
		SELECT visit_id, min(visit_date), min(mode), array_agg(student_id ORDER BY student_id)
		FROM visit_students GROUP BY visit_id ORDER BY visit_id`)
	if err != nil {
		f.t.Fatal(err)
	}
	var out []coverage.Visit
	for rows.Next() {
		var v coverage.Visit
		var mode string
		if err := rows.Scan(&v.ID, &v.Date, &mode, &v.StudentIDs); err != nil {
			f.t.Fatal(err)
		}
		v.Mode = coverage.Mode(mode)
		out = append(out, v)
	}
	if rows.Err() != nil {
		f.t.Fatal(rows.Err())
	}
	return out
}

// expected computes, with the pure reference, what the counters of every
// window must be for the enrolment history enrol and the visits in SQL.
func (f *covFixture) expected(enrol []coverage.Enrolment) (map[covKey]store.CoverageCounts, map[covKey]coverage.Mode) {
	visits := f.visits()
	classes := map[covKey]store.CoverageCounts{}
	best := map[covKey]coverage.Mode{}
	add := func(kind string, win int64, s coverage.StudentResult, everyone, flagged bool) {
		k := covKey{kind, win, s.ClassID}
		c := classes[k]
		on, vi, ph := s.Best == coverage.OnSite, s.Best == coverage.Video, s.Best == coverage.Phone
		inc := func(n, o, v, p *int) {
			*n++
			if on {
				*o++
			}
			if vi {
				*v++
			}
			if ph {
				*p++
			}
		}
		if everyone {
			inc(&c.Enrolled, &c.OnSite, &c.Video, &c.Phone)
			best[covKey{kind, win, s.StudentID}] = s.Best
		}
		if flagged {
			if s.LeftBehind {
				inc(&c.LB, &c.LBOnSite, &c.LBVideo, &c.LBPhone)
			}
			if s.Hardship {
				inc(&c.HS, &c.HSOnSite, &c.HSVideo, &c.HSPhone)
			}
			if s.LeftBehind || s.Hardship {
				inc(&c.FL, &c.FLOnSite, &c.FLVideo, &c.FLPhone)
			}
		}
		classes[k] = c
	}
	for _, t := range f.cal.Terms() {
		for _, s := range coverage.PreTerm(t, enrol, visits).Students {
			add("pre_term", t.ID, s, true, true)
		}
	}
	everyone := make([]coverage.Enrolment, len(enrol))
	for i, e := range enrol {
		e.LeftBehind, e.Hardship = true, false
		everyone[i] = e
	}
	for _, v := range f.cal.Vacations() {
		for _, s := range coverage.Vacation(v, everyone, visits).Students {
			add("vacation", v.ID, s, true, false)
		}
		for _, s := range coverage.Vacation(v, enrol, visits).Students {
			add("vacation", v.ID, s, false, true)
		}
	}
	return classes, best
}

// TestCoverageCountersRandomMix: after a seeded random mix of visits logged
// (late ones too), edited (date, mode, students), deleted, and of students
// added, transferred, leaving, coming back, flagged and deleted, over eight
// simulated months that cross four roll days, the counters kept by the
// triggers equal (1) the pure reference of package coverage computed from
// the enrolment history and the visits, for every window, frozen or not,
// and (2) a full recount by coverage_rebuild.
func TestCoverageCountersRandomMix(t *testing.T) {
	t.Parallel()
	f := newCovFixture(t)
	rng := rand.New(rand.NewPCG(4, 2026))

	// The enrolment history, as the pure package takes it.
	type cur struct {
		idx            int // into enrol
		class          int64
		enrolled       bool
		lb, hs         bool
		hasVisits      bool
		deleted        bool
		flaggedAtStart bool
	}
	var enrol []coverage.Enrolment
	students := map[int64]*cur{}
	var ids []int64
	open := func(id, class int64, lb, hs bool, from time.Time) {
		enrol = append(enrol, coverage.Enrolment{StudentID: id, ClassID: class, SchoolID: f.schoolOf(class),
			From: from, LeftBehind: lb, Hardship: hs})
		students[id].idx = len(enrol) - 1
	}
	closeOn := func(id int64) { enrol[students[id].idx].To = calendar.AddDays(f.today, -1) }

	// Students from before any window: loaded, then the rebuild takes the
	// roll call of the windows whose roll day has passed.
	f.today = calendar.D(2026, 1, 10)
	for i := range 40 {
		class := f.classes[i%len(f.classes)]
		lb, hs := rng.IntN(4) == 0, rng.IntN(6) == 0
		id := f.addStudent(class, lb, hs)
		students[id] = &cur{class: class, enrolled: true, lb: lb, hs: hs}
		ids = append(ids, id)
		open(id, class, lb, hs, time.Time{})
	}
	if err := f.st.RebuildCoverage(context.Background()); err != nil {
		t.Fatal(err)
	}

	var visitIDs []int64
	modes := []string{"onsite", "video", "phone"}
	pick := func() int64 { return ids[rng.IntN(len(ids))] }
	alive := func() int64 {
		for {
			if id := pick(); !students[id].deleted {
				return id
			}
		}
	}
	// Visit dates: anywhere from the summer of 2025 to the spring of 2027,
	// so visits land before, inside and after every window, late or early.
	visitDate := func() time.Time { return calendar.AddDays(calendar.D(2025, 7, 1), rng.IntN(640)) }
	// The simulated days: every other day, and around each roll day (the
	// day before, the day itself, the day after) many operations.
	rollDays := map[time.Time]bool{}
	for _, tm := range f.cal.Terms() {
		rollDays[tm.Start] = true
	}
	for _, v := range f.cal.Vacations() {
		rollDays[v.End] = true
	}
	var days []time.Time
	for d := f.today; d.Before(calendar.D(2026, 9, 15)); d = calendar.AddDays(d, 1) {
		switch {
		case rollDays[d] || rollDays[calendar.AddDays(d, 1)] || rollDays[calendar.AddDays(d, -1)]:
			for range 12 {
				days = append(days, d)
			}
		case rng.IntN(2) == 0:
			days = append(days, d)
		}
	}
	ops := 0
	for _, d := range days {
		f.today = d
		ops++
		switch op := rng.IntN(20); {
		case op < 7: // log a visit, sometimes of siblings
			a := alive()
			sts := []int64{a}
			if rng.IntN(4) == 0 {
				if b := alive(); b != a {
					sts = append(sts, b)
				}
			}
			visitIDs = append(visitIDs, f.addVisit(visitDate(), modes[rng.IntN(3)], sts...))
			for _, s := range sts {
				students[s].hasVisits = true
			}
		case op < 9 && len(visitIDs) > 0: // edit date and mode, as UpdateVisit does
			v := visitIDs[rng.IntN(len(visitIDs))]
			d, m := visitDate(), modes[rng.IntN(3)]
			f.tx(func(tx pgx.Tx) error {
				ctx := context.Background()
				if _, err := tx.Exec(ctx, `UPDATE visits SET visit_date = $2, mode = $3 WHERE id = $1`, v, d, m); err != nil {
					return err
				}
				_, err := tx.Exec(ctx, `UPDATE visit_students vs SET visit_date = v.visit_date, mode = v.mode FROM visits v WHERE v.id = vs.visit_id AND v.id = $1`, v)
				return err
			})
		case op < 10 && len(visitIDs) > 0: // change the students of a visit
			v := visitIDs[rng.IntN(len(visitIDs))]
			s := alive()
			students[s].hasVisits = true
			f.tx(func(tx pgx.Tx) error {
				ctx := context.Background()
				if _, err := tx.Exec(ctx, `DELETE FROM visit_students WHERE visit_id = $1 AND student_id = (
					SELECT min(student_id) FROM visit_students WHERE visit_id = $1) AND (SELECT count(*) FROM visit_students WHERE visit_id = $1) > 1`, v); err != nil {
					return err
				}
				_, err := tx.Exec(ctx, `
					INSERT INTO visit_students (visit_id, student_id, school_id, class_id, visit_date, mode)
					SELECT v.id, st.id, st.school_id, coalesce(st.class_id, v.class_id), v.visit_date, v.mode
					FROM visits v JOIN students st ON st.id = $2 WHERE v.id = $1
					ON CONFLICT DO NOTHING`, v, s)
				return err
			})
		case op < 11 && len(visitIDs) > 0: // delete a visit (cascades to its students)
			i := rng.IntN(len(visitIDs))
			f.exec(`DELETE FROM visits WHERE id = $1`, visitIDs[i])
			visitIDs = slices.Delete(visitIDs, i, i+1)
		case op < 14: // transfer, within the school or to the other one
			s := alive()
			if !students[s].enrolled {
				continue
			}
			to := f.classes[rng.IntN(len(f.classes))]
			if to == students[s].class {
				continue
			}
			f.exec(`UPDATE students SET class_id = $2, school_id = $3 WHERE id = $1`, s, to, f.schoolOf(to))
			closeOn(s)
			students[s].class = to
			open(s, to, students[s].lb, students[s].hs, f.today)
		case op < 15: // leave
			s := alive()
			if !students[s].enrolled {
				continue
			}
			f.exec(`UPDATE students SET status = 'left' WHERE id = $1`, s)
			closeOn(s)
			students[s].enrolled = false
		case op < 16: // come back, to any class
			s := alive()
			if students[s].enrolled {
				continue
			}
			to := f.classes[rng.IntN(len(f.classes))]
			f.exec(`UPDATE students SET status = 'enrolled', class_id = $2, school_id = $3 WHERE id = $1`, s, to, f.schoolOf(to))
			students[s].enrolled, students[s].class = true, to
			open(s, to, students[s].lb, students[s].hs, f.today)
		case op < 17: // a special-group flag changes
			s := alive()
			c := students[s]
			c.lb = !c.lb
			f.exec(`UPDATE students SET left_behind = $2, name = name || '' WHERE id = $1`, s, c.lb)
			if c.enrolled {
				closeOn(s)
				open(s, c.class, c.lb, c.hs, f.today)
			}
		case op < 18: // a new student
			class := f.classes[rng.IntN(len(f.classes))]
			lb, hs := rng.IntN(4) == 0, rng.IntN(6) == 0
			id := f.addStudent(class, lb, hs)
			students[id] = &cur{class: class, enrolled: true, lb: lb, hs: hs}
			ids = append(ids, id)
			open(id, class, lb, hs, f.today)
		case op < 19: // an edit that does not touch coverage
			f.exec(`UPDATE students SET village = '新村', version = version + 1 WHERE id = $1`, alive())
		default: // a student entered by mistake is deleted (only possible without visits)
			s := alive()
			if students[s].hasVisits {
				continue
			}
			f.exec(`DELETE FROM students WHERE id = $1`, s)
			students[s].deleted = true
			enrol = slices.DeleteFunc(enrol, func(e coverage.Enrolment) bool { return e.StudentID == s })
			for id, c := range students {
				if !c.deleted {
					c.idx = slices.IndexFunc(enrol, func(e coverage.Enrolment) bool {
						return e.StudentID == id && e.To.IsZero()
					})
				}
			}
		}
	}
	t.Logf("%d operations, %d visits, %d students", ops, len(visitIDs), len(ids))

	gotClasses, gotStudents := f.snapshot()
	wantClasses, wantBest := f.expected(enrol)
	if len(gotClasses) == 0 || len(visitIDs) == 0 {
		t.Fatal("the mix produced nothing to compare")
	}
	for _, k := range slices.SortedFunc(maps.Keys(wantClasses), cmpKey) {
		if gotClasses[k] != wantClasses[k] {
			t.Errorf("class counters %v:\n got %+v\nwant %+v", k, gotClasses[k], wantClasses[k])
		}
	}
	for k := range gotClasses {
		if _, ok := wantClasses[k]; !ok {
			t.Errorf("class counters %v: unexpected row %+v", k, gotClasses[k])
		}
	}
	for k, want := range wantBest {
		got, ok := gotStudents[k]
		if !ok || coverage.Mode(got.best) != want {
			t.Errorf("student %v: got %+v (present %v), want best %q", k, got, ok, want)
		}
	}
	if len(gotStudents) != len(wantBest) {
		t.Errorf("%d student rows, want %d", len(gotStudents), len(wantBest))
	}

	// The full recount changes nothing.
	f.tx(func(tx pgx.Tx) error {
		_, err := tx.Exec(context.Background(), `SELECT coverage_rebuild()`)
		return err
	})
	rc, rs := f.snapshot()
	if !maps.Equal(rc, gotClasses) {
		t.Errorf("class counters differ from a full recount")
	}
	if !maps.Equal(rs, gotStudents) {
		t.Errorf("student counters differ from a full recount")
	}
}

func cmpKey(a, b covKey) int {
	if a.kind != b.kind {
		if a.kind < b.kind {
			return -1
		}
		return 1
	}
	if a.win != b.win {
		return int(a.win - b.win)
	}
	return int(a.id - b.id)
}

// TestCoverageRules pins the counting rules of the triggers on hand-made
// cases: the window's edges, the vacation's last week counting for the next
// pre-term week too, siblings in two classes, a visit logged after the
// window closed, and the freezing of the roll call on the roll day.
func TestCoverageRules(t *testing.T) {
	t.Parallel()
	f := newCovFixture(t)
	ctx := context.Background()
	f.today = calendar.D(2026, 11, 29)
	term, _ := f.cal.NextTerm(f.today) // 2027 spring: starts 22 Feb, window 15–21 Feb
	winter, _ := f.cal.VacationAt(calendar.D(2027, 2, 1))
	summer, _ := f.cal.VacationAt(calendar.D(2027, 8, 1))
	if !term.Start.Equal(calendar.D(2027, 2, 22)) || !winter.End.Equal(calendar.D(2027, 2, 21)) {
		t.Fatalf("calendar: term %v, winter %v", term, winter)
	}
	pre := store.WindowKey{Kind: calendar.KindPreTerm, ID: term.ID}
	vac := store.WindowKey{Kind: calendar.KindVacation, ID: winter.ID}
	c0, c1, c2 := f.classes[0], f.classes[1], f.classes[2]
	var s [9]int64
	for i := range s {
		s[i] = f.addStudent(c0, i == 5, false)
	}
	s[7] = f.addStudent(c1, false, true)

	f.addVisit(calendar.D(2027, 2, 14), "onsite", s[1]) // the day before the window
	f.addVisit(calendar.D(2027, 2, 15), "phone", s[2])  // first day
	f.addVisit(calendar.D(2027, 2, 21), "video", s[3])  // last day
	f.addVisit(calendar.D(2027, 2, 22), "onsite", s[4]) // term start: too late
	f.addVisit(calendar.D(2027, 2, 21), "onsite", s[5]) // 留守, last day of the winter vacation: R03 and R02
	f.addVisit(calendar.D(2027, 2, 16), "onsite", s[6], s[7])
	f.addVisit(calendar.D(2027, 2, 17), "phone", s[6]) // a worse mode does not lower the best

	get := func(w store.WindowKey, class int64) store.CoverageCounts {
		t.Helper()
		c, err := f.st.OneClassCoverage(ctx, class, w)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	check := func(name string, got, want coverage.Counts) {
		t.Helper()
		if got != want {
			t.Errorf("%s: got %+v, want %+v", name, got, want)
		}
	}
	check("R02 class 0", get(pre, c0).Duty(pre.Kind), coverage.Counts{Students: 9, Met: 4, OnSite: 2, Video: 1, Phone: 1})
	check("R02 class 1 (the sibling)", get(pre, c1).Duty(pre.Kind), coverage.Counts{Students: 1, Met: 1, OnSite: 1})
	check("R03 class 0", get(vac, c0).Duty(vac.Kind), coverage.Counts{Students: 1, Met: 1, OnSite: 1})
	check("R03 class 1: the 特困 sibling, visited in the vacation's last week", get(vac, c1).Duty(vac.Kind), coverage.Counts{Students: 1, Met: 1, OnSite: 1})
	check("R02 留守 of class 0", get(pre, c0).Group(pre.Kind, coverage.GroupLeftBehind), coverage.Counts{Students: 1, Met: 1, OnSite: 1})

	// After the roll day: a visit logged late for a date inside the window
	// counts; a transfer does not move the frozen roll call, but does move
	// the student in the windows still to come.
	f.today = calendar.D(2027, 3, 10)
	f.addVisit(calendar.D(2027, 2, 18), "video", s[0])
	f.exec(`UPDATE students SET class_id = $2, school_id = $3 WHERE id = $1`, s[0], c2, f.schoolOf(c2))
	check("R02 class 0 after the roll day", get(pre, c0).Duty(pre.Kind), coverage.Counts{Students: 9, Met: 5, OnSite: 2, Video: 2, Phone: 1})
	sum := store.WindowKey{Kind: calendar.KindVacation, ID: summer.ID}
	if get(sum, c0).Enrolled != 8 || get(sum, c2).Enrolled != 1 {
		t.Errorf("summer roll call: class 0 %d, class 2 %d; want 8 and 1", get(sum, c0).Enrolled, get(sum, c2).Enrolled)
	}
	rows, err := f.st.ClassStudentCoverage(ctx, scopeAll(), c0, pre, false, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 9 || rows[len(rows)-1].Visits() == 0 {
		t.Fatalf("rows %+v", rows)
	}
	for _, r := range rows {
		if (r.StudentID == s[0]) != r.Left {
			t.Errorf("student %d: left %v", r.StudentID, r.Left)
		}
	}
	if rows[0].Best != "" || rows[4].Best == "" {
		t.Errorf("not yet visited first: %+v", rows)
	}
	missing, err := f.st.ClassStudentCoverage(ctx, scopeAll(), c0, pre, false, true)
	if err != nil || len(missing) != 4 {
		t.Errorf("missing: %d rows, %v", len(missing), err)
	}

	// Before the roll day a transfer moves the student with their visits.
	f.today = calendar.D(2027, 8, 30)
	f.exec(`UPDATE students SET class_id = $2, school_id = $3 WHERE id = $1`, s[5], c2, f.schoolOf(c2))
	if c := get(sum, c2); c.Enrolled != 2 || c.FL != 1 {
		t.Errorf("summer class 2 after the transfer: %+v", c)
	}
	// Leaving the day after the roll day changes nothing.
	f.today = calendar.D(2027, 9, 1)
	f.exec(`UPDATE students SET status = 'left' WHERE id = $1`, s[5])
	if c := get(sum, c2); c.Enrolled != 2 {
		t.Errorf("summer class 2 after a leave past the roll day: %+v", c)
	}
}

func scopeAll() auth.Scope { return auth.Scope{All: true} }
