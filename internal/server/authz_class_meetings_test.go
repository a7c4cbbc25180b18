package server

import (
	"fmt"
	"net/http"
)

func init() { matrixParts = append(matrixParts, classMeetingMatrix) }

// classMeetingMatrix: a class's meetings are read by those who see its
// coverage and recorded by its class teacher or the school's office; a
// school's summary is the county's, the leader's and the office's, and only
// the office sets a theme. Empty forms: those who may write get the form
// back (422).
func classMeetingMatrix(_ *harness, f fixtures) map[string]matrixCase {
	const (
		ok  = http.StatusOK
		no  = http.StatusForbidden
		nf  = http.StatusNotFound
		bad = http.StatusUnprocessableEntity
	)
	class := fmt.Sprintf("/classes/%d/meetings", f.teacherClass)
	school := fmt.Sprintf("/schools/%d/meetings", f.officeSchool)
	return map[string]matrixCase{
		"GET /classes/{classID}/meetings":  {path: class, want: signedIn(ok)},
		"POST /classes/{classID}/meetings": {path: class, want: signedIn(no).with(bad, "office", "teacher")},
		"GET /schools/{schoolID}/meetings": {path: school, want: signedIn(ok).with(nf, "teacher", "subject")},
		"POST /schools/{schoolID}/meetings/themes": {path: school + "/themes",
			want: signedIn(no).with(bad, "office")},
	}
}
