package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/grade"
	"xietong/internal/parents"
	"xietong/internal/store"
	"xietong/internal/xlsx"
	"xietong/web/components"
	"xietong/web/pages/guidance"
)

// guidanceRoute reads a session or a training inside the user's
// auth.GuidanceScope: a school's staff their own school's, county roles
// any school's of the county.
var guidanceRoute = loader[store.Guidance]{
	param: "guidanceID", objType: "guidance",
	get: func(ctx context.Context, s *Server, p *auth.Principal, id int64) (*store.Guidance, error) {
		return s.store.GuidanceByID(ctx, p.CountyID, auth.GuidanceScope(p), "", id)
	},
	resource: func(_ *Server, _ *auth.Principal, g *store.Guidance) auth.Resource {
		return auth.Resource{SchoolID: g.SchoolID}
	},
}

// loadGuidance loads the {guidanceID} of the route for action a.
func (s *Server) loadGuidance(w http.ResponseWriter, r *http.Request, a auth.Action) (*store.Guidance, bool) {
	g, _, ok := load(s, w, r, guidanceRoute, auth.ViewGuidance, a)
	return g, ok
}

func guidancePath(id int64) string { return "/guidance/" + strconv.FormatInt(id, 10) }

// guidanceOwner is a session as the owner of its photos and materials: its
// kind is the evidence's owner type.
func guidanceOwner(g *store.Guidance) store.EvidenceOwner {
	return store.EvidenceOwner{Type: g.Kind, ID: g.ID, SchoolID: g.SchoolID}
}

// guidanceKinds are the list's kind filter.
var guidanceKinds = []components.Option{{Value: parents.KindGuidance, Label: "家庭教育指导"}, {Value: parents.KindTraining, Label: "家长培训"}}

// guidanceKindLabel names a session's kind, and a training's form.
func guidanceKindLabel(g *store.Guidance) string {
	if g.Kind == parents.KindTraining {
		return "家长培训 · " + parents.TrainingForms.Label(g.Form)
	}
	return "家庭教育指导"
}

// guidanceAudience names whom a session was for.
func guidanceAudience(g *store.Guidance) string {
	switch g.Audience {
	case "grade":
		return grade.Name(g.GradeLevel) + "家长"
	case "class":
		return g.ClassName + "家长"
	}
	return parents.Audiences.Label(g.Audience)
}

func guidanceAttendance(g *store.Guidance) string {
	if g.Invited > 0 {
		return strconv.Itoa(g.Attending) + " 人（应到 " + strconv.Itoa(g.Invited) + " 人）"
	}
	return strconv.Itoa(g.Attending) + " 人"
}

func guidanceRow(g store.Guidance) guidance.Row {
	return guidance.Row{Href: guidancePath(g.ID), Date: calendar.DateLabel(g.HeldOn), Kind: guidanceKindLabel(&g),
		Topic: g.Topic, School: g.SchoolName, Mode: parents.Modes.Label(g.Mode), Audience: guidanceAudience(&g),
		Speaker: g.Speaker, Attendance: guidanceAttendance(&g)}
}

// guidanceQuery is the list's filters as the request gives them, checked:
// a school's staff always see their own school, whatever the query says;
// county roles pick a school or see them all.
type guidanceQuery struct {
	store.GuidanceFilter
	list   listQuery
	county bool
	term   string // the term filter's value: an id, or "all"
}

func (s *Server) guidanceQuery(r *http.Request, p *auth.Principal, cal calendar.Calendar) guidanceQuery {
	q := r.URL.Query()
	gq := guidanceQuery{county: p.Active.Role.County(), list: parseList(r, 50, "date", "school", "topic", "attending")}
	f := store.GuidanceFilter{SchoolID: p.Active.SchoolID, Q: gq.list.Q, Limit: gq.list.PerPage, Offset: gq.list.Offset()}
	if q.Get("sort") != "" {
		f.Sort, f.Desc = gq.list.Sort, gq.list.Desc
	} else {
		gq.list.Desc = true // the latest first
	}
	if gq.county {
		f.SchoolID, _ = strconv.ParseInt(q.Get("school"), 10, 64)
	}
	f.TermID, gq.term = listTerm(q.Get("term"), cal, s.today())
	if k := q.Get("kind"); k == parents.KindGuidance || k == parents.KindTraining {
		f.Kind = k
	}
	if m := q.Get("mode"); parents.Modes.Valid(m) {
		f.Mode = m
	}
	if a := q.Get("audience"); parents.Audiences.Valid(a) {
		f.Audience = a
	}
	gq.GuidanceFilter = f
	return gq
}

