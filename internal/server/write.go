package server

import (
	"errors"
	"net/http"

	"xietong/internal/store"
)

// createOnce runs a create inside one transaction that first claims the
// form's one-time token, so that a double tap or a replayed submit creates
// one row; fn returns where the browser goes next. A replay is sent where
// the first submit went (replayed true, the response already written).
func (s *Server) createOnce(w http.ResponseWriter, r *http.Request, token string, fn func(tx *store.Store) (string, error)) (loc string, replayed bool, err error) {
	ctx := r.Context()
	p := principal(ctx)
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		prev, err := tx.ClaimFormToken(ctx, p.UserID, token)
		if err != nil {
			loc = prev
			return err
		}
		if loc, err = fn(tx); err != nil {
			return err
		}
		return tx.SetFormTokenLocation(ctx, token, loc)
	})
	if errors.Is(err, store.ErrReplay) {
		if loc == "" {
			loc = "/"
		}
		http.Redirect(w, r, loc, http.StatusSeeOther)
		return loc, true, nil
	}
	return loc, false, err
}

// done ends a successful write: a flash, then a redirect (PRG).
func (s *Server) done(w http.ResponseWriter, r *http.Request, loc, msg string) {
	s.flash(r, msg)
	http.Redirect(w, r, loc, http.StatusSeeOther)
}

// conflict answers a stale edit with the Chinese 409 page.
func (s *Server) conflict(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusConflict)
}

// forgetCounty drops the cached calendar and name of a county, so that a
// change to the calendar shows at the next request.
func (s *Server) forgetCounty(countyID int64) {
	s.countyMu.Lock()
	delete(s.counties, countyID)
	s.countyMu.Unlock()
}

// values copies a submitted form's trimmed values for re-display.
func (f *form) values(names ...string) map[string]string {
	m := make(map[string]string, len(names))
	for _, n := range names {
		m[n] = f.Get(n)
	}
	return m
}
