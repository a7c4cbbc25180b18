package server

import "github.com/go-chi/chi/v5"

// activityRoutes: practice and education activities (R14–R20), one list
// for every kind, a school's or the county's.
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
}