// listTerm reads a list's term filter: "all", a term of the calendar, or
// (none or unknown) the current term; it returns the term's id (0 for
// all) and the filter's value.
func listTerm(v string, cal calendar.Calendar, today time.Time) (int64, string) {
	if v == "all" {
		return 0, "all"
	}
	if id, _ := strconv.ParseInt(v, 10, 64); id != 0 {
		if t, ok := cal.TermByID(id); ok {
			return t.ID, strconv.FormatInt(t.ID, 10)
		}
	}
	if t, ok := cal.CurrentTerm(today); ok {
		return t.ID, strconv.FormatInt(t.ID, 10)
	}
	return 0, "all"
}

// filtered reports whether the list is narrowed beyond its school and term.
func (gq guidanceQuery) filtered() bool {
	return gq.Kind != "" || gq.Mode != "" || gq.Audience != "" || gq.Q != "" || (gq.county && gq.SchoolID != 0)
}

func (s *Server) mayViewGuidance(w http.ResponseWriter, r *http.Request, p *auth.Principal) bool {
	if !auth.Can(p, auth.ViewGuidance, auth.Resource{SchoolID: p.Active.SchoolID}) {
		s.deny(w, r, auth.ViewGuidance, "guidance", 0)
		return false
	}
	return true
}

// guidanceHeading names whose list it is: a school's name, or 全县.
func guidanceHeading(gq guidanceQuery, schools []store.School) string {
	for _, sc := range schools {
		if sc.ID == gq.SchoolID {
			return sc.Name
		}
	}
	if gq.county {
		return "全县"
	}
	return ""
}

