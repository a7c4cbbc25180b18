package server

import (
	"fmt"
	"net/http"
)

func init() { matrixParts = append(matrixParts, planMatrix) }

// planMatrix: a school's work plan is read by county roles and the
// school's leader and office, never by teachers; only the office writes
// and submits it, the leader reviews it first when asked, bureau staff and
// supervisors review it; the bureau's page of every school is the county
// roles'. The part's own plan is a draft of the office's school for the
// spring term with one item (the office removes it, 303) and a second with
// a confirmed record (the office unlinks it, 303; a link without a record
// chosen is 422). Empty forms:
// those who may act get the page back (422, no form token); the sections'
// form may be saved empty while a draft (303).
func planMatrix(h *harness, f fixtures) map[string]matrixCase {
	const (
		ok  = http.StatusOK
		see = http.StatusSeeOther
		no  = http.StatusForbidden
		bad = http.StatusUnprocessableEntity
	)
	plan := scalar[int64](h, `
		INSERT INTO work_plans (school_id, term_id, created_by)
		SELECT $1, t.id, u.id FROM terms t JOIN school_years y ON y.id = t.school_year_id, users u
		WHERE y.start_year = 2026 AND t.ordinal = 2 AND u.username = 'office'
		RETURNING id`, f.officeSchool)
	item := scalar[int64](h, `
		INSERT INTO work_plan_items (plan_id, kind, office, title, planned_on)
		SELECT $1, 'club', 'moral', '社团活动', t.starts_on + 20 FROM work_plans p JOIN terms t ON t.id = p.term_id WHERE p.id = $1
		RETURNING id`, plan)
	// A second item, with a confirmed record, for the link routes.
	linked := scalar[int64](h, `
		INSERT INTO work_plan_items (plan_id, kind, office, title, planned_on)
		SELECT $1, 'club', 'moral', '社团活动二', t.starts_on + 30 FROM work_plans p JOIN terms t ON t.id = p.term_id WHERE p.id = $1
		RETURNING id`, plan)
	scalar[int64](h, `
		INSERT INTO work_plan_links (item_id, plan_id, record_type, record_id, linked_by)
		SELECT $1, $2, 'activity', 1, id FROM users WHERE username = 'office' RETURNING item_id`, linked, plan)
	readers := signedIn(ok).with(no, "teacher", "subject")
	officeOnly := func(status int) expect { return signedIn(no).with(status, "office") }
	school := fmt.Sprintf("/schools/%d/plan", f.officeSchool)
	p := fmt.Sprintf("/plans/%d", plan)
	return map[string]matrixCase{
		"GET /plans":                                 {path: "/plans", want: signedIn(no).with(ok, "admin", "leader", "supervisor", "staff")},
		"GET /schools/{schoolID}/plan":               {path: school, want: readers},
		"POST /schools/{schoolID}/plan":              {path: school, want: officeOnly(bad)},
		"GET /plans/{planID}":                        {path: p, want: readers},
		"GET /plans/{planID}/edit":                   {path: p + "/edit", want: officeOnly(ok)},
		"POST /plans/{planID}/edit":                  {path: p + "/edit", want: officeOnly(see)},
		"POST /plans/{planID}/items":                 {path: p + "/items", want: officeOnly(bad)},
		"POST /plans/{planID}/items/{itemID}/remove": {path: fmt.Sprintf("%s/items/%d/remove", p, item), want: officeOnly(see)},
		"POST /plans/{planID}/submit":                {path: p + "/submit", want: officeOnly(bad)},
		"POST /plans/{planID}/leader-review":         {path: p + "/leader-review", want: signedIn(no).with(bad, "principal")},
		"POST /plans/{planID}/review":                {path: p + "/review", want: signedIn(no).with(bad, "staff", "supervisor")},
		"GET /plans/{planID}/versions":               {path: p + "/versions", want: readers},
		"GET /plans/{planID}/ledger":                 {path: p + "/ledger", want: readers},
		"POST /plans/{planID}/items/{itemID}/link":   {path: fmt.Sprintf("%s/items/%d/link", p, linked), want: officeOnly(bad)},
		"POST /plans/{planID}/items/{itemID}/unlink": {path: fmt.Sprintf("%s/items/%d/unlink", p, linked), want: officeOnly(see)},
	}
}
