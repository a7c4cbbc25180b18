package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"xietong/internal/auth"
	"xietong/internal/store"
	"xietong/web/layout"
)

// Session keys.
const (
	sessUserID    = "uid"
	sessAssignKey = "akey"
	sessFlash     = "flash"
)

func principal(ctx context.Context) *auth.Principal {
	p, _ := ctx.Value(keyPrincipal).(*auth.Principal)
	return p
}

// loadPrincipal rebuilds the signed-in user from the database on every
// request, so that a disabled account or a changed assignment takes effect
// at the next click, not the next sign-in.
func (s *Server) loadPrincipal(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		uid := s.sessions.GetInt64(ctx, sessUserID)
		if uid == 0 {
			next.ServeHTTP(w, r)
			return
		}
		// On the control pool (store.WithControl): signing a request in must
		// not queue behind other requests' work.
		u, err := s.store.Control().UserByID(ctx, uid)
		if errors.Is(err, store.ErrNotFound) || (err == nil && u.DisabledAt != nil) {
			_ = s.sessions.Destroy(ctx)
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		ci, err := s.county(ctx, u.CountyID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		var termID int64
		if t, ok := ci.cal.CurrentTerm(s.today()); ok {
			termID = t.ID
		}
		as, err := s.store.Control().Assignments(ctx, uid, termID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		active, _ := auth.Choose(as, s.sessions.GetString(ctx, sessAssignKey))
		p := &auth.Principal{
			UserID:             u.ID,
			CountyID:           u.CountyID,
			Username:           u.Username,
			DisplayName:        u.DisplayName,
			MustChangePassword: u.MustChangePassword,
			Active:             active,
			Assignments:        as,
		}
		requestInfo(ctx).userID = u.ID
		next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, keyPrincipal, p)))
	})
}

