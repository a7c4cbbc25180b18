package server

import (
	"fmt"
	"net/http"
	"strings"
)

func init() { matrixParts = append(matrixParts, classMeetingMatrix) }

// classMeetingMatrix: a class's meetings are read by those who see its
// coverage and recorded by its class teacher or the school's office; a
// school's summary is the county's, the leader's and the office's, and only
// the office sets a theme. Empty forms: those who may write get the form
// back (422).
func classMeetingMatrix(h *harness, f fixtures) map[string]matrixCase {
	const (
		ok  = http.StatusOK
		see = http.StatusSeeOther
		no  = http.StatusForbidden
		nf  = http.StatusNotFound
		bad = http.StatusUnprocessableEntity
	)
	meeting := func(title string) string {
		return fmt.Sprintf("/class-meetings/%d", scalar[int64](h, `
			INSERT INTO class_meetings (school_id, class_id, term_id, held_on, theme, title, author_id)
			SELECT c.school_id, c.id, t.id, t.starts_on, 'safety', $2, u.id FROM classes c, terms t, users u
			WHERE c.id = $1 AND u.username = 'teacher' ORDER BY t.starts_on DESC LIMIT 1 RETURNING id`, f.teacherClass, title))
	}
	photo := func(m, content string) string {
		return m + matrixPhoto(h, f.officeSchool, "class_meeting", strings.TrimPrefix(m, "/class-meetings/"), content)
	}
	shown, gone := meeting("矩阵测试班会"), meeting("矩阵测试待删除班会")
	// The office and the class teacher may delete; the office, first in
	// matrixUsers' order, does, and the teacher then finds nothing (nor the
	// subject teacher, after them, the deleted meeting).
	deleters := signedIn(no).with(see, "office").with(nf, "teacher")
	class := fmt.Sprintf("/classes/%d/meetings", f.teacherClass)
	school := fmt.Sprintf("/schools/%d/meetings", f.officeSchool)
	return map[string]matrixCase{
		"GET /classes/{classID}/meetings":  {path: class, want: signedIn(ok)},
		"POST /classes/{classID}/meetings": {path: class, want: signedIn(no).with(bad, "office", "teacher")},
		"GET /schools/{schoolID}/meetings": {path: school, want: signedIn(ok).with(nf, "teacher", "subject")},
		"POST /schools/{schoolID}/meetings/themes": {path: school + "/themes",
			want: signedIn(no).with(bad, "office")},
		"GET /class-meetings/{meetingID}":         {path: shown, want: signedIn(ok)},
		"POST /class-meetings/{meetingID}/delete": {path: gone + "/delete", want: deleters.with(nf, "subject")},
		"POST /class-meetings/{meetingID}/evidence": {path: shown + "/evidence",
			want: signedIn(no).with(http.StatusBadRequest, "office", "teacher")},
		"GET /class-meetings/{meetingID}/evidence/{evidenceID}":         {path: photo(shown, "班会照片a"), want: signedIn(ok)},
		"POST /class-meetings/{meetingID}/evidence/{evidenceID}/delete": {path: photo(shown, "班会照片b") + "/delete", want: deleters},
	}
}
