package store_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"xietong/internal/auth"
	"xietong/internal/dbtest"
	"xietong/internal/store"
)

// two is the shape the student tests share: two schools, two classes of the
// first school, a student of class 1.
type two struct {
	county, s1, s2, c1, c1b, c2, stu int64
}

func loadTwo(t *testing.T, db *dbtest.DB) two {
	t.Helper()
	var x two
	x.county = one[int64](t, db, `SELECT id FROM counties`)
	x.s1 = one[int64](t, db, `SELECT id FROM schools ORDER BY code LIMIT 1`)
	x.s2 = one[int64](t, db, `SELECT id FROM schools ORDER BY code OFFSET 1 LIMIT 1`)
	x.c1 = one[int64](t, db, `SELECT class_id FROM students WHERE school_id = $1 ORDER BY id LIMIT 1`, x.s1)
	x.c1b = one[int64](t, db, `SELECT class_id FROM students WHERE school_id = $1 AND class_id <> $2 ORDER BY id LIMIT 1`, x.s1, x.c1)
	x.c2 = one[int64](t, db, `SELECT class_id FROM students WHERE school_id = $1 ORDER BY id LIMIT 1`, x.s2)
	x.stu = one[int64](t, db, `SELECT id FROM students WHERE class_id = $1 ORDER BY id LIMIT 1`, x.c1)
	return x
}

