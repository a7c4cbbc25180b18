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

			// Home visits (家访).
			r.Get("/visits", s.visitsHome)
			r.Get("/classes/{classID}/visits", s.classVisits)
			r.Get("/classes/{classID}/visits.xlsx", s.classVisitsExport)
			r.Get("/students/{studentID}/visits/new", s.visitNew)
			r.With(uploadLimit(maxVisitRequest)).Post("/visits", s.visitCreate)
			r.Get("/visits/{visitID}", s.visitShow)
			r.Get("/visits/{visitID}/edit", s.visitEdit)
			r.With(uploadLimit(maxVisitRequest)).Post("/visits/{visitID}", s.visitUpdate)
			r.Get("/visits/{visitID}/print", s.visitPrint)
			r.Get("/visits/{visitID}/photos/{photoID}", s.visitPhoto)
			r.Get("/visits/{visitID}/inspect", s.visitInspectForm)
			r.Post("/visits/{visitID}/inspect", s.visitInspect)

			// The problem ledger (问题台账).
			r.Get("/ledger", s.ledgerList)
			r.Get("/ledger.xlsx", s.ledgerExport)
			r.Get("/ledger/print", s.ledgerPrint)
			r.Get("/ledger/schools/{schoolID}", s.ledgerSchool)
			r.Get("/ledger/{entryID}", s.ledgerShow)
			r.Post("/ledger/{entryID}/actions", s.ledgerAction)
			r.Post("/ledger/{entryID}/close", s.ledgerClose)
			r.Post("/ledger/{entryID}/reopen", s.ledgerReopen)
			r.Post("/ledger/{entryID}/assign", s.ledgerAssign)
			r.Get("/ledger/{entryID}/inspect", s.ledgerInspectForm)
			r.Post("/ledger/{entryID}/inspect", s.ledgerInspect)
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