// requireUser sends anonymous visitors to the sign-in page and users with a
// password to replace to the password page.
func (s *Server) requireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := principal(r.Context())
		if p == nil {
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		if p.MustChangePassword && r.URL.Path != "/password" {
			http.Redirect(w, r, "/password", http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// chrome builds the page frame for the signed-in user and takes the flash.
func (s *Server) chrome(r *http.Request, title string) layout.Chrome {
	c := s.chromeNoFlash(r, title)
	c.Flash = s.sessions.PopString(r.Context(), sessFlash)
	p := principal(r.Context())
	if p == nil {
		return c
	}
	if ci, err := s.county(r.Context(), p.CountyID); err == nil {
		c.CountyName = ci.name
		s.todoBadge(r, p, ci.cal, &c)
	}
	c.ActiveKey = p.Active.Key
	for _, a := range p.Assignments {
		c.Assignments = append(c.Assignments, layout.Choice{Key: a.Key, Label: a.Label()})
	}
	c.Nav = navFor(p, r.URL.Path)
	return c
}

// navFor lists the links the active role may follow.
func navFor(p *auth.Principal, path string) []layout.NavItem {
	home := "首页"
	switch {
	case p.Active.Role.County():
		home = "全县学校"
	case p.Active.Role == auth.SchoolLeader || p.Active.Role == auth.SchoolOffice:
		home = "本校班级"
	case p.Active.Role.Teacher():
		home = "我的班级"
	}
	items := []layout.NavItem{{Href: "/", Label: home}}
	county, school := auth.Resource{}, auth.Resource{SchoolID: p.Active.SchoolID}
	add := func(ok bool, href, label string) {
		if ok {
			items = append(items, layout.NavItem{Href: href, Label: label})
		}
	}
	add(auth.Can(p, auth.ManageSchools, county), "/admin/schools", "学校管理")
	add(auth.Can(p, auth.ManageCalendar, county), "/admin/calendar", "校历")
	add(auth.Can(p, auth.ManageStaff, county), "/admin/users", "账号")
	add(auth.Can(p, auth.RollOver, county), "/admin/rollover", "新学年升级")
	add(auth.Can(p, auth.ViewCountyLeadership, county), "/leadership", "领导小组")
	add(auth.Can(p, auth.ViewBases, county), "/bases", "实践基地")
	add(auth.Can(p, auth.ViewActivities, school), "/activities", "实践活动")
	add(auth.Can(p, auth.ViewGuidance, school), "/guidance", "家庭教育指导")
	add(auth.Can(p, auth.ViewLectures, school), "/lectures", "讲座转发")
	add(auth.Can(p, auth.ViewPlanStates, county), "/plans", "工作方案")
	add(auth.Can(p, auth.ViewCountyCompliance, county), "/compliance", "职责达标")
	add(auth.Allows(p.Active.Role, auth.ViewInspections), "/inspections", "督导检查")
	if p.Active.SchoolID != 0 {
		sp := "/schools/" + strconv.FormatInt(p.Active.SchoolID, 10)
		add(auth.Can(p, auth.ViewOrg, school), sp+"/classes", "班级与教师")
		add(auth.Can(p, auth.ManageStaff, school), sp+"/staff", "教职工账号")
		add(auth.Can(p, auth.ViewLeadership, school), sp+"/leadership", "领导小组")
		add(auth.Can(p, auth.ViewPlan, school), sp+"/plan", "工作方案")
		add(auth.Can(p, auth.ViewCommittees, school), sp+"/committees", "家长委员会")
		add(auth.Can(p, auth.ViewSchoolCompliance, school), sp+"/compliance", "职责达标")
		add(auth.Can(p, auth.ViewParentMeetings, school) && (p.Active.Role != auth.ClassTeacher || len(p.Active.ClassIDs) > 0), sp+"/parent-meetings", "家长会")
	}
	if auth.Can(p, auth.ListStudents, auth.Resource{}) {
		items = append(items, layout.NavItem{Href: "/students", Label: "学生名单"})
	}
	switch role := p.Active.Role; {
	case role.Teacher():
		items = append(items, layout.NavItem{Href: "/visits", Label: "我的班级家访"})
	case role == auth.SchoolLeader || role == auth.SchoolOffice:
		items = append(items, layout.NavItem{Href: "/visits", Label: "家访进度"})
	}
	switch {
	case auth.Allows(p.Active.Role, auth.ListLedger):
		items = append(items, layout.NavItem{Href: "/ledger", Label: "问题台账"})
	case auth.Allows(p.Active.Role, auth.LedgerCounts):
		items = append(items, layout.NavItem{Href: "/ledger", Label: "家访与台账统计"})
	}
	if auth.Allows(p.Active.Role, auth.ViewCoverage) && (!p.Active.Role.Teacher() || len(p.Active.ClassIDs) > 0) {
		items = append(items, layout.NavItem{Href: "/coverage", Label: "家访覆盖"})
	}
	if auth.Can(p, auth.ViewAudit, auth.Resource{}) {
		items = append(items, layout.NavItem{Href: "/audit", Label: "审计日志"})
	}
	for i := range items {
		items[i].Current = items[i].Href == path || (items[i].Href == "/coverage" && strings.HasPrefix(path, "/coverage/"))
	}
	return items
}

// termLabel names the current term for page headers.
func (s *Server) termLabel(ctx context.Context, countyID int64) string {
	ci, err := s.county(ctx, countyID)
	if err != nil {
		return ""
	}
	today := s.today()
	if v, ok := ci.cal.VacationAt(today); ok {
		if y, ok := ci.cal.Year(v.SchoolYearID); ok {
			return v.Name(y.StartYear)
		}
	}
	if t, ok := ci.cal.TermAt(today); ok {
		if y, ok := ci.cal.YearOf(t); ok {
			return t.Name(y.StartYear)
		}
	}
	return ""
}

// currentTermID is the term whose staff assignments apply today.
func (s *Server) currentTermID(ctx context.Context, countyID int64) int64 {
	ci, err := s.county(ctx, countyID)
	if err != nil {
		return 0
	}
	if t, ok := ci.cal.CurrentTerm(s.today()); ok {
		return t.ID
	}
	return 0
}

// event starts an audit row for the request's user.
func (s *Server) event(r *http.Request, action, result string) store.AuditEvent {
	ev := store.AuditEvent{Action: action, Result: result, IP: s.clientIP(r), UserAgent: r.UserAgent()}
	if p := principal(r.Context()); p != nil {
		uid := p.UserID
		ev.ActorUserID = &uid
		ev.ActorName = p.Username
		ev.ActorRole = string(p.Active.Role)
		if p.Active.SchoolID != 0 {
			sid := p.Active.SchoolID
			ev.SchoolID = &sid
		}
	}
	return ev
}

// audit writes a standalone audit row (reads and denials; writes record
// their row inside their own transaction).
func (s *Server) audit(r *http.Request, ev store.AuditEvent) {
	if err := s.store.Audit(r.Context(), ev); err != nil {
		s.log.Error("audit write failed", "request_id", requestInfo(r.Context()).id, "action", ev.Action, "err", err.Error())
	}
}

// deny refuses an action, audits the refusal, and answers 403 when the
// role may never do this, or 404 when it may but not on this object (so as
// not to reveal that the object exists).
func (s *Server) deny(w http.ResponseWriter, r *http.Request, a auth.Action, objType string, objID int64) {
	s.auditDenied(r, a, objType, objID)
	p := principal(r.Context())
	if p != nil && auth.Allows(p.Active.Role, a) {
		s.notFound(w, r)
		return
	}
	s.renderError(w, r, http.StatusForbidden)
}

// denyHidden refuses with 404 whatever the role: for an object outside the
// user's scope, whose existence must not show.
func (s *Server) denyHidden(w http.ResponseWriter, r *http.Request, a auth.Action, objType string, objID int64) {
	s.auditDenied(r, a, objType, objID)
	s.notFound(w, r)
}

// auditDenied writes the 'denied' audit row of a refusal.
func (s *Server) auditDenied(r *http.Request, a auth.Action, objType string, objID int64) {
	ev := s.event(r, string(a), store.ResultDenied)
	ev.ObjectType = objType
	if objID != 0 {
		ev.ObjectID = &objID
	}
	s.audit(r, ev)
}

// clientIP is the address the request came from: the peer, or behind a
// configured reverse proxy (Config.TrustedProxies) the client it names.
func (s *Server) clientIP(r *http.Request) string { return s.cfg.TrustedProxies.Of(r) }
