package server

import (
	"fmt"
	"net/http"
	"net/url"
)

func init() { matrixParts = append(matrixParts, complianceMatrix) }

// complianceMatrix: the heat map, its export and the catalogue are the
// county roles'; a school's duties are also its leader's and offices'
// (never a teacher's); only the administrator adds a rule version (an
// empty form comes back, 422).
func complianceMatrix(_ *harness, f fixtures) map[string]matrixCase {
	const (
		ok  = http.StatusOK
		no  = http.StatusForbidden
		bad = http.StatusUnprocessableEntity
	)
	county := signedIn(no).with(ok, "admin", "leader", "supervisor", "staff")
	return map[string]matrixCase{
		"GET /compliance":                    {path: "/compliance", want: county},
		"GET /compliance.xlsx":               {path: "/compliance.xlsx", want: county},
		"GET /compliance/rules":              {path: "/compliance/rules", want: county},
		"GET /compliance/rules/{dutyID}":     {path: "/compliance/rules/R05", want: county},
		"POST /compliance/rules/{dutyID}":    {path: "/compliance/rules/R05", form: url.Values{}, want: signedIn(no).with(bad, "admin")},
		"GET /schools/{schoolID}/compliance": {path: fmt.Sprintf("/schools/%d/compliance", f.officeSchool), want: county.with(ok, "principal", "office")},
		"GET /care-check":                    {path: "/care-check", want: county},
		// Names of flagged children: the school's leader and offices only.
		"GET /schools/{schoolID}/care-check": {path: fmt.Sprintf("/schools/%d/care-check", f.officeSchool), want: signedIn(no).with(ok, "principal", "office")},
	}
}
