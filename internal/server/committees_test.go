package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"xietong/internal/privacy"
	"xietong/internal/store"
)

// clearCommittees starts a test from no committees (the demo's own would
// join its counts).
func clearCommittees(h *harness) {
	h.t.Helper()
	if _, err := h.db.Pool.Exec(context.Background(), `TRUNCATE school_committee_reps, class_committee_members, class_committees`); err != nil {
		h.t.Fatal(err)
	}
}

// TestClassCommitteeJourney: the class teacher finds a guardian by the
// child's name and adds them, then a person by name and phone as head; the
// page says at once what is wrong; the same guardian twice, a bad phone and
// a head who is not a member come back in Chinese with what was typed; a
// member whose child leaves is flagged. The leader sees phones masked, a
// county role no child, a subject teacher nothing.
func TestClassCommitteeJourney(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	clearCommittees(h)
	f := loadFixtures(h)
	teacher := h.as("teacher")
	page := fmt.Sprintf("/classes/%d/committee", f.teacherClass)

	r := teacher.get(page)
	if r.status != http.StatusOK || !strings.Contains(r.body, "尚未组建班级家长委员会") {
		t.Fatalf("an empty committee: %d", r.status)
	}
	child := scalar[string](h, `SELECT name FROM students WHERE id = $1`, f.teacherStudent)
	var gid int64
	var gname, gphone string
	if err := h.db.Pool.QueryRow(context.Background(), `SELECT id, name, phone FROM guardians WHERE student_id = $1 AND phone <> '' ORDER BY position LIMIT 1`, f.teacherStudent).Scan(&gid, &gname, &gphone); err != nil {
		t.Fatal(err)
	}
	r = teacher.post(page+"/find", url.Values{"q": {child}})
	if r.status != http.StatusOK || !strings.Contains(r.body, gname) || !strings.Contains(r.body, fmt.Sprintf(`name="guardian_id" value="%d"`, gid)) {
		t.Fatalf("search by the child's name: %d, guardian %s not offered", r.status, gname)
	}
	if strings.Contains(r.body, f.otherStudentNm) {
		t.Error("the search offered a child of another class")
	}
	add := func(v url.Values) resp {
		t.Helper()
		v.Set("form_token", teacher.formToken(page))
		return teacher.post(page+"/members", v)
	}
	if r = add(url.Values{"guardian_id": {fmt.Sprint(gid)}, "q": {child}}); r.status != http.StatusSeeOther {
		t.Fatalf("add guardian: %d", r.status)
	}
	r = teacher.get(page)
	if !strings.Contains(r.body, gname) || !strings.Contains(r.body, "未指定负责人") || !strings.Contains(r.body, gphone) {
		t.Fatalf("after adding %s: no member, no problem shown or the teacher sees the phone masked", gname)
	}
	// The same guardian twice: refused, the search shown again with the name typed.
	r = add(url.Values{"guardian_id": {fmt.Sprint(gid)}, "q": {child}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, gname+" 已是本班家委会成员") || !strings.Contains(r.body, `value="`+child+`"`) {
		t.Fatalf("the same guardian twice: %d", r.status)
	}
	// The same phone by hand is the same person.
	r = add(url.Values{"name": {"另一个名字"}, "phone": {gphone}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "已是本班家委会成员") {
		t.Fatalf("the same phone by hand: %d", r.status)
	}
	// A guardian of another class.
	other := scalar[int64](h, `SELECT id FROM guardians WHERE student_id = $1 ORDER BY position LIMIT 1`, f.otherStudent)
	if r = add(url.Values{"guardian_id": {fmt.Sprint(other)}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "孩子不在本班") {
		t.Fatalf("a guardian of another class: %d", r.status)
	}
	// A bad phone keeps what was typed.
	r = add(url.Values{"name": {"赵敏"}, "relation": {"社区代表"}, "phone": {"12345"}, "head": {"on"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "电话格式不正确") || !strings.Contains(r.body, `value="赵敏"`) || !strings.Contains(r.body, `value="12345"`) {
		t.Fatalf("a bad phone: %d", r.status)
	}
	if r = add(url.Values{"name": {"赵敏"}, "relation": {"社区代表"}, "phone": {"139 0000 1234"}, "head": {"on"}}); r.status != http.StatusSeeOther {
		t.Fatalf("add by hand as head: %d", r.status)
	}
	r = teacher.get(page)
	if !strings.Contains(r.body, "本班家委会完整") || !strings.Contains(r.body, "13900001234") {
		t.Fatalf("with a head the committee is complete: %d", r.status)
	}
	if n := scalar[int](h, `SELECT count(*)::int FROM audit.events WHERE action = 'committee.member_add' AND result = 'success'`); n != 2 {
		t.Errorf("%d member_add audit rows, want 2", n)
	}

	// A head who is not a member of this committee.
	stranger, err := h.srv.store.AddClassMember(context.Background(), store.NewCommitteeMember{SchoolID: f.officeSchool, ClassID: f.otherClass, Name: "别班家长", Phone: "13900009999"})
	if err != nil {
		t.Fatal(err)
	}
	r = teacher.post(fmt.Sprintf("%s/members/%d/head", page, stranger), url.Values{"head": {"1"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "负责人须是本委员会的成员") {
		t.Fatalf("a head of another class's committee: %d", r.status)
	}
	// Moving the head to the guardian.
	member := scalar[int64](h, `SELECT m.id FROM class_committee_members m JOIN class_committees k ON k.id = m.committee_id WHERE k.class_id = $1 AND m.guardian_id = $2`, f.teacherClass, gid)
	if r = teacher.post(fmt.Sprintf("%s/members/%d/head", page, member), url.Values{"head": {"1"}}); r.status != http.StatusSeeOther {
		t.Fatalf("set head: %d", r.status)
	}
	if n := scalar[int](h, `SELECT count(*)::int FROM class_committee_members m JOIN class_committees k ON k.id = m.committee_id WHERE k.class_id = $1 AND m.head`, f.teacherClass); n != 1 {
		t.Errorf("%d heads after moving the head", n)
	}

	// Who sees what.
	leader := h.as("principal").get(page)
	if leader.status != http.StatusOK || strings.Contains(leader.body, gphone) || !strings.Contains(leader.body, privacy.MaskPhone(gphone)) || !strings.Contains(leader.body, child) {
		t.Errorf("the school leader: %d; wants the phone masked and the child named", leader.status)
	}
	if strings.Contains(leader.body, "设为负责人") || strings.Contains(leader.body, "从本班家长中添加") {
		t.Error("the school leader is offered the teacher's forms")
	}
	county := h.as("leader").get(page)
	if county.status != http.StatusOK || !strings.Contains(county.body, gname) || strings.Contains(county.body, child) || strings.Contains(county.body, gphone) {
		t.Errorf("a county role: %d; wants the member's name, no child and no whole phone", county.status)
	}
	if s := h.as("subject").get(page); s.status != http.StatusForbidden {
		t.Errorf("a subject teacher: %d, want 403", s.status)
	}

	// The head's child leaves school: flagged at once.
	if _, err := h.db.Pool.Exec(context.Background(), `UPDATE students SET status = 'left', class_id = NULL WHERE id = $1`, f.teacherStudent); err != nil {
		t.Fatal(err)
	}
	r = teacher.get(page)
	if !strings.Contains(r.body, "成员 "+gname+" 的孩子已不在本班") || !strings.Contains(r.body, "孩子已不在本班</span>") {
		t.Errorf("a member whose child left is not flagged")
	}

	// The office removes a member (after the page's confirmation).
	office := h.as("office")
	if r = office.post(fmt.Sprintf("%s/members/%d/delete", page, member), nil); r.status != http.StatusSeeOther {
		t.Fatalf("remove: %d", r.status)
	}
	if r = office.get(page); strings.Contains(r.body, gname+"</td>") || !strings.Contains(r.body, "未指定负责人") {
		t.Errorf("after removing the head: still listed, or no problem shown")
	}
	if n := scalar[int](h, `SELECT count(*)::int FROM audit.events WHERE action = 'committee.member_remove' AND result = 'success'`); n != 1 {
		t.Errorf("%d member_remove audit rows, want 1", n)
	}
}

// TestSchoolCommitteeJourney: the office composes the school committee from
// the class committees' members; the make-up check lists what is missing;
// the same member twice is refused; the overview says where each class
// stands; the printed list has a signature column, phones masked for the
// leader.
func TestSchoolCommitteeJourney(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	clearCommittees(h)
	f := loadFixtures(h)
	ctx := context.Background()
	var members []int64
	for i, name := range []string{"钱一", "孙二", "李三"} {
		id, err := h.srv.store.AddClassMember(ctx, store.NewCommitteeMember{SchoolID: f.officeSchool, ClassID: f.teacherClass, Name: name, Phone: fmt.Sprintf("1370000000%d", i), Head: i == 0})
		if err != nil {
			t.Fatal(err)
		}
		members = append(members, id)
	}
	division := scalar[string](h, `SELECT d.name FROM classes c JOIN grades g ON g.id = c.grade_id JOIN grade_divisions d ON d.id = g.grade_division_id WHERE c.id = $1`, f.teacherClass)
	className := scalar[string](h, `SELECT name FROM classes WHERE id = $1`, f.teacherClass)
	office := h.as("office")
	school := fmt.Sprintf("/schools/%d/committees", f.officeSchool)

	r := office.get(school)
	if r.status != http.StatusOK || !strings.Contains(r.body, className) || !strings.Contains(r.body, "✓ 完整") || !strings.Contains(r.body, "✗ 未组建") {
		t.Fatalf("overview: %d", r.status)
	}
	r = office.get(school + "/school")
	if r.status != http.StatusOK || !strings.Contains(r.body, division+" 缺 3 名代表") || !strings.Contains(r.body, division+" 无负责人") || !strings.Contains(r.body, "钱一") {
		t.Fatalf("an empty school committee: %d, or the class's members not offered", r.status)
	}
	addRep := func(member int64, head bool) resp {
		t.Helper()
		v := url.Values{"form_token": {office.formToken(school + "/school")}, "member_id": {fmt.Sprint(member)}}
		if head {
			v.Set("head", "on")
		}
		return office.post(school+"/school/reps", v)
	}
	if r = addRep(members[0], true); r.status != http.StatusSeeOther {
		t.Fatalf("add rep: %d", r.status)
	}
	if r = addRep(members[0], false); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "该成员已是学校家委会代表") {
		t.Fatalf("the same member twice: %d", r.status)
	}
	if r = addRep(999999, false); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "请从本校本学年的班级家委会成员中选择") {
		t.Fatalf("an unknown member: %d", r.status)
	}
	r = office.get(school + "/school")
	if !strings.Contains(r.body, division+" 缺 2 名代表") || strings.Contains(r.body, division+" 无负责人") {
		t.Errorf("one rep as head: make-up check wrong")
	}
	for _, m := range members[1:] {
		if r = addRep(m, false); r.status != http.StatusSeeOther {
			t.Fatalf("add rep: %d", r.status)
		}
	}
	if r = office.get(school + "/school"); strings.Contains(r.body, division+" 缺") || strings.Contains(r.body, division+" 无负责人") {
		t.Errorf("three reps and a head: %s still listed as a problem", division)
	}
	// A second head in the division takes the place of the first.
	rep := scalar[int64](h, `SELECT id FROM school_committee_reps WHERE member_id = $1`, members[1])
	if r = office.post(fmt.Sprintf("%s/school/reps/%d/head", school, rep), url.Values{"head": {"1"}}); r.status != http.StatusSeeOther {
		t.Fatalf("set rep head: %d", r.status)
	}
	if n := scalar[int](h, `SELECT count(*)::int FROM school_committee_reps WHERE head`); n != 1 {
		t.Errorf("%d heads in one division", n)
	}
	if r = office.post(fmt.Sprintf("%s/school/reps/%d/head", school, 999999), url.Values{"head": {"1"}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "负责人须是本委员会的成员") {
		t.Errorf("a head who is not a rep: %d", r.status)
	}

	print := office.get(school + "/school/print")
	if print.status != http.StatusOK || !strings.Contains(print.body, "<th>签名</th>") || !strings.Contains(print.body, "孙二") || !strings.Contains(print.body, "13700000001") || !strings.Contains(print.body, "data-print") {
		t.Errorf("print for the office: %d", print.status)
	}
	if p := h.as("principal").get(school + "/school/print"); p.status != http.StatusOK || strings.Contains(p.body, "13700000001") || !strings.Contains(p.body, privacy.MaskPhone("13700000001")) {
		t.Errorf("print for the leader: %d; wants phones masked", p.status)
	}
	// The school page links to the committees.
	if sp := office.get(fmt.Sprintf("/schools/%d", f.officeSchool)); !strings.Contains(sp.body, `href="`+school+`"`) {
		t.Error("the school page does not link to its committees")
	}
	// Removing a rep.
	if r = office.post(fmt.Sprintf("%s/school/reps/%d/delete", school, rep), nil); r.status != http.StatusSeeOther {
		t.Fatalf("remove rep: %d", r.status)
	}
	if r = office.get(school + "/school"); !strings.Contains(r.body, division+" 缺 1 名代表") || !strings.Contains(r.body, division+" 无负责人") {
		t.Errorf("after removing the head rep: make-up check wrong")
	}
}

// TestTeacherHomeLinksCommittee: the class teacher reaches the class's
// committee from home.
func TestTeacherHomeLinksCommittee(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	if r := h.as("teacher").get("/"); !strings.Contains(r.body, fmt.Sprintf(`href="/classes/%d/committee"`, f.teacherClass)) {
		t.Errorf("home: %d, no link to the class committee", r.status)
	}
	if r := h.as("subject").get("/"); strings.Contains(r.body, "/committee\"") {
		t.Error("a subject teacher's home links to a committee")
	}
}

// TestClassCommitteeCarryOver: the class whose children were on last
// year's committee is offered a copy; the copy is a draft, the member whose
// child is not in the class flagged, shown as such in the school's
// overview, until the teacher confirms it.
func TestClassCommitteeCarryOver(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	clearCommittees(h)
	f := loadFixtures(h)
	// Last year's class, with a committee of a parent of the teacher's
	// student (head) and one of a student now in another class.
	lastYear := scalar[int64](h, `SELECT id FROM school_years WHERE start_year = (SELECT max(start_year) - 1 FROM school_years)`)
	grade := scalar[int64](h, `INSERT INTO grades (school_id, school_year_id, level, name) VALUES ($1, $2, 9, '去年九年级') RETURNING id`, f.officeSchool, lastYear)
	oldClass := scalar[int64](h, `INSERT INTO classes (school_id, grade_id, number, name) VALUES ($1, $2, 1, '去年九年级(1)班') RETURNING id`, f.officeSchool, grade)
	committee := scalar[int64](h, `INSERT INTO class_committees (school_id, school_year_id, class_id) VALUES ($1, $2, $3) RETURNING id`, f.officeSchool, lastYear, oldClass)
	stay := scalar[string](h, `
		INSERT INTO class_committee_members (committee_id, student_id, guardian_id, name, relation, phone, head)
		SELECT $1, g.student_id, g.id, g.name, g.relation, g.phone, true FROM guardians g WHERE g.student_id = $2 ORDER BY g.position LIMIT 1
		RETURNING name`, committee, f.teacherStudent)
	scalar[int64](h, `INSERT INTO class_committee_members (committee_id, student_id, name, phone) VALUES ($1, $2, '转走的家长', '13600000000') RETURNING id`, committee, f.otherStudent)

	teacher := h.as("teacher")
	page := fmt.Sprintf("/classes/%d/committee", f.teacherClass)
	if r := teacher.get(page); r.status != http.StatusOK || !strings.Contains(r.body, "沿用上一学年") || !strings.Contains(r.body, "去年九年级(1)班") {
		t.Fatalf("no offer to carry last year's committee over: %d", r.status)
	}
	if r := teacher.post(page+"/carry", nil); r.status != http.StatusSeeOther {
		t.Fatalf("carry: %d", r.status)
	}
	r := teacher.get(page)
	if !strings.Contains(r.body, "从上一学年结转的草稿") || !strings.Contains(r.body, "成员 转走的家长 的孩子已不在本班") || !strings.Contains(r.body, stay) || !strings.Contains(r.body, "确认本学年家委会") {
		t.Fatalf("the draft: %d", r.status)
	}
	if strings.Contains(r.body, "复制为草稿") {
		t.Error("a committee with members is offered another copy")
	}
	if o := h.as("office").get(fmt.Sprintf("/schools/%d/committees", f.officeSchool)); !strings.Contains(o.body, "草稿待确认") {
		t.Error("the overview does not show the draft")
	}
	if r := teacher.post(page+"/carry", nil); r.status != http.StatusSeeOther || scalar[int](h, `SELECT count(*)::int FROM class_committee_members m JOIN class_committees k ON k.id = m.committee_id WHERE k.class_id = $1`, f.teacherClass) != 2 {
		t.Errorf("a second carry: %d, or copied twice", r.status)
	}
	if r := teacher.post(page+"/confirm", nil); r.status != http.StatusSeeOther {
		t.Fatalf("confirm: %d", r.status)
	}
	if r := teacher.get(page); strings.Contains(r.body, "从上一学年结转的草稿") || strings.Contains(r.body, "确认本学年家委会") {
		t.Error("still a draft after confirming")
	}
	for action, want := range map[string]int{"committee.carry_over": 1, "committee.confirm": 1} {
		if n := scalar[int](h, `SELECT count(*)::int FROM audit.events WHERE action = $1 AND result = 'success'`, action); n != want {
			t.Errorf("%d %s audit rows, want %d", n, action, want)
		}
	}
}
