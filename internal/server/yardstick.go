//go:build bench

package server

import (
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"

	"xietong/internal/store"
	"xietong/web/pages/yardstick"
)

// The yardstick routes are compiled only into a binary built with
// `-tags bench` (the one `make bench` builds and drives); the production
// binary has neither the routes nor their page. They are the reference
// every page is measured against in the same run: a page through the same
// router and session middleware that renders one 12-row query with templ,
// and a minimal insert-and-redirect POST.

func init() {
	benchRoutes = func(s *Server, r chi.Router) {
		r.Get("/bench/yardstick", s.yardstickPage)
		r.Post("/bench/yardstick", s.yardstickPost)
	}
}

func (s *Server) yardstickPage(w http.ResponseWriter, r *http.Request) {
	rows, err := s.store.FirstSchools(r.Context(), 12)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := yardstick.View{Chrome: s.chrome(r, "基准页"), Token: newFormToken()}
	for _, sc := range rows {
		v.Rows = append(v.Rows, yardstick.Row{ID: sc.ID, Code: sc.Code, Name: sc.Name})
	}
	s.render(w, r, http.StatusOK, yardstick.Page(v))
}

func (s *Server) yardstickPost(w http.ResponseWriter, r *http.Request) {
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	token := f.Token()
	if !f.Valid() {
		s.renderError(w, r, http.StatusBadRequest)
		return
	}
	p := principal(r.Context())
	_, err := s.store.ClaimFormToken(r.Context(), p.UserID, token)
	if err != nil && !errors.Is(err, store.ErrReplay) {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/bench/yardstick", http.StatusSeeOther)
}
