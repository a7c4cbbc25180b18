package server

import "github.com/go-chi/chi/v5"

// classMeetingRoutes: themed class meetings (主题班会, R05).
func (s *Server) classMeetingRoutes(r chi.Router) {
	r.Get("/classes/{classID}/meetings", s.classMeetings)
	r.Post("/classes/{classID}/meetings", s.classMeetingCreate)
	r.Get("/schools/{schoolID}/meetings", s.schoolMeetings)
	r.Post("/schools/{schoolID}/meetings/themes", s.meetingThemeCreate)
}
