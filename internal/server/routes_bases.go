package server

import "github.com/go-chi/chi/v5"

// baseRoutes are the county's registry of practice bases (社会实践基地):
// the bureau keeps it, schools propose bases for it, everyone reads it.
func (s *Server) baseRoutes(r chi.Router) {
	r.Get("/bases", s.baseList)
	r.Get("/bases/new", s.baseNewForm)
	r.Post("/bases", s.baseCreate)
	r.Get("/bases/{baseID}", s.baseShow)
	r.Get("/bases/{baseID}/edit", s.baseEditForm)
	r.Post("/bases/{baseID}", s.baseUpdate)
	r.Post("/bases/{baseID}/approve", s.baseApprove)
}
