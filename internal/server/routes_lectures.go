package server

import "github.com/go-chi/chi/v5"

// lectureRoutes: the bureau's lectures and resources and the schools'
// forwarding of them (R12). A school's forwarding lives under the school
// it is about, so that an office can only ever confirm for its own.
func (s *Server) lectureRoutes(r chi.Router) {
	r.Get("/lectures", s.lectureList)
	r.Get("/lectures.xlsx", s.lectureExport)
	r.Get("/lectures/print", s.lecturePrint)
	r.Get("/lectures/new", s.lectureNewForm)
	r.Post("/lectures", s.lectureCreate)
	r.Get("/lectures/{lectureID}", s.lectureShow)
	r.Get("/lectures/{lectureID}/edit", s.lectureEditForm)
	r.Post("/lectures/{lectureID}", s.lectureUpdate)
	r.Post("/lectures/{lectureID}/withdraw", s.lectureWithdraw)
	r.Get("/lectures/{lectureID}/schools/{schoolID}", s.lectureSchoolShow)
	r.Post("/lectures/{lectureID}/schools/{schoolID}/forward", s.lectureForward)
	r.With(uploadLimit(maxEvidenceRequest)).Post("/lectures/{lectureID}/schools/{schoolID}/evidence", s.lectureForwardEvidenceAdd)
	r.Get("/lectures/{lectureID}/schools/{schoolID}/evidence/{evidenceID}", s.lectureForwardEvidence)
	r.Post("/lectures/{lectureID}/schools/{schoolID}/evidence/{evidenceID}/delete", s.lectureForwardEvidenceDelete)
}
