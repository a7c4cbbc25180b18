package server

import (
	"fmt"
	"net/http"
)

func init() { matrixParts = append(matrixParts, guidanceMatrix) }

// guidanceMatrix: a school's parent school, guidance sessions and
// trainings are read by the county's roles and by the school's leader and
// office; only the office records, edits and deletes them. Teachers have
// no part in them (domain.md gives them none). Empty forms: the office
// gets the form back (422); its deletes go through (303). Users run in
// matrixUsers' order, so a delete comes after every reader but teachers,
// whom the role refuses before the record is read.
func guidanceMatrix(h *harness, f fixtures) map[string]matrixCase {
	const (
		ok  = http.StatusOK
		see = http.StatusSeeOther
		no  = http.StatusForbidden
		bad = http.StatusUnprocessableEntity
	)
	insert := func(kind, form, topic string) int64 {
		return scalar[int64](h, `
			INSERT INTO guidance_sessions (school_id, term_id, kind, form, held_on, mode, topic, speaker, audience, attending, author_id)
			SELECT $1, t.id, $2, $3, t.starts_on, 'offline', $4, '王老师', 'left_behind', 20, u.id
			FROM terms t, users u WHERE u.username = 'office' ORDER BY t.starts_on DESC LIMIT 1
			RETURNING id`, f.officeSchool, kind, form, topic)
	}
	shownID := insert("guidance", "", "矩阵测试留守儿童家庭教育指导")
	shown := fmt.Sprintf("/guidance/%d", shownID)
	gone := fmt.Sprintf("/guidance/%d", insert("training", "topic", "矩阵测试待删除培训"))
	h.exec(`INSERT INTO parent_schools (school_id, established_on, head, updated_by)
		SELECT $1, '2019-09-01', '矩阵测试校长', id FROM users WHERE username = 'office' ON CONFLICT (school_id) DO NOTHING`, f.officeSchool)
	file := func(ownerType string, ownerID int64, content string) string {
		return scalar[string](h, `
			WITH f AS (INSERT INTO evidence_files (sha256, content_type, size, data)
				VALUES (sha256(convert_to($4, 'UTF8')), 'application/pdf', 9, convert_to('%PDF-1.7 ' || $4, 'UTF8')) RETURNING sha256)
			INSERT INTO evidence (school_id, owner_type, owner_id, sha256, kind, name, added_by)
			SELECT $1, $2, $3::bigint, f.sha256, 'attachment', '材料.pdf', u.id FROM f, users u WHERE u.username = 'office'
			RETURNING '/evidence/' || id`, f.officeSchool, ownerType, ownerID, content)
	}
	shownFile, goneFile := shown+file("guidance", shownID, "guidance a"), shown+file("guidance", shownID, "guidance b")
	ps := fmt.Sprintf("/schools/%d/parent-school", f.officeSchool)
	charter, goneCharter := ps+file("parent_school", f.officeSchool, "charter a"), ps+file("parent_school", f.officeSchool, "charter b")
	readers := signedIn(no).with(ok, "admin", "leader", "supervisor", "staff", "principal", "office")
	office := signedIn(no).with(ok, "office")
	return map[string]matrixCase{
		"GET /guidance":                                                       {path: "/guidance", want: readers},
		"GET /guidance.xlsx":                                                  {path: "/guidance.xlsx", want: readers},
		"GET /guidance/print":                                                 {path: "/guidance/print", want: readers},
		"GET /guidance/new":                                                   {path: "/guidance/new", want: office},
		"POST /guidance":                                                      {path: "/guidance", want: signedIn(no).with(bad, "office")},
		"GET /guidance/{guidanceID}":                                          {path: shown, want: readers},
		"GET /guidance/{guidanceID}/edit":                                     {path: shown + "/edit", want: office},
		"POST /guidance/{guidanceID}":                                         {path: shown, want: signedIn(no).with(bad, "office")},
		"POST /guidance/{guidanceID}/delete":                                  {path: gone + "/delete", want: signedIn(no).with(see, "office")},
		"POST /guidance/{guidanceID}/evidence":                                {path: shown + "/evidence", want: signedIn(no).with(http.StatusBadRequest, "office")},
		"GET /guidance/{guidanceID}/evidence/{evidenceID}":                    {path: shownFile, want: readers},
		"POST /guidance/{guidanceID}/evidence/{evidenceID}/delete":            {path: goneFile + "/delete", want: signedIn(no).with(see, "office")},
		"GET /schools/{schoolID}/parent-school":                               {path: ps, want: readers},
		"GET /schools/{schoolID}/parent-school/edit":                          {path: ps + "/edit", want: office},
		"POST /schools/{schoolID}/parent-school":                              {path: ps, want: signedIn(no).with(bad, "office")},
		"POST /schools/{schoolID}/parent-school/evidence":                     {path: ps + "/evidence", want: signedIn(no).with(http.StatusBadRequest, "office")},
		"GET /schools/{schoolID}/parent-school/evidence/{evidenceID}":         {path: charter, want: readers},
		"POST /schools/{schoolID}/parent-school/evidence/{evidenceID}/delete": {path: goneCharter + "/delete", want: signedIn(no).with(see, "office")},
	}
}
