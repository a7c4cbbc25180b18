package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestInspectionRubric: the year without a template offers the county
// plan's default (100 points, R01–R22); the supervisor saves a changed
// one (a bad row comes back with its message and what was typed; a
// cleared row is deleted; a new row added); bureau staff read it without a
// form; once an inspection is scored on it, it is kept as it was.
func TestInspectionRubric(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	h.exec(`TRUNCATE inspections, inspection_rubrics CASCADE`)
	sup, staff := h.as("supervisor"), h.as("staff")
	year := scalar[int64](h, `SELECT id FROM school_years WHERE start_year = 2026`)
	page := sup.get("/inspections/rubric")
	if page.status != http.StatusOK || !strings.Contains(page.body, `id="rubric-proposed"`) || !strings.Contains(page.body, "满分 100 分") ||
		!strings.Contains(page.body, "R22") || !strings.Contains(page.body, `name="title_21"`) {
		t.Fatalf("the proposed default: %d", page.status)
	}
	form := url.Values{"year": {itoa(year)}, "version": {"0"}, "title": {"2026—2027学年督导细则"}, "rows": {"3"},
		"group_0": {"组织领导"}, "title_0": {"领导小组健全"}, "max_0": {"40"}, "duties_0": {"R21"},
		"group_1": {"家访"}, "title_1": {"全员家访"}, "max_1": {"60.55"}, "duties_1": {"R02 R99"},
		"group_2": {"家访"}, "title_2": {""}, "max_2": {""}}
	r := sup.post("/inspections/rubric", form)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "最多一位小数") || !strings.Contains(r.body, "不是 R01–R22") ||
		!strings.Contains(r.body, "领导小组健全") {
		t.Fatalf("a bad row: %d", r.status)
	}
	form.Set("max_1", "60")
	form.Set("duties_1", "r2，R3")
	if r := sup.post("/inspections/rubric", form); r.status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", r.status, r.body)
	}
	if got := scalar[string](h, `SELECT string_agg(i.title || ':' || i.max_tenths || ':' || array_to_string(i.duties, ','), '|' ORDER BY i.position)
		FROM inspection_rubric_items i JOIN inspection_rubrics r ON r.id = i.rubric_id WHERE r.school_year_id = $1`, year); got != "领导小组健全:400:R21|全员家访:600:R02,R03" {
		t.Errorf("stored: %s", got)
	}
	read := staff.get("/inspections/rubric?year=" + itoa(year))
	if read.status != http.StatusOK || !strings.Contains(read.body, "全员家访") || strings.Contains(read.body, `name="rows"`) ||
		!strings.Contains(read.body, "满分 100 分") {
		t.Errorf("staff's read: %d (no form)", read.status)
	}
	// Stored at its first save (version 1) and saved (2): version 2 saves
	// once, then is stale.
	form.Set("version", "2")
	if r := sup.post("/inspections/rubric", form); r.status != http.StatusSeeOther {
		t.Errorf("save at version 2: %d", r.status)
	}
	if r := sup.post("/inspections/rubric", form); r.status != http.StatusConflict {
		t.Errorf("save at a stale version: %d", r.status)
	}
	// Scored on: kept as it was.
	h.exec(`INSERT INTO inspections (school_id, school_year_id, kind, scheduled_on, state, rubric_id, created_by)
		SELECT (SELECT min(id) FROM schools), $1, 'annual', '2026-11-20', 'in_progress', r.id, u.id
		FROM inspection_rubrics r, users u WHERE r.school_year_id = $1 AND u.username = 'supervisor'`, year)
	frozen := sup.get("/inspections/rubric?year=" + itoa(year))
	if !strings.Contains(frozen.body, `id="rubric-frozen"`) || strings.Contains(frozen.body, `name="rows"`) {
		t.Errorf("a template in use still offers its form")
	}
	form.Set("version", "3")
	if r := sup.post("/inspections/rubric", form); r.status != http.StatusConflict {
		t.Errorf("saving a template in use: %d", r.status)
	}
}
