package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

func init() { matrixParts = append(matrixParts, inspectionMatrix) }

// inspectionMatrix: the county's roles read every inspection; the office's
// school's leader and office read it only once released (an unreleased
// one does not exist for them: 404); teachers have no part. Only the
// supervisor schedules, reschedules and cancels. Empty forms: the new
// schedule comes back (422); an edit or a cancel without the version it
// started from is refused before any change (400), as the rubric's form
// without its year. The rubric is the county's: the school has no page.
func inspectionMatrix(h *harness, f fixtures) map[string]matrixCase {
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
	insert := func(state string) int64 {
		return scalar[int64](h, `
			INSERT INTO inspections (school_id, school_year_id, kind, scheduled_on, state, created_by, rubric_id, released_at)
			SELECT $1, y.id, 'annual', y.starts_on + 90, $2, u.id, r.id, CASE WHEN $2 = 'released' THEN now() END
			FROM school_years y JOIN inspection_rubrics r ON r.school_year_id = y.id, users u
			WHERE u.username = 'supervisor' ORDER BY y.start_year DESC LIMIT 1
			RETURNING id`, f.officeSchool, state)
	}
	released := fmt.Sprintf("/inspections/%d", insert("released"))
	planned := fmt.Sprintf("/inspections/%d", insert("scheduled"))
	gone := insert("scheduled")
	file := func(inspection, content string) string {
		return scalar[string](h, `
			WITH f AS (INSERT INTO evidence_files (sha256, content_type, size, data)
				VALUES (sha256(convert_to($3, 'UTF8')), 'application/pdf', 9, convert_to('%PDF-1.7 ' || $3, 'UTF8')) RETURNING sha256)
			INSERT INTO evidence (school_id, owner_type, owner_id, sha256, kind, name, added_by)
			SELECT $1, 'inspection', $2::bigint, f.sha256, 'attachment', '督导记录表.pdf', u.id FROM f, users u WHERE u.username = 'supervisor'
			RETURNING '/evidence/' || id`, f.officeSchool, strings.TrimPrefix(inspection, "/inspections/"), content)
	}
	releasedFile, plannedFile := released+file(released, "督导a"), planned+file(planned, "督导b")
	readers := signedIn(no).with(ok, "admin", "leader", "supervisor", "staff", "principal", "office")
	supervisor := signedIn(no).with(ok, "supervisor")
	county := signedIn(no).with(ok, "admin", "leader", "supervisor", "staff")
	// A scheduled inspection: county roles other than the supervisor may
	// read it but not change it (403); the school does not see it (404).
	unreleased := func(status int) expect {
		return signedIn(no).with(status, "supervisor").with(nf, "principal", "office")
	}
	return map[string]matrixCase{
		"GET /inspections":                     {path: "/inspections", want: readers},
		"GET /inspections.xlsx":                {path: "/inspections.xlsx", want: readers},
		"GET /inspections/print":               {path: "/inspections/print", want: readers},
		"GET /inspections/new":                 {path: "/inspections/new", want: supervisor},
		"POST /inspections":                    {path: "/inspections", want: signedIn(no).with(bad, "supervisor")},
		"GET /inspections/rubric":              {path: "/inspections/rubric", want: county},
		"POST /inspections/rubric":             {path: "/inspections/rubric", want: signedIn(no).with(badReq, "supervisor")},
		"GET /inspections/{inspectionID}":      {path: released, want: readers},
		"GET /inspections/{inspectionID}/edit": {path: planned + "/edit", want: unreleased(ok)},
		"POST /inspections/{inspectionID}":     {path: planned, want: unreleased(badReq)},
		"POST /inspections/{inspectionID}/cancel": {path: fmt.Sprintf("/inspections/%d/cancel", gone),
			form: url.Values{"version": {"1"}, "reason": {"矩阵测试"}}, want: unreleased(see)},
		// Scoring: an empty sheet saves (and starts the inspection); a step
		// without its version is refused (400); an upload that is no form
		// of files too.
		"POST /inspections/{inspectionID}/scores":                       {path: planned + "/scores", want: unreleased(see)},
		"POST /inspections/{inspectionID}/finish":                       {path: planned + "/finish", want: unreleased(badReq)},
		"POST /inspections/{inspectionID}/reopen":                       {path: planned + "/reopen", want: unreleased(badReq)},
		"POST /inspections/{inspectionID}/release":                      {path: planned + "/release", want: unreleased(badReq)},
		"POST /inspections/{inspectionID}/evidence":                     {path: planned + "/evidence", want: unreleased(badReq)},
		"GET /inspections/{inspectionID}/evidence/{evidenceID}":         {path: releasedFile, want: readers},
		"POST /inspections/{inspectionID}/evidence/{evidenceID}/delete": {path: plannedFile + "/delete", want: unreleased(see)},
	}
}