func (s *Server) guidanceList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !s.mayViewGuidance(w, r, p) {
		return
	}
	ci, err := s.county(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	gq := s.guidanceQuery(r, p, ci.cal)
	rows, total, err := s.store.ListGuidance(ctx, p.CountyID, auth.GuidanceScope(p), gq.GuidanceFilter)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	schools, err := s.store.ActiveSchools(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := guidance.ListView{Heading: guidanceHeading(gq, schools), County: gq.county, Term: gq.term, Kind: gq.Kind,
		Mode: gq.Mode, Audience: gq.Audience, Q: gq.Q, Kinds: guidanceKinds, Modes: options(parents.Modes),
		Audiences: options(parents.Audiences), Terms: termOptions(ci.cal),
		DateHead: gq.list.Header("日期", "date", false), SchoolHead: gq.list.Header("学校", "school", false),
		TopicHead: gq.list.Header("主题", "topic", false), AttendingHead: gq.list.Header("参加人数", "attending", true),
		Pager: gq.list.Pager(total), Filtered: gq.filtered(),
		ExportHref: "/guidance.xlsx" + rawQuery(r), PrintHref: "/guidance/print" + rawQuery(r)}
	if gq.SchoolID != 0 {
		v.School = strconv.FormatInt(gq.SchoolID, 10)
		if auth.Can(p, auth.ViewSchool, auth.Resource{SchoolID: gq.SchoolID}) {
			v.Crumb, v.CrumbHref = v.Heading, schoolPath(gq.SchoolID, "")
		}
	}
	mayRecord := auth.Can(p, auth.RecordGuidance, auth.Resource{SchoolID: p.Active.SchoolID})
	if mayRecord {
		v.NewHref, v.NewTrainingHref = "/guidance/new", "/guidance/new?kind=training"
	}
	for _, sc := range schools {
		v.Schools = append(v.Schools, components.Option{Value: strconv.FormatInt(sc.ID, 10), Label: sc.Name})
	}
	for _, g := range rows {
		v.Rows = append(v.Rows, guidanceRow(g))
	}
	if gq.SchoolID != 0 && gq.TermID != 0 {
		t, _ := ci.cal.TermByID(gq.TermID)
		gt, err := s.store.SchoolGuidance(ctx, p.CountyID, gq.SchoolID, t.ID)
		switch {
		case errors.Is(err, store.ErrNotFound): // not an active school of the county: no panel
		case err != nil:
			s.serverError(w, r, err)
			return
		default:
			v.Panel = guidancePanel(ci.cal, t, gt, gq.SchoolID, mayRecord, s.today())
		}
	}
	v.Chrome = s.chrome(r, "家庭教育指导")
	s.render(w, r, http.StatusOK, guidance.List(v))
}

// guidancePanel is the school's term against R09–R11 and R22, the
// decisions parents.Quarters, Groups and Training make; mayRecord adds
// the links that record what is missing.
func guidancePanel(cal calendar.Calendar, t calendar.Term, gt *store.GuidanceTerm, schoolID int64, mayRecord bool, today time.Time) *guidance.Panel {
	pn := &guidance.Panel{ParentSchool: gt.ParentSchool, ParentSchoolHref: schoolPath(schoolID, "/parent-school"), NoGroups: true}
	for _, q := range gt.Quarters(cal, t, today) {
		gq := guidance.Quarter{Name: q.Name, Window: q.Window.Label(), Sessions: q.Sessions, State: "coming"}
		switch {
		case q.Sessions > 0:
			gq.State = "done"
		case q.Missing():
			gq.State = "missing"
		}
		pn.Quarters = append(pn.Quarters, gq)
	}
	for _, g := range gt.SpecialGroups() {
		if g.Students == 0 {
			continue
		}
		pn.NoGroups = false
		pg := guidance.Group{Label: g.Label, Students: g.Students, Sessions: g.Sessions}
		if mayRecord {
			pg.NewHref = "/guidance/new?audience=" + g.Group
		}
		pn.Groups = append(pn.Groups, pg)
	}
	dates := make([]time.Time, len(gt.Trainings))
	for i, m := range gt.Trainings {
		dates[i] = m.HeldOn
	}
	ts := parents.Training(t, dates, today)
	pn.Trainings, pn.TrainingMissing = ts.Trainings, ts.Missing()
	if mayRecord {
		pn.TrainingHref = "/guidance/new?kind=training"
	}
	return pn
}

// maxGuidanceExport bounds an export or a print: a school's year is a few
// dozen sessions, the county's a few thousand.
const maxGuidanceExport = 5000

// guidanceForExport are every session of the list's filters (no page).
func (s *Server) guidanceForExport(w http.ResponseWriter, r *http.Request) ([]store.Guidance, guidanceQuery, calendar.Calendar, bool) {
	ctx := r.Context()
	p := principal(ctx)
	if !s.mayViewGuidance(w, r, p) {
		return nil, guidanceQuery{}, calendar.Calendar{}, false
	}
	ci, err := s.county(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return nil, guidanceQuery{}, calendar.Calendar{}, false
	}
	gq := s.guidanceQuery(r, p, ci.cal)
	gq.Limit, gq.Offset = maxGuidanceExport, 0
	rows, _, err := s.store.ListGuidance(ctx, p.CountyID, auth.GuidanceScope(p), gq.GuidanceFilter)
	if err != nil {
		s.serverError(w, r, err)
		return nil, guidanceQuery{}, calendar.Calendar{}, false
	}
	return rows, gq, ci.cal, true
}

func (s *Server) guidanceExport(w http.ResponseWriter, r *http.Request) {
	rows, gq, cal, ok := s.guidanceForExport(w, r)
	if !ok {
		return
	}
	headers := []string{"序号", "日期", "学期", "学校", "类别", "主题", "方式", "主讲人", "对象", "应到人数", "参加人数", "记录人"}
	widths := []float64{6, 12, 24, 20, 20, 36, 8, 16, 20, 10, 10, 12}
	objType, objID := "county", principal(r.Context()).CountyID
	if gq.SchoolID != 0 {
		objType, objID = "school", gq.SchoolID
	}
	s.sendXLSX(w, r, "家庭教育指导.xlsx", "guidance.export", objType, objID, "家庭教育指导", headers, widths,
		func(xw *xlsx.Writer) error {
			for i, g := range rows {
				term := ""
				if t, ok := cal.TermByID(g.TermID); ok {
					term = termName(cal, t)
				}
				var invited any
				if g.Invited > 0 {
					invited = g.Invited
				}
				if err := xw.Row(i+1, g.HeldOn, term, g.SchoolName, guidanceKindLabel(&g), g.Topic, parents.Modes.Label(g.Mode),
					g.Speaker, guidanceAudience(&g), invited, g.Attending, g.AuthorName); err != nil {
					return err
				}
			}
			return nil
		})
}

// guidancePrint is every session of the list's filters on A4, the
// school's 家庭教育指导台账.
func (s *Server) guidancePrint(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rows, gq, cal, ok := s.guidanceForExport(w, r)
	if !ok {
		return
	}
	schools, err := s.store.ActiveSchools(ctx, principal(ctx).CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := guidance.PrintView{Heading: guidanceHeading(gq, schools), County: gq.county && gq.SchoolID == 0,
		Back: "/guidance" + rawQuery(r), Filters: "全部学期"}
	if t, ok := cal.TermByID(gq.TermID); ok {
		v.Filters = termName(cal, t)
	}
	for _, k := range guidanceKinds {
		if k.Value == gq.Kind {
			v.Filters += " · " + k.Label
		}
	}
	if gq.Mode != "" {
		v.Filters += " · " + parents.Modes.Label(gq.Mode)
	}
	if gq.Audience != "" {
		v.Filters += " · " + parents.Audiences.Label(gq.Audience)
	}
	for _, g := range rows {
		v.Rows = append(v.Rows, guidanceRow(g))
	}
	v.Chrome = s.chrome(r, "家庭教育指导台账")
	s.render(w, r, http.StatusOK, guidance.Print(v))
}

func (s *Server) guidanceShow(w http.ResponseWriter, r *http.Request) {
	g, ok := s.loadGuidance(w, r, auth.ViewGuidance)
	if !ok {
		return
	}
	s.renderGuidance(w, r, g, http.StatusOK, "")
}

// renderGuidance is a session's page; uploadErr is the message of a
// refused upload, shown by the upload field.
func (s *Server) renderGuidance(w http.ResponseWriter, r *http.Request, g *store.Guidance, status int, uploadErr string) {
	ctx := r.Context()
	p := principal(ctx)
	files, err := s.store.ListEvidence(ctx, guidanceOwner(g))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	ci, err := s.county(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	mayEdit := auth.Can(p, auth.RecordGuidance, auth.Resource{SchoolID: g.SchoolID})
	v := guidance.ShowView{Evidence: evidenceView(files, guidancePath(g.ID), mayEdit, newFormToken(), uploadErr),
		Topic: g.Topic, School: g.SchoolName, Kind: guidanceKindLabel(g), Date: calendar.DateLabel(g.HeldOn),
		Mode: parents.Modes.Label(g.Mode), Speaker: g.Speaker, Audience: guidanceAudience(g),
		Attendance: guidanceAttendance(g), Author: g.AuthorName,
		ListHref: "/guidance?school=" + itoa(g.SchoolID) + "&term=" + itoa(g.TermID)}
	if t, ok := ci.cal.TermByID(g.TermID); ok {
		v.Term = termName(ci.cal, t)
	}
	if mayEdit {
		v.EditHref, v.DeleteAction = guidancePath(g.ID)+"/edit", guidancePath(g.ID)+"/delete"
	}
	v.Chrome = s.chrome(r, g.Topic)
	s.render(w, r, status, guidance.Show(v))
}

func (s *Server) guidanceEvidenceAdd(w http.ResponseWriter, r *http.Request) {
	g, ok := s.loadGuidance(w, r, auth.RecordGuidance)
	if !ok {
		return
	}
	s.addEvidence(w, r, guidanceOwner(g), guidancePath(g.ID), func(msg string) {
		s.renderGuidance(w, r, g, http.StatusUnprocessableEntity, msg)
	})
}

func (s *Server) guidanceEvidence(w http.ResponseWriter, r *http.Request) {
	g, ok := s.loadGuidance(w, r, auth.ViewGuidance)
	if !ok {
		return
	}
	s.sendEvidence(w, r, guidanceOwner(g))
}

func (s *Server) guidanceEvidenceDelete(w http.ResponseWriter, r *http.Request) {
	g, ok := s.loadGuidance(w, r, auth.RecordGuidance)
	if !ok {
		return
	}
	s.deleteEvidence(w, r, guidanceOwner(g), guidancePath(g.ID))
}
