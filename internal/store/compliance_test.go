package store_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"xietong/internal/activity"
	"xietong/internal/calendar"
	"xietong/internal/compliance"
	"xietong/internal/inspection"
	"xietong/internal/parents"
	"xietong/internal/store"
	"xietong/internal/visit"
	"xietong/internal/workplan"
)

// TestComplianceRecount: after a random mix of writes — visits in the
// pre-term week and the summer vacation, some on site, some finding
// problems; class meetings in and after the first week; activities of
// every kind — the engine's figures and statuses for every duty with
// records, read from the counters and indexes, equal a recount from the
// records themselves, for each school alone and for the county at once.
func TestComplianceRecount(t *testing.T) {
	t.Parallel()
	f := newVisitFixture(t)
	ctx := context.Background()
	if _, err := f.db.Pool.Exec(ctx, `TRUNCATE class_meetings, activities, parent_meetings, class_committees, inspections, guidance_sessions, parent_schools, lectures CASCADE`); err != nil {
		t.Fatal(err)
	}
	county := one[int64](t, f.db, `SELECT county_id FROM schools WHERE id = $1`, f.school)
	cal, err := f.st.LoadCalendar(ctx, county)
	if err != nil {
		t.Fatal(err)
	}
	var term calendar.Term
	for _, x := range cal.Terms() {
		if x.ID == f.termID {
			term = x
		}
	}
	rng := rand.New(rand.NewPCG(17, 4))
	type pupil struct{ id, school, class int64 }
	var pupils []pupil
	rows, _ := f.db.Pool.Query(ctx, `SELECT id, school_id, class_id FROM students WHERE status = 'enrolled' ORDER BY id`)
	for rows.Next() {
		var p pupil
		if err := rows.Scan(&p.id, &p.school, &p.class); err != nil {
			t.Fatal(err)
		}
		pupils = append(pupils, p)
	}
	if rows.Err() != nil || len(pupils) < 20 {
		t.Fatalf("students: %d %v", len(pupils), rows.Err())
	}
	teacher := func(class int64) int64 {
		return one[int64](t, f.db, `SELECT user_id FROM class_staff WHERE class_id = $1 AND term_id = $2 AND duty = 'class_teacher'`, class, f.termID)
	}
	modes := []string{"onsite", "onsite", "video", "phone"}
	problems := []string{"negative_mood", "internet", "parent_child"}
	for i := 0; i < 60; i++ {
		p := pupils[rng.IntN(len(pupils))]
		// Most in the pre-term week (25–31 August), some earlier in the
		// summer vacation, some in term.
		date := calendar.AddDays(term.Start, -1-rng.IntN(20))
		if rng.IntN(6) == 0 {
			date = calendar.AddDays(term.Start, rng.IntN(60))
		}
		fields := store.VisitFields{Date: date, Mode: modes[rng.IntN(len(modes))], Kind: "routine", Met: "母亲", Study: "学习认真"}
		if rng.IntN(3) == 0 {
			fields.Problems = []string{problems[rng.IntN(len(problems))]}
		}
		fields.TermID, fields.VacationID = visit.Periods(cal, date)
		err := f.st.InTx(ctx, func(tx *store.Store) error {
			_, _, err := tx.CreateVisit(ctx, store.NewVisit{SchoolID: p.school, AuthorID: teacher(p.class), StudentIDs: []int64{p.id},
				CurrentTermID: f.termID, VisitFields: fields})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	classes := map[int64]int64{} // class → school
	for _, p := range pupils {
		classes[p.class] = p.school
	}
	for class, school := range classes {
		for n := rng.IntN(3); n > 0; n-- {
			if _, err := f.st.CreateClassMeeting(ctx, store.NewClassMeeting{SchoolID: school, ClassID: class, TermID: term.ID,
				AuthorID: teacher(class), HeldOn: calendar.AddDays(term.Start, rng.IntN(12)), Theme: "safety", Title: "开学安全第一课"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	kinds := []string{"law_lecture", "prohibited_items", "culture_heritage", "club", "volunteer", "offsite_practice"}
	for i := 0; i < 25; i++ {
		school := []int64{f.school, f.other}[rng.IntN(2)]
		kind := kinds[rng.IntN(len(kinds))]
		af := store.ActivityFields{TermID: term.ID, Kind: kind, Title: "活动", HeldOn: calendar.AddDays(term.Start, 10+rng.IntN(60)),
			Office: "safety", OffCampus: kind == "volunteer" || kind == "offsite_practice", InCounty: true}
		if _, err := f.st.CreateActivity(ctx, school, f.teacherA, withDuties(af)); err != nil {
			t.Fatal(err)
		}
	}
	// Leadership groups (R21): a random few members in random positions.
	positions := []string{"leader", "deputy", "member", "member"}
	for i := 0; i < 2+rng.IntN(6); i++ {
		school := []int64{f.school, f.other}[rng.IntN(2)]
		if _, err := f.st.AddLeadershipMember(ctx, store.NewLeadershipMember{CountyID: county, SchoolID: school,
			Name: "成员" + strconv.Itoa(i), Position: positions[rng.IntN(len(positions))]}); err != nil {
			t.Fatal(err)
		}
	}

	// Class parent committees: none, one member, a head, two heads.
	n := 0
	for class, school := range classes {
		for k := rng.IntN(4); k > 0; k-- {
			n++
			if _, err := f.st.AddClassMember(ctx, store.NewCommitteeMember{SchoolID: school, ClassID: class,
				Name: fmt.Sprintf("家长%d", n), Relation: "母亲", Phone: fmt.Sprintf("139%08d", n), Head: rng.IntN(2) == 0}); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Parent meetings: whole-school or a class, with or without the day's
	// lecture, with opinions some of them answered.
	for i := 0; i < 6; i++ {
		school := []int64{f.school, f.other}[rng.IntN(2)]
		m := store.NewParentMeeting{SchoolID: school, AuthorID: f.teacherA, LinkToken: fmt.Sprintf("compliance-recount-token-%03d", i),
			MeetingFields: store.MeetingFields{TermID: term.ID, Scope: "school", HeldOn: calendar.AddDays(term.Start, 20+i),
				Organisers: []string{"moral"}, Topic: "家长会"}}
		if rng.IntN(2) == 0 {
			m.LectureSpeaker, m.LectureTopic = "心理老师", "亲子沟通"
		}
		if rng.IntN(3) == 0 {
			for class, sc := range classes {
				if sc == school {
					m.Scope, m.ClassID = "class", class
					break
				}
			}
		}
		id, err := f.st.CreateParentMeeting(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		ops := make([]store.NewOpinion, rng.IntN(4))
		for k := range ops {
			ops[k] = store.NewOpinion{Body: fmt.Sprintf("意见%d", k), Category: "homework"}
		}
		if len(ops) > 0 {
			if err := f.st.AddOpinions(ctx, school, id, f.teacherA, "staff", ops); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := f.db.Pool.Exec(ctx, `UPDATE parent_opinions SET state = 'answered', response = '已回应'
			WHERE meeting_id = $1 AND id % 2 = 0`, id); err != nil {
			t.Fatal(err)
		}
	}

	// Inspections (R23) of the term's school year in every state, and one
	// of last year that does not count.
	supervisor := one[int64](t, f.db, `SELECT id FROM users WHERE username = 'supervisor'`)
	if _, err := f.db.Pool.Exec(ctx, `INSERT INTO inspection_rubrics (county_id, school_year_id, title)
		SELECT county_id, id, '评分细则' FROM school_years ON CONFLICT DO NOTHING`); err != nil {
		t.Fatal(err)
	}
	lastYear := one[int64](t, f.db, `SELECT id FROM school_years WHERE county_id = $1 AND start_year = 2025`, county)
	paths := [][]inspection.State{{}, {inspection.InProgress}, {inspection.InProgress, inspection.Scored},
		{inspection.InProgress, inspection.Scored, inspection.Released}, {inspection.InProgress, inspection.Scored, inspection.Released, inspection.Closed},
		{inspection.Cancelled}}
	for i := 0; i < 2+rng.IntN(5); i++ {
		school := []int64{f.school, f.other}[rng.IntN(2)]
		year := term.SchoolYearID
		if rng.IntN(5) == 0 {
			year = lastYear
		}
		err := f.st.InTx(ctx, func(tx *store.Store) error {
			id, err := tx.CreateInspection(ctx, county, supervisor, store.InspectionFields{SchoolID: school, SchoolYearID: year,
				Kind: inspection.KindAnnual, ScheduledOn: calendar.AddDays(term.Start, 20+i), Team: []int64{supervisor}, Head: supervisor})
			if err != nil {
				return err
			}
			from, version := inspection.Scheduled, 1
			for _, to := range paths[rng.IntN(len(paths))] {
				if err := tx.SetInspectionState(ctx, county, id, version, from, to, supervisor, "改期", time.Time{}); err != nil {
					return err
				}
				from, version = to, version+1
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// Guidance sessions and trainings (R10, R11, R22): random audiences,
	// special groups among them, in both quarters of the term's start; a
	// parent school (R09) for one school only.
	audiences := []string{"all", "all", "left_behind", "hardship", "migrant", "disabled", "orphan"}
	for i := 0; i < 16; i++ {
		school := []int64{f.school, f.other}[rng.IntN(2)]
		kind, form := "guidance", ""
		if rng.IntN(4) == 0 {
			kind, form = "training", "topic"
		}
		g := store.NewGuidance{SchoolID: school, AuthorID: f.teacherA, Kind: kind, GuidanceFields: store.GuidanceFields{
			TermID: term.ID, Form: form, HeldOn: calendar.AddDays(term.Start, rng.IntN(90)), Mode: "offline", Topic: "家庭教育指导",
			Speaker: "王老师", Audience: audiences[rng.IntN(len(audiences))], Attending: 10}}
		if _, err := f.st.CreateGuidance(ctx, g); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.st.SaveParentSchool(ctx, f.school, f.teacherA, store.ParentSchoolFields{EstablishedOn: calendar.D(2019, 9, 1), Head: "张校长"}); err != nil {
		t.Fatal(err)
	}

	// Bureau lectures (R12): in the term and just before it, some for a
	// stage (one the other school is not), one withdrawn; each school
	// forwards some in time, some late, some not at all.
	lectureDay := calendar.AddDays(term.Start, 30) // the test's today
	staff := one[int64](t, f.db, `SELECT id FROM users WHERE username = 'staff'`)
	stages := []string{"", "", "", "primary", "junior", "senior", "nine_year"}
	for i := 0; i < 14; i++ {
		on := calendar.AddDays(term.Start, rng.IntN(34)-3) // a few before the term, a few not yet due
		stage := stages[rng.IntN(len(stages))]
		audience := store.LectureAudienceAll
		if stage != "" {
			audience = store.LectureAudienceStage
		}
		id, err := f.st.CreateLecture(ctx, store.NewLecture{CountyID: county, PublishedBy: staff, Title: "讲座" + strconv.Itoa(i),
			LinkURL: "https://example.cn/" + strconv.Itoa(i), Audience: audience, AudienceStage: stage, PublishedOn: on})
		if err != nil {
			t.Fatal(err)
		}
		for _, school := range []int64{f.school, f.other} {
			if rng.IntN(4) == 0 {
				continue // not forwarded
			}
			// In time mostly, up to five days late.
			if _, err := f.st.ForwardLecture(ctx, county, id, school, staff, calendar.AddDays(on, rng.IntN(9)), "各班家长群"); err != nil && !errors.Is(err, store.ErrNotFound) {
				t.Fatal(err) // ErrNotFound: a lecture for another stage
			}
		}
		if i == 13 {
			if err := f.st.WithdrawLecture(ctx, county, id, staff); err != nil {
				t.Fatal(err)
			}
		}
	}
	rules, err := f.st.ComplianceRules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	versions := map[string][]compliance.Rule{}
	for _, r := range rules {
		versions[r.ID] = append(versions[r.ID], r.Rule)
	}
	today := lectureDay
	var qs []store.DutyQuery
	spans := map[string]compliance.Span{}
	judged := map[string]compliance.Rule{}
	for id, vs := range versions {
		r, sp, _ := compliance.Judge(vs, cal, term, today)
		spans[id], judged[id] = sp, r
		qs = append(qs, store.DutyQuery{DutyID: id, Window: sp.Window, VacationID: sp.VacationID, TermIDs: []int64{term.ID}})
	}
	countyFigs, err := f.st.ComplianceFigures(ctx, store.ComplianceScope{CountyID: county, Term: term, Today: today}, qs)
	if err != nil {
		t.Fatal(err)
	}
	for _, school := range []int64{f.school, f.other} {
		schoolFigs, err := f.st.ComplianceFigures(ctx, store.ComplianceScope{CountyID: county, SchoolID: school, Term: term, Today: today}, qs)
		if err != nil {
			t.Fatal(err)
		}
		stage := one[string](t, f.db, `SELECT stage FROM schools WHERE id = $1`, school)
		want := recount(t, f, school, term, spans, today)
		for id := range versions {
			got, all := schoolFigs[id].Of(school), countyFigs[id].Of(school)
			w, kept := want[id]
			if !kept {
				if got.Available || store.HasFigures(id) {
					t.Errorf("%s: records not kept, yet figures %+v", id, got)
				}
				continue
			}
			if got.Num != w.Num || got.Den != w.Den || got.Count != w.Count || got.OK != w.OK || !got.Available {
				t.Errorf("school %d %s: figures %+v, recount %+v", school, id, got, w)
			}
			if all.Num != got.Num || all.Den != got.Den || all.Count != got.Count || all.OK != got.OK {
				t.Errorf("school %d %s: the county's read %+v differs from the school's %+v", school, id, all, got)
			}
			if id == "R12" {
				if len(got.Problems) != len(w.Problems) || len(all.Problems) != 0 {
					t.Errorf("school %d R12: explained by %q, the recount finds %q late or overdue", school, got.Problems, w.Problems)
				}
				for i := range min(len(got.Problems), len(w.Problems)) {
					if !strings.Contains(got.Problems[i], "“"+w.Problems[i]+"”") {
						t.Errorf("school %d R12: problem %d is %q, want %s", school, i, got.Problems[i], w.Problems[i])
					}
				}
			}
			gs := compliance.Evaluate(judged[id], stage, spans[id].Window, got, today)
			ws := compliance.Evaluate(judged[id], stage, spans[id].Window, w, today)
			if gs != ws {
				t.Errorf("school %d %s: status %v, recount's %v", school, id, gs, ws)
			}
		}
	}
	// The mix is not trivial: some of everything, nobody complete.
	for _, id := range []string{"R02", "R05", "R06"} {
		if g := countyFigs[id].Of(f.school); g.Num == 0 || g.Num >= g.Den {
			t.Errorf("%s: %+v, want some but not all", id, g)
		}
	}
	if countyFigs["R04"].Of(f.school).Den+countyFigs["R04"].Of(f.other).Den == 0 {
		t.Error("no ledger entry in the mix")
	}
	if countyFigs["R09"].Of(f.school).OK == countyFigs["R09"].Of(f.other).OK {
		t.Error("R09: one school has a parent school, the other not")
	}
	if r10, r11 := countyFigs["R10"].Of(f.school).Count+countyFigs["R10"].Of(f.other).Count, countyFigs["R11"].Of(f.school).Count+countyFigs["R11"].Of(f.other).Count; r10 == 0 || r11 == 0 {
		t.Errorf("no guidance in the quarter (%d) or for a special group (%d) in the mix", r10, r11)
	}
	if r12 := countyFigs["R12"].Of(f.school); r12.Den == 0 || r12.Num == r12.Den {
		t.Errorf("R12: %+v, want lectures with some not in time", r12)
	}
	if n := len(countyFigs["R05"].Schools); n != 2 {
		t.Errorf("the county's R05 has %d schools, want 2", n)
	}
}

func withDuties(af store.ActivityFields) store.ActivityFields {
	af.Duties = activity.Duties(activity.Activity{Kind: af.Kind, OffCampus: af.OffCampus, InCounty: af.InCounty})
	return af
}

// recount counts the duties straight from the records, as a school's
// office would by hand: no counter, no index-only trick.
func recount(t *testing.T, f visitFixture, school int64, term calendar.Term, spans map[string]compliance.Span, today time.Time) map[string]compliance.Figures {
	t.Helper()
	out := map[string]compliance.Figures{}
	fig := func(num, den int) compliance.Figures { return compliance.Figures{Available: true, Num: num, Den: den} }
	pre := spans["R02"].Window
	out["R02"] = fig(
		one[int](t, f.db, `SELECT count(DISTINCT s.id) FROM students s JOIN visit_students vs ON vs.student_id = s.id
			WHERE s.school_id = $1 AND s.status = 'enrolled' AND vs.visit_date BETWEEN $2 AND $3`, school, pre.Start, pre.End),
		one[int](t, f.db, `SELECT count(*) FROM students WHERE school_id = $1 AND status = 'enrolled'`, school))
	vac := spans["R03"].Window
	out["R03"] = fig(
		one[int](t, f.db, `SELECT count(DISTINCT s.id) FROM students s JOIN visit_students vs ON vs.student_id = s.id
			WHERE s.school_id = $1 AND s.status = 'enrolled' AND (s.left_behind OR s.hardship)
			  AND vs.mode = 'onsite' AND vs.visit_date BETWEEN $2 AND $3`, school, vac.Start, vac.End),
		one[int](t, f.db, `SELECT count(*) FROM students WHERE school_id = $1 AND status = 'enrolled' AND (left_behind OR hardship)`, school))
	entries := one[int](t, f.db, `SELECT count(*) FROM ledger_entries WHERE school_id = $1`, school)
	overdue := one[int](t, f.db, `SELECT count(*) FROM ledger_entries WHERE school_id = $1 AND status IN ('open', 'following')
		AND least(last_action_on + 7, follow_up_on) < $2`, school, today)
	out["R04"] = fig(entries-overdue, entries)
	fw := spans["R05"].Window
	out["R05"] = fig(
		one[int](t, f.db, `SELECT count(DISTINCT m.class_id) FROM class_meetings m JOIN classes c ON c.id = m.class_id
			WHERE c.school_id = $1 AND c.archived_at IS NULL AND m.term_id = $2 AND m.held_on BETWEEN $3 AND $4`, school, term.ID, fw.Start, fw.End),
		one[int](t, f.db, `SELECT count(*) FROM classes c JOIN grades g ON g.id = c.grade_id
			WHERE c.school_id = $1 AND c.archived_at IS NULL AND g.school_year_id = $2`, school, term.SchoolYearID))
	state := workplan.State(one[string](t, f.db, `SELECT coalesce((SELECT state FROM work_plans WHERE school_id = $1 AND term_id = $2), 'none')`, school, term.ID))
	out["R01"] = compliance.Figures{Available: true, OK: state == workplan.Approved, State: state.Label()}
	// R06 and R07 as the school's own committee pages read them.
	sum, err := f.st.SchoolCommitteeSummary(context.Background(), school, term.SchoolYearID)
	if err != nil {
		t.Fatal(err)
	}
	valid := 0
	for _, c := range sum {
		if c.Valid() {
			valid++
		}
	}
	out["R06"] = fig(valid, len(sum))
	sc, err := f.st.SchoolCommitteeOf(context.Background(), school, term.SchoolYearID)
	if err != nil {
		t.Fatal(err)
	}
	out["R07"] = compliance.Figures{Available: true, OK: len(sc.Problems()) == 0}
	out["R08"] = compliance.Figures{Available: true,
		Count: one[int](t, f.db, `SELECT count(*) FROM parent_meetings WHERE school_id = $1 AND term_id = $2 AND scope = 'school'`, school, term.ID),
		Num: one[int](t, f.db, `SELECT count(*) FROM parent_opinions o JOIN parent_meetings m ON m.id = o.meeting_id
			WHERE m.school_id = $1 AND m.term_id = $2 AND o.state IN ('answered', 'published')`, school, term.ID),
		Den: one[int](t, f.db, `SELECT count(*) FROM parent_opinions o JOIN parent_meetings m ON m.id = o.meeting_id
			WHERE m.school_id = $1 AND m.term_id = $2 AND o.state IN ('pending', 'answered', 'published')`, school, term.ID)}
	out["R13"] = compliance.Figures{Available: true, Count: one[int](t, f.db,
		`SELECT count(*) FROM parent_meetings WHERE school_id = $1 AND term_id = $2 AND lecture_topic <> ''`, school, term.ID)}
	for _, d := range []string{"R14", "R15", "R16", "R17", "R18", "R19", "R20"} {
		out[d] = compliance.Figures{Available: true, Count: one[int](t, f.db,
			`SELECT count(*) FROM activities WHERE school_id = $1 AND term_id = $2 AND $3 = ANY(duties)`, school, term.ID, d)}
	}
	members := one[int](t, f.db, `SELECT count(*) FROM leadership_members WHERE school_id = $1`, school)
	leaders := one[int](t, f.db, `SELECT count(*) FROM leadership_members WHERE school_id = $1 AND position = 'leader'`, school)
	out["R21"] = compliance.Figures{Available: true, Count: members, OK: leaders == 1 && members >= 3}
	out["R23"] = compliance.Figures{Available: true, Count: one[int](t, f.db, `SELECT count(*) FROM inspections
		WHERE school_id = $1 AND school_year_id = $2 AND state IN ('scored', 'released', 'closed')`, school, term.SchoolYearID)}
	out["R09"] = compliance.Figures{Available: true, OK: one[bool](t, f.db, `SELECT EXISTS (SELECT 1 FROM parent_schools WHERE school_id = $1)`, school)}
	qw := spans["R10"].Window
	out["R10"] = compliance.Figures{Available: true, Count: one[int](t, f.db, `SELECT count(*) FROM guidance_sessions
		WHERE school_id = $1 AND kind = 'guidance' AND held_on BETWEEN $2 AND $3`, school, qw.Start, qw.End)}
	out["R11"] = compliance.Figures{Available: true, Count: one[int](t, f.db, `SELECT count(*) FROM guidance_sessions g
		WHERE g.school_id = $1 AND g.term_id = $2 AND g.kind = 'guidance' AND EXISTS (
			SELECT 1 FROM students s WHERE s.school_id = g.school_id AND s.status = 'enrolled' AND CASE g.audience
				WHEN 'left_behind' THEN s.left_behind WHEN 'hardship' THEN s.hardship WHEN 'migrant' THEN s.migrant
				WHEN 'disabled' THEN s.disabled WHEN 'orphan' THEN s.orphan ELSE false END)`, school, term.ID)}
	out["R22"] = compliance.Figures{Available: true, Count: one[int](t, f.db,
		`SELECT count(*) FROM guidance_sessions WHERE school_id = $1 AND term_id = $2 AND kind = 'training'`, school, term.ID)}
	out["R12"] = recountLectures(t, f, school, spans["R12"].Window, today)
	return out
}

// recountLectures is R12 by hand: every lecture of the window not
// withdrawn and for the school's stage (parents.LectureConcerns), and
// those the school forwarded by the due day (parents.Forwarding); its
// Problems hold the title of each one forwarded late or overdue today.
func recountLectures(t *testing.T, f visitFixture, school int64, w calendar.Window, today time.Time) compliance.Figures {
	t.Helper()
	stage := one[string](t, f.db, `SELECT stage FROM schools WHERE id = $1`, school)
	rows, err := f.db.Pool.Query(context.Background(), `
		SELECT l.title, l.audience_stage, l.published_on, f.forwarded_on FROM lectures l
		LEFT JOIN lecture_forwards f ON f.lecture_id = l.id AND f.school_id = $1
		WHERE l.withdrawn_at IS NULL AND l.published_on BETWEEN $2 AND $3 ORDER BY l.published_on, l.id`, school, w.Start, w.End)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := compliance.Figures{Available: true}
	for rows.Next() {
		var title, aud string
		var on time.Time
		var fwd *time.Time
		if err := rows.Scan(&title, &aud, &on, &fwd); err != nil {
			t.Fatal(err)
		}
		if !parents.LectureConcerns(aud, stage) {
			continue
		}
		out.Den++
		if fwd != nil && parents.Forwarding(on, fwd, *fwd) == parents.ForwardedInTime {
			out.Num++
		}
		if st := parents.Forwarding(on, fwd, today); st == parents.ForwardedLate || st == parents.ForwardOverdue {
			out.Problems = append(out.Problems, title)
		}
	}
	if rows.Err() != nil {
		t.Fatal(rows.Err())
	}
	return out
}
