package server

import (
	"fmt"
	"net/http"
	"strings"
)

func init() { matrixParts = append(matrixParts, activityMatrix) }

// activityMatrix: a school's activities and clubs are read by the county's roles and
// by the school's leader and office; only the office records, edits and
// deletes them. Teachers have no part in them. Empty forms: the office gets
// the form back (422); its delete goes through (303). Users run in
// matrixUsers' order, so the delete comes after every reader but teachers,
// whom the role refuses before the activity is read.
func activityMatrix(h *harness, f fixtures) map[string]matrixCase {
	const (
		ok  = http.StatusOK
		see = http.StatusSeeOther
		no  = http.StatusForbidden
		bad = http.StatusUnprocessableEntity
	)
	insert := func(title string) int64 {
		return scalar[int64](h, `
			INSERT INTO activities (school_id, term_id, kind, title, held_on, office, author_id)
			SELECT $1, t.id, 'law_lecture', $2, t.starts_on, 'safety', u.id
			FROM terms t, users u WHERE u.username = 'office' ORDER BY t.starts_on DESC LIMIT 1
			RETURNING id`, f.officeSchool, title)
	}
	shown := fmt.Sprintf("/activities/%d", insert("矩阵测试法治讲座"))
	gone := fmt.Sprintf("/activities/%d", insert("矩阵测试待删除讲座"))
	club := fmt.Sprintf("/clubs/%d", scalar[int64](h, `
		INSERT INTO clubs (school_id, name, advisor) VALUES ($1, '矩阵测试社团', '王老师') RETURNING id`, f.officeSchool))
	file := func(activity, content string) string {
		return scalar[string](h, `
			WITH f AS (INSERT INTO evidence_files (sha256, content_type, size, data)
				VALUES (sha256(convert_to($3, 'UTF8')), 'application/pdf', 9, convert_to('%PDF-1.7 ' || $3, 'UTF8')) RETURNING sha256)
			INSERT INTO evidence (school_id, owner_type, owner_id, sha256, kind, name, added_by)
			SELECT $1, 'activity', $2::bigint, f.sha256, 'attachment', '签到表.pdf', u.id FROM f, users u WHERE u.username = 'office'
			RETURNING '/evidence/' || id`, f.officeSchool, strings.TrimPrefix(activity, "/activities/"), content)
	}
	shownFile, goneFile := shown+file(shown, "a"), shown+file(shown, "b")
	readers := signedIn(no).with(ok, "admin", "leader", "supervisor", "staff", "principal", "office")
	office := signedIn(no).with(ok, "office")
	return map[string]matrixCase{
		"GET /activities":                                            {path: "/activities", want: readers},
		"GET /activities.xlsx":                                       {path: "/activities.xlsx", want: readers},
		"GET /activities/print":                                      {path: "/activities/print", want: readers},
		"GET /activities/new":                                        {path: "/activities/new", want: office},
		"POST /activities":                                           {path: "/activities", want: signedIn(no).with(bad, "office")},
		"GET /activities/{activityID}":                               {path: shown, want: readers},
		"GET /activities/{activityID}/edit":                          {path: shown + "/edit", want: office},
		"POST /activities/{activityID}":                              {path: shown, want: signedIn(no).with(bad, "office")},
		"POST /activities/{activityID}/delete":                       {path: gone + "/delete", want: signedIn(no).with(see, "office")},
		"POST /activities/{activityID}/evidence":                     {path: shown + "/evidence", want: signedIn(no).with(http.StatusBadRequest, "office")},
		"GET /activities/{activityID}/evidence/{evidenceID}":         {path: shownFile, want: readers},
		"POST /activities/{activityID}/evidence/{evidenceID}/delete": {path: goneFile + "/delete", want: signedIn(no).with(see, "office")},
		"GET /clubs":                                                 {path: "/clubs", want: readers},
		"GET /clubs/new":                                             {path: "/clubs/new", want: office},
		"POST /clubs":                                                {path: "/clubs", want: signedIn(no).with(bad, "office")},
		"GET /clubs/{clubID}":                                        {path: club, want: readers},
		"GET /clubs/{clubID}/edit":                                   {path: club + "/edit", want: office},
		"POST /clubs/{clubID}":                                       {path: club, want: signedIn(no).with(bad, "office")},
	}
}
