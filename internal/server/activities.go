package server

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"xietong/internal/activity"
	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/store"
	"xietong/internal/xlsx"
	"xietong/web/components"
	"xietong/web/pages/activities"
)

// activityRoute reads an activity of the user's county. The store admits a
// school's staff to their own school's only (their assignment's school in
// the WHERE); county roles, whose assignment names no school, to any
// school's of the county.
var activityRoute = loader[store.Activity]{
	param: "activityID", objType: "activity",
	get: func(ctx context.Context, s *Server, p *auth.Principal, id int64) (*store.Activity, error) {
		return s.store.GetActivity(ctx, p.CountyID, p.Active.SchoolID, id)
	},
	resource: func(_ *Server, _ *auth.Principal, a *store.Activity) auth.Resource {
		return auth.Resource{SchoolID: a.SchoolID}
	},
}

// loadActivity loads the {activityID} of the route for action a.
func (s *Server) loadActivity(w http.ResponseWriter, r *http.Request, a auth.Action) (*store.Activity, bool) {
	act, _, ok := load(s, w, r, activityRoute, auth.ViewActivities, a)
	return act, ok
}

func activityPath(id int64) string { return "/activities/" + strconv.FormatInt(id, 10) }

// termName names a term of the calendar ("2026—2027学年第一学期").
func termName(cal calendar.Calendar, t calendar.Term) string {
	if y, ok := cal.YearOf(t); ok {
		return t.Name(y.StartYear)
	}
	return ""
}

// activityQuery is an activity list's filters as the request gives them,
// checked: a school's staff always see their own school, whatever the
// query says; county roles pick a school or see them all.
type activityQuery struct {
	store.ActivityFilter
	list   listQuery
	county bool
	term   string // the term filter's value: an id, or "all"
}

func (s *Server) activityQuery(r *http.Request, p *auth.Principal, cal calendar.Calendar) activityQuery {
	q := r.URL.Query()
	aq := activityQuery{county: p.Active.Role.County(), list: parseList(r, 50, "date", "kind", "school")}
	if q.Get("sort") == "" {
		aq.list.Desc = true // newest first
	}
	f := store.ActivityFilter{CountyID: p.CountyID, SchoolID: p.Active.SchoolID, Q: aq.list.Q,
		Sort: aq.list.Sort, Desc: aq.list.Desc, Limit: aq.list.PerPage, Offset: aq.list.Offset()}
	if aq.county {
		f.SchoolID, _ = strconv.ParseInt(q.Get("school"), 10, 64)
		f.Township = q.Get("township")
	}
	switch id, _ := strconv.ParseInt(q.Get("term"), 10, 64); {
	case q.Get("term") == "all":
		aq.term = "all"
	case id != 0:
		if t, ok := cal.TermByID(id); ok {
			f.TermID = t.ID
		}
	}
	if f.TermID == 0 && aq.term == "" {
		if t, ok := cal.CurrentTerm(s.today()); ok {
			f.TermID = t.ID
		}
	}
	if f.TermID != 0 {
		aq.term = strconv.FormatInt(f.TermID, 10)
	}
	if k := q.Get("kind"); activity.Kinds.Valid(k) {
		f.Kind = k
	}
	if o := auth.Office(q.Get("office")); o.Valid() {
		f.Office = string(o)
	}
	f.BaseID, _ = strconv.ParseInt(q.Get("base"), 10, 64)
	aq.ActivityFilter = f
	return aq
}

// filtered reports whether the list is narrowed beyond its school and term.
func (aq activityQuery) filtered() bool {
	return aq.Kind != "" || aq.Office != "" || aq.BaseID != 0 || aq.Q != "" || aq.Township != "" ||
		(aq.county && aq.SchoolID != 0)
}

func (s *Server) mayViewActivities(w http.ResponseWriter, r *http.Request, p *auth.Principal) bool {
	if !auth.Can(p, auth.ViewActivities, auth.Resource{SchoolID: p.Active.SchoolID}) {
		s.deny(w, r, auth.ViewActivities, "activity", 0)
		return false
	}
	return true
}

