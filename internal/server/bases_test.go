package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestBaseRegistry: bureau staff add a base (bad input keeps what was
// typed, with a Chinese message); a school's office proposes one, which
// waits until staff approve it; a teacher reads the registry but may not
// add to it.
func TestBaseRegistry(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	staff, office, teacher := h.as("staff"), h.as("office"), h.as("teacher")
	if r := teacher.get("/bases"); r.status != http.StatusOK || !strings.Contains(r.body, "王海平故居") || !strings.Contains(r.body, "卡法红色教育基地") {
		t.Fatalf("teacher reads the registry: %d, or the plan's red bases missing", r.status)
	}
	if r := teacher.get("/bases/new"); r.status != http.StatusForbidden {
		t.Errorf("teacher's new-base form: %d, want 403", r.status)
	}
	form := func(c *client, name, phone string) url.Values {
		return url.Values{"form_token": {c.formToken("/bases/new")}, "name": {name}, "kind": {"labour"}, "township": {"城关镇"},
			"address": {"城关镇东门村"}, "contact_name": {"李强"}, "contact_phone": {phone}, "agreement_from": {"2026-09-01"}, "agreement_to": {"2027-07-31"}}
	}
	r := staff.post("/bases", form(staff, "东门村劳动教育基地", "12"))
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "联系电话") || !strings.Contains(r.body, "东门村劳动教育基地") {
		t.Fatalf("a bad phone: %d, message or typed name missing", r.status)
	}
	if r := staff.post("/bases", form(staff, "东门村劳动教育基地", "13812345678")); r.status != http.StatusSeeOther {
		t.Fatalf("staff add: %d", r.status)
	}
	if st := scalar[string](h, `SELECT status FROM practice_bases WHERE name = '东门村劳动教育基地'`); st != "active" {
		t.Errorf("staff's base is %s, want active", st)
	}
	if r := office.post("/bases", form(office, "西山果园劳动基地", "13812345679")); r.status != http.StatusSeeOther {
		t.Fatalf("office proposal: %d", r.status)
	}
	id := scalar[int64](h, `SELECT id FROM practice_bases WHERE name = '西山果园劳动基地' AND status = 'proposed'`)
	if r := teacher.get("/bases"); strings.Contains(r.body, "西山果园劳动基地") {
		t.Error("a proposal waiting for approval is listed for a teacher")
	}
	if r := staff.post("/bases/"+itoa(id)+"/approve", url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("approve: %d", r.status)
	}
	if r := teacher.get("/bases"); !strings.Contains(r.body, "西山果园劳动基地") {
		t.Error("the approved base is not listed")
	}
}
