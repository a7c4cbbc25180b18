package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestComplianceHeatMap: a bureau leader sees every school × duty with a
// symbol beside each colour, the duties without records as n.a., each row
// leading to the school's page; filters narrow the rows; the export is a
// workbook; no child's name is on it.
func TestComplianceHeatMap(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	leader := h.as("leader")
	page := leader.get("/compliance")
	if page.status != http.StatusOK {
		t.Fatalf("heat map: %d", page.status)
	}
	schools := scalar[int](h, `SELECT count(*)::int FROM schools WHERE archived_at IS NULL`)
	if n := strings.Count(page.body, "/compliance?term="); n < schools {
		t.Errorf("%d school rows link to their page, want %d", n, schools)
	}
	for _, want := range []string{`data-st="met"`, "R01", "R23", "开学主题班会", "✓", "讲座转发", "print-landscape", "/compliance.xlsx?", fmt.Sprintf("/schools/%d/compliance?term=", f.officeSchool)} {
		if !strings.Contains(page.body, want) {
			t.Errorf("heat map lacks %q", want)
		}
	}
	if name := scalar[string](h, `SELECT name FROM students WHERE id = $1`, f.teacherStudent); strings.Contains(page.body, name) {
		t.Error("a child's name on the county's heat map")
	}
	// A township narrows the rows to its schools.
	town := scalar[string](h, `SELECT township FROM schools WHERE id = $1`, f.officeSchool)
	inTown := scalar[int](h, `SELECT count(*)::int FROM schools WHERE archived_at IS NULL AND township = $1`, town)
	narrow := leader.get("/compliance?township=" + url.QueryEscape(town))
	if n := strings.Count(narrow.body, "/compliance?term="); narrow.status != http.StatusOK || n != inTown {
		t.Errorf("township %s: %d rows, want %d", town, n, inTown)
	}
	x := leader.get("/compliance.xlsx?township=" + url.QueryEscape(town))
	if x.status != http.StatusOK || !strings.HasPrefix(x.body, "PK") {
		t.Errorf("export: %d", x.status)
	}
	if h.as("office").get("/compliance").status != http.StatusForbidden {
		t.Error("a school office reached the county's heat map")
	}
}

// TestSchoolCompliance: the school's office sees each duty of the period
// with its status, figure and owners, its own office's duties marked, and
// each duty with records one click from the page that explains it (the
// coverage pages for R02–R04, the class meetings, the plan, the
// committees, the parent meetings, the activities, the parent school and
// the guidance list, the school's lectures); every duty's records are kept
// now (R12 was the last), so none says 暂无记录.
func TestSchoolCompliance(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	path := fmt.Sprintf("/schools/%d/compliance", f.officeSchool)
	office := h.as("office")
	page := office.get(path)
	if page.status != http.StatusOK {
		t.Fatalf("school page: %d", page.status)
	}
	term := scalar[int64](h, `SELECT id FROM terms WHERE starts_on <= $1::date AND ends_on >= $1::date`, h.srv.today())
	for _, want := range []string{
		"R05 开学主题班会", "R02 开学前全员家访", "德育处",
		fmt.Sprintf("/coverage/schools/%d?w=pre_term-%d", f.officeSchool, term),
		fmt.Sprintf("/schools/%d/meetings", f.officeSchool),
		fmt.Sprintf("/schools/%d/plan?term=%d", f.officeSchool, term),
		fmt.Sprintf("/schools/%d/committees", f.officeSchool),
		fmt.Sprintf("/schools/%d/parent-meetings?term=%d", f.officeSchool, term),
		fmt.Sprintf("/activities?school=%d&amp;term=%d", f.officeSchool, term),
		fmt.Sprintf("/schools/%d/parent-school", f.officeSchool),
		fmt.Sprintf("/guidance?school=%d&amp;term=%d&amp;kind=guidance", f.officeSchool, term),
		fmt.Sprintf("/guidance?school=%d&amp;term=%d&amp;kind=training", f.officeSchool, term),
		"个班（", "名学生（", "标准：达到 100%",
	} {
		if !strings.Contains(page.body, want) {
			t.Errorf("school page lacks %q", want)
		}
	}
	if !strings.Contains(page.body, `class="tag"`) {
		t.Error("the office's own duties are not marked")
	}
	if strings.Contains(page.body, "暂无记录") {
		t.Error("a duty without records, yet every duty has its figures")
	}
	// A county role reaches it from the heat map; a teacher never.
	if r := h.as("supervisor").get(path); r.status != http.StatusOK || !strings.Contains(r.body, `href="/compliance?term=`) {
		t.Errorf("supervisor: %d, or no way back to the heat map", r.status)
	}
	if r := h.as("teacher").get(path); r.status != http.StatusForbidden {
		t.Errorf("teacher: %d", r.status)
	}
	// Another school's office: not found, as every other school object.
	other := fmt.Sprintf("/schools/%d/compliance", f.otherSchool)
	if r := office.get(other); r.status != http.StatusNotFound {
		t.Errorf("another school's page for the office: %d", r.status)
	}
	// The school page links here.
	if r := office.get(fmt.Sprintf("/schools/%d", f.officeSchool)); !strings.Contains(r.body, path) {
		t.Error("the school page does not link to its duties")
	}
	// R12: a lecture of the term the school has not forwarded past its due
	// day is named under the figure, and the figure leads to the school's
	// lectures.
	h.exec(`INSERT INTO lectures (county_id, title, link_url, published_on, published_by)
		SELECT s.county_id, '矩阵外的逾期讲座', 'https://example.cn/late', $2::date - 10, u.id
		FROM schools s, users u WHERE s.id = $1 AND u.username = 'staff'`, f.officeSchool, h.srv.today())
	page = office.get(path)
	for _, want := range []string{"R12 讲座转发", "“矩阵外的逾期讲座”逾期未转发", fmt.Sprintf("/lectures?school=%d&amp;term=%d", f.officeSchool, term)} {
		if !strings.Contains(page.body, want) {
			t.Errorf("school page lacks %q", want)
		}
	}
}

