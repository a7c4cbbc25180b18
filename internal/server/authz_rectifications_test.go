package server

import (
	"fmt"
	"net/http"
	"net/url"
)

func init() { matrixParts = append(matrixParts, rectificationMatrix) }

// rectificationMatrix: on a released inspection of the office's school,
// county roles and the school's leader and office read the items; only
// the supervisor sets items, checks reports and closes; only the school's
// leader and office report and keep the report's files. Empty forms: a new
// item or a report comes back (422), a check without a decision too, a
// close without the version it started from is refused (400), an upload
// that is not multipart is unreadable (400). The principal (before the
// office in the matrix's order) deletes the file; the office then finds it
// gone (404).
func rectificationMatrix(h *harness, f fixtures) map[string]matrixCase {
	const (
		ok     = http.StatusOK
		see    = http.StatusSeeOther
		no     = http.StatusForbidden
		nf     = http.StatusNotFound
		bad    = http.StatusUnprocessableEntity
		badReq = http.StatusBadRequest
	)
	h.exec(`INSERT INTO inspection_rubrics (county_id, school_year_id, title)
		SELECT county_id, id, '矩阵测试细则' FROM school_years ON CONFLICT DO NOTHING`)
	in := scalar[int64](h, `
		INSERT INTO inspections (school_id, school_year_id, kind, scheduled_on, state, created_by, rubric_id, released_at)
		SELECT $1, y.id, 'annual', y.starts_on + 90, 'released', u.id, r.id, now()
		FROM school_years y JOIN inspection_rubrics r ON r.school_year_id = y.id, users u
		WHERE u.username = 'supervisor' ORDER BY y.start_year DESC LIMIT 1
		RETURNING id`, f.officeSchool)
	item := func(state string) int64 {
		return scalar[int64](h, `
			INSERT INTO inspection_rectifications (inspection_id, school_id, problem, owner_office, deadline, state, report, reported_at, created_by)
			SELECT $1, $2, '矩阵测试整改', 'moral', current_date + 30, $3, CASE WHEN $3 = 'open' THEN '' ELSE '已整改' END,
			       CASE WHEN $3 = 'open' THEN NULL ELSE now() END, u.id FROM users u WHERE u.username = 'supervisor'
			RETURNING id`, in, f.officeSchool, state)
	}
	open, submitted := item("open"), item("submitted")
	file := func(content string) string {
		return scalar[string](h, `
			WITH f AS (INSERT INTO evidence_files (sha256, content_type, size, data)
				VALUES (sha256(convert_to($3, 'UTF8')), 'application/pdf', 9, convert_to('%PDF-1.7 ' || $3, 'UTF8')) RETURNING sha256)
			INSERT INTO evidence (school_id, owner_type, owner_id, sha256, kind, name, added_by)
			SELECT $1, 'rectification', $2::bigint, f.sha256, 'attachment', '整改报告.pdf', u.id FROM f, users u WHERE u.username = 'office'
			RETURNING '/evidence/' || id`, f.officeSchool, open, content)
	}
	openPath := fmt.Sprintf("/rectifications/%d", open)
	shownFile, goneFile := openPath+file("rect-a"), openPath+file("rect-b")
	inPath := fmt.Sprintf("/inspections/%d", in)
	readers := signedIn(no).with(ok, "admin", "leader", "supervisor", "staff", "principal", "office")
	school := func(status int) expect { return signedIn(no).with(status, "principal", "office") }
	return map[string]matrixCase{
		"GET /inspections/year":                              {path: "/inspections/year", want: signedIn(no).with(ok, "admin", "leader", "supervisor", "staff")},
		"GET /inspections/{inspectionID}/rectification":      {path: inPath + "/rectification", want: readers},
		"POST /inspections/{inspectionID}/rectifications":    {path: inPath + "/rectifications", form: url.Values{}, want: signedIn(no).with(bad, "supervisor")},
		"POST /inspections/{inspectionID}/close":             {path: inPath + "/close", form: url.Values{}, want: signedIn(no).with(badReq, "supervisor")},
		"POST /rectifications/{rectID}/report":               {path: openPath + "/report", form: url.Values{}, want: school(bad)},
		"POST /rectifications/{rectID}/review":               {path: fmt.Sprintf("/rectifications/%d/review", submitted), form: url.Values{}, want: signedIn(no).with(bad, "supervisor")},
		"POST /rectifications/{rectID}/evidence":             {path: openPath + "/evidence", want: school(badReq)},
		"GET /rectifications/{rectID}/evidence/{evidenceID}": {path: shownFile, want: readers},
		"POST /rectifications/{rectID}/evidence/{evidenceID}/delete": {path: goneFile + "/delete",
			want: signedIn(no).with(see, "principal").with(nf, "office")},
	}
}
