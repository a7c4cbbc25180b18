package server

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/httprate"

	"xietong/web"
)

// Handler is the one route table: every route of the application is here.
// The authorization matrix test walks it, so a new route without an entry in
// the matrix fails the build.
func (s *Server) Handler() http.Handler {
	r := chi.NewRouter()
	r.Use(s.recoverPanic, s.requestLog, securityHeaders, s.crossOrigin, limitBody)
	r.NotFound(s.notFound)
	r.MethodNotAllowed(s.methodNotAllowed)

	// Outside the session middleware: probes and static files must answer
	// even when the database is down.
	r.Get("/healthz", s.healthz)
	r.Get("/readyz", s.readyz)
	r.Get("/static/*", web.StaticHandler().ServeHTTP)

	r.Group(func(r chi.Router) {
		r.Use(s.sessions.LoadAndSave, noStore, s.loadPrincipal)
		r.Get("/login", s.loginForm)
		r.With(s.loginRateLimit()).Post("/login", s.login)
		r.Post("/logout", s.logout)

		r.Group(func(r chi.Router) {
			r.Use(s.requireUser)
			r.Get("/", s.home)
			r.Post("/role", s.switchRole)
			r.Get("/password", s.passwordForm)
			r.Post("/password", s.changePassword)
			r.Get("/schools/{schoolID}", s.schoolShow)
			r.Get("/classes/{classID}", s.classShow)
			r.Get("/students/{studentID}", s.studentShow)
			r.Get("/audit", s.auditList)
			r.Get("/coverage", s.coverageHome)
			r.Get("/coverage/county", s.countyCoverage)
			r.Get("/coverage/county/export", s.countyCoverageExport)
			r.Get("/coverage/schools/{schoolID}", s.schoolCoverage)
			r.Get("/coverage/schools/{schoolID}/export", s.schoolCoverageExport)
			r.Get("/coverage/classes/{classID}", s.classCoverage)
			r.Get("/coverage/classes/{classID}/export", s.classCoverageExport)
		})
	})
	return r
}

// loginRateLimit is the loose per-IP limit on sign-in posts. The key is the
// peer address (clientIP): this server does not sit behind a proxy it trusts.
func (s *Server) loginRateLimit() func(http.Handler) http.Handler {
	return httprate.LimitBy(s.cfg.LoginPerMinute, time.Minute,
		func(r *http.Request) (string, error) { return httprate.CanonicalizeIP(clientIP(r)), nil },
		httprate.WithLimitHandler(func(w http.ResponseWriter, r *http.Request) {
			s.renderError(w, r, http.StatusTooManyRequests)
		}))
}
