package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/parents"
	"xietong/internal/store"
)

// committeeFixture is the visit fixture without the demo's committees.
func committeeFixture(t *testing.T) visitFixture {
	t.Helper()
	f := newVisitFixture(t)
	if _, err := f.db.Pool.Exec(context.Background(), `TRUNCATE school_committee_reps, class_committee_members, class_committees`); err != nil {
		t.Fatal(err)
	}
	return f
}

// guardianOf is the first guardian of a student.
func (f visitFixture) guardianOf(t *testing.T, studentID int64) int64 {
	t.Helper()
	return one[int64](t, f.db, `SELECT id FROM guardians WHERE student_id = $1 ORDER BY position LIMIT 1`, studentID)
}

// TestClassCommittee: members are a class's guardians (copied with name and
// phone) or named people; the same guardian twice, a guardian of another
// class, a class of another school are refused; the head is set and moved;
// a member whose child leaves the class is flagged; the school's summary
// says where each class stands.
func TestClassCommittee(t *testing.T) {
	t.Parallel()
	f := committeeFixture(t)
	ctx := context.Background()
	c, err := f.st.ClassCommitteeOf(ctx, f.classA)
	if err != nil || c.ID != 0 || len(c.Members) != 0 {
		t.Fatalf("no committee yet: %+v, %v", c, err)
	}
	// The class's guardians, searched by the child's name.
	childName := one[string](t, f.db, `SELECT name FROM students WHERE id = $1`, f.a1)
	found, err := f.st.ClassGuardians(ctx, f.classA, childName, 20)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) == 0 || !slices.ContainsFunc(found, func(g store.GuardianChoice) bool { return g.StudentID == f.a1 }) {
		t.Fatalf("searching %s: %+v", childName, found)
	}
	for _, g := range found {
		if one[int64](t, f.db, `SELECT class_id FROM students WHERE id = $1`, g.StudentID) != f.classA {
			t.Errorf("a guardian of another class offered: %+v", g)
		}
	}

	g1, g2, gb := f.guardianOf(t, f.a1), f.guardianOf(t, f.a2), f.guardianOf(t, f.b1)
	add := func(m store.NewCommitteeMember) (int64, error) {
		m.SchoolID, m.ClassID = f.school, f.classA
		return f.st.AddClassMember(ctx, m)
	}
	m1, err := add(store.NewCommitteeMember{GuardianID: g1})
	if err != nil {
		t.Fatal(err)
	}
	m2, err := add(store.NewCommitteeMember{GuardianID: g2})
	if err != nil {
		t.Fatal(err)
	}
	m3, err := add(store.NewCommitteeMember{Name: "赵敏", Relation: "社区代表", Phone: "13800001111"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := add(store.NewCommitteeMember{GuardianID: g1}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("the same guardian twice: %v, want conflict", err)
	}
	if _, err := add(store.NewCommitteeMember{GuardianID: gb}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a guardian of class B: %v, want not found", err)
	}
	if _, err := add(store.NewCommitteeMember{Name: "无电话"}); err == nil {
		t.Error("a named person without a phone was stored")
	}
	otherClass := one[int64](t, f.db, `SELECT id FROM classes WHERE school_id = $1 LIMIT 1`, f.other)
	if _, err := f.st.AddClassMember(ctx, store.NewCommitteeMember{SchoolID: f.school, ClassID: otherClass, Name: "越界", Phone: "13800002222"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a class of another school: %v, want not found", err)
	}

	c, err = f.st.ClassCommitteeOf(ctx, f.classA)
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == 0 || c.Draft || len(c.Members) != 3 || c.Members[0].ID != m1 || c.Members[2].ID != m3 {
		t.Fatalf("committee: %+v", c)
	}
	gname, gphone := one[string](t, f.db, `SELECT name FROM guardians WHERE id = $1`, g1), one[string](t, f.db, `SELECT phone FROM guardians WHERE id = $1`, g1)
	if m := c.Members[0]; m.Name != gname || m.Phone != gphone || m.ChildName != childName || m.StudentID != f.a1 || m.ChildLeft {
		t.Errorf("a guardian member copies the guardian: %+v", m)
	}
	if m := c.Members[2]; m.StudentID != 0 || m.ChildName != "" || m.Name != "赵敏" || m.Phone != "13800001111" {
		t.Errorf("a named member: %+v", m)
	}
	problems := func() []string {
		t.Helper()
		c, err := f.st.ClassCommitteeOf(ctx, f.classA)
		if err != nil {
			t.Fatal(err)
		}
		return parentsProblems(c)
	}
	if got := problems(); !slices.Equal(got, []string{"未指定负责人"}) {
		t.Errorf("without a head: %q", got)
	}
	if err := f.st.SetClassHead(ctx, f.classA, m1, true); err != nil {
		t.Fatal(err)
	}
	if got := problems(); got != nil {
		t.Errorf("with one head: %q", got)
	}
	// Another head takes the place of the first.
	if err := f.st.SetClassHead(ctx, f.classA, m2, true); err != nil {
		t.Fatal(err)
	}
	if n := one[int](t, f.db, `SELECT count(*)::int FROM class_committee_members WHERE head`); n != 1 {
		t.Errorf("%d heads after moving the head", n)
	}
	if err := f.st.SetClassHead(ctx, f.classB, m1, true); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a member through another class: %v", err)
	}
	// Two heads named at once (a carried-over or imported list) are flagged.
	if _, err := f.db.Pool.Exec(ctx, `UPDATE class_committee_members SET head = true WHERE id = $1`, m3); err != nil {
		t.Fatal(err)
	}
	if got := problems(); !slices.Equal(got, []string{"2 名负责人"}) {
		t.Errorf("two heads: %q", got)
	}
	if err := f.st.SetClassHead(ctx, f.classA, m3, false); err != nil {
		t.Fatal(err)
	}

	// The child of the head leaves school: flagged at once.
	version := one[int](t, f.db, `SELECT version FROM students WHERE id = $1`, f.a2)
	office := auth.Scope{SchoolID: f.school}
	if _, err := f.st.MoveStudent(ctx, office, one[int64](t, f.db, `SELECT county_id FROM schools WHERE id = $1`, f.school),
		store.Move{StudentID: f.a2, Version: version, OnDate: calendar.D(2026, 11, 2), Reason: "随父母迁居", ByUserID: f.teacherA}); err != nil {
		t.Fatal(err)
	}
	m2name := one[string](t, f.db, `SELECT name FROM class_committee_members WHERE id = $1`, m2)
	if got := problems(); !slices.Equal(got, []string{"成员 " + m2name + " 的孩子已不在本班"}) {
		t.Errorf("after the head's child left: %q", got)
	}

	// The school's summary: class A with its problem, the others without a committee.
	year := one[int64](t, f.db, `SELECT school_year_id FROM terms WHERE id = $1`, f.termID)
	sum, err := f.st.SchoolCommitteeSummary(ctx, f.school, year)
	if err != nil {
		t.Fatal(err)
	}
	if len(sum) < 3 {
		t.Fatalf("summary: %+v", sum)
	}
	for _, cs := range sum {
		switch {
		case cs.ClassID == f.classA:
			if !cs.Exists || cs.Members != 3 || cs.HeadName != m2name || cs.Valid() || len(cs.Problems) != 1 {
				t.Errorf("class A: %+v", cs)
			}
		case cs.Exists || cs.Members != 0 || cs.Valid() || !slices.Equal(cs.Problems, []string{"尚未组建班级家长委员会"}):
			t.Errorf("class %d without a committee: %+v", cs.ClassID, cs)
		}
	}

	// Removing a member; a member of another class cannot be removed through it.
	if _, err := f.st.RemoveClassMember(ctx, f.classB, m3); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("removing through another class: %v", err)
	}
	if name, err := f.st.RemoveClassMember(ctx, f.classA, m3); err != nil || name != "赵敏" {
		t.Errorf("removing: %q, %v", name, err)
	}
	// A guardian rewritten by an edit leaves the member, still the child's parent.
	if _, err := f.db.Pool.Exec(ctx, `DELETE FROM guardians WHERE id = $1`, g1); err != nil {
		t.Fatal(err)
	}
	c, err = f.st.ClassCommitteeOf(ctx, f.classA)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Members) != 2 || c.Members[0].GuardianID != 0 || c.Members[0].StudentID != f.a1 || c.Members[0].Name != gname {
		t.Errorf("after the guardian was rewritten: %+v", c.Members)
	}
}

