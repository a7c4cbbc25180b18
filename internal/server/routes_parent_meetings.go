package server

import "github.com/go-chi/chi/v5"

// parentMeetingRoutes: parent meetings (家长会, R08, R13) and the parents'
// opinions with the school's responses, for signed-in users.
func (s *Server) parentMeetingRoutes(r chi.Router) {
	r.Get("/schools/{schoolID}/parent-meetings", s.parentMeetingList)
	r.Get("/schools/{schoolID}/parent-meetings/new", s.parentMeetingNewForm)
	r.Post("/schools/{schoolID}/parent-meetings", s.parentMeetingCreate)
	r.Get("/parent-meetings/{meetingID}", s.parentMeetingShow)
	r.Get("/parent-meetings/{meetingID}/edit", s.parentMeetingEditForm)
	r.Post("/parent-meetings/{meetingID}", s.parentMeetingUpdate)
	r.Get("/parent-meetings/{meetingID}/print", s.parentMeetingPrint)
	r.Post("/parent-meetings/{meetingID}/opinions", s.parentOpinionAdd)
	r.With(uploadLimit(maxUpload)).Post("/parent-meetings/{meetingID}/opinions/import", s.parentOpinionImport)
	r.Post("/parent-meetings/{meetingID}/opinions/{opinionID}", s.parentOpinionStep)
	// The sign-in sheet photo and other evidence (the evidence pipeline).
	r.With(uploadLimit(maxEvidenceRequest)).Post("/parent-meetings/{meetingID}/evidence", s.parentMeetingEvidenceAdd)
	r.Get("/parent-meetings/{meetingID}/evidence/{evidenceID}", s.parentMeetingEvidence)
	r.Post("/parent-meetings/{meetingID}/evidence/{evidenceID}/delete", s.parentMeetingEvidenceDelete)
}

// parentLinkRoutes: the page behind a meeting's link and QR code, where a
// parent sends an opinion without signing in (parent_link.go says what
// guards it). Outside the session: it keeps no session.
func (s *Server) parentLinkRoutes(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(noStore)
		r.Get("/p/{token}", s.parentLinkPage)
		r.With(s.opinionRateLimit()).Post("/p/{token}", s.parentLinkSend)
	})
}
