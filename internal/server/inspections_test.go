package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestInspectionSchedule: the supervisor schedules the office's school for
// the year (bad input comes back with Chinese messages and what was
// typed); the county's list shows it, with the schools not yet scheduled;
// the school sees nothing until the report is released; the leader reads
// it and exports the year; a stale edit is a conflict; a cancellation
// needs a reason and keeps the inspection, cancelled.
func TestInspectionSchedule(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	h.exec(`TRUNCATE inspections CASCADE`)
	sup, leader, office := h.as("supervisor"), h.as("leader"), h.as("office")
	school := scalar[int64](h, `SELECT ra.school_id FROM role_assignments ra JOIN users u ON u.id = ra.user_id WHERE u.username = 'office'`)
	schoolName := scalar[string](h, `SELECT name FROM schools WHERE id = $1`, school)
	me := scalar[int64](h, `SELECT id FROM users WHERE username = 'supervisor'`)
	teacher := scalar[int64](h, `SELECT id FROM users WHERE username = 'teacher'`)

	list := sup.get("/inspections")
	if list.status != http.StatusOK || !strings.Contains(list.body, `id="unscheduled"`) || !strings.Contains(list.body, schoolName) ||
		!strings.Contains(list.body, "/inspections/new?school="+itoa(school)) {
		t.Fatalf("the year's list before any schedule: %d, the school not offered to schedule", list.status)
	}
	form := func(kv ...string) url.Values {
		v := url.Values{"form_token": {sup.formToken("/inspections/new")}, "school_id": {itoa(school)}, "kind": {"annual"},
			"team": {itoa(me)}, "head": {itoa(me)}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	// A date already past, a special inspection without its subject.
	r := sup.post("/inspections", form("scheduled_on", "2026-11-01", "kind", "special", "note", "请准备家访台账"))
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "不能早于今天") || !strings.Contains(r.body, "请填写督导主题") ||
		!strings.Contains(r.body, "请准备家访台账") {
		t.Fatalf("a past special inspection without a subject: %d, messages or the typed note missing", r.status)
	}
	// A teacher on the team is no supervisor: the head must be on the team.
	bad := form("scheduled_on", "2026-12-10")
	bad["team"] = []string{itoa(teacher)}
	if r := sup.post("/inspections", bad); r.status != http.StatusUnprocessableEntity && r.status != http.StatusConflict {
		t.Errorf("a teacher on the team: %d", r.status)
	}
	if r := sup.post("/inspections", form("scheduled_on", "2026-12-10", "note", "请准备家访台账")); r.status != http.StatusSeeOther {
		t.Fatalf("schedule: %d %s", r.status, r.body)
	}
	id := scalar[int64](h, `SELECT id FROM inspections WHERE school_id = $1`, school)
	page := "/inspections/" + itoa(id)

	list = leader.get("/inspections")
	if !strings.Contains(list.body, page) || !strings.Contains(list.body, `id="waiting"`) {
		t.Errorf("the leader's list misses the scheduled inspection or the waiting schools")
	}
	// R23 on the school's duty page: scheduled, explained by the school's
	// inspections of the year for the county.
	if r := leader.get("/schools/" + itoa(school) + "/compliance"); !strings.Contains(r.body, "/inspections?school="+itoa(school)+"&amp;year=") {
		t.Error("the school's duty page has no link from R23 to its inspections")
	}
	if r := leader.get(page); r.status != http.StatusOK || !strings.Contains(r.body, "已安排") || strings.Contains(r.body, "修改安排") {
		t.Errorf("the leader's view of it: %d (and no edit link)", r.status)
	}
	if r := office.get(page); r.status != http.StatusNotFound {
		t.Errorf("the school reads its unreleased inspection: %d", r.status)
	}
	if r := office.get("/inspections"); strings.Contains(r.body, page) {
		t.Error("the school's list shows an unreleased inspection")
	}
	rows := xlsxRows(t, leader.get("/inspections.xlsx"))
	if !cellsHold(rows, schoolName) || !cellsHold(rows, "已安排") {
		t.Errorf("the export misses the inspection: %v", rows)
	}
	if r := leader.get("/inspections/print"); r.status != http.StatusOK || !strings.Contains(r.body, "督导检查安排表") {
		t.Errorf("the print: %d", r.status)
	}

	// Reschedule: a stale version is a conflict; the current one saves.
	edit := url.Values{"version": {"7"}, "kind": {"special"}, "topic": {"家访专项"}, "scheduled_on": {"2026-12-12"},
		"team": {itoa(me)}, "head": {itoa(me)}, "school_id": {itoa(school)}}
	if r := sup.post(page, edit); r.status != http.StatusConflict {
		t.Errorf("a stale edit: %d", r.status)
	}
	edit.Set("version", "1")
	if r := sup.post(page, edit); r.status != http.StatusSeeOther {
		t.Fatalf("reschedule: %d %s", r.status, r.body)
	}
	if r := sup.get(page); !strings.Contains(r.body, "家访专项") || !strings.Contains(r.body, "12月12日") {
		t.Errorf("the rescheduled page misses the subject or the date")
	}

	// Released, the school reads it.
	h.exec(`INSERT INTO inspection_rubrics (county_id, school_year_id, title) SELECT county_id, id, '细则' FROM school_years ON CONFLICT DO NOTHING`)
	h.exec(`UPDATE inspections i SET state = 'released', released_at = now(), rubric_id = r.id FROM inspection_rubrics r
		WHERE r.school_year_id = i.school_year_id AND i.id = $1`, id)
	if r := office.get(page); r.status != http.StatusOK || strings.Contains(r.body, "修改安排") {
		t.Errorf("the school reads its released inspection: %d (and no edit link)", r.status)
	}
	if r := office.get("/inspections"); !strings.Contains(r.body, page) {
		t.Error("the school's list misses its released inspection")
	}
	if r := sup.get(page + "/edit"); r.status != http.StatusConflict {
		t.Errorf("rescheduling a released inspection: %d", r.status)
	}

	// Cancel another: a reason is required; the row stays, cancelled.
	if r := sup.post("/inspections", form("scheduled_on", "2027-03-10")); r.status != http.StatusSeeOther {
		t.Fatalf("schedule a second: %d", r.status)
	}
	other := scalar[int64](h, `SELECT max(id) FROM inspections`)
	if r := sup.post("/inspections/"+itoa(other)+"/cancel", url.Values{"version": {"1"}}); r.status != http.StatusConflict ||
		!strings.Contains(r.body, "请写明原因") {
		t.Errorf("cancel without a reason: %d", r.status)
	}
	if r := sup.post("/inspections/"+itoa(other)+"/cancel", url.Values{"version": {"1"}, "reason": {"学校组织期中考试"}}); r.status != http.StatusSeeOther {
		t.Errorf("cancel: %d", r.status)
	}
	if st := scalar[string](h, `SELECT state || ':' || cancel_reason FROM inspections WHERE id = $1`, other); st != "cancelled:学校组织期中考试" {
		t.Errorf("after the cancellation: %s", st)
	}
	if n := scalar[int](h, `SELECT count(*) FROM audit.events WHERE action IN ('inspection.create', 'inspection.update', 'inspection.cancel') AND result = 'success'`); n != 4 {
		t.Errorf("%d audit rows of the schedule, want 4", n)
	}
}