// activityHeading names whose list it is: a school's name, or 全县.
func activityHeading(aq activityQuery, schools []store.School) string {
	for _, sc := range schools {
		if sc.ID == aq.SchoolID {
			return sc.Name
		}
	}
	if aq.county {
		return "全县"
	}
	return ""
}

func activityRow(a store.Activity) activities.Row {
	place := a.Place
	if a.BaseName != "" {
		place = strings.TrimSpace(a.BaseName + " " + a.Place)
	}
	parts := a.Participants
	if a.ParticipantCount != nil {
		parts = strings.TrimSpace(parts + " " + strconv.Itoa(*a.ParticipantCount) + " 人")
	}
	return activities.Row{Href: activityPath(a.ID), Date: calendar.DateLabel(a.HeldOn), Kind: activity.Kinds.Label(a.Kind),
		Title: a.Title, School: a.SchoolName, Office: auth.Office(a.Office).Label(), Place: place, Participants: parts}
}

func (s *Server) activityList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !s.mayViewActivities(w, r, p) {
		return
	}
	ci, err := s.county(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	aq := s.activityQuery(r, p, ci.cal)
	rows, total, err := s.store.ListActivities(ctx, aq.ActivityFilter)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	schools, err := s.store.ActiveSchools(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	bases, err := s.store.ListBases(ctx, store.BaseFilter{CountyID: p.CountyID})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := activities.ListView{Heading: activityHeading(aq, schools), County: aq.county,
		Term: aq.term, Kind: aq.Kind, Office: aq.Office, Township: aq.Township, Q: aq.Q,
		Kinds: options(activity.Kinds), Offices: officeOptions(),
		DateHead: aq.list.Header("日期", "date", false), KindHead: aq.list.Header("类别", "kind", false),
		SchoolHead: aq.list.Header("学校", "school", false), Pager: aq.list.Pager(total), Filtered: aq.filtered(),
		ExportHref: "/activities.xlsx" + rawQuery(r), PrintHref: "/activities/print" + rawQuery(r)}
	if aq.SchoolID != 0 {
		v.School = strconv.FormatInt(aq.SchoolID, 10)
		if auth.Can(p, auth.ViewSchool, auth.Resource{SchoolID: aq.SchoolID}) {
			v.Crumb, v.CrumbHref = v.Heading, schoolPath(aq.SchoolID, "")
		}
	}
	if aq.BaseID != 0 {
		v.Base = strconv.FormatInt(aq.BaseID, 10)
	}
	if auth.Can(p, auth.RecordActivity, auth.Resource{SchoolID: p.Active.SchoolID}) {
		v.NewHref = "/activities/new"
	}
	v.Terms = termOptions(ci.cal)
	towns := map[string]bool{}
	for _, sc := range schools {
		v.Schools = append(v.Schools, components.Option{Value: strconv.FormatInt(sc.ID, 10), Label: sc.Name})
		if !towns[sc.Township] {
			towns[sc.Township] = true
			v.Townships = append(v.Townships, components.Option{Value: sc.Township, Label: sc.Township})
		}
	}
	slices.SortFunc(v.Townships, func(a, b components.Option) int { return strings.Compare(a.Label, b.Label) })
	for _, b := range bases {
		v.Bases = append(v.Bases, components.Option{Value: strconv.FormatInt(b.ID, 10), Label: b.Name})
	}
	for _, a := range rows {
		v.Rows = append(v.Rows, activityRow(a))
	}
	if aq.SchoolID != 0 && aq.TermID != 0 {
		counts, err := s.store.ActivityDutyCounts(ctx, aq.SchoolID, aq.TermID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for _, d := range activity.DutyNames {
			v.Duties = append(v.Duties, activities.DutyCount{Duty: d.Code, Label: d.Label, Count: counts[d.Code]})
		}
	}
	v.Chrome = s.chrome(r, "实践活动")
	s.render(w, r, http.StatusOK, activities.List(v))
}

// termOptions are the calendar's terms, the latest first, and 全部学期.
func termOptions(cal calendar.Calendar) []components.Option {
	ts := cal.Terms()
	out := make([]components.Option, 0, len(ts)+1)
	for i := len(ts) - 1; i >= 0; i-- {
		out = append(out, components.Option{Value: strconv.FormatInt(ts[i].ID, 10), Label: termName(cal, ts[i])})
	}
	return append(out, components.Option{Value: "all", Label: "全部学期"})
}

func rawQuery(r *http.Request) string {
	if r.URL.RawQuery == "" {
		return ""
	}
	return "?" + r.URL.RawQuery
}

// maxActivityExport bounds an export or a print: a school's year is a few
// hundred activities, the county's a few thousand.
const maxActivityExport = 5000

// activitiesForExport are every activity of the list's filters (no page).
func (s *Server) activitiesForExport(w http.ResponseWriter, r *http.Request) ([]store.Activity, activityQuery, calendar.Calendar, bool) {
	ctx := r.Context()
	p := principal(ctx)
	if !s.mayViewActivities(w, r, p) {
		return nil, activityQuery{}, calendar.Calendar{}, false
	}
	ci, err := s.county(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return nil, activityQuery{}, calendar.Calendar{}, false
	}
	aq := s.activityQuery(r, p, ci.cal)
	aq.Limit, aq.Offset = maxActivityExport, 0
	rows, _, err := s.store.ListActivities(ctx, aq.ActivityFilter)
	if err != nil {
		s.serverError(w, r, err)
		return nil, activityQuery{}, calendar.Calendar{}, false
	}
	return rows, aq, ci.cal, true
}

func (s *Server) activityExport(w http.ResponseWriter, r *http.Request) {
	rows, aq, cal, ok := s.activitiesForExport(w, r)
	if !ok {
		return
	}
	headers := []string{"序号", "日期", "学期", "学校", "类别", "活动名称", "组织科室", "实践基地", "地点", "校外", "主讲人", "参加对象", "参加人数", "计入工作要求", "活动简介"}
	widths := []float64{6, 12, 24, 20, 18, 30, 12, 20, 20, 6, 12, 20, 8, 30, 50}
	objType, objID := "county", principal(r.Context()).CountyID
	if aq.SchoolID != 0 {
		objType, objID = "school", aq.SchoolID
	}
	s.sendXLSX(w, r, "实践活动.xlsx", "activity.export", objType, objID, "实践活动", headers, widths,
		func(xw *xlsx.Writer) error {
			for i, a := range rows {
				var count any
				if a.ParticipantCount != nil {
					count = *a.ParticipantCount
				}
				term := ""
				if t, ok := cal.TermByID(a.TermID); ok {
					term = termName(cal, t)
				}
				off := "否"
				if a.OffCampus {
					off = "是"
				}
				if err := xw.Row(i+1, a.HeldOn, term, a.SchoolName, activity.Kinds.Label(a.Kind), a.Title, auth.Office(a.Office).Label(),
					a.BaseName, a.Place, off, a.Speaker, a.Participants, count, dutyLabels(a.Duties), a.Summary); err != nil {
					return err
				}
			}
			return nil
		})
}

func dutyLabels(duties []string) string {
	out := make([]string, 0, len(duties))
	for _, d := range duties {
		out = append(out, d+" "+activity.DutyNames.Label(d))
	}
	return strings.Join(out, "；")
}

// activityPrint is every activity of the list's filters on A4, the
// school's 活动台账.
func (s *Server) activityPrint(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rows, aq, cal, ok := s.activitiesForExport(w, r)
	if !ok {
		return
	}
	schools, err := s.store.ActiveSchools(ctx, principal(ctx).CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := activities.PrintView{Heading: activityHeading(aq, schools), County: aq.county && aq.SchoolID == 0,
		Back: "/activities" + rawQuery(r), Filters: "全部学期"}
	if t, ok := cal.TermByID(aq.TermID); ok {
		v.Filters = termName(cal, t)
	}
	if aq.Kind != "" {
		v.Filters += " · " + activity.Kinds.Label(aq.Kind)
	}
	if aq.Office != "" {
		v.Filters += " · " + auth.Office(aq.Office).Label()
	}
	for _, a := range rows {
		v.Rows = append(v.Rows, activityRow(a))
	}
	v.Chrome = s.chrome(r, "实践活动台账")
	s.render(w, r, http.StatusOK, activities.Print(v))
}

func (s *Server) activityShow(w http.ResponseWriter, r *http.Request) {
	a, ok := s.loadActivity(w, r, auth.ViewActivities)
	if !ok {
		return
	}
	s.renderActivity(w, r, a, http.StatusOK, "")
}

// activityOwner is an activity as the owner of its photos and attachments.
func activityOwner(a *store.Activity) store.EvidenceOwner {
	return store.EvidenceOwner{Type: "activity", ID: a.ID, SchoolID: a.SchoolID}
}

// renderActivity is an activity's page; uploadErr is the message of a
// refused upload, shown by the upload field.
func (s *Server) renderActivity(w http.ResponseWriter, r *http.Request, a *store.Activity, status int, uploadErr string) {
	p := principal(r.Context())
	files, err := s.store.ListEvidence(r.Context(), activityOwner(a))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	mayEdit := auth.Can(p, auth.RecordActivity, auth.Resource{SchoolID: a.SchoolID})
	v := activities.ShowView{Evidence: evidenceView(files, activityPath(a.ID), mayEdit, newFormToken(), uploadErr), Title: a.Title, School: a.SchoolName, Date: calendar.DateLabel(a.HeldOn),
		Kind: activity.Kinds.Label(a.Kind), Office: auth.Office(a.Office).Label(), Base: a.BaseName, Place: a.Place,
		Speaker: a.Speaker, Participants: a.Participants, Summary: a.Summary, Author: a.AuthorName,
		ListHref: "/activities?school=" + strconv.FormatInt(a.SchoolID, 10) + "&term=" + strconv.FormatInt(a.TermID, 10)}
	if a.BaseID != nil {
		v.BaseHref = basePath(*a.BaseID)
	}
	if a.ClubID != nil {
		v.Club, v.ClubHref = a.ClubName, clubPath(*a.ClubID)
	}
	switch {
	case a.OffCampus && a.InCounty:
		v.Where = "（校外，县内）"
	case a.OffCampus:
		v.Where = "（校外，县外）"
	default:
		v.Where = "（校内）"
	}
	if a.ParticipantCount != nil {
		v.Count = strconv.Itoa(*a.ParticipantCount) + " 人"
	}
	for _, d := range a.Duties {
		v.Duties = append(v.Duties, d+" "+activity.DutyNames.Label(d))
	}
	if mayEdit {
		v.EditHref = activityPath(a.ID) + "/edit"
		v.DeleteAction = activityPath(a.ID) + "/delete"
	}
	v.Chrome = s.chrome(r, a.Title)
	s.render(w, r, status, activities.Show(v))
}

func (s *Server) activityEvidenceAdd(w http.ResponseWriter, r *http.Request) {
	a, ok := s.loadActivity(w, r, auth.RecordActivity)
	if !ok {
		return
	}
	s.addEvidence(w, r, activityOwner(a), activityPath(a.ID), func(msg string) {
		s.renderActivity(w, r, a, http.StatusUnprocessableEntity, msg)
	})
}

func (s *Server) activityEvidence(w http.ResponseWriter, r *http.Request) {
	a, ok := s.loadActivity(w, r, auth.ViewActivities)
	if !ok {
		return
	}
	s.sendEvidence(w, r, activityOwner(a))
}

func (s *Server) activityEvidenceDelete(w http.ResponseWriter, r *http.Request) {
	a, ok := s.loadActivity(w, r, auth.RecordActivity)
	if !ok {
		return
	}
	s.deleteEvidence(w, r, activityOwner(a), activityPath(a.ID))
}

// activityFormView builds the form for the school's term: its bases to pick
// from (the registry's active ones), the values typed or stored.
func (s *Server) activityFormView(ctx context.Context, p *auth.Principal, schoolID int64, cal calendar.Calendar, term calendar.Term, values, errs map[string]string) (activities.FormView, error) {
	bases, err := s.store.ListBases(ctx, store.BaseFilter{CountyID: p.CountyID})
	if err != nil {
		return activities.FormView{}, err
	}
	v := activities.FormView{Term: termName(cal, term), Kinds: options(activity.Kinds), Offices: officeOptions(),
		Values: values, Errors: errs}
	for _, b := range bases {
		label := b.Name + "（" + activity.BaseKinds.Label(b.Kind) + "）"
		v.Bases = append(v.Bases, components.Option{Value: strconv.FormatInt(b.ID, 10), Label: label})
	}
	sc, err := schoolInCounty(ctx, s, p, schoolID)
	if err != nil {
		return activities.FormView{}, err
	}
	v.School = sc.Name
	clubs, err := s.store.ListClubs(ctx, p.CountyID, schoolID, term.ID)
	if err != nil {
		return activities.FormView{}, err
	}
	for _, c := range clubs {
		if c.Active || values["club_id"] == strconv.FormatInt(c.ID, 10) {
			v.Clubs = append(v.Clubs, components.Option{Value: strconv.FormatInt(c.ID, 10), Label: c.Name})
		}
	}
	return v, nil
}

var activityFields = []string{"kind", "title", "held_on", "office", "base_id", "club_id", "place", "off_campus", "in_county",
	"speaker", "participants", "participant_count", "summary"}

// readActivity checks the activity form against the term it is filed in,
// with Chinese messages by each field: the date inside the term and not
// ahead of today, a base of the registry whose agreement covers the date,
// a base for the kind that needs one, a speaker for a lecture. The duties
// it counts towards are decided by activity.Duties.
func (s *Server) readActivity(ctx context.Context, f *form, p *auth.Principal, term calendar.Term) (store.ActivityFields, error) {
	var a store.ActivityFields
	a.TermID = term.ID
	a.Kind = f.Choice("kind", "活动类别", activity.Kinds.Codes()...)
	a.Title = f.Text("title", "活动名称", true, 100)
	a.HeldOn = f.Date("held_on", "日期", true)
	if f.Errors["held_on"] == "" {
		if msg := activity.ValidateDate(term, a.HeldOn, s.today()); msg != "" {
			f.Fail("held_on", msg)
		}
	}
	offices := make([]string, len(auth.Offices))
	for i, o := range auth.Offices {
		offices[i] = string(o)
	}
	a.Office = f.Choice("office", "组织科室", offices...)
	a.Place = f.Text("place", "地点", false, 100)
	a.OffCampus, a.InCounty = f.Bool("off_campus"), f.Bool("in_county")
	a.Speaker = f.Text("speaker", "主讲人", false, 60)
	a.Participants = f.Text("participants", "参加对象", false, 200)
	if f.Get("participant_count") != "" {
		n := f.Int("participant_count", "参加人数", 0, 100000)
		a.ParticipantCount = &n
	}
	a.Summary = f.Text("summary", "活动简介", false, 2000)
	baseKind := ""
	if f.Get("base_id") != "" {
		a.BaseID = f.ID("base_id", "实践基地", false)
		if a.BaseID != 0 {
			b, err := s.store.GetBase(ctx, p.CountyID, a.BaseID)
			switch {
			case err != nil && !errors.Is(err, store.ErrNotFound):
				return a, err
			case err != nil || b.Status != store.BaseActive:
				f.Fail("base_id", "请从全县基地名录中选择实践基地")
			case f.Errors["held_on"] == "" && !activity.BaseOpen(zeroIfNil(b.AgreementFrom), zeroIfNil(b.AgreementTo), a.HeldOn):
				f.Fail("base_id", "“"+b.Name+"”的协议期为"+agreementLabel(b.AgreementFrom, b.AgreementTo)+"，活动日期不在协议期内")
			default:
				// A base of the county's registry is off campus and in the county.
				a.OffCampus, a.InCounty, baseKind = true, true, b.Kind
			}
		}
	}
	if a.Kind == "club" {
		// A club activity is a session of one of the school's clubs.
		a.ClubID = f.ID("club_id", "社团", false)
		if a.ClubID == 0 && f.Errors["club_id"] == "" {
			f.Fail("club_id", "社团活动请选择社团（还没有的，请先在“学生社团”中登记）")
		} else if a.ClubID != 0 {
			if _, err := s.store.GetClub(ctx, p.CountyID, p.Active.SchoolID, term.ID, a.ClubID); errors.Is(err, store.ErrNotFound) {
				f.Fail("club_id", "请从本校的社团中选择")
			} else if err != nil {
				return a, err
			}
		}
	}
	switch {
	case a.Kind == "base_practice" && a.BaseID == 0 && f.Errors["base_id"] == "":
		f.Fail("base_id", "实践基地社会实践教育请选择开展活动的基地")
	case a.Kind == "law_lecture" && a.Speaker == "" && f.Errors["speaker"] == "":
		f.Fail("speaker", "法治讲座请填写主讲人（如 法治副校长 张明）")
	}
	if a.OffCampus && a.BaseID == 0 && a.Place == "" && f.Errors["place"] == "" {
		f.Fail("place", "校外活动请填写地点")
	}
	a.Duties = activity.Duties(activity.Activity{Kind: a.Kind, OffCampus: a.OffCampus, InCounty: a.InCounty, BaseKind: baseKind})
	return a, nil
}

// activityTerm is the term a new activity is filed in: the current one.
func (s *Server) activityTerm(w http.ResponseWriter, r *http.Request) (calendar.Calendar, calendar.Term, bool) {
	ci, err := s.county(r.Context(), principal(r.Context()).CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return calendar.Calendar{}, calendar.Term{}, false
	}
	t, ok := ci.cal.CurrentTerm(s.today())
	if !ok {
		s.renderErrorMessage(w, r, http.StatusNotFound, "没有当前学期", "校历中没有当前学期，请管理员先维护校历。")
		return calendar.Calendar{}, calendar.Term{}, false
	}
	return ci.cal, t, true
}

func (s *Server) mayRecordActivity(w http.ResponseWriter, r *http.Request, p *auth.Principal) bool {
	if !auth.Can(p, auth.RecordActivity, auth.Resource{SchoolID: p.Active.SchoolID}) {
		s.deny(w, r, auth.RecordActivity, "activity", 0)
		return false
	}
	return true
}

func (s *Server) renderActivityForm(w http.ResponseWriter, r *http.Request, status int, heading string, v activities.FormView) {
	v.Heading = heading
	v.Chrome = s.chrome(r, heading)
	s.render(w, r, status, activities.Form(v))
}

func (s *Server) activityNewForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !s.mayRecordActivity(w, r, p) {
		return
	}
	cal, term, ok := s.activityTerm(w, r)
	if !ok {
		return
	}
	values := map[string]string{"held_on": dateValue(s.today()), "office": string(p.Active.Office), "in_county": "on"}
	if k := r.URL.Query().Get("kind"); activity.Kinds.Valid(k) {
		values["kind"] = k
	}
	if b := r.URL.Query().Get("base"); b != "" {
		values["base_id"], values["off_campus"] = b, "on"
	}
	if c := r.URL.Query().Get("club"); c != "" {
		values["club_id"] = c
	}
	v, err := s.activityFormView(ctx, p, p.Active.SchoolID, cal, term, values, map[string]string{})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v.Action, v.Cancel, v.Token = "/activities", "/activities", newFormToken()
	s.renderActivityForm(w, r, http.StatusOK, "记活动", v)
}

func (s *Server) activityCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !s.mayRecordActivity(w, r, p) {
		return
	}
	cal, term, ok := s.activityTerm(w, r)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	token := f.Token()
	in, err := s.readActivity(ctx, f, p, term)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !f.Valid() {
		v, err := s.activityFormView(ctx, p, p.Active.SchoolID, cal, term, f.values(activityFields...), f.Errors)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if token == "" {
			token = newFormToken()
		}
		v.Action, v.Cancel, v.Token = "/activities", "/activities", token
		s.renderActivityForm(w, r, http.StatusUnprocessableEntity, "记活动", v)
		return
	}
	loc, replayed, err := s.createOnce(w, r, token, func(tx *store.Store) (string, error) {
		id, err := tx.CreateActivity(ctx, p.Active.SchoolID, p.UserID, in)
		if err != nil {
			return "", err
		}
		ev := s.event(r, "activity.create", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "activity", &id
		ev.Details = map[string]any{"kind": in.Kind, "duties": in.Duties}
		return activityPath(id), tx.Audit(ctx, ev)
	})
	if replayed {
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, loc, "活动已记录")
}

// storedActivityValues are an activity's fields as its edit form shows them.
func storedActivityValues(a *store.Activity) map[string]string {
	v := map[string]string{"kind": a.Kind, "title": a.Title, "held_on": dateValue(a.HeldOn), "office": a.Office,
		"place": a.Place, "speaker": a.Speaker, "participants": a.Participants, "summary": a.Summary}
	if a.BaseID != nil {
		v["base_id"] = strconv.FormatInt(*a.BaseID, 10)
	}
	if a.ClubID != nil {
		v["club_id"] = strconv.FormatInt(*a.ClubID, 10)
	}
	if a.OffCampus {
		v["off_campus"] = "on"
	}
	if a.InCounty {
		v["in_county"] = "on"
	}
	if a.ParticipantCount != nil {
		v["participant_count"] = strconv.Itoa(*a.ParticipantCount)
	}
	return v
}

// editTerm is the term a record is filed in (an activity, a guidance
// session …); its edits are checked against that term. A term gone from
// the calendar is answered here (404).
func (s *Server) editTerm(w http.ResponseWriter, r *http.Request, termID int64) (calendar.Calendar, calendar.Term, bool) {
	ci, err := s.county(r.Context(), principal(r.Context()).CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return calendar.Calendar{}, calendar.Term{}, false
	}
	t, ok := ci.cal.TermByID(termID)
	if !ok {
		s.renderErrorMessage(w, r, http.StatusNotFound, "学期不在校历中", "这条记录所在的学期已不在校历中，无法修改。")
		return calendar.Calendar{}, calendar.Term{}, false
	}
	return ci.cal, t, true
}

func (s *Server) activityEditForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	a, ok := s.loadActivity(w, r, auth.RecordActivity)
	if !ok {
		return
	}
	cal, term, ok := s.editTerm(w, r, a.TermID)
	if !ok {
		return
	}
	v, err := s.activityFormView(ctx, p, a.SchoolID, cal, term, storedActivityValues(a), map[string]string{})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v.Action, v.Cancel = activityPath(a.ID), activityPath(a.ID)
	s.renderActivityForm(w, r, http.StatusOK, "编辑活动", v)
}

func (s *Server) activityUpdate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	a, ok := s.loadActivity(w, r, auth.RecordActivity)
	if !ok {
		return
	}
	cal, term, ok := s.editTerm(w, r, a.TermID)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	in, err := s.readActivity(ctx, f, p, term)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !f.Valid() {
		v, err := s.activityFormView(ctx, p, a.SchoolID, cal, term, f.values(activityFields...), f.Errors)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		v.Action, v.Cancel = activityPath(a.ID), activityPath(a.ID)
		s.renderActivityForm(w, r, http.StatusUnprocessableEntity, "编辑活动", v)
		return
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.UpdateActivity(ctx, a.SchoolID, a.ID, in); err != nil {
			return err
		}
		ev := s.event(r, "activity.update", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "activity", &a.ID
		ev.Details = map[string]any{"kind": in.Kind, "duties": in.Duties}
		return tx.Audit(ctx, ev)
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, activityPath(a.ID), "活动已保存")
}

func (s *Server) activityDelete(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a, ok := s.loadActivity(w, r, auth.RecordActivity)
	if !ok {
		return
	}
	err := s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.DeleteOwnerEvidence(ctx, activityOwner(a)); err != nil {
			return err
		}
		if err := tx.DeleteActivity(ctx, a.SchoolID, a.ID); err != nil {
			return err
		}
		ev := s.event(r, "activity.delete", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "activity", &a.ID
		ev.Details = map[string]any{"kind": a.Kind, "title": a.Title, "held_on": dateValue(a.HeldOn)}
		return tx.Audit(ctx, ev)
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, "/activities?term="+strconv.FormatInt(a.TermID, 10), "已删除活动“"+a.Title+"”")
}
