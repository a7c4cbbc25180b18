package server

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/httprate"

	"xietong/web"
)

// benchRoutes adds the benchmark's reference routes; it is set only in a
// binary built with -tags bench (yardstick.go), nil in production.
var benchRoutes func(s *Server, r chi.Router)

// Handler is the one route table: every route of the application is here.
// The authorization matrix test walks it, so a new route without an entry in
// the matrix fails the build.
func (s *Server) Handler() http.Handler {
	r := chi.NewRouter()
	r.Use(s.recoverPanic, s.requestLog, s.securityHeaders, s.crossOrigin, limitBody, s.badQuery)
	r.NotFound(s.notFound)
	r.MethodNotAllowed(s.methodNotAllowed)

	// Outside the session middleware: probes and static files must answer
	// even when the database is down.
	r.Get("/healthz", s.healthz)
	r.Get("/readyz", s.readyz)
	r.Get("/static/*", web.StaticHandler().ServeHTTP)
	s.parentLinkRoutes(r) // 家长扫码提意见: no sign-in

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
			r.Get("/schools/{schoolID}/students.xlsx", s.schoolRosterExport)
			r.Get("/classes/{classID}", s.classShow)
			r.Get("/classes/{classID}/students.xlsx", s.classRosterExport)
			r.Get("/students", s.studentList)
			r.Post("/students/search", s.studentSearch)
			r.Get("/students.xlsx", s.countyRosterExport)
			r.Get("/students/{studentID}", s.studentShow)
			r.Get("/students/{studentID}/edit", s.studentEditForm)
			r.Post("/students/{studentID}/edit", s.studentEdit)
			r.Get("/students/{studentID}/transfer", s.studentTransferForm)
			r.Post("/students/{studentID}/transfer", s.studentTransfer)
			r.Get("/students/{studentID}/leave", s.studentLeaveForm)
			r.Post("/students/{studentID}/leave", s.studentLeave)
			r.Get("/audit", s.auditList)

			// Organisation: schools, calendar, roll-over (admin).
			r.Get("/admin/schools", s.schoolsList)
			r.Get("/admin/schools/new", s.schoolNewForm)
			r.Post("/admin/schools", s.schoolCreate)
			r.Get("/admin/schools/{schoolID}/edit", s.schoolEditForm)
			r.Post("/admin/schools/{schoolID}", s.schoolUpdate)
			r.Post("/admin/schools/{schoolID}/archive", s.schoolArchive)
			r.Post("/admin/schools/{schoolID}/restore", s.schoolRestore)
			r.Get("/admin/calendar", s.calendarPage)
			r.Get("/admin/calendar/new", s.yearNewForm)
			r.Post("/admin/calendar", s.yearCreate)
			r.Get("/admin/calendar/{yearID}/edit", s.yearEditForm)
			r.Post("/admin/calendar/{yearID}", s.yearUpdate)
			r.Get("/admin/rollover", s.rolloverPreview)
			r.Post("/admin/rollover", s.rolloverApply)
			// Accounts: the county's (admin) and each school's (admin, office).
			r.Get("/admin/users", s.staffList)
			r.Get("/admin/users/new", s.staffNewForm)
			r.Post("/admin/users", s.staffCreate)
			r.Get("/schools/{schoolID}/staff", s.staffList)
			r.Get("/schools/{schoolID}/staff/new", s.staffNewForm)
			r.Post("/schools/{schoolID}/staff", s.staffCreate)
			r.Get("/users/{userID}", s.userPage)
			r.Post("/users/{userID}/password", s.userResetPassword)
			r.Post("/users/{userID}/disable", s.userDisable)
			r.Post("/users/{userID}/enable", s.userEnable)
			r.Post("/users/{userID}/roles", s.userAssignRole)
			r.Post("/users/{userID}/roles/{assignmentID}/remove", s.userRemoveRole)
			// Grade divisions, grades, classes and their teachers.
			r.Get("/schools/{schoolID}/classes", s.orgPage)
			r.Post("/schools/{schoolID}/divisions", s.divisionCreate)
			r.Post("/schools/{schoolID}/grades", s.gradeCreate)
			r.Post("/schools/{schoolID}/classes", s.classCreate)
			r.Post("/schools/{schoolID}/duties", s.dutyCreate)
			r.Post("/schools/{schoolID}/duties/{dutyID}/remove", s.dutyRemove)
			// Roster imports: upload, preview, mapping, confirm.
			r.Get("/schools/{schoolID}/import/{kind}", s.importForm)
			r.With(uploadLimit(maxUpload)).Post("/schools/{schoolID}/import/{kind}", s.importUpload)
			r.Get("/schools/{schoolID}/import/{kind}/template.xlsx", s.importTemplate)
			r.Get("/schools/{schoolID}/import/{kind}/{importID}", s.importPreview)
			r.Post("/schools/{schoolID}/import/{kind}/{importID}/mapping", s.importRemap)
			r.Post("/schools/{schoolID}/import/{kind}/{importID}/confirm", s.importConfirm)
			// Leadership groups (工作领导小组).
			r.Get("/leadership", s.leadershipPage)
			r.Post("/leadership", s.leadershipAdd)
			r.Post("/leadership/{memberID}/remove", s.leadershipRemove)
			r.Get("/schools/{schoolID}/leadership", s.leadershipPage)
			r.Post("/schools/{schoolID}/leadership", s.leadershipAdd)
			s.baseRoutes(r)     // 社会实践基地
			s.activityRoutes(r) // 实践与教育活动
			if benchRoutes != nil {
				benchRoutes(s, r)
			}
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

			s.classMeetingRoutes(r)
			s.planRoutes(r)             // 工作方案
			s.committeeRoutes(r)        // 家长委员会
			s.complianceRoutes(r)       // 职责达标 (R01–R23)
			r.Get("/todos", s.todoList) // 待办
			s.parentMeetingRoutes(r)    // 家长会
			s.guidanceRoutes(r)         // 家长学校、家庭教育指导与家长培训
			s.inspectionRoutes(r)       // 督导检查 (R23)
			s.lectureRoutes(r)          // 教育局讲座与转发

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
// client's address (clientIP): the peer, or behind a trusted proxy the
// client it forwards for, so one school's failures do not throttle the county.
func (s *Server) loginRateLimit() func(http.Handler) http.Handler {
	return httprate.LimitBy(s.cfg.LoginPerMinute, time.Minute,
		func(r *http.Request) (string, error) { return httprate.CanonicalizeIP(s.clientIP(r)), nil },
		httprate.WithLimitHandler(func(w http.ResponseWriter, r *http.Request) {
			s.renderError(w, r, http.StatusTooManyRequests)
		}))
}
