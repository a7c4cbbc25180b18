package server

import (
	"context"
	"fmt"
	"net/http"

	"xietong/internal/calendar"
	"xietong/internal/parents"
	"xietong/internal/store"
)

func init() { matrixParts = append(matrixParts, parentMeetingMatrix) }

// matrixMeeting records a class meeting of the teacher's class with one
// opinion, for the matrix and the handler tests; it returns the meeting,
// the opinion and the parents' link token.
func matrixMeeting(h *harness, f fixtures) (meeting, opinion int64, token string) {
	h.t.Helper()
	ctx := context.Background()
	office := scalar[int64](h, `SELECT id FROM users WHERE username = 'office'`)
	term := scalar[int64](h, `SELECT t.id FROM terms t JOIN school_years y ON y.id = t.school_year_id WHERE y.start_year = 2026 AND t.ordinal = 1`)
	token = newLinkToken()
	meeting, err := h.st.CreateParentMeeting(ctx, store.NewParentMeeting{SchoolID: f.officeSchool, AuthorID: office, LinkToken: token,
		MeetingFields: store.MeetingFields{TermID: term, Scope: parents.ScopeClass, ClassID: f.teacherClass, HeldOn: calendar.D(2026, 11, 13),
			Organisers: []string{"division"}, Topic: "班级家长会", Invited: 40, Attending: 36}})
	if err != nil {
		h.t.Fatal(err)
	}
	if err := h.st.AddOpinions(ctx, f.officeSchool, meeting, office, "staff", []store.NewOpinion{{Body: "希望多组织亲子活动", Category: "activities"}}); err != nil {
		h.t.Fatal(err)
	}
	opinion = scalar[int64](h, `SELECT id FROM parent_opinions WHERE meeting_id = $1`, meeting)
	return meeting, opinion, token
}

// matrixPhoto stores a photo (content, a few bytes) as evidence of the
// owner in school, added by the teacher, and returns its path under the
// owner's page ("/evidence/{id}").
func matrixPhoto(h *harness, school int64, ownerType, ownerID, content string) string {
	h.t.Helper()
	return scalar[string](h, `
		WITH f AS (INSERT INTO evidence_files (sha256, content_type, size, data)
			VALUES (sha256(convert_to($4, 'UTF8')), 'image/jpeg', 4, convert_to($4, 'UTF8')) RETURNING sha256)
		INSERT INTO evidence (school_id, owner_type, owner_id, sha256, kind, name, added_by)
		SELECT $1, $2, $3::bigint, f.sha256, 'photo', '照片.jpg', u.id FROM f, users u WHERE u.username = 'teacher'
		RETURNING '/evidence/' || id`, school, ownerType, ownerID, content)
}

// parentMeetingMatrix: county roles and the school's leader read a school's
// meetings; its office keeps them; a class teacher records and reads their
// class's; a subject teacher has no part. The parents' link is open to
// anyone (no sign-in); an empty opinion gets the form back (422). Empty
// forms: those who may write get the form back (422); a step without its
// name is 400.
func parentMeetingMatrix(h *harness, f fixtures) map[string]matrixCase {
	const (
		ok  = http.StatusOK
		no  = http.StatusForbidden
		bad = http.StatusUnprocessableEntity
	)
	meeting, opinion, token := matrixMeeting(h, f)
	list := fmt.Sprintf("/schools/%d/parent-meetings", f.officeSchool)
	one := fmt.Sprintf("/parent-meetings/%d", meeting)
	writers := signedIn(no)
	return map[string]matrixCase{
		"GET /schools/{schoolID}/parent-meetings":     {path: list, want: signedIn(ok).with(no, "subject")},
		"GET /schools/{schoolID}/parent-meetings/new": {path: list + "/new", want: writers.with(ok, "office", "teacher")},
		"POST /schools/{schoolID}/parent-meetings":    {path: list, want: writers.with(bad, "office", "teacher")},
		"GET /parent-meetings/{meetingID}":            {path: one, want: signedIn(ok).with(no, "subject")},
		"GET /parent-meetings/{meetingID}/edit":       {path: one + "/edit", want: writers.with(ok, "office", "teacher")},
		"POST /parent-meetings/{meetingID}":           {path: one, want: writers.with(bad, "office", "teacher")},
		"GET /parent-meetings/{meetingID}/print":      {path: one + "/print", want: signedIn(ok).with(no, "subject")},
		"POST /parent-meetings/{meetingID}/opinions":  {path: one + "/opinions", want: writers.with(bad, "office", "teacher")},
		// Not a multipart upload: the page again with "请选择要上传的文件".
		"POST /parent-meetings/{meetingID}/opinions/import": {path: one + "/opinions/import", want: writers.with(bad, "office", "teacher")},
		"POST /parent-meetings/{meetingID}/opinions/{opinionID}": {path: fmt.Sprintf("%s/opinions/%d", one, opinion),
			want: writers.with(http.StatusBadRequest, "office", "teacher")},
		// The sign-in sheet: not a multipart upload is 400 for those who
		// record the meeting; the school's people who read it see the
		// photo, county roles not; the office, first in matrixUsers'
		// order, deletes it, and the teacher then finds nothing.
		"POST /parent-meetings/{meetingID}/evidence": {path: one + "/evidence",
			want: writers.with(http.StatusBadRequest, "office", "teacher")},
		"GET /parent-meetings/{meetingID}/evidence/{evidenceID}": {path: one + matrixPhoto(h, f.officeSchool, "parent_meeting", itoa(meeting), "签到表a"),
			want: signedIn(no).with(ok, "principal", "office", "teacher")},
		"POST /parent-meetings/{meetingID}/evidence/{evidenceID}/delete": {path: one + matrixPhoto(h, f.officeSchool, "parent_meeting", itoa(meeting), "签到表b") + "/delete",
			want: writers.with(http.StatusSeeOther, "office").with(http.StatusNotFound, "teacher")},
		"GET /p/{token}":  {path: "/p/" + token, want: all(ok)},
		"POST /p/{token}": {path: "/p/" + token, want: all(bad)},
	}
}
