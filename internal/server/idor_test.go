package server

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestIDOR: out-of-scope objects answer 404 and the page holds no trace of
// them; every refusal is audited as denied.
func TestIDOR(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	cases := []struct {
		user, path, secret string
	}{
		{"teacher", fmt.Sprintf("/students/%d", f.otherStudent), f.otherStudentNm},
		{"subject", fmt.Sprintf("/students/%d", f.otherStudent), f.otherStudentNm},
		{"teacher", fmt.Sprintf("/classes/%d", f.otherClass), f.otherStudentNm},
		{"subject", fmt.Sprintf("/classes/%d", f.otherClass), f.otherStudentNm},
		{"office", fmt.Sprintf("/students/%d", f.otherSchoolStud), ""},
		{"office", fmt.Sprintf("/schools/%d", f.otherSchool), ""},
		{"teacher", "/students/999999999", ""},
	}
	for _, tc := range cases {
		c := h.as(tc.user)
		before := scalar[int](h, `SELECT count(*) FROM audit.events WHERE result = 'denied'`)
		r := c.get(tc.path)
		if r.status != http.StatusNotFound {
			t.Errorf("%s GET %s: status %d, want 404", tc.user, tc.path, r.status)
		}
		if tc.secret != "" && strings.Contains(r.body, tc.secret) {
			t.Errorf("%s GET %s: page contains the out-of-scope student's name", tc.user, tc.path)
		}
		if after := scalar[int](h, `SELECT count(*) FROM audit.events WHERE result = 'denied'`); after != before+1 {
			t.Errorf("%s GET %s: %d denied audit rows written, want 1", tc.user, tc.path, after-before)
		}
	}
}

// TestRosterPrivacy: subject teachers see no special-group flags; the class
// teacher does; lists mask phones.
func TestRosterPrivacy(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	// Make sure the class has a left-behind child to look for.
	if _, err := h.db.Pool.Exec(t.Context(), `UPDATE students SET left_behind = true WHERE id = $1`, f.teacherStudent); err != nil {
		t.Fatal(err)
	}
	phone := scalar[string](h, `SELECT phone FROM guardians WHERE student_id = $1 AND position = 1`, f.teacherStudent)
	path := fmt.Sprintf("/classes/%d", f.teacherClass)

	teacher := h.as("teacher").get(path)
	if !strings.Contains(teacher.body, "留守儿童") {
		t.Error("class teacher's roster lacks the special-group marker")
	}
	subject := h.as("subject").get(path)
	if subject.status != http.StatusOK {
		t.Fatalf("subject roster: %d", subject.status)
	}
	for _, flag := range []string{"留守儿童", "特困家庭", "随迁子女", "残疾儿童", "孤儿", "特殊群体"} {
		if strings.Contains(subject.body, flag) {
			t.Errorf("subject teacher's roster shows %q", flag)
		}
	}
	for _, r := range []resp{teacher, subject} {
		if strings.Contains(r.body, phone) {
			t.Error("roster shows a guardian's phone unmasked")
		}
	}
	// The student's own page shows the phone in full to the class teacher.
	page := h.as("teacher").get(fmt.Sprintf("/students/%d", f.teacherStudent))
	if !strings.Contains(page.body, phone) {
		t.Error("student page lacks the guardian's phone for the class teacher")
	}
	// And the subject teacher's view of the student has no flags.
	sp := h.as("subject").get(fmt.Sprintf("/students/%d", f.teacherStudent))
	if strings.Contains(sp.body, "留守儿童") {
		t.Error("subject teacher sees the flag on the student page")
	}
}

// TestStudentViewAudited: a look by someone other than the class's teachers
// writes one audit row; the class teacher's own look does not.
func TestStudentViewAudited(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	path := fmt.Sprintf("/students/%d", f.teacherStudent)
	count := func() int {
		return scalar[int](h, `SELECT count(*) FROM audit.events WHERE action = 'student.view' AND object_id = $1 AND result = 'success'`, f.teacherStudent)
	}
	h.as("teacher").get(path)
	if n := count(); n != 0 {
		t.Errorf("class teacher's view audited %d times, want 0", n)
	}
	h.as("office").get(path)
	if n := count(); n != 1 {
		t.Errorf("office view audited %d times, want 1", n)
	}
}