// TestComplianceRuleChange: the administrator raises R17's threshold from
// a coming date; a date today or earlier is refused with a Chinese message
// keeping what was typed; the catalogue shows both versions, the running
// term keeps its rule, and the change is audited.
func TestComplianceRuleChange(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	admin := h.as("admin")
	path := "/compliance/rules/R17"
	page := admin.get(path)
	if page.status != http.StatusOK || !strings.Contains(page.body, "保存新规则") || !strings.Contains(page.body, "已开始和已结束的周期") {
		t.Fatalf("rule page: %d", page.status)
	}
	today := h.srv.today()
	r := admin.post(path, url.Values{"form_token": {admin.formToken(path)}, "threshold": {"3"}, "from": {today.Format(time.DateOnly)}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "生效日期须晚于今天") || !strings.Contains(r.body, `value="3"`) {
		t.Fatalf("from today: %d, message or typed value missing", r.status)
	}
	from := today.AddDate(0, 2, 0).Format(time.DateOnly)
	r = admin.post(path, url.Values{"form_token": {admin.formToken(path)}, "threshold": {"3"}, "from": {from}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("new version: %d %s", r.status, r.body)
	}
	if n := scalar[int](h, `SELECT count(*)::int FROM compliance_rules WHERE duty_id = 'R17'`); n != 2 {
		t.Errorf("%d versions of R17, want 2", n)
	}
	if n := scalar[int](h, `SELECT count(*)::int FROM audit.events WHERE action = 'compliance.rule_change'`); n != 1 {
		t.Errorf("%d audit rows for the change, want 1", n)
	}
	page = admin.get(path)
	if !strings.Contains(page.body, "≥ 3 次") || !strings.Contains(page.body, "尚未生效") || !strings.Contains(page.body, "≥ 2 次") {
		t.Error("the rule page does not show both versions")
	}
	// The running term is still judged by two lectures.
	sp := h.as("office").get(fmt.Sprintf("/schools/%d/compliance", loadFixtures(h).officeSchool))
	if !strings.Contains(sp.body, "标准：≥ 2 次") {
		t.Error("the running term changed its rule")
	}
	// Only the administrator changes a rule; the leader reads.
	if r := h.as("leader").get(path); r.status != http.StatusOK || strings.Contains(r.body, "保存新规则") {
		t.Errorf("leader: %d, or offered the form", r.status)
	}
	if r := admin.get("/compliance/rules/R99"); r.status != http.StatusNotFound {
		t.Errorf("an unknown duty: %d", r.status)
	}
}
