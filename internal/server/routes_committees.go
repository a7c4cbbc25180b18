package server

import "github.com/go-chi/chi/v5"

// committeeRoutes: parent committees (家长委员会, R06 a class's, R07 the school's).
func (s *Server) committeeRoutes(r chi.Router) {
	r.Get("/classes/{classID}/committee", s.classCommittee)
	r.Post("/classes/{classID}/committee/find", s.classCommitteeFind)
	r.Post("/classes/{classID}/committee/members", s.classCommitteeAdd)
	r.Post("/classes/{classID}/committee/members/{memberID}/head", s.classCommitteeHead)
	r.Post("/classes/{classID}/committee/members/{memberID}/delete", s.classCommitteeRemove)
	r.Post("/classes/{classID}/committee/carry", s.classCommitteeCarry)
	r.Post("/classes/{classID}/committee/confirm", s.classCommitteeConfirm)
	r.Get("/schools/{schoolID}/committees", s.schoolCommittees)
	r.Get("/schools/{schoolID}/committees/school", s.schoolCommittee)
	r.Get("/schools/{schoolID}/committees/school/print", s.schoolCommitteePrint)
	r.Post("/schools/{schoolID}/committees/school/reps", s.schoolRepAdd)
	r.Post("/schools/{schoolID}/committees/school/reps/{repID}/head", s.schoolRepHead)
	r.Post("/schools/{schoolID}/committees/school/reps/{repID}/delete", s.schoolRepRemove)
}