func parentsProblems(c store.ClassCommittee) []string {
	return parents.ClassCommitteeProblems(store.CommitteeRules(c.Members))
}

// TestSchoolCommittee: representatives come from the class committees of
// the school's year, with their class's division; the make-up check says
// what is missing; a head is one per division; removing a class member
// removes the representative.
func TestSchoolCommittee(t *testing.T) {
	t.Parallel()
	f := committeeFixture(t)
	ctx := context.Background()
	year := one[int64](t, f.db, `SELECT school_year_id FROM terms WHERE id = $1`, f.termID)
	divA := one[int64](t, f.db, `SELECT g.grade_division_id FROM classes c JOIN grades g ON g.id = c.grade_id WHERE c.id = $1`, f.classA)
	divName := one[string](t, f.db, `SELECT name FROM grade_divisions WHERE id = $1`, divA)
	c, err := f.st.SchoolCommitteeOf(ctx, f.school, year)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Divisions) == 0 || len(c.Reps) != 0 {
		t.Fatalf("empty school committee: %+v", c)
	}
	if got := c.Problems(); !slices.Contains(got, divName+" 缺 3 名代表") || !slices.Contains(got, divName+" 无负责人") {
		t.Errorf("empty: %q", got)
	}

	var members []int64
	for _, st := range []int64{f.a1, f.a2} {
		id, err := f.st.AddClassMember(ctx, store.NewCommitteeMember{SchoolID: f.school, ClassID: f.classA, GuardianID: f.guardianOf(t, st)})
		if err != nil {
			t.Fatal(err)
		}
		members = append(members, id)
	}
	named, err := f.st.AddClassMember(ctx, store.NewCommitteeMember{SchoolID: f.school, ClassID: f.classA, Name: "赵敏", Phone: "13800001111"})
	if err != nil {
		t.Fatal(err)
	}
	members = append(members, named)
	cand, err := f.st.RepCandidates(ctx, f.school, year)
	if err != nil {
		t.Fatal(err)
	}
	if len(cand) != 3 || cand[0].DivisionID != divA || cand[0].ClassName == "" {
		t.Fatalf("candidates: %+v", cand)
	}
	var reps []int64
	for _, m := range members {
		id, err := f.st.AddSchoolRep(ctx, f.school, year, m, false)
		if err != nil {
			t.Fatal(err)
		}
		reps = append(reps, id)
	}
	if _, err := f.st.AddSchoolRep(ctx, f.school, year, members[0], false); !errors.Is(err, store.ErrConflict) {
		t.Errorf("the same member twice: %v", err)
	}
	if _, err := f.st.AddSchoolRep(ctx, f.other, year, members[0], false); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a member through another school: %v", err)
	}
	if cand, _ := f.st.RepCandidates(ctx, f.school, year); len(cand) != 0 {
		t.Errorf("representatives still offered: %+v", cand)
	}
	problems := func() []string {
		t.Helper()
		c, err := f.st.SchoolCommitteeOf(ctx, f.school, year)
		if err != nil {
			t.Fatal(err)
		}
		return c.Problems()
	}
	if got := problems(); !slices.Contains(got, divName+" 无负责人") || slices.Contains(got, divName+" 缺 3 名代表") {
		t.Errorf("three reps, no head: %q", got)
	}
	if err := f.st.SetSchoolRepHead(ctx, f.school, year, reps[0], true); err != nil {
		t.Fatal(err)
	}
	if err := f.st.SetSchoolRepHead(ctx, f.school, year, reps[1], true); err != nil {
		t.Fatal(err)
	}
	got := problems()
	for _, p := range got {
		if len(p) >= len(divName) && p[:len(divName)] == divName {
			t.Errorf("division %s still has a problem: %q", divName, got)
		}
	}
	c, _ = f.st.SchoolCommitteeOf(ctx, f.school, year)
	heads := 0
	for _, r := range c.Reps {
		if r.Head {
			heads++
			if r.ID != reps[1] {
				t.Errorf("head %d, want the last named %d", r.ID, reps[1])
			}
		}
		if r.DivisionID != divA || r.DivisionName != divName {
			t.Errorf("rep's division: %+v", r)
		}
	}
	if heads != 1 {
		t.Errorf("%d heads in one division", heads)
	}
	if err := f.st.SetSchoolRepHead(ctx, f.other, year, reps[0], true); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a rep through another school: %v", err)
	}
	// The named member leaves the class committee: off the school's too.
	if _, err := f.st.RemoveClassMember(ctx, f.classA, named); err != nil {
		t.Fatal(err)
	}
	if got := problems(); !slices.Contains(got, divName+" 缺 1 名代表") {
		t.Errorf("after removing a class member: %q", got)
	}
	if name, err := f.st.RemoveSchoolRep(ctx, f.school, year, reps[0]); err != nil || name == "" {
		t.Errorf("remove rep: %q, %v", name, err)
	}
	if got := problems(); !slices.Contains(got, divName+" 缺 2 名代表") {
		t.Errorf("after removing a rep: %q", got)
	}
	if n := one[int](t, f.db, `SELECT count(*)::int FROM class_committee_members WHERE id = $1`, members[0]); n != 1 {
		t.Error("removing a rep removed the class member")
	}
}

