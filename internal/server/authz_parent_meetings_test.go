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
		"GET /p/{token}":  {path: "/p/" + token, want: all(ok)},
		"POST /p/{token}": {path: "/p/" + token, want: all(bad)},
	}
}
