package server

import (
	"fmt"
	"net/http"
	"testing"
)

// TestLoaderRefusalsAuditedOnce: through every loader, a refused request
// writes exactly one denied audit row, naming the action and the object;
// a supervisor sent to state a reason, and a malformed id, write none.
func TestLoaderRefusalsAuditedOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	const missing = 999999999
	cases := []struct {
		user, path     string
		status         int
		action, object string // of the one denied row; "" for none
		objectID       int64
	}{
		{"subject", fmt.Sprintf("/visits/%d", f.teacherVisit), http.StatusNotFound, "visit.view", "visit", f.teacherVisit},
		{"leader", fmt.Sprintf("/visits/%d/edit", f.teacherVisit), http.StatusForbidden, "visit.update", "visit", f.teacherVisit},
		{"supervisor", fmt.Sprintf("/visits/%d", f.teacherVisit), http.StatusSeeOther, "", "", 0},
		{"subject", fmt.Sprintf("/ledger/%d", f.teacherEntry), http.StatusNotFound, "ledger.view", "ledger", f.teacherEntry},
		{"supervisor", fmt.Sprintf("/ledger/%d", f.teacherEntry), http.StatusSeeOther, "", "", 0},
		{"office", fmt.Sprintf("/schools/%d", f.otherSchool), http.StatusNotFound, "school.view", "school", f.otherSchool},
		{"admin", fmt.Sprintf("/schools/%d", missing), http.StatusNotFound, "school.view", "school", missing},
		{"office", fmt.Sprintf("/coverage/schools/%d", f.otherSchool), http.StatusNotFound, "coverage.view", "school", f.otherSchool},
		{"teacher", fmt.Sprintf("/admin/schools/%d/edit", f.officeSchool), http.StatusForbidden, "school.manage", "school", f.officeSchool},
		{"admin", fmt.Sprintf("/admin/schools/%d/edit", missing), http.StatusNotFound, "school.manage", "school", missing},
		{"office", fmt.Sprintf("/users/%d", f.otherStaffUser), http.StatusNotFound, "staff.manage", "user", f.otherStaffUser},
		{"leader", fmt.Sprintf("/users/%d", f.staffUser), http.StatusForbidden, "staff.manage", "user", f.staffUser},
		{"admin", fmt.Sprintf("/users/%d", missing), http.StatusNotFound, "staff.manage", "user", missing},
		{"office", fmt.Sprintf("/schools/%d/import/students/%d", f.officeSchool, missing), http.StatusNotFound, "roster.import", "roster_import", missing},
		{"office", fmt.Sprintf("/schools/%d/import/students/%d", f.otherSchool, missing), http.StatusNotFound, "roster.import", "school", f.otherSchool},
		{"admin", "/schools/x", http.StatusNotFound, "", "", 0},
	}
	denied := func() int { return scalar[int](h, `SELECT count(*) FROM audit.events WHERE result = 'denied'`) }
	for _, tc := range cases {
		before := denied()
		r := h.as(tc.user).get(tc.path)
		if r.status != tc.status {
			t.Errorf("%s GET %s: status %d, want %d", tc.user, tc.path, r.status, tc.status)
		}
		want := 0
		if tc.action != "" {
			want = 1
		}
		if n := denied() - before; n != want {
			t.Errorf("%s GET %s: %d denied audit rows, want %d", tc.user, tc.path, n, want)
			continue
		}
		if want == 0 {
			continue
		}
		got := scalar[string](h, `SELECT action || ' ' || object_type || ' ' || coalesce(object_id, 0)
			FROM audit.events WHERE result = 'denied' ORDER BY id DESC LIMIT 1`)
		if w := fmt.Sprintf("%s %s %d", tc.action, tc.object, tc.objectID); got != w {
			t.Errorf("%s GET %s: denied row %q, want %q", tc.user, tc.path, got, w)
		}
	}
}
