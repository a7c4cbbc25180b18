package server

import "github.com/go-chi/chi/v5"

// complianceRoutes: the compliance engine (R01–R23): the county's heat map
// and its export, a school's duties, the catalogue and its rule versions.
func (s *Server) complianceRoutes(r chi.Router) {
	r.Get("/compliance", s.complianceCounty)
	r.Get("/compliance.xlsx", s.complianceExport)
	r.Get("/compliance/rules", s.complianceRules)
	r.Get("/compliance/rules/{dutyID}", s.complianceRule)
	r.Post("/compliance/rules/{dutyID}", s.complianceRuleChange)
	r.Get("/schools/{schoolID}/compliance", s.schoolCompliance)
	r.Get("/care-check", s.countyCareCheck)                    // 特殊群体关爱核查 (counts)
	r.Get("/schools/{schoolID}/care-check", s.schoolCareCheck) // … by name
}
