package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// planSetup gives the office's school no plan for the current term (the
// demo's own is removed) and returns the school's plan page.
func planSetup(h *harness, f fixtures) string {
	h.t.Helper()
	if _, err := h.db.Pool.Exec(h.t.Context(), `
		DELETE FROM work_plans WHERE school_id = $1 AND term_id = (
			SELECT t.id FROM terms t JOIN school_years y ON y.id = t.school_year_id WHERE y.start_year = 2026 AND t.ordinal = 1)`,
		f.officeSchool); err != nil {
		h.t.Fatal(err)
	}
	return fmt.Sprintf("/schools/%d/plan", f.officeSchool)
}

// TestPlanJourney: 德育处 starts the term's plan, writes it (the text shown
// escaped, in paragraphs) and adds items; a submission with no items and
// an item dated outside the term come back with a Chinese message and what
// was typed. Bureau staff return it without a comment (refused) and with
// one; the school changes it and resubmits, the reviewer sees what changed,
// and approves. The bureau's page shows the state.
func TestPlanJourney(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	school := planSetup(h, f)
	office, staff := h.as("office"), h.as("staff")

	page := office.get(school)
	if page.status != http.StatusOK || !strings.Contains(page.body, "本学期还没有工作方案") || !strings.Contains(page.body, "从空白开始") {
		t.Fatalf("the start page: %d", page.status)
	}
	r := office.post(school, url.Values{"form_token": {office.formToken(school)}})
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/plans/") {
		t.Fatalf("start: %d %s", r.status, r.header.Get("Location"))
	}
	plan := r.header.Get("Location")
	if again := office.post(school, url.Values{"form_token": {office.formToken(school)}}); again.status != http.StatusSeeOther {
		t.Errorf("starting a second plan: %d, want a redirect to the one there is", again.status)
	}

	// Sections: as typed, escaped, in paragraphs.
	r = office.post(plan+"/edit", url.Values{
		"guiding":   {"以立德树人为根本任务。\r\n\r\n<script>alert(1)</script>坚持家校社协同。"},
		"goals":     {"全员家访率达到100%。"},
		"measures":  {"1. 学期前全员家访\n2. 第一周主题班会"},
		"assurance": {"成立工作领导小组。"},
	})
	if r.status != http.StatusSeeOther {
		t.Fatalf("save sections: %d", r.status)
	}
	page = office.get(plan)
	if strings.Contains(page.body, "<script>alert(1)") || !strings.Contains(page.body, "&lt;script&gt;alert(1)&lt;/script&gt;坚持家校社协同。") {
		t.Error("the plan's text is not rendered escaped")
	}
	if !strings.Contains(page.body, `<p class="pre">以立德树人为根本任务。</p>`) {
		t.Error("the guiding section is not split into paragraphs")
	}

	// A submission with no items.
	r = office.post(plan+"/submit", url.Values{"form_token": {office.formToken(plan)}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "工作方案至少要有一项计划活动才能提交") || !strings.Contains(r.body, "以立德树人为根本任务") {
		t.Fatalf("a plan with no items submitted: %d", r.status)
	}
	// An item dated outside the term keeps what was typed.
	r = office.post(plan+"/items", url.Values{"form_token": {office.formToken(plan)}, "on": {"2030-01-01"}, "kind": {"law_lecture"}, "office": {"safety"}, "title": {"法治副校长讲座"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "计划日期不在本学期内") || !strings.Contains(r.body, `value="法治副校长讲座"`) {
		t.Fatalf("an item outside the term: %d", r.status)
	}
	for _, it := range [][4]string{{"2026-09-03", "class_meeting", "moral", "开学第一周主题班会"}, {"2026-10-20", "law_lecture", "safety", "法治副校长讲座"}} {
		r = office.post(plan+"/items", url.Values{"form_token": {office.formToken(plan)}, "on": {it[0]}, "kind": {it[1]}, "office": {it[2]}, "title": {it[3]}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("add item %s: %d %s", it[3], r.status, r.body)
		}
	}
	r = office.post(plan+"/submit", url.Values{"form_token": {office.formToken(plan)}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("submit: %d", r.status)
	}
	page = office.get(plan)
	if !strings.Contains(page.body, "已提交，待审核") || strings.Contains(page.body, "添加计划活动") || strings.Contains(page.body, "编辑方案正文") {
		t.Error("a submitted plan is still offered for editing")
	}
	if r := office.get(plan + "/edit"); r.status != http.StatusConflict || !strings.Contains(r.body, "不能修改") {
		t.Errorf("the edit form of a submitted plan: %d", r.status)
	}

	// The bureau: the page of every school, then the review.
	states := staff.get("/plans")
	if states.status != http.StatusOK || !strings.Contains(states.body, school) || !strings.Contains(states.body, "已等待 0 天") {
		t.Errorf("the bureau's page: %d, no link or wait", states.status)
	}
	if r := staff.get("/plans?state=approved"); strings.Contains(r.body, school) {
		t.Error("the filter by state shows a submitted plan among the approved")
	}
	page = staff.get(plan)
	if !strings.Contains(page.body, "教育局审核") || strings.Contains(page.body, "与上次提交相比") {
		t.Error("staff see no review form, or changes on a first submission")
	}
	r = staff.post(plan+"/review", url.Values{"form_token": {staff.formToken(plan)}, "decision": {"return"}, "comment": {"  "}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "退回时请写明修改意见") {
		t.Fatalf("a return without a comment: %d", r.status)
	}
	r = staff.post(plan+"/review", url.Values{"form_token": {staff.formToken(plan)}, "decision": {"return"}, "comment": {"法治讲座每学期两次，请补充。"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("return: %d", r.status)
	}
	page = office.get(plan)
	if !strings.Contains(page.body, "已退回") || !strings.Contains(page.body, "法治讲座每学期两次，请补充。") || !strings.Contains(page.body, "添加计划活动") {
		t.Fatal("the school does not see the return with its comment, or cannot edit")
	}

	// The school adds the second lecture and resubmits.
	r = office.post(plan+"/items", url.Values{"form_token": {office.formToken(plan)}, "on": {"2026-12-08"}, "kind": {"law_lecture"}, "office": {"safety"}, "title": {"法治副校长第二次讲座"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("add the second lecture: %d", r.status)
	}
	if r := office.post(plan+"/submit", url.Values{"form_token": {office.formToken(plan)}}); r.status != http.StatusSeeOther {
		t.Fatalf("resubmit: %d", r.status)
	}
	page = staff.get(plan)
	if !strings.Contains(page.body, "与上次提交相比") || !strings.Contains(page.body, "2026年12月8日 法治讲座 · 安全办 · 法治副校长第二次讲座") {
		t.Error("the reviewer does not see what changed since the last submission")
	}
	if r := staff.post(plan+"/review", url.Values{"form_token": {staff.formToken(plan)}, "decision": {"approve"}}); r.status != http.StatusSeeOther {
		t.Fatalf("approve: %d", r.status)
	}
	if page := office.get(plan); !strings.Contains(page.body, "已通过") || strings.Contains(page.body, "提交审核") {
		t.Error("the approved plan is not shown as approved")
	}
	if r := staff.get("/plans?state=approved"); !strings.Contains(r.body, school) {
		t.Error("the approved plan is not among the approved")
	}
	if r := h.as("office").get(plan + "/versions"); r.status != http.StatusOK || !strings.Contains(r.body, "第 2 次提交") || !strings.Contains(r.body, "法治副校长第二次讲座") {
		t.Errorf("versions: %d", r.status)
	}
	n := scalar[int](h, `SELECT count(*)::int FROM audit.events WHERE action LIKE 'plan.%' AND result = 'success'`)
	if n < 8 {
		t.Errorf("%d audited plan writes, want every step", n)
	}
	// Teachers do not read the plan; the principal reads but does not review.
	if r := h.as("teacher").get(plan); r.status != http.StatusForbidden {
		t.Errorf("teacher: %d", r.status)
	}
}

// TestPlanLeaderFirst: a school that asks its leader to approve first
// sends the plan to the 校长, who may return it (with a comment) or pass it
// on to the bureau; bureau staff see no review form before that.
func TestPlanLeaderFirst(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	school := planSetup(h, f)
	office, principal, staff := h.as("office"), h.as("principal"), h.as("staff")
	r := office.post(school, url.Values{"form_token": {office.formToken(school)}})
	plan := r.header.Get("Location")
	office.post(plan+"/edit", url.Values{"guiding": {"a"}, "goals": {"b"}, "measures": {"c"}, "assurance": {"d"}, "leader_first": {"on"}})
	office.post(plan+"/items", url.Values{"form_token": {office.formToken(plan)}, "on": {"2026-09-03"}, "kind": {"class_meeting"}, "office": {"moral"}, "title": {"主题班会"}})
	if r := office.post(plan+"/submit", url.Values{"form_token": {office.formToken(plan)}}); r.status != http.StatusSeeOther {
		t.Fatalf("submit: %d", r.status)
	}
	if page := staff.get(plan); !strings.Contains(page.body, "待校领导审核") || strings.Contains(page.body, "教育局审核") {
		t.Error("staff are offered a review before the leader's")
	}
	if r := staff.post(plan+"/review", url.Values{"form_token": {newFormToken()}, "decision": {"approve"}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "不在待审核状态") {
		t.Errorf("staff approving before the leader: %d, want refused", r.status)
	}
	page := principal.get(plan)
	if !strings.Contains(page.body, "校领导审核") {
		t.Fatal("the principal has no review form")
	}
	if r := principal.post(plan+"/leader-review", url.Values{"form_token": {principal.formToken(plan)}, "decision": {"approve"}}); r.status != http.StatusSeeOther {
		t.Fatalf("leader approve: %d", r.status)
	}
	if page := staff.get(plan); !strings.Contains(page.body, "已提交，待审核") || !strings.Contains(page.body, "教育局审核") {
		t.Error("after the leader, the bureau has no review")
	}
}

// TestPlanCarryOver: a plan started from last term's keeps its sections
// and moves each item by its distance from the term's start.
func TestPlanCarryOver(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	school := planSetup(h, f)
	office := h.as("office")
	last := scalar[int64](h, `
		INSERT INTO work_plans (school_id, term_id, created_by, guiding, state)
		SELECT $1, t.id, u.id, '上学期的指导思想', 'approved' FROM terms t JOIN school_years y ON y.id = t.school_year_id, users u
		WHERE y.start_year = 2025 AND t.ordinal = 2 AND u.username = 'office'
		ON CONFLICT (school_id, term_id) DO UPDATE SET guiding = EXCLUDED.guiding
		RETURNING id`, f.officeSchool)
	if _, err := h.db.Pool.Exec(t.Context(), `DELETE FROM work_plan_items WHERE plan_id = $1`, last); err != nil {
		t.Fatal(err)
	}
	// The spring term of 2027 starts on 2027-02-23; ten days in.
	if _, err := h.db.Pool.Exec(t.Context(), `
		INSERT INTO work_plan_items (plan_id, kind, office, title, planned_on)
		SELECT $1, 'law_lecture', 'safety', '法治讲座', t.starts_on + 10 FROM work_plans p JOIN terms t ON t.id = p.term_id WHERE p.id = $1`, last); err != nil {
		t.Fatal(err)
	}
	page := office.get(school)
	if !strings.Contains(page.body, "2025—2026学年第二学期的方案开始") {
		t.Fatalf("no offer to start from last term's plan")
	}
	r := office.post(school, url.Values{"form_token": {office.formToken(school)}, "carry": {"on"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("carry over: %d", r.status)
	}
	page = office.get(r.header.Get("Location"))
	if !strings.Contains(page.body, "上学期的指导思想") || !strings.Contains(page.body, "2026年9月11日") || !strings.Contains(page.body, "法治讲座") {
		t.Error("the carried plan lacks last term's text or the moved item")
	}
}

// TestPlanAgainstDone: on the demo school's approved plan each item shows
// where it stands and, for the office, the records that may have fulfilled
// it; the office confirms the term's first rule-of-law lecture for the
// planned one (a record of another kind is refused), the summary line and
// the A4 工作台账 count it, records with no planned item show as unplanned,
// and the link can be undone. County roles see the states, not the forms.
func TestPlanAgainstDone(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	office, staff := h.as("office"), h.as("staff")
	planID := scalar[int64](h, `SELECT p.id FROM work_plans p JOIN terms t ON t.id = p.term_id JOIN school_years y ON y.id = t.school_year_id
		WHERE p.school_id = $1 AND y.start_year = 2026 AND t.ordinal = 1`, f.officeSchool)
	plan := fmt.Sprintf("/plans/%d", planID)
	items := scalar[int](h, `SELECT count(*)::int FROM work_plan_items WHERE plan_id = $1`, planID)
	item := scalar[int64](h, `SELECT id FROM work_plan_items WHERE plan_id = $1 AND kind = 'law_lecture' ORDER BY planned_on LIMIT 1`, planID)
	lecture := scalar[int64](h, `SELECT id FROM activities WHERE school_id = $1 AND kind = 'law_lecture' ORDER BY held_on LIMIT 1`, f.officeSchool)
	lectureTitle := scalar[string](h, `SELECT title FROM activities WHERE id = $1`, lecture)
	meeting := scalar[int64](h, `SELECT min(id) FROM class_meetings WHERE school_id = $1`, f.officeSchool)

	page := office.get(plan)
	if page.status != http.StatusOK || !strings.Contains(page.body, fmt.Sprintf("计划 %d 项 · 已完成 0 · 逾期 ", items)) {
		t.Fatalf("the summary line: %d", page.status)
	}
	if !strings.Contains(page.body, fmt.Sprintf(`value="activity:%d"`, lecture)) || !strings.Contains(page.body, "确认是这条") {
		t.Fatal("the office is not proposed the lecture")
	}
	if !strings.Contains(page.body, "计划外的记录") || !strings.Contains(page.body, "劳动教育：校园种植园") {
		t.Error("an activity with no planned item is not shown as unplanned")
	}
	link := fmt.Sprintf("%s/items/%d/link", plan, item)
	r := office.post(link, url.Values{"record": {fmt.Sprintf("class_meeting:%d", meeting)}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "类别、科室或日期不符") {
		t.Fatalf("a class meeting for a lecture: %d", r.status)
	}
	r = office.post(link, url.Values{"record": {fmt.Sprintf("activity:%d", lecture)}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("link: %d", r.status)
	}
	if again := office.post(link, url.Values{"record": {fmt.Sprintf("activity:%d", lecture)}}); again.status != http.StatusUnprocessableEntity {
		t.Errorf("linking the same record twice: %d", again.status)
	}
	page = office.get(plan)
	if !strings.Contains(page.body, fmt.Sprintf("计划 %d 项 · 已完成 1 · ", items)) || !strings.Contains(page.body, fmt.Sprintf(`href="/activities/%d"`, lecture)) {
		t.Error("the linked lecture is not counted or shown")
	}
	ledger := staff.get(plan + "/ledger")
	if ledger.status != http.StatusOK || !strings.Contains(ledger.body, "协同育人工作台账") || !strings.Contains(ledger.body, "已完成 1") || !strings.Contains(ledger.body, lectureTitle) {
		t.Errorf("the 工作台账: %d", ledger.status)
	}
	if page := staff.get(plan); strings.Contains(page.body, "确认是这条") || !strings.Contains(page.body, "已完成") {
		t.Error("staff are offered the office's link forms, or see no states")
	}
	if r := staff.post(link, url.Values{"record": {fmt.Sprintf("activity:%d", lecture)}}); r.status != http.StatusForbidden {
		t.Errorf("staff linking: %d", r.status)
	}
	if r := office.post(fmt.Sprintf("%s/items/%d/unlink", plan, item), nil); r.status != http.StatusSeeOther {
		t.Fatalf("unlink: %d", r.status)
	}
	if page := office.get(plan); !strings.Contains(page.body, fmt.Sprintf("计划 %d 项 · 已完成 0 · ", items)) {
		t.Error("after unlinking the item still counts as done")
	}
	if n := scalar[int](h, `SELECT count(*)::int FROM audit.events WHERE action IN ('plan.link', 'plan.unlink')`); n != 2 {
		t.Errorf("%d link audit rows, want 2", n)
	}
}