// TestListStudentsScope: the list, the class options and the export stream
// all return exactly the students the scope admits, whatever the filter asks.
func TestListStudentsScope(t *testing.T) {
	t.Parallel()
	st, db := seeded(t)
	ctx := context.Background()
	x := loadTwo(t, db)
	count := func(sql string, args ...any) int { return one[int](t, db, sql, args...) }
	cases := []struct {
		name   string
		scope  auth.Scope
		filter store.StudentFilter
		want   int
	}{
		{"county", auth.Scope{All: true}, store.StudentFilter{}, count(`SELECT count(*) FROM students WHERE status = 'enrolled'`)},
		{"county, one school", auth.Scope{All: true}, store.StudentFilter{SchoolID: x.s2}, count(`SELECT count(*) FROM students WHERE school_id = $1`, x.s2)},
		{"own school", auth.Scope{SchoolID: x.s1}, store.StudentFilter{}, count(`SELECT count(*) FROM students WHERE school_id = $1`, x.s1)},
		{"own school asking for another", auth.Scope{SchoolID: x.s1}, store.StudentFilter{SchoolID: x.s2}, 0},
		{"own school asking for another's class", auth.Scope{SchoolID: x.s1}, store.StudentFilter{ClassID: x.c2}, 0},
		{"own class", auth.Scope{SchoolID: x.s1, ClassIDs: []int64{x.c1}}, store.StudentFilter{}, count(`SELECT count(*) FROM students WHERE class_id = $1`, x.c1)},
		{"own class asking for another", auth.Scope{SchoolID: x.s1, ClassIDs: []int64{x.c1}}, store.StudentFilter{ClassID: x.c1b}, 0},
		{"no classes", auth.Scope{SchoolID: x.s1, ClassIDs: []int64{}}, store.StudentFilter{}, 0},
		{"nothing", auth.Scope{}, store.StudentFilter{}, 0},
	}
	for _, tc := range cases {
		tc.filter.CountyID = x.county
		tc.filter.Limit = 500
		rows, total, err := st.ListStudents(ctx, tc.scope, tc.filter)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if total != tc.want || len(rows) != min(tc.want, 500) {
			t.Errorf("%s: %d rows of %d, want %d", tc.name, len(rows), total, tc.want)
		}
		for _, r := range rows {
			if !tc.scope.All && (r.SchoolID != tc.scope.SchoolID || (tc.scope.ClassIDs != nil && !slices.Contains(tc.scope.ClassIDs, *r.ClassID))) {
				t.Errorf("%s: row %d outside the scope", tc.name, r.ID)
			}
		}
		n := 0
		if err := st.EachRosterRow(ctx, tc.scope, tc.filter, func(*store.RosterExportRow) error { n++; return nil }); err != nil {
			t.Fatal(err)
		}
		if n != tc.want {
			t.Errorf("%s: export streamed %d rows, want %d", tc.name, n, tc.want)
		}
	}
	// Class options follow the scope too.
	classes, err := st.ClassesInScope(ctx, x.county, auth.Scope{SchoolID: x.s1, ClassIDs: []int64{x.c1, x.c2}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(classes) != 1 || classes[0].ID != x.c1 {
		t.Errorf("teacher's class options %+v, want only class %d (the other is in another school)", classes, x.c1)
	}
	if cs, _ := st.ClassesInScope(ctx, x.county, auth.Scope{}, 0); len(cs) != 0 {
		t.Errorf("empty scope has %d class options", len(cs))
	}
	all, _ := st.ClassesInScope(ctx, x.county, auth.Scope{All: true}, x.s2)
	if len(all) == 0 || slices.ContainsFunc(all, func(c store.ClassOption) bool { return c.SchoolID != x.s2 }) {
		t.Errorf("admin's class options of school 2: %+v", all)
	}
}

// TestListStudentsSearchFilterSort: search by name part and number part,
// filters by class, gender and special group, and the three sorts.
func TestListStudentsSearchFilterSort(t *testing.T) {
	t.Parallel()
	st, db := seeded(t)
	ctx := context.Background()
	x := loadTwo(t, db)
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := db.Pool.Exec(ctx, sql, args...); err != nil {
			t.Fatal(err)
		}
	}
	// Three names in class c1 whose pinyin order (安 ān, 陈 chén, 张 zhāng)
	// differs from their code-point order (安 5B89, 张 5F20, 陈 9648).

	for i, name := range []string{"张子涵", "安若溪", "陈一鸣"} {
		id := one[int64](t, db, `SELECT id FROM students WHERE class_id = $1 ORDER BY id OFFSET $2 LIMIT 1`, x.c1, i)
		exec(`UPDATE students SET name = $2, gender = '女', left_behind = $3, student_number = $4 WHERE id = $1`,
			id, name, i == 1, "ZZTEST00"+string(rune('1'+i)))

	}
	sc := auth.Scope{SchoolID: x.s1}
	list := func(f store.StudentFilter) []store.StudentListRow {
		t.Helper()
		f.CountyID, f.Limit = x.county, 500
		rows, _, err := st.ListStudents(ctx, sc, f)
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	names := func(rows []store.StudentListRow) []string {
		var out []string
		for _, r := range rows {
			out = append(out, r.Name)
		}
		return out
	}
	if got := names(list(store.StudentFilter{Q: "若溪"})); !slices.Equal(got, []string{"安若溪"}) {
		t.Errorf("search by name part: %v", got)
	}
	if got := names(list(store.StudentFilter{Q: "zztest"})); len(got) != 3 {
		t.Errorf("search by number part, any case: %v", got)
	}
	if got := names(list(store.StudentFilter{Q: "ZZTEST", Sort: "name"})); !slices.Equal(got, []string{"安若溪", "陈一鸣", "张子涵"}) {
		t.Errorf("pinyin order: %v", got)
	}
	if got := names(list(store.StudentFilter{Q: "ZZTEST", Sort: "name", Desc: true})); !slices.Equal(got, []string{"张子涵", "陈一鸣", "安若溪"}) {
		t.Errorf("pinyin order, descending: %v", got)
	}
	if got := names(list(store.StudentFilter{Q: "ZZTEST", Sort: "number", Desc: true})); !slices.Equal(got, []string{"陈一鸣", "安若溪", "张子涵"}) {
		t.Errorf("number order, descending: %v", got)
	}
	if got := names(list(store.StudentFilter{Q: "ZZTEST", Group: "left_behind"})); !slices.Equal(got, []string{"安若溪"}) {
		t.Errorf("special-group filter: %v", got)
	}
	if got := list(store.StudentFilter{Q: "ZZTEST", Group: "st.id > 0 OR true"}); len(got) != 3 {
		t.Errorf("an unknown group key must be ignored, got %d rows", len(got))
	}
	for _, r := range list(store.StudentFilter{Gender: "男"}) {
		if r.Gender != "男" {
			t.Fatalf("gender filter let %s through", r.Gender)
		}
	}
	for _, r := range list(store.StudentFilter{ClassID: x.c1b}) {
		if *r.ClassID != x.c1b {
			t.Fatalf("class filter let class %d through", *r.ClassID)
		}
	}
	// Sorted by class: grade level, then class number, then name.
	byClass := list(store.StudentFilter{Sort: "class"})
	level := func(classID int64) int {
		return one[int](t, db, `SELECT g.level * 100 + c.number FROM classes c JOIN grades g ON g.id = c.grade_id WHERE c.id = $1`, classID)
	}
	prev := 0
	for _, r := range byClass {
		l := level(*r.ClassID)
		if l < prev {
			t.Fatalf("class order broken at %s", r.ClassName)
		}
		prev = l
	}
	// Paging: pages do not overlap and cover the total.
	seen := map[int64]bool{}
	_, total, _ := st.ListStudents(ctx, sc, store.StudentFilter{CountyID: x.county, Limit: 7})
	for off := 0; off < total; off += 7 {
		rows, _, err := st.ListStudents(ctx, sc, store.StudentFilter{CountyID: x.county, Limit: 7, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if seen[r.ID] {
				t.Fatalf("student %d on two pages", r.ID)
			}
			seen[r.ID] = true
		}
	}
	if len(seen) != total {
		t.Errorf("pages hold %d students, total %d", len(seen), total)
	}
}

// TestUpdateStudent: changed field names (never values), optimistic
// locking, the scope, the unique student number, guardians-only edits.
func TestUpdateStudent(t *testing.T) {
	t.Parallel()
	st, db := seeded(t)
	ctx := context.Background()
	x := loadTwo(t, db)
	cur, err := st.StudentByID(ctx, auth.Scope{All: true}, x.stu)
	if err != nil {
		t.Fatal(err)
	}
	edit := store.StudentEdit{
		Details: true, Name: cur.Name, Gender: cur.Gender, BirthDate: cur.BirthDate, StudentNumber: cur.StudentNumber,
		Township: cur.Township, Village: cur.Village, Address: "新地址1号", SpecialGroups: cur.SpecialGroups,
	}
	edit.Orphan = !cur.Orphan
	for _, g := range cur.Guardians {
		edit.Guardians = append(edit.Guardians, store.GuardianInput{Name: g.Name, Relation: g.Relation, Phone: g.Phone})
	}
	// Outside the scope: not found, nothing written.
	if _, err := st.UpdateStudent(ctx, auth.Scope{SchoolID: x.s2}, x.stu, cur.Version, edit); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("other school's office: %v, want ErrNotFound", err)
	}
	changed, err := st.UpdateStudent(ctx, auth.Scope{SchoolID: x.s1}, x.stu, cur.Version, edit)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(changed, []string{"address", "orphan"}) {
		t.Errorf("changed %v, want [address orphan]", changed)
	}
	// The same version again: stale, and a conflict too.
	_, err = st.UpdateStudent(ctx, auth.Scope{SchoolID: x.s1}, x.stu, cur.Version, edit)
	if !errors.Is(err, store.ErrStale) || !errors.Is(err, store.ErrConflict) {
		t.Fatalf("stale edit: %v", err)
	}
	if v := one[int](t, db, `SELECT version FROM students WHERE id = $1`, x.stu); v != cur.Version+1 {
		t.Errorf("version %d, want %d", v, cur.Version+1)
	}
	// Nothing changed: nothing written, version kept.
	if changed, err := st.UpdateStudent(ctx, auth.Scope{SchoolID: x.s1}, x.stu, cur.Version+1, edit); err != nil || changed != nil {
		t.Errorf("no-op edit: %v %v", changed, err)
	}
	// Another student's number: a conflict, not stale.
	other := one[string](t, db, `SELECT student_number FROM students WHERE id <> $1 LIMIT 1`, x.stu)
	e2 := edit
	e2.StudentNumber = other
	_, err = st.UpdateStudent(ctx, auth.Scope{SchoolID: x.s1}, x.stu, cur.Version+1, e2)
	if !errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrStale) {
		t.Errorf("duplicate number: %v", err)
	}
	// A class teacher's edit: guardians only, the details they send ignored.
	e3 := edit
	e3.Details = false
	e3.Name = "改不了"
	e3.Guardians = []store.GuardianInput{{Name: "李四", Relation: "父亲", Phone: "13900001111"}}
	changed, err = st.UpdateStudent(ctx, auth.Scope{SchoolID: x.s1, ClassIDs: []int64{x.c1}}, x.stu, cur.Version+1, e3)
	if err != nil || !slices.Equal(changed, []string{"guardians"}) {
		t.Fatalf("guardians edit: %v %v", changed, err)
	}
	after, _ := st.StudentByID(ctx, auth.Scope{All: true}, x.stu)
	if after.Name != cur.Name || after.Address != "新地址1号" || len(after.Guardians) != 1 || after.Guardians[0].Phone != "13900001111" || after.Guardians[0].Position != 1 {
		t.Errorf("after guardians edit: %+v", after)
	}
}

// TestMoveStudent: class and school transfers with history, the receiving
// office's scope, leaving school (archived), and the refusals.
func TestMoveStudent(t *testing.T) {
	t.Parallel()
	st, db := seeded(t)
	ctx := context.Background()
	x := loadTwo(t, db)
	by := one[int64](t, db, `SELECT id FROM users WHERE username = 'office'`)
	version := func() int { return one[int](t, db, `SELECT version FROM students WHERE id = $1`, x.stu) }
	today := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	office1, office2 := auth.Scope{SchoolID: x.s1}, auth.Scope{SchoolID: x.s2}

	// The other school's office cannot move the student.
	if _, err := st.MoveStudent(ctx, office2, x.county, store.Move{StudentID: x.stu, Version: version(), ToClassID: x.c2, OnDate: today, Reason: "r", ByUserID: by}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("other office: %v", err)
	}
	if _, err := st.MoveStudent(ctx, office1, x.county, store.Move{StudentID: x.stu, Version: version(), ToClassID: x.c1, OnDate: today, Reason: "r", ByUserID: by}); !errors.Is(err, store.ErrSameClass) {
		t.Errorf("same class: %v", err)
	}
	if _, err := st.MoveStudent(ctx, office1, x.county, store.Move{StudentID: x.stu, Version: version(), ToClassID: 999999, OnDate: today, Reason: "r", ByUserID: by}); !errors.Is(err, store.ErrNoSuchClass) {
		t.Errorf("unknown class: %v", err)
	}
	if _, err := st.MoveStudent(ctx, office1, x.county, store.Move{StudentID: x.stu, Version: version() - 1, ToClassID: x.c1b, OnDate: today, Reason: "r", ByUserID: by}); !errors.Is(err, store.ErrStale) {
		t.Errorf("stale move: %v", err)
	}
	// To another class of the same school.
	res, err := st.MoveStudent(ctx, office1, x.county, store.Move{StudentID: x.stu, Version: version(), ToClassID: x.c1b, OnDate: today, Reason: "分班调整", ByUserID: by})
	if err != nil || res.Kind != store.TransferClass || res.FromClassID != x.c1 || res.ToClassID != x.c1b {
		t.Fatalf("class transfer: %+v %v", res, err)
	}
	// To the other school: its office sees the student now, the first not.
	res, err = st.MoveStudent(ctx, office1, x.county, store.Move{StudentID: x.stu, Version: version(), ToClassID: x.c2, OnDate: today, Reason: "随父母迁居", ByUserID: by})
	if err != nil || res.Kind != store.TransferSchool || res.ToSchoolID != x.s2 {
		t.Fatalf("school transfer: %+v %v", res, err)
	}
	if _, err := st.StudentByID(ctx, office1, x.stu); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("source office still sees the student: %v", err)
	}
	moved, err := st.StudentByID(ctx, office2, x.stu)
	if err != nil || *moved.ClassID != x.c2 || moved.SchoolID != x.s2 {
		t.Fatalf("target office: %+v %v", moved, err)
	}
	// History, newest first, hidden from the old school.
	hist, err := st.StudentTransfers(ctx, office2, x.stu)
	if err != nil || len(hist) != 2 || hist[0].Kind != store.TransferSchool || hist[1].Kind != store.TransferClass || hist[1].Reason != "分班调整" {
		t.Fatalf("history %+v %v", hist, err)
	}
	if h, _ := st.StudentTransfers(ctx, office1, x.stu); len(h) != 0 {
		t.Errorf("the old school's office sees %d history rows", len(h))
	}
	// Leaving school: archived, not deleted, no class, out of the class lists.
	res, err = st.MoveStudent(ctx, office2, x.county, store.Move{StudentID: x.stu, Version: version(), OnDate: today, Reason: "转往外县", ByUserID: by})
	if err != nil || res.Kind != store.TransferLeave || res.FromClassID != x.c2 {
		t.Fatalf("leave: %+v %v", res, err)
	}
	left, err := st.StudentByID(ctx, office2, x.stu)
	if err != nil || left.Status != store.StatusLeft || left.ClassID != nil {
		t.Fatalf("left student: %+v %v", left, err)
	}
	if _, err := st.StudentByID(ctx, auth.Scope{SchoolID: x.s2, ClassIDs: []int64{x.c2}}, x.stu); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the class teacher still sees a student who left: %v", err)
	}
	rows, _, _ := st.ListStudents(ctx, office2, store.StudentFilter{CountyID: x.county, Status: store.StatusLeft})
	if len(rows) != 1 || rows[0].ID != x.stu {
		t.Errorf("left list: %+v", rows)
	}
	if _, err := st.MoveStudent(ctx, office2, x.county, store.Move{StudentID: x.stu, Version: version(), ToClassID: x.c2, OnDate: today, Reason: "r", ByUserID: by}); !errors.Is(err, store.ErrNotEnrolled) {
		t.Errorf("moving a student who left: %v", err)
	}
	if n := one[int](t, db, `SELECT count(*) FROM student_transfers WHERE student_id = $1`, x.stu); n != 3 {
		t.Errorf("%d history rows, want 3", n)
	}
	if !strings.Contains(one[string](t, db, `SELECT string_agg(kind, ',' ORDER BY id) FROM student_transfers WHERE student_id = $1`, x.stu), "class,school,leave") {
		t.Error("history kinds out of order")
	}
}

