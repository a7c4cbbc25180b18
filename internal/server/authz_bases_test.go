package server

import (
	"fmt"
	"net/http"
)

func init() { matrixParts = append(matrixParts, basesMatrix) }

// basesMatrix: the county's practice-base registry is read by every
// signed-in role (it holds no child's data); bureau staff and the
// administrator keep it, a school's office and leader propose to it.
// Empty forms: those who may write get the form back (422).
func basesMatrix(h *harness, _ fixtures) map[string]matrixCase {
	const (
		ok  = http.StatusOK
		see = http.StatusSeeOther
		no  = http.StatusForbidden
		bad = http.StatusUnprocessableEntity
	)
	active := scalar[int64](h, `SELECT id FROM practice_bases WHERE status = 'active' ORDER BY id LIMIT 1`)
	proposed := scalar[int64](h, `
		INSERT INTO practice_bases (county_id, name, kind, township, address, status, created_by)
		SELECT county_id, '矩阵测试推荐基地', 'labour', '城关镇', '城关镇某村', 'proposed', id FROM users WHERE username = 'admin'
		RETURNING id`)
	base := fmt.Sprintf("/bases/%d", active)
	managers := signedIn(no).with(ok, "admin", "staff")
	proposers := signedIn(no).with(ok, "admin", "staff", "principal", "office")
	return map[string]matrixCase{
		"GET /bases":                   {path: "/bases", want: signedIn(ok)},
		"GET /bases/new":               {path: "/bases/new", want: proposers},
		"POST /bases":                  {path: "/bases", want: signedIn(no).with(bad, "admin", "staff", "principal", "office")},
		"GET /bases/{baseID}":          {path: base, want: signedIn(ok)},
		"GET /bases/{baseID}/edit":     {path: base + "/edit", want: managers},
		"POST /bases/{baseID}":         {path: base, want: signedIn(no).with(bad, "admin", "staff")},
		"POST /bases/{baseID}/approve": {path: fmt.Sprintf("/bases/%d/approve", proposed), want: signedIn(no).with(see, "admin", "staff")},
	}
}
