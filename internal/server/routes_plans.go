package server

import "github.com/go-chi/chi/v5"

// planRoutes: term work plans (工作方案, R01).
func (s *Server) planRoutes(r chi.Router) {
	r.Get("/plans", s.planStates)
	r.Get("/schools/{schoolID}/plan", s.schoolPlan)
	r.Post("/schools/{schoolID}/plan", s.planCreate)
	r.Get("/plans/{planID}", s.planShow)
	r.Get("/plans/{planID}/edit", s.planEditForm)
	r.Post("/plans/{planID}/edit", s.planEdit)
	r.Post("/plans/{planID}/items", s.planItemAdd)
	r.Post("/plans/{planID}/items/{itemID}/remove", s.planItemRemove)
	r.Post("/plans/{planID}/submit", s.planSubmit)
	r.Post("/plans/{planID}/leader-review", s.planLeaderReview)
	r.Post("/plans/{planID}/review", s.planReview)
	r.Get("/plans/{planID}/versions", s.planVersions)
	// Plan against done.
	r.Post("/plans/{planID}/items/{itemID}/link", s.planLink)
	r.Post("/plans/{planID}/items/{itemID}/unlink", s.planUnlink)
	r.Get("/plans/{planID}/ledger", s.planLedger)
}
