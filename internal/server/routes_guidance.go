package server

import "github.com/go-chi/chi/v5"

// guidanceRoutes: a school's parent school (家长学校, R09), and one list of
// its family-education guidance sessions (R10, R11) and trainings for
// parents (R22), a school's or the county's, the kind a filter.
func (s *Server) guidanceRoutes(r chi.Router) {
	r.Get("/guidance", s.guidanceList)
	r.Get("/guidance.xlsx", s.guidanceExport)
	r.Get("/guidance/print", s.guidancePrint)
	r.Get("/guidance/new", s.guidanceNewForm)
	r.Post("/guidance", s.guidanceCreate)
	r.Get("/guidance/{guidanceID}", s.guidanceShow)
	r.Get("/guidance/{guidanceID}/edit", s.guidanceEditForm)
	r.Post("/guidance/{guidanceID}", s.guidanceUpdate)
	r.Post("/guidance/{guidanceID}/delete", s.guidanceDelete)
	r.With(uploadLimit(maxEvidenceRequest)).Post("/guidance/{guidanceID}/evidence", s.guidanceEvidenceAdd)
	r.Get("/guidance/{guidanceID}/evidence/{evidenceID}", s.guidanceEvidence)
	r.Post("/guidance/{guidanceID}/evidence/{evidenceID}/delete", s.guidanceEvidenceDelete)
	r.Get("/schools/{schoolID}/parent-school", s.parentSchoolShow)
	r.Get("/schools/{schoolID}/parent-school/edit", s.parentSchoolEditForm)
	r.Post("/schools/{schoolID}/parent-school", s.parentSchoolSave)
	r.With(uploadLimit(maxEvidenceRequest)).Post("/schools/{schoolID}/parent-school/evidence", s.parentSchoolEvidenceAdd)
	r.Get("/schools/{schoolID}/parent-school/evidence/{evidenceID}", s.parentSchoolEvidence)
	r.Post("/schools/{schoolID}/parent-school/evidence/{evidenceID}/delete", s.parentSchoolEvidenceDelete)
}
