package server

import "github.com/go-chi/chi/v5"

// inspectionRoutes: the annual inspection (督导检查, R23): the year's
// schedule, the rubric of a school year, an inspection's page, its schedule
// form and cancellation.
func (s *Server) inspectionRoutes(r chi.Router) {
	r.Get("/inspections", s.inspectionList)
	r.Get("/inspections.xlsx", s.inspectionExport)
	r.Get("/inspections/print", s.inspectionPrint)
	r.Get("/inspections/new", s.inspectionNewForm)
	r.Get("/inspections/rubric", s.rubricShow)
	r.Post("/inspections/rubric", s.rubricSave)
	r.Post("/inspections", s.inspectionCreate)
	r.Get("/inspections/{inspectionID}", s.inspectionShow)
	r.Get("/inspections/{inspectionID}/edit", s.inspectionEditForm)
	r.Post("/inspections/{inspectionID}", s.inspectionUpdate)
	r.Post("/inspections/{inspectionID}/cancel", s.inspectionCancel)
}