// TestMoveKeepsClassStays: a transfer ends the open stay and opens one in
// the new class; leaving school ends it.
func TestMoveKeepsClassStays(t *testing.T) {
	t.Parallel()
	st, db := seeded(t)
	ctx := context.Background()
	stu := one[int64](t, db, `SELECT id FROM students WHERE status = 'enrolled' ORDER BY id LIMIT 1`)
	from := one[int64](t, db, `SELECT class_id FROM students WHERE id = $1`, stu)
	school := one[int64](t, db, `SELECT school_id FROM students WHERE id = $1`, stu)
	to := one[int64](t, db, `SELECT id FROM classes WHERE school_id = $1 AND id <> $2 ORDER BY id LIMIT 1`, school, from)
	county := one[int64](t, db, `SELECT county_id FROM students WHERE id = $1`, stu)
	if n := one[int](t, db, `SELECT count(*) FROM student_class_history WHERE student_id = $1 AND to_date IS NULL AND class_id = $2`, stu, from); n != 1 {
		t.Fatalf("seeded student has %d open stays in its class", n)
	}
	version := one[int](t, db, `SELECT version FROM students WHERE id = $1`, stu)
	day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	if _, err := st.MoveStudent(ctx, auth.Scope{All: true}, county, store.Move{StudentID: stu, Version: version, ToClassID: to, OnDate: day, Reason: "调班", ByUserID: one[int64](t, db, `SELECT id FROM users WHERE username = 'admin'`)}); err != nil {
		t.Fatal(err)
	}
	if n := one[int](t, db, `SELECT count(*) FROM student_class_history WHERE student_id = $1 AND to_date IS NULL AND class_id = $2 AND reason = 'transferred'`, stu, to); n != 1 {
		t.Errorf("no open stay in the new class")
	}
	if n := one[int](t, db, `SELECT count(*) FROM student_class_history WHERE student_id = $1 AND class_id = $2 AND to_date IS NOT NULL`, stu, from); n != 1 {
		t.Errorf("old stay not closed")
	}
	if _, err := st.MoveStudent(ctx, auth.Scope{All: true}, county, store.Move{StudentID: stu, Version: version + 1, OnDate: day, Reason: "转出县外", ByUserID: one[int64](t, db, `SELECT id FROM users WHERE username = 'admin'`)}); err != nil {
		t.Fatal(err)
	}
	if n := one[int](t, db, `SELECT count(*) FROM student_class_history WHERE student_id = $1 AND to_date IS NULL`, stu); n != 0 {
		t.Errorf("a student who left keeps an open stay")
	}
}
