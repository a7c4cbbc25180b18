package server

import "github.com/go-chi/chi/v5"

// activityRoutes: practice and education activities (R14–R20), one list
// for every kind, a school's or the county's, and the school's clubs.
func (s *Server) activityRoutes(r chi.Router) {
	r.Get("/activities", s.activityList)
	r.Get("/activities.xlsx", s.activityExport)
	r.Get("/activities/print", s.activityPrint)
	r.Get("/activities/new", s.activityNewForm)
	r.Post("/activities", s.activityCreate)
	r.Get("/activities/{activityID}", s.activityShow)
	r.Get("/activities/{activityID}/edit", s.activityEditForm)
	r.Post("/activities/{activityID}", s.activityUpdate)
	r.Post("/activities/{activityID}/delete", s.activityDelete)
	r.With(uploadLimit(maxEvidenceRequest)).Post("/activities/{activityID}/evidence", s.activityEvidenceAdd)
	r.Get("/activities/{activityID}/evidence/{evidenceID}", s.activityEvidence)
	r.Post("/activities/{activityID}/evidence/{evidenceID}/delete", s.activityEvidenceDelete)
	// 学生社团 (R20): the clubs whose sessions are activities.
	r.Get("/clubs", s.clubList)
	r.Get("/clubs/new", s.clubNewForm)
	r.Post("/clubs", s.clubCreate)
	r.Get("/clubs/{clubID}", s.clubShow)
	r.Get("/clubs/{clubID}/edit", s.clubEditForm)
	r.Post("/clubs/{clubID}", s.clubUpdate)
}
