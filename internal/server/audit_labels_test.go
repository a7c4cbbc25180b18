package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// checkAuditLabels fails when the audit log holds an action, an object kind
// or a detail field the audit page cannot name in Chinese. The matrix test
// calls it after every role has tried every route, so each new audited
// route is checked as soon as it joins the matrix.
func checkAuditLabels(t *testing.T, h *harness) {
	t.Helper()
	named := map[string]bool{}
	for _, l := range auditDetailLabels {
		named[l.key] = true
	}
	for _, q := range []struct {
		what, sql string
		ok        func(string) bool
	}{
		{"action", `SELECT DISTINCT action FROM audit.events`, func(s string) bool { _, ok := auditActionLabels[s]; return ok }},
		{"object kind", `SELECT DISTINCT object_type FROM audit.events WHERE object_type <> ''`, func(s string) bool { _, ok := auditObjectLabels[s]; return ok }},
		{"detail field", `SELECT DISTINCT jsonb_object_keys(details) FROM audit.events WHERE jsonb_typeof(details) = 'object'`, func(s string) bool { return named[s] }},
	} {
		rows, err := h.db.Pool.Query(t.Context(), q.sql)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			n++
			if !q.ok(s) {
				t.Errorf("audit %s %q has no Chinese label (audit_labels.go)", q.what, s)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Errorf("no audit %s recorded: the check checked nothing", q.what)
		}
	}
}

// TestAuditPageSpeaksChinese: the audit page names actions and objects in
// Chinese and shows details as labelled fields, not JSON; the action filter
// offers inspections.
func TestAuditPageSpeaksChinese(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	sup := h.as("supervisor")
	if r := sup.post("/ledger/"+itoa(f.teacherEntry)+"/inspect", url.Values{"reason": {"年度督导抽查"}}); r.status != http.StatusSeeOther {
		t.Fatalf("inspect: %d", r.status)
	}
	admin := h.as("admin")
	r := admin.get("/audit?action=record.inspect")
	if r.status != http.StatusOK {
		t.Fatalf("audit page: %d", r.status)
	}
	for _, want := range []string{"督导查阅记录", "台账记录 #" + itoa(f.teacherEntry), "<dt>理由</dt>", "<dd>年度督导抽查</dd>", `<option value="record.inspect" selected>督导查阅记录</option>`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("audit page lacks %q", want)
		}
	}
	for _, bad := range []string{"record.inspect</td>", "ledger #", `{"reason"`} {
		if strings.Contains(r.body, bad) {
			t.Errorf("audit page shows %q", bad)
		}
	}
}
