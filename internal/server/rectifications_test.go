package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestRectification walks #18 item 4: the supervisor sets two items on a
// released inspection; the owner office has them as to-dos and reports on
// both; the supervisor has them to check, returns one (a return needs a
// comment) and accepts the other; the inspection cannot close while one is
// not accepted; the school reports again, the supervisor accepts, the
// inspection closes. An unreleased inspection's items are not the
// school's to see; a late item says so.
func TestRectification(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	h.exec(`INSERT INTO inspection_rubrics (county_id, school_year_id, title)
		SELECT county_id, id, '测试细则' FROM school_years ON CONFLICT DO NOTHING`)
	newInspection := func(state string) int64 {
		return scalar[int64](h, `
			INSERT INTO inspections (school_id, school_year_id, kind, scheduled_on, state, created_by, rubric_id, released_at)
			SELECT $1, y.id, 'annual', y.starts_on + 60, $2, u.id, r.id, CASE WHEN $2 = 'released' THEN now() END
			FROM school_years y JOIN inspection_rubrics r ON r.school_year_id = y.id, users u
			WHERE u.username = 'supervisor' AND y.starts_on <= $3::date ORDER BY y.start_year DESC LIMIT 1
			RETURNING id`, f.officeSchool, state, demoNow)
	}
	in := newInspection("released")
	page := fmt.Sprintf("/inspections/%d/rectification", in)
	office := scalar[string](h, `SELECT ra.office FROM role_assignments ra JOIN users u ON u.id = ra.user_id WHERE u.username = 'office'`)
	sup, school := h.as("supervisor"), h.as("office")

	// A bad item comes back with what was typed and a Chinese message.
	r := sup.post(fmt.Sprintf("/inspections/%d/rectifications", in), url.Values{"form_token": {sup.formToken(page)},
		"problem": {"家长学校授课记录不全"}, "office": {office}, "deadline": {"2020-01-01"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "整改期限应在今天到一年之内") || !strings.Contains(r.body, "家长学校授课记录不全") {
		t.Fatalf("a deadline in the past: %d", r.status)
	}
	for _, problem := range []string{"家长学校授课记录不全", "留守儿童假期家访未全覆盖"} {
		r := sup.post(fmt.Sprintf("/inspections/%d/rectifications", in), url.Values{"form_token": {sup.formToken(page)},
			"problem": {problem}, "office": {office}, "deadline": {"2026-12-20"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("set item %q: %d", problem, r.status)
		}
	}
	ids := func() (a, b int64) {
		return scalar[int64](h, `SELECT min(id) FROM inspection_rectifications WHERE inspection_id = $1`, in),
			scalar[int64](h, `SELECT max(id) FROM inspection_rectifications WHERE inspection_id = $1`, in)
	}
	a, b := ids()
	version := func(id int64) string {
		return fmt.Sprint(scalar[int](h, `SELECT version FROM inspection_rectifications WHERE id = $1`, id))
	}
	if todos := school.get("/todos").body; strings.Count(todos, "督导整改事项待提交整改报告") != 2 {
		t.Error("the owner office does not have both items to report on")
	}
	if strings.Contains(h.as("teacher").get(page).body, "家长学校授课记录不全") {
		t.Error("a teacher reads the rectification")
	}
	// An empty report is refused; then the school reports on both.
	if r := school.post(fmt.Sprintf("/rectifications/%d/report", a), url.Values{"version": {version(a)}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("an empty report: %d", r.status)
	}
	for _, id := range []int64{a, b} {
		r := school.post(fmt.Sprintf("/rectifications/%d/report", id), url.Values{"version": {version(id)}, "report": {"已补齐授课记录并建立台账"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("report on %d: %d", id, r.status)
		}
	}
	if strings.Contains(school.get("/todos").body, "督导整改事项待提交整改报告") {
		t.Error("reported items are still the school's to-dos")
	}
	if todos := sup.get("/todos").body; strings.Count(todos, "学校整改报告待验收") != 2 {
		t.Error("the supervisor does not have both reports to check")
	}
	if r := school.post(fmt.Sprintf("/rectifications/%d/review", a), url.Values{"version": {version(a)}, "decision": {"accept"}}); r.status != http.StatusForbidden {
		t.Errorf("the school accepts its own report: %d", r.status)
	}
	// A return needs a comment.
	if r := sup.post(fmt.Sprintf("/rectifications/%d/review", a), url.Values{"version": {version(a)}, "decision": {"return"}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "退回整改请写明意见") {
		t.Errorf("a return without comment: %d", r.status)
	}
	if r := sup.post(fmt.Sprintf("/rectifications/%d/review", a), url.Values{"version": {version(a)}, "decision": {"return"}, "comment": {"缺少家长签到表"}}); r.status != http.StatusSeeOther {
		t.Fatalf("return: %d", r.status)
	}
	if r := sup.post(fmt.Sprintf("/rectifications/%d/review", b), url.Values{"version": {version(b)}, "decision": {"accept"}}); r.status != http.StatusSeeOther {
		t.Fatalf("accept: %d", r.status)
	}
	inVersion := func() string { return fmt.Sprint(scalar[int](h, `SELECT version FROM inspections WHERE id = $1`, in)) }
	if r := sup.post(fmt.Sprintf("/inspections/%d/close", in), url.Values{"version": {inVersion()}}); r.status != http.StatusConflict || !strings.Contains(r.body, "还有 1 项整改未验收通过") {
		t.Errorf("close with one item returned: %d", r.status)
	}
	body := school.get(page).body
	for _, want := range []string{"缺少家长签到表", "已退回", "已验收", "提交整改报告", "办理记录"} {
		if !strings.Contains(body, want) {
			t.Errorf("the school's page lacks %q", want)
		}
	}
	if r := school.post(fmt.Sprintf("/rectifications/%d/report", a), url.Values{"version": {version(a)}, "report": {"已补充家长签到表"}}); r.status != http.StatusSeeOther {
		t.Fatalf("report again: %d", r.status)
	}
	if r := sup.post(fmt.Sprintf("/rectifications/%d/review", a), url.Values{"version": {version(a)}, "decision": {"accept"}}); r.status != http.StatusSeeOther {
		t.Fatalf("accept the second report: %d", r.status)
	}
	if !strings.Contains(sup.get(fmt.Sprintf("/inspections/%d", in)).body, page) {
		t.Error("the inspection page does not lead to its rectification")
	}
	if report := school.get(fmt.Sprintf("/inspections/%d", in)).body; !strings.Contains(report, "整改事项") ||
		!strings.Contains(report, "留守儿童假期家访未全覆盖") || !strings.Contains(report, "（签字）") {
		t.Error("the inspection's report does not list its rectification with signature lines")
	}
	if !strings.Contains(sup.get(page).body, "关闭督导检查") {
		t.Error("every item accepted, yet no close button")
	}
	if r := sup.post(fmt.Sprintf("/inspections/%d/close", in), url.Values{"version": {inVersion()}}); r.status != http.StatusSeeOther {
		t.Fatalf("close: %d", r.status)
	}
	if st := scalar[string](h, `SELECT state FROM inspections WHERE id = $1`, in); st != "closed" {
		t.Errorf("inspection %s, want closed", st)
	}
	if n := scalar[int](h, `SELECT count(*)::int FROM rectification_events WHERE rectification_id = $1`, a); n != 4 {
		t.Errorf("item a has %d history steps, want 4 (report, return, report, accept)", n)
	}

	// Not released: the school does not see it, nor has it as a to-do.
	held := newInspection("scored")
	h.exec(`INSERT INTO inspection_rectifications (inspection_id, school_id, problem, owner_office, deadline, created_by)
	        SELECT $1, $2, '未发布的整改', $3, date '2026-11-01', u.id FROM users u WHERE u.username = 'supervisor'`, held, f.officeSchool, office)
	if st := school.get(fmt.Sprintf("/inspections/%d/rectification", held)).status; st != http.StatusNotFound {
		t.Errorf("the school opens an unreleased inspection's items: %d", st)
	}
	if strings.Contains(school.get("/todos").body, "未发布的整改") {
		t.Error("an unreleased item is the school's to-do")
	}
	// Released, the late item is the school's, overdue.
	h.exec(`UPDATE inspections SET state = 'released', released_at = now() WHERE id = $1`, held)
	if todos := school.get("/todos").body; !strings.Contains(todos, "未发布的整改") || !strings.Contains(todos, "已逾期") {
		t.Error("the released, late item is not the school's overdue to-do")
	}
	if body := school.get(fmt.Sprintf("/inspections/%d/rectification", held)).body; !strings.Contains(body, "逾期 28 天") {
		t.Error("the late item does not say how late it is")
	}
	if !strings.Contains(h.as("leader").get("/compliance").body, "整改逾期 1 项") {
		t.Error("the heat map does not show the school's overdue rectification")
	}
}
