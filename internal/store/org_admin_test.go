package store_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"testing"
	"time"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/store"
)

// TestSchoolsCRUD: list with search and sort, unique code and name as
// ErrConflict with the field named, optimistic locking, archive/restore.
func TestSchoolsCRUD(t *testing.T) {
	t.Parallel()
	st, db := seeded(t)
	ctx := context.Background()
	county := one[int64](t, db, `SELECT id FROM counties`)
	first := one[string](t, db, `SELECT code FROM schools ORDER BY code LIMIT 1`)
	firstName := one[string](t, db, `SELECT name FROM schools ORDER BY code LIMIT 1`)
	id, err := st.CreateSchool(ctx, store.NewSchool{CountyID: county, Code: "Z-1", Name: "县测试学校", Stage: "senior", Township: "城关镇"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.CreateSchool(ctx, store.NewSchool{CountyID: county, Code: first, Name: "别的名字", Stage: "senior", Township: "城关镇"})
	if store.SchoolConflictField(err) != "code" {
		t.Errorf("duplicate code: %v", err)
	}
	_, err = st.CreateSchool(ctx, store.NewSchool{CountyID: county, Code: "Z-2", Name: firstName, Stage: "senior", Township: "城关镇"})
	if store.SchoolConflictField(err) != "name" {
		t.Errorf("duplicate name: %v", err)
	}
	rows, total, err := st.ListSchools(ctx, store.SchoolFilter{CountyID: county, Q: "测试", Limit: 10})
	if err != nil || total != 1 || len(rows) != 1 || rows[0].ID != id {
		t.Errorf("search: %v %d %+v", err, total, rows)
	}
	rows, total, err = st.ListSchools(ctx, store.SchoolFilter{CountyID: county, Sort: "code", Desc: true, Limit: 1})
	if err != nil || total != 3 || rows[0].Code != "Z-1" {
		t.Errorf("sorted desc: %v %d %+v", err, total, rows)
	}
	if _, _, err := st.ListSchools(ctx, store.SchoolFilter{CountyID: county, Q: `%_\`, Sort: "township", Desc: true}); err != nil {
		t.Errorf("LIKE metacharacters: %v", err)
	}
	in := store.NewSchool{CountyID: county, Code: "Z-1", Name: "县测试中学", Stage: "senior", Township: "城关镇"}
	if err := st.UpdateSchool(ctx, id, 1, in); err != nil {
		t.Fatal(err)
	}
	if err := st.UpdateSchool(ctx, id, 1, in); !errors.Is(err, store.ErrConflict) || store.SchoolConflictField(err) != "" {
		t.Errorf("stale update: %v", err)
	}
	if err := st.UpdateSchool(ctx, 999999, 1, in); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing school: %v", err)
	}
	if err := st.SetSchoolArchived(ctx, county, id, true); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SchoolByID(ctx, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("archived school still loads as active: %v", err)
	}
	if _, total, _ := st.ListSchools(ctx, store.SchoolFilter{CountyID: county, Archived: true}); total != 1 {
		t.Errorf("%d archived schools", total)
	}
	if err := st.SetSchoolArchived(ctx, county, id, true); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("archiving twice: %v", err)
	}
	if err := st.SetSchoolArchived(ctx, county, id, false); err != nil {
		t.Fatal(err)
	}
}

// TestUpdateSchoolYear: dates change, ids stay, a stale version conflicts.
func TestUpdateSchoolYear(t *testing.T) {
	t.Parallel()
	st, db := seeded(t)
	ctx := context.Background()
	county := one[int64](t, db, `SELECT id FROM counties`)
	cal, err := st.LoadCalendar(ctx, county)
	if err != nil {
		t.Fatal(err)
	}
	y := cal.Years[len(cal.Years)-1]
	t1 := y.Terms[0].ID
	window := func() string {
		return one[string](t, db, `SELECT starts_on || '..' || ends_on || '@' || roll_on FROM coverage_windows WHERE kind = 'pre_term' AND window_id = $1`, y.Terms[1].ID)
	}
	if w, want := window(), fmt.Sprintf("%s..%s@%s", calendar.AddDays(y.Terms[1].Start, -7).Format(time.DateOnly),
		calendar.AddDays(y.Terms[1].Start, -1).Format(time.DateOnly), y.Terms[1].Start.Format(time.DateOnly)); w != want {
		t.Errorf("second term's counting window %s, want %s (coverage.CountingWindows)", w, want)
	}
	y.Terms[1].End = calendar.D(y.StartYear+1, 7, 3)
	y.Terms[1].Start = calendar.AddDays(y.Terms[1].Start, 2)
	if err := st.UpdateSchoolYear(ctx, county, y, 1); err != nil {
		t.Fatal(err)
	}
	if err := st.UpdateSchoolYear(ctx, county, y, 1); !errors.Is(err, store.ErrConflict) {
		t.Errorf("stale: %v", err)
	}
	cal, _ = st.LoadCalendar(ctx, county)
	got, _ := cal.Year(y.ID)
	if got.Terms[0].ID != t1 || !got.Terms[1].End.Equal(calendar.D(y.StartYear+1, 7, 3)) {
		t.Errorf("after update: %+v", got.Terms)
	}
	// The moved term's window moved with it.
	if w, want := window(), fmt.Sprintf("%s..%s@%s", calendar.AddDays(y.Terms[1].Start, -7).Format(time.DateOnly),
		calendar.AddDays(y.Terms[1].Start, -1).Format(time.DateOnly), y.Terms[1].Start.Format(time.DateOnly)); w != want {
		t.Errorf("after the move, the counting window is %s, want %s", w, want)
	}
}

// TestClassDuties: a duty needs a class, term and teacher of the school; a
// new class teacher replaces the old one; Assignments sees it at once.
func TestClassDuties(t *testing.T) {
	t.Parallel()
	st, db := seeded(t)
	ctx := context.Background()
	s1 := one[int64](t, db, `SELECT id FROM schools ORDER BY code LIMIT 1`)
	s2 := one[int64](t, db, `SELECT id FROM schools ORDER BY code OFFSET 1 LIMIT 1`)
	class := one[int64](t, db, `SELECT id FROM classes WHERE school_id = $1 ORDER BY id LIMIT 1`, s1)
	term := one[int64](t, db, `SELECT t.id FROM terms t JOIN school_years y ON y.id = t.school_year_id ORDER BY y.start_year DESC, t.ordinal LIMIT 1`)
	oldTerm := one[int64](t, db, `SELECT t.id FROM terms t JOIN school_years y ON y.id = t.school_year_id ORDER BY y.start_year, t.ordinal LIMIT 1`)
	u1 := one[int64](t, db, `SELECT id FROM users WHERE school_id = $1 ORDER BY id LIMIT 1`, s1)
	u2 := one[int64](t, db, `SELECT id FROM users WHERE school_id = $1 ORDER BY id LIMIT 1`, s2)
	in := store.ClassDutyInput{SchoolID: s1, TermID: term, ClassID: class, UserID: u1, Duty: auth.ClassTeacher}
	if _, err := st.SetClassDuty(ctx, in); err != nil {
		t.Fatal(err)
	}
	if n := one[int](t, db, `SELECT count(*) FROM class_staff WHERE class_id = $1 AND term_id = $2 AND duty = 'class_teacher'`, class, term); n != 1 {
		t.Errorf("%d class teachers", n)
	}
	as, err := st.Assignments(ctx, u1, term)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, a := range as {
		found = found || (a.Role == auth.ClassTeacher && len(a.ClassIDs) > 0)
	}
	if !found {
		t.Errorf("assignments %+v lack the class", as)
	}
	for name, bad := range map[string]store.ClassDutyInput{
		"teacher of another school": {SchoolID: s1, TermID: term, ClassID: class, UserID: u2, Duty: auth.ClassTeacher},
		"class via another school":  {SchoolID: s2, TermID: term, ClassID: class, UserID: u2, Duty: auth.ClassTeacher},
		"term of another year":      {SchoolID: s1, TermID: oldTerm, ClassID: class, UserID: u1, Duty: auth.ClassTeacher},
	} {
		if _, err := st.SetClassDuty(ctx, bad); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: %v", name, err)
		}
	}
	sub := store.ClassDutyInput{SchoolID: s1, TermID: term, ClassID: class, UserID: u1, Duty: auth.SubjectTeacher, Subject: "语文"}
	id, err := st.SetClassDuty(ctx, sub)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetClassDuty(ctx, sub); !errors.Is(err, store.ErrConflict) {
		t.Errorf("same subject duty twice: %v", err)
	}
	if err := st.RemoveClassDuty(ctx, s2, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("removing through another school: %v", err)
	}
	if err := st.RemoveClassDuty(ctx, s1, id); err != nil {
		t.Fatal(err)
	}
}

// TestRolloverOneTransaction: when anything after the roll-over fails in its
// transaction (here: the caller's own audit step), nothing of it remains.
func TestRolloverOneTransaction(t *testing.T) {
	t.Parallel()
	st, db := seeded(t)
	ctx := context.Background()
	county := one[int64](t, db, `SELECT id FROM counties`)
	next, err := st.CreateSchoolYear(ctx, county, calendar.DefaultYear(2027))
	if err != nil {
		t.Fatal(err)
	}
	cal, _ := st.LoadCalendar(ctx, county)
	from, _ := cal.Year(one[int64](t, db, `SELECT id FROM school_years WHERE start_year = 2026`))
	plan, err := st.PreviewRollover(ctx, county, from.ID)
	if err != nil || plan.Done || len(plan.Schools) == 0 {
		t.Fatalf("preview: %v %+v", err, plan)
	}
	boom := errors.New("boom")
	err = st.InTx(ctx, func(tx *store.Store) error {
		if _, err := tx.ApplyRollover(ctx, county, from, next, 0); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err %v", err)
	}
	for what, sql := range map[string]string{
		"rollovers":     `SELECT count(*) FROM rollovers`,
		"graduates":     `SELECT count(*) FROM students WHERE status = 'graduated'`,
		"new grades":    `SELECT count(*) FROM grades WHERE school_year_id = ` + strconv.FormatInt(next.ID, 10),
		"closed stays":  `SELECT count(*) FROM student_class_history WHERE to_date IS NOT NULL`,
		"archived rows": `SELECT count(*) FROM classes WHERE archived_at IS NOT NULL`,
	} {
		if n := one[int](t, db, sql); n != 0 {
			t.Errorf("%s after a failed roll-over: %d", what, n)
		}
	}
	// Applied for real, the totals match the preview.
	done, err := st.ApplyRollover(ctx, county, from, next, 0)
	if err != nil {
		t.Fatal(err)
	}
	if done.Totals() != plan.Totals() {
		t.Errorf("applied %+v, previewed %+v", done.Totals(), plan.Totals())
	}
	if _, err := st.ApplyRollover(ctx, county, from, next, 0); !errors.Is(err, store.ErrAlreadyRolledOver) {
		t.Errorf("second apply: %v", err)
	}
	if p, _ := st.PreviewRollover(ctx, county, from.ID); !p.Done {
		t.Error("preview does not say done")
	}
	// Every student has a history; a promoted one shows two stays.
	stu := one[int64](t, db, `SELECT id FROM students WHERE status = 'enrolled' ORDER BY id LIMIT 1`)
	h, err := st.StudentClassHistory(ctx, stu)
	if err != nil || len(h) != 2 || h[0].ToDate == nil || h[1].ToDate != nil || h[1].Reason != "promoted" {
		t.Errorf("history %+v %v", h, err)
	}
	// Divisions follow the grades into the new year.
	if n := one[int](t, db, `SELECT count(*) FROM grades WHERE school_year_id = $1 AND grade_division_id IS NULL`, next.ID); n != 0 {
		t.Errorf("%d new grades without a division", n)
	}
}

// TestLeadershipStore: the county's and a school's groups are separate;
// a school's group takes only its own accounts.
func TestLeadershipStore(t *testing.T) {
	t.Parallel()
	st, db := seeded(t)
	ctx := context.Background()
	// Start from no groups: the demo names its own.
	if _, err := db.Pool.Exec(ctx, `TRUNCATE leadership_members`); err != nil {
		t.Fatal(err)
	}
	county := one[int64](t, db, `SELECT id FROM counties`)
	s1 := one[int64](t, db, `SELECT id FROM schools ORDER BY code LIMIT 1`)
	s2 := one[int64](t, db, `SELECT id FROM schools ORDER BY code OFFSET 1 LIMIT 1`)
	u1 := one[int64](t, db, `SELECT id FROM users WHERE school_id = $1 ORDER BY id LIMIT 1`, s1)
	if _, err := st.AddLeadershipMember(ctx, store.NewLeadershipMember{CountyID: county, Name: "张三", Position: "member", Title: "基础教育股股长"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddLeadershipMember(ctx, store.NewLeadershipMember{CountyID: county, Name: "李四", Position: "leader"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddLeadershipMember(ctx, store.NewLeadershipMember{CountyID: county, SchoolID: s1, UserID: u1, Position: "deputy"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddLeadershipMember(ctx, store.NewLeadershipMember{CountyID: county, SchoolID: s2, UserID: u1, Position: "member"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another school's account: %v", err)
	}
	ms, err := st.ListLeadership(ctx, county, 0)
	if err != nil || len(ms) != 2 || ms[0].Name != "李四" {
		t.Errorf("county group %+v %v: 组长 first", ms, err)
	}
	ms, _ = st.ListLeadership(ctx, county, s1)
	if len(ms) != 1 || ms[0].UserID != u1 || ms[0].Name == "" {
		t.Errorf("school group %+v", ms)
	}
	if err := st.RemoveLeadershipMember(ctx, county, s2, ms[0].ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("remove through another school: %v", err)
	}
}
