package server

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestTodos: each role's list holds what waits for it, from the records —
// the teacher's open ledger entry (its class and kind of problem, never
// the child), the office's opinion to answer and returned plan, the
// leader's plan to approve, the bureau's plan to review with its school —
// the header counts them and what is new, reading the list clears "new",
// and a to-do goes when its record is done.
func TestTodos(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	teacher := h.as("teacher")

	home := teacher.get("/")
	if !strings.Contains(home.body, `href="/todos"`) || !strings.Contains(home.body, "新") {
		t.Errorf("the teacher's header has no to-do badge with new items")
	}
	list := teacher.get("/todos")
	if list.status != http.StatusOK {
		t.Fatalf("to-dos: %d", list.status)
	}
	entry := fmt.Sprintf(`href="/ledger/%d"`, f.teacherEntry)
	class := scalar[string](h, `SELECT c.name FROM classes c JOIN ledger_entries e ON e.class_id = c.id WHERE e.id = $1`, f.teacherEntry)
	for _, want := range []string{entry, "问题台账待跟进", class, "消极心理"} {
		if !strings.Contains(list.body, want) {
			t.Errorf("the teacher's to-dos lack %q", want)
		}
	}
	if name := scalar[string](h, `SELECT name FROM students WHERE id = $1`, f.teacherStudent); strings.Contains(list.body, name) {
		t.Error("a child's name on the to-do list")
	}
	if strings.Contains(teacher.get("/").body, "todo-new") {
		t.Error("still new after reading the list")
	}
	if strings.Contains(h.as("subject").get("/todos").body, entry) {
		t.Error("the subject teacher has the class teacher's ledger entry")
	}
	// Done: closing the entry ends the to-do.
	h.exec(`UPDATE ledger_entries SET status = 'resolved', closed_on = last_action_on WHERE id = $1`, f.teacherEntry)
	if strings.Contains(teacher.get("/todos").body, entry) {
		t.Error("a closed entry is still a to-do")
	}

	// The office: an opinion waiting for its answer, a returned plan.
	op := scalar[int64](h, `SELECT o.id FROM parent_opinions o WHERE o.school_id = $1 ORDER BY o.id LIMIT 1`, f.officeSchool)
	meeting := scalar[int64](h, `SELECT meeting_id FROM parent_opinions WHERE id = $1`, op)
	h.exec(`UPDATE parent_opinions SET state = 'pending', owner_office = '' WHERE id = $1`, op)
	plan := scalar[int64](h, `SELECT id FROM work_plans WHERE school_id = $1 ORDER BY id DESC LIMIT 1`, f.officeSchool)
	h.exec(`UPDATE work_plans SET state = 'returned' WHERE id = $1`, plan)
	office := h.as("office").get("/todos").body
	for _, want := range []string{fmt.Sprintf(`/parent-meetings/%d#opinion-%d`, meeting, op), "家长意见建议待回应",
		fmt.Sprintf(`href="/plans/%d"`, plan), "工作方案被退回"} {
		if !strings.Contains(office, want) {
			t.Errorf("the office's to-dos lack %q", want)
		}
	}
	if strings.Contains(h.as("teacher").get("/todos").body, "家长意见建议待回应") {
		t.Error("the teacher has the office's opinion")
	}

	// The leader approves, then the bureau reviews, with the school named.
	h.exec(`UPDATE work_plans SET state = 'leader_review' WHERE id = $1`, plan)
	if p := h.as("principal").get("/todos").body; !strings.Contains(p, "工作方案待校领导审核") {
		t.Error("the principal has no plan to approve")
	}
	if strings.Contains(h.as("office").get("/todos").body, fmt.Sprintf(`href="/plans/%d"`, plan)) {
		t.Error("the office still has the plan it sent to its leader")
	}
	h.exec(`UPDATE work_plans SET state = 'submitted' WHERE id = $1`, plan)
	school := scalar[string](h, `SELECT name FROM schools WHERE id = $1`, f.officeSchool)
	for _, who := range []string{"staff", "supervisor"} {
		if b := h.as(who).get("/todos").body; !strings.Contains(b, fmt.Sprintf(`href="/plans/%d"`, plan)) || !strings.Contains(b, school) {
			t.Errorf("%s has no plan to review from %s", who, school)
		}
	}
	if strings.Contains(h.as("leader").get("/todos").body, fmt.Sprintf(`href="/plans/%d"`, plan)) {
		t.Error("the bureau leader, who does not review plans, has one to review")
	}
	if b := h.as("admin").get("/todos"); b.status != http.StatusOK || !strings.Contains(b.body, "暂无待办") {
		t.Errorf("the administrator's list: %d, want an empty list", b.status)
	}
}