// TestCarryOverClassCommittee: after the school year's roll-over, last
// year's committee is found for the class its children moved up to and
// copied as a draft (heads too), a member whose child is not in the new
// class flagged; it cannot be copied twice; confirming ends the draft.
func TestCarryOverClassCommittee(t *testing.T) {
	t.Parallel()
	f := committeeFixture(t)
	ctx := context.Background()
	county := one[int64](t, f.db, `SELECT county_id FROM schools WHERE id = $1`, f.school)
	// The lowest grade's class with two students, so that they move up (not graduate).
	class := one[int64](t, f.db, `
		SELECT c.id FROM classes c JOIN grades g ON g.id = c.grade_id
		WHERE c.school_id = $1 AND (SELECT count(*) FROM students st WHERE st.class_id = c.id AND st.status = 'enrolled') >= 2
		ORDER BY g.level, c.number LIMIT 1`, f.school)
	s1 := one[int64](t, f.db, `SELECT id FROM students WHERE class_id = $1 AND status = 'enrolled' ORDER BY id LIMIT 1`, class)
	s2 := one[int64](t, f.db, `SELECT id FROM students WHERE class_id = $1 AND status = 'enrolled' ORDER BY id OFFSET 1 LIMIT 1`, class)
	for i, m := range []store.NewCommitteeMember{{GuardianID: f.guardianOf(t, s1), Head: true}, {GuardianID: f.guardianOf(t, s2)}, {Name: "赵敏", Phone: "13800001111"}} {
		m.SchoolID, m.ClassID = f.school, class
		if _, err := f.st.AddClassMember(ctx, m); err != nil {
			t.Fatalf("member %d: %v", i, err)
		}
	}
	next, err := f.st.CreateSchoolYear(ctx, county, calendar.DefaultYear(2027))
	if err != nil {
		t.Fatal(err)
	}
	cal, err := f.st.LoadCalendar(ctx, county)
	if err != nil {
		t.Fatal(err)
	}
	from, _ := cal.Year(one[int64](t, f.db, `SELECT id FROM school_years WHERE county_id = $1 AND start_year = 2026`, county))
	if _, err := f.st.ApplyRollover(ctx, county, from, next, 0); err != nil {
		t.Fatal(err)
	}
	newClass := one[int64](t, f.db, `SELECT class_id FROM students WHERE id = $1 AND status = 'enrolled'`, s1)
	if newClass == class {
		t.Fatal("the roll-over did not move the class up")
	}
	// s2 moves to another class of the new year.
	target := one[int64](t, f.db, `
		SELECT c.id FROM classes c JOIN grades g ON g.id = c.grade_id
		WHERE c.school_id = $1 AND g.school_year_id = $2 AND c.id <> $3 AND c.archived_at IS NULL ORDER BY c.id LIMIT 1`, f.school, next.ID, newClass)
	if _, err := f.st.MoveStudent(ctx, auth.Scope{SchoolID: f.school}, county, store.Move{StudentID: s2, Version: one[int](t, f.db, `SELECT version FROM students WHERE id = $1`, s2),
		ToClassID: target, OnDate: calendar.D(2027, 9, 3), Reason: "调班", ByUserID: f.teacherA}); err != nil {
		t.Fatal(err)
	}

	src, err := f.st.CarrySourceFor(ctx, f.school, newClass)
	if err != nil {
		t.Fatal(err)
	}
	oldCommittee := one[int64](t, f.db, `SELECT id FROM class_committees WHERE class_id = $1`, class)
	if src == nil || src.CommitteeID != oldCommittee || src.Members != 3 || src.Staying != 1 || src.ClassName == "" {
		t.Fatalf("carry source: %+v", src)
	}
	// Nothing to carry into last year's class itself, nor into a class none of whose children were on it.
	if src, err := f.st.CarrySourceFor(ctx, f.school, class); err != nil || src != nil {
		t.Errorf("last year's class: %+v, %v", src, err)
	}
	n, err := f.st.CarryOverClassCommittee(ctx, f.school, newClass, src.CommitteeID)
	if err != nil || n != 3 {
		t.Fatalf("carry over: %d, %v", n, err)
	}
	c, err := f.st.ClassCommitteeOf(ctx, newClass)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Draft || c.SchoolYearID != next.ID || len(c.Members) != 3 || !c.Members[0].Head || c.Members[0].ChildLeft || !c.Members[1].ChildLeft || c.Members[2].ChildLeft {
		t.Fatalf("the draft: %+v", c)
	}
	if got := parentsProblems(c); len(got) != 1 || got[0] != "成员 "+c.Members[1].Name+" 的孩子已不在本班" {
		t.Errorf("the draft's problems: %q", got)
	}
	if _, err := f.st.CarryOverClassCommittee(ctx, f.school, newClass, src.CommitteeID); !errors.Is(err, store.ErrConflict) {
		t.Errorf("carried twice: %v", err)
	}
	if _, err := f.st.CarryOverClassCommittee(ctx, f.other, newClass, src.CommitteeID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("carried through another school: %v", err)
	}
	// Last year's committee is unchanged.
	if n := one[int](t, f.db, `SELECT count(*)::int FROM class_committee_members WHERE committee_id = $1`, oldCommittee); n != 3 {
		t.Errorf("last year's committee has %d members", n)
	}
	status := func() store.ClassCommitteeStatus {
		t.Helper()
		sum, err := f.st.SchoolCommitteeSummary(ctx, f.school, next.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range sum {
			if s.ClassID == newClass {
				return s
			}
		}
		t.Fatalf("class %d not in the new year's summary", newClass)
		return store.ClassCommitteeStatus{}
	}
	if s := status(); !s.Draft || s.Valid() {
		t.Errorf("a draft counts: %+v", s)
	}
	if _, err := f.st.RemoveClassMember(ctx, newClass, c.Members[1].ID); err != nil {
		t.Fatal(err)
	}
	if ok, err := f.st.ConfirmClassCommittee(ctx, newClass); err != nil || !ok {
		t.Fatalf("confirm: %v %v", ok, err)
	}
	if ok, _ := f.st.ConfirmClassCommittee(ctx, newClass); ok {
		t.Error("confirmed twice")
	}
	if s := status(); s.Draft || !s.Valid() {
		t.Errorf("confirmed without the leaver: %+v", s)
	}
}

// TestInsertClassCommittees: the bulk writer (the demo's) copies each
// guardian's name and phone by the child's number and the guardian's
// position, keeps members named by hand and the heads as given (broken
// ones too, which the rule then reports), refuses an unknown student and
// a class that has a committee, writing nothing then.
func TestInsertClassCommittees(t *testing.T) {
	t.Parallel()
	f := committeeFixture(t)
	ctx := context.Background()
	var county int64
	var number1, number2, gname string
	if err := f.db.Pool.QueryRow(ctx, `SELECT s.county_id, s.student_number, g.name FROM students s JOIN guardians g ON g.student_id = s.id AND g.position = 1 WHERE s.id = $1`, f.a1).
		Scan(&county, &number1, &gname); err != nil {
		t.Fatal(err)
	}
	number2 = one[string](t, f.db, `SELECT student_number FROM students WHERE id = $1`, f.b1)
	ids, err := f.st.InsertClassCommittees(ctx, county, []store.CommitteeImport{
		{ClassID: f.classA, Members: []store.MemberImport{
			{StudentNumber: number1, Position: 1},
			{Name: "赵敏", Relation: "社区代表", Phone: "13800001111"},
		}},
		{ClassID: f.classB, Members: []store.MemberImport{
			{StudentNumber: number2, Position: 1, Head: true},
			{Name: "钱二", Relation: "学生家长", Phone: "13800002222", Head: true},
		}},
	})
	if err != nil || len(ids) != 2 || ids[0] == ids[1] {
		t.Fatalf("insert: %v, %v", ids, err)
	}
	a, err := f.st.ClassCommitteeOf(ctx, f.classA)
	if err != nil || a.ID != ids[0] || len(a.Members) != 2 {
		t.Fatalf("class A: %+v, %v", a, err)
	}
	if m := a.Members[0]; m.StudentID != f.a1 || m.GuardianID != f.guardianOf(t, f.a1) || m.Name != gname || m.ChildLeft {
		t.Errorf("the guardian member: %+v", m)
	}
	if m := a.Members[1]; m.StudentID != 0 || m.Name != "赵敏" || m.Phone != "13800001111" {
		t.Errorf("the member by hand: %+v", m)
	}
	if p := parents.ClassCommitteeProblems(store.CommitteeRules(a.Members)); !slices.Equal(p, []string{"未指定负责人"}) {
		t.Errorf("class A's problems: %v", p)
	}
	b, _ := f.st.ClassCommitteeOf(ctx, f.classB)
	if p := parents.ClassCommitteeProblems(store.CommitteeRules(b.Members)); !slices.Equal(p, []string{"2 名负责人"}) {
		t.Errorf("class B's problems: %v", p)
	}
	members := one[int](t, f.db, `SELECT count(*)::int FROM class_committee_members`)
	if _, err := f.st.InsertClassCommittees(ctx, county, []store.CommitteeImport{{ClassID: f.classA}}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("a class with a committee: %v, want conflict", err)
	}
	other := one[int64](t, f.db, `SELECT c.id FROM classes c WHERE c.school_id = $1 AND c.id NOT IN ($2, $3) ORDER BY c.id LIMIT 1`, f.school, f.classA, f.classB)
	if _, err := f.st.InsertClassCommittees(ctx, county, []store.CommitteeImport{{ClassID: other, Members: []store.MemberImport{{StudentNumber: "000000", Position: 1}}}}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an unknown student: %v, want not found", err)
	}
	if n := one[int](t, f.db, `SELECT count(*)::int FROM class_committee_members`); n != members || one[int](t, f.db, `SELECT count(*)::int FROM class_committees WHERE class_id = $1`, other) != 0 {
		t.Error("a refused insert left rows behind")
	}
}
