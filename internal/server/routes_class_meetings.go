package server

import "github.com/go-chi/chi/v5"

// classMeetingRoutes: themed class meetings (主题班会, R05).
func (s *Server) classMeetingRoutes(r chi.Router) {
	r.Get("/classes/{classID}/meetings", s.classMeetings)
	r.Post("/classes/{classID}/meetings", s.classMeetingCreate)
	r.Get("/schools/{schoolID}/meetings", s.schoolMeetings)
	r.Post("/schools/{schoolID}/meetings/themes", s.meetingThemeCreate)
	// One meeting: its page, its photos (the evidence pipeline), delete.
	r.Get("/class-meetings/{meetingID}", s.classMeetingShow)
	r.Post("/class-meetings/{meetingID}/delete", s.classMeetingDelete)
	r.With(uploadLimit(maxEvidenceRequest)).Post("/class-meetings/{meetingID}/evidence", s.classMeetingEvidenceAdd)
	r.Get("/class-meetings/{meetingID}/evidence/{evidenceID}", s.classMeetingEvidence)
	r.Post("/class-meetings/{meetingID}/evidence/{evidenceID}/delete", s.classMeetingEvidenceDelete)
}
