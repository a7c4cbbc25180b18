package server

import (
	"fmt"
	"net/http"
)

func init() { matrixParts = append(matrixParts, lectureMatrix) }

// lectureMatrix: the bureau's lectures (R12). County roles and the
// school's leader and office read the lists and a lecture's pages; only
// bureau staff publish, edit and withdraw; only the school's office
// confirms forwarding and keeps its screenshots. Empty forms: the staff's
// and the office's come back (422); an upload that is not multipart is
// 400. Users run in matrixUsers' order: once staff have withdrawn the
// lecture gone, the school's leader and office no longer find it (404),
// as a school never sees a withdrawn lecture.
func lectureMatrix(h *harness, f fixtures) map[string]matrixCase {
	const (
		ok  = http.StatusOK
		see = http.StatusSeeOther
		no  = http.StatusForbidden
		bad = http.StatusUnprocessableEntity
	)
	insert := func(title string) int64 {
		return scalar[int64](h, `
			INSERT INTO lectures (county_id, title, link_url, published_on, published_by)
			SELECT s.county_id, $2, 'https://example.cn/matrix', DATE '2026-11-27', u.id
			FROM schools s, users u WHERE s.id = $1 AND u.username = 'staff'
			RETURNING id`, f.officeSchool, title)
	}
	shown, gone, done := insert("矩阵测试讲座"), insert("矩阵测试待撤回讲座"), insert("矩阵测试已转发讲座")
	forward := scalar[int64](h, `
		INSERT INTO lecture_forwards (lecture_id, school_id, forwarded_on, groups, forwarded_by)
		SELECT $1, $2, DATE '2026-11-28', '各班家长群', id FROM users WHERE username = 'office' RETURNING id`, done, f.officeSchool)
	file := func(content string) string {
		return scalar[string](h, `
			WITH f AS (INSERT INTO evidence_files (sha256, content_type, size, data)
				VALUES (sha256(convert_to($3, 'UTF8')), 'application/pdf', 9, convert_to('%PDF-1.7 ' || $3, 'UTF8')) RETURNING sha256)
			INSERT INTO evidence (school_id, owner_type, owner_id, sha256, kind, name, added_by)
			SELECT $1, 'lecture_forward', $2::bigint, f.sha256, 'attachment', '转发截图.pdf', u.id FROM f, users u WHERE u.username = 'office'
			RETURNING '/evidence/' || id`, f.officeSchool, forward, content)
	}
	path := func(id int64) string { return fmt.Sprintf("/lectures/%d", id) }
	school := func(id int64) string { return fmt.Sprintf("/lectures/%d/schools/%d", id, f.officeSchool) }
	shownFile, goneFile := school(done)+file("lecture a"), school(done)+file("lecture b")
	readers := signedIn(no).with(ok, "admin", "leader", "supervisor", "staff", "principal", "office")
	staff := signedIn(no).with(ok, "staff")
	return map[string]matrixCase{
		"GET /lectures":                                         {path: "/lectures", want: readers},
		"GET /lectures.xlsx":                                    {path: "/lectures.xlsx", want: readers},
		"GET /lectures/print":                                   {path: "/lectures/print", want: readers},
		"GET /lectures/new":                                     {path: "/lectures/new", want: staff},
		"POST /lectures":                                        {path: "/lectures", want: signedIn(no).with(bad, "staff")},
		"GET /lectures/{lectureID}":                             {path: path(shown), want: readers},
		"GET /lectures/{lectureID}/edit":                        {path: path(shown) + "/edit", want: staff},
		"POST /lectures/{lectureID}":                            {path: path(shown), want: signedIn(no).with(bad, "staff")},
		"POST /lectures/{lectureID}/withdraw":                   {path: path(gone) + "/withdraw", want: signedIn(no).with(see, "staff").with(http.StatusNotFound, "principal", "office")},
		"GET /lectures/{lectureID}/schools/{schoolID}":          {path: school(shown), want: readers},
		"POST /lectures/{lectureID}/schools/{schoolID}/forward": {path: school(shown) + "/forward", want: signedIn(no).with(bad, "office")},
		"POST /lectures/{lectureID}/schools/{schoolID}/evidence": {path: school(done) + "/evidence",
			want: signedIn(no).with(http.StatusBadRequest, "office")},
		"GET /lectures/{lectureID}/schools/{schoolID}/evidence/{evidenceID}":         {path: shownFile, want: readers},
		"POST /lectures/{lectureID}/schools/{schoolID}/evidence/{evidenceID}/delete": {path: goneFile + "/delete", want: signedIn(no).with(see, "office")},
	}
}
