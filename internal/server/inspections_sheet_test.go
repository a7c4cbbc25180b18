package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// TestInspectionScoring: the supervisor opens a scheduled inspection: the
// year's rubric (the county plan's default) pre-filled with the school's
// duty statuses and links to their records; a score over an item's maximum
// comes back with its message and what was typed; the first scores start
// the inspection and show in the total; finishing with items unscored is
// refused; scored in full it finishes, and the school sees nothing until
// the report is released, then reads the scores and findings, without a
// form. Bureau staff may not score.
func TestInspectionScoring(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	h.exec(`TRUNCATE inspections, inspection_rubrics CASCADE`)
	sup, staff, office := h.as("supervisor"), h.as("staff"), h.as("office")
	school := scalar[int64](h, `SELECT ra.school_id FROM role_assignments ra JOIN users u ON u.id = ra.user_id WHERE u.username = 'office'`)
	id := scalar[int64](h, `
		WITH i AS (INSERT INTO inspections (school_id, school_year_id, kind, scheduled_on, created_by)
			SELECT $1, y.id, 'annual', '2026-11-29', u.id FROM school_years y, users u WHERE y.start_year = 2026 AND u.username = 'supervisor'
			RETURNING id)
		INSERT INTO inspection_members (inspection_id, user_id, head) SELECT i.id, u.id, true FROM i, users u WHERE u.username = 'supervisor'
		RETURNING inspection_id`, school)
	page := "/inspections/" + itoa(id)

	r := sup.get(page)
	if r.status != http.StatusOK || !strings.Contains(r.body, `name="score_22"`) || !strings.Contains(r.body, `data-draft="inspection:u`) ||
		!strings.Contains(r.body, "visit-draft") || !strings.Contains(r.body, "满分 100") {
		t.Fatalf("the supervisor's sheet: %d", r.status)
	}
	// Item 2 draws on R01: its status with a link to the term's plan.
	if !strings.Contains(r.body, `data-st="`) || !strings.Contains(r.body, "/schools/"+itoa(school)+"/plan?term=") {
		t.Error("the sheet shows no duty status or no link to the plan")
	}
	scores := func(kv ...string) url.Values {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	// Item 1 is worth 5 points.
	r = sup.post(page+"/scores", scores("score_1", "6", "findings_1", "领导小组组长空缺", "summary", "总体较好"))
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "不能超过该项分值 5 分") || !strings.Contains(r.body, "领导小组组长空缺") {
		t.Fatalf("a score over the maximum: %d", r.status)
	}
	if r := staff.post(page+"/scores", scores("score_1", "4")); r.status != http.StatusForbidden {
		t.Errorf("bureau staff score: %d", r.status)
	}
	if r := sup.post(page+"/scores", scores("score_1", "4.5", "findings_1", "领导小组组长空缺", "score_2", "８", "summary", "总体较好")); r.status != http.StatusSeeOther {
		t.Fatalf("save the first scores: %d %s", r.status, r.body)
	}
	if st := scalar[string](h, `SELECT state FROM inspections WHERE id = $1`, id); st != "in_progress" {
		t.Errorf("after the first scores: %s, want in_progress", st)
	}
	if r := sup.get(page); !strings.Contains(r.body, "<b>12.5</b>") || !strings.Contains(r.body, "领导小组组长空缺") {
		t.Error("the total 12.5 or the findings missing after the save")
	}
	version := func() string { return itoa(scalar[int64](h, `SELECT version FROM inspections WHERE id = $1`, id)) }
	if r := sup.post(page+"/finish", url.Values{"version": {version()}}); r.status != http.StatusConflict || !strings.Contains(r.body, "未评分") {
		t.Errorf("finish with items unscored: %d", r.status)
	}
	all := scores("summary", "总体较好，家访台账规范")
	for i := 1; i <= 22; i++ {
		all.Set("score_"+strconv.Itoa(i), "2")
	}
	if r := sup.post(page+"/scores", all); r.status != http.StatusSeeOther {
		t.Fatalf("score every item: %d", r.status)
	}
	if r := sup.post(page+"/finish", url.Values{"version": {version()}}); r.status != http.StatusSeeOther {
		t.Fatalf("finish: %d %s", r.status, r.body)
	}
	if r := sup.post(page+"/scores", all); r.status != http.StatusConflict {
		t.Errorf("scoring a finished inspection: %d", r.status)
	}
	if r := office.get(page); r.status != http.StatusNotFound {
		t.Errorf("the school reads it before release: %d", r.status)
	}
	if r := sup.post(page+"/release", url.Values{"version": {"1"}}); r.status != http.StatusConflict {
		t.Errorf("release at a stale version: %d", r.status)
	}
	if r := sup.post(page+"/release", url.Values{"version": {version()}}); r.status != http.StatusSeeOther {
		t.Fatalf("release: %d", r.status)
	}
	r = office.get(page)
	if r.status != http.StatusOK || !strings.Contains(r.body, "<b>44</b>") || !strings.Contains(r.body, "总体较好，家访台账规范") ||
		strings.Contains(r.body, `name="score_1"`) || strings.Contains(r.body, "/release") {
		t.Errorf("the school's released report: %d (total 44, the summary, no form, no steps)", r.status)
	}
	if n := scalar[int](h, `SELECT count(*) FROM audit.events WHERE action IN ('inspection.score_save', 'inspection.finish', 'inspection.release') AND result = 'success'`); n != 4 {
		t.Errorf("%d audit rows of the scoring, want 4", n)
	}
}
