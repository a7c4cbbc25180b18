package server

import (
	"net/http"
	"strconv"

	"xietong/internal/auth"
	"xietong/internal/store"
	"xietong/web/pages/pmeetings"
)

// A parent meeting's sign-in sheet (签到表) photo, the evidence of its
// attendance, and any other file of it, through the evidence pipeline:
// added and deleted by those who record the meeting, seen by the school's
// people who read it (auth.ViewMeetingSignIn: the sheet names parents and
// often their children), counted for county roles.

func parentMeetingOwner(m *store.ParentMeeting) store.EvidenceOwner {
	return store.EvidenceOwner{Type: "parent_meeting", ID: m.ID, SchoolID: m.SchoolID}
}

// meetingSignIn fills the meeting page's sign-in sheet: the files and the
// upload form for those who may see them, the count for the others.
func (s *Server) meetingSignIn(r *http.Request, m *store.ParentMeeting, res auth.Resource, fix *opinionFix, v *pmeetings.ShowView) error {
	p := principal(r.Context())
	files, err := s.store.ListEvidence(r.Context(), parentMeetingOwner(m))
	if err != nil {
		return err
	}
	v.SignInLabel = "未上传"
	if len(files) > 0 {
		v.SignInLabel = "已上传 " + strconv.Itoa(len(files)) + " 份"
	}
	if !auth.Can(p, auth.ViewMeetingSignIn, res) {
		if len(files) > 0 {
			v.SignInLabel += "（含家长姓名，仅本校可查看）"
		}
		return nil
	}
	msg := ""
	if fix != nil {
		msg = fix.upload
	}
	v.ShowSignIn = true
	v.SignIn = evidenceView(files, meetingPath(m.ID), auth.Can(p, auth.RecordParentMeeting, res), newFormToken(), msg)
	return nil
}

func (s *Server) parentMeetingEvidenceAdd(w http.ResponseWriter, r *http.Request) {
	m, res, ok := s.loadMeeting(w, r, auth.RecordParentMeeting)
	if !ok {
		return
	}
	s.addEvidence(w, r, parentMeetingOwner(m), meetingPath(m.ID), func(msg string) {
		s.renderMeeting(w, r, m, res, &opinionFix{upload: msg}, http.StatusUnprocessableEntity)
	})
}

func (s *Server) parentMeetingEvidence(w http.ResponseWriter, r *http.Request) {
	m, _, ok := s.loadMeeting(w, r, auth.ViewMeetingSignIn)
	if !ok {
		return
	}
	s.sendEvidence(w, r, parentMeetingOwner(m))
}

func (s *Server) parentMeetingEvidenceDelete(w http.ResponseWriter, r *http.Request) {
	m, _, ok := s.loadMeeting(w, r, auth.RecordParentMeeting)
	if !ok {
		return
	}
	s.deleteEvidence(w, r, parentMeetingOwner(m), meetingPath(m.ID))
}
