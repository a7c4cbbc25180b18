package server

import (
	"net/http"

	"xietong/internal/store"
)

// switchRole changes the active assignment among the user's own.
func (s *Server) switchRole(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest)
		return
	}
	key := r.PostForm.Get("key")
	found := false
	for _, a := range p.Assignments {
		if a.Key == key {
			found = true
		}
	}
	if !found {
		s.renderError(w, r, http.StatusBadRequest)
		return
	}
	// A privilege change renews the token (session fixation).
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessAssignKey, key)
	err := s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.BindSession(ctx, p.UserID, s.sessions.Token(ctx)); err != nil {
			return err
		}
		ev := s.event(r, "role.switch", store.ResultSuccess)
		ev.Details = map[string]any{"from": p.Active.Key, "to": key}
		return tx.Audit(ctx, ev)
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
