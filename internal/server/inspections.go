package server

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/inspection"
	"xietong/internal/store"
	"xietong/internal/xlsx"
	"xietong/web/components"
	"xietong/web/pages/inspections"
)

// inspectionScope is the store's twin of auth.ViewInspections: county
// roles read every school's inspections, a school's staff their own
// school's once released.
func inspectionScope(p *auth.Principal) store.InspectionScope {
	if p.Active.Role.County() {
		return store.InspectionScope{CountyID: p.CountyID}
	}
	if p.Active.SchoolID == 0 {
		return store.InspectionScope{}
	}
	return store.InspectionScope{CountyID: p.CountyID, SchoolID: p.Active.SchoolID, ReleasedOnly: true}
}

// inspectionRoute reads an inspection inside the user's scope; the policy
// sees its school and whether it is released.
var inspectionRoute = loader[store.Inspection]{
	param: "inspectionID", objType: "inspection",
	get: func(ctx context.Context, s *Server, p *auth.Principal, id int64) (*store.Inspection, error) {
		return s.store.GetInspection(ctx, inspectionScope(p), id)
	},
	resource: func(_ *Server, _ *auth.Principal, in *store.Inspection) auth.Resource {
		return auth.Resource{SchoolID: in.SchoolID, Released: in.State.VisibleToSchool()}
	},
}

// loadInspection loads the {inspectionID} of the route for action a; a
// reader who may not take a is refused (403), not told it does not exist.
func (s *Server) loadInspection(w http.ResponseWriter, r *http.Request, a auth.Action) (*store.Inspection, bool) {
	in, _, ok := load(s, w, r, inspectionRoute, auth.ViewInspections, a)
	return in, ok
}

func inspectionPath(id int64) string { return "/inspections/" + strconv.FormatInt(id, 10) }

// inspectionYear names an inspection's school year.
func inspectionYear(in *store.Inspection) string { return calendar.YearName(in.StartYear) }

// inspectionKind is the kind's label with a special inspection's subject.
func inspectionKind(in *store.Inspection) string {
	if in.Topic != "" {
		return inspection.Kinds.Label(in.Kind) + "：" + in.Topic
	}
	return inspection.Kinds.Label(in.Kind)
}

// teamLabel is the team with its head marked.
func teamLabel(in *store.Inspection) string {
	if in.HeadName == "" {
		return in.TeamNames
	}
	rest := strings.TrimPrefix(strings.TrimPrefix(in.TeamNames, in.HeadName), "、")
	if rest == "" {
		return in.HeadName + "（组长）"
	}
	return in.HeadName + "（组长）、" + rest
}

// inspectionQuery is an inspection list's filters as the request gives
// them, checked: a school's staff always see their own school's released
// inspections, whatever the query says.
type inspectionQuery struct {
	store.InspectionFilter
	list   listQuery
	county bool
	year   calendar.SchoolYear
}

// yearFor is the school year a list shows by default: the one holding
// today, else the latest of the calendar.
func yearFor(cal calendar.Calendar, today time.Time) (calendar.SchoolYear, bool) {
	if y, ok := cal.YearAt(today); ok {
		return y, true
	}
	if n := len(cal.Years); n > 0 {
		return cal.Years[n-1], true
	}
	return calendar.SchoolYear{}, false
}

func (s *Server) inspectionQuery(r *http.Request, p *auth.Principal, cal calendar.Calendar) inspectionQuery {
	q := r.URL.Query()
	iq := inspectionQuery{county: p.Active.Role.County(), list: parseList(r, 50, "date", "school", "state")}
	f := store.InspectionFilter{Scope: inspectionScope(p), Q: iq.list.Q, Sort: iq.list.Sort, Desc: iq.list.Desc,
		Limit: iq.list.PerPage, Offset: iq.list.Offset()}
	if iq.county {
		f.School, _ = strconv.ParseInt(q.Get("school"), 10, 64)
		f.Township = q.Get("township")
		if st := inspection.State(q.Get("state")); st.Valid() {
			f.State = string(st)
		}
	} else {
		f.Q = ""
	}
	if k := q.Get("kind"); inspection.Kinds.Valid(k) {
		f.Kind = k
	}
	id, _ := strconv.ParseInt(q.Get("year"), 10, 64)
	y, ok := cal.Year(id)
	if !ok {
		y, ok = yearFor(cal, s.today())
	}
	if ok {
		iq.year, f.SchoolYearID = y, y.ID
	}
	iq.InspectionFilter = f
	return iq
}

// filtered reports whether the list is narrowed beyond its year.
func (iq inspectionQuery) filtered() bool {
	return iq.State != "" || iq.Kind != "" || iq.Township != "" || iq.Q != "" || iq.School != 0
}

func (s *Server) mayViewInspections(w http.ResponseWriter, r *http.Request, p *auth.Principal) bool {
	if !auth.Allows(p.Active.Role, auth.ViewInspections) {
		s.deny(w, r, auth.ViewInspections, "inspection", 0)
		return false
	}
	return true
}

func inspectionRow(in store.Inspection) inspections.Row {
	return inspections.Row{Href: inspectionPath(in.ID), School: in.SchoolName, Township: in.Township, Year: inspectionYear(&in),
		Kind: inspection.Kinds.Label(in.Kind), Topic: in.Topic, Date: calendar.DateLabel(in.ScheduledOn), Team: teamLabel(&in),
		State: in.State.Label(), StateCode: string(in.State)}
}

// yearOptions are the calendar's school years, the latest first.
func yearOptions(cal calendar.Calendar) []components.Option {
	out := make([]components.Option, 0, len(cal.Years))
	for i := len(cal.Years) - 1; i >= 0; i-- {
		y := cal.Years[i]
		out = append(out, components.Option{Value: strconv.FormatInt(y.ID, 10), Label: y.Name()})
	}
	return out
}

func (s *Server) inspectionList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !s.mayViewInspections(w, r, p) {
		return
	}
	ci, err := s.county(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	iq := s.inspectionQuery(r, p, ci.cal)
	rows, total, err := s.store.ListInspections(ctx, iq.InspectionFilter)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := inspections.ListView{County: iq.county, Kind: iq.Kind, State: iq.State, Township: iq.Township, Q: iq.Q,
		Years: yearOptions(ci.cal), States: options(inspection.States), Kinds: options(inspection.Kinds),
		DateHead: iq.list.Header("日期", "date", false), SchoolHead: iq.list.Header("学校", "school", false),
		StateHead: iq.list.Header("状态", "state", false), Pager: iq.list.Pager(total), Filtered: iq.filtered(),
		ExportHref: "/inspections.xlsx" + rawQuery(r), PrintHref: "/inspections/print" + rawQuery(r)}
	if iq.year.ID != 0 {
		v.Year = strconv.FormatInt(iq.year.ID, 10)
	}
	if auth.Can(p, auth.ViewYearReport, auth.Resource{}) {
		v.YearHref = "/inspections/year?year=" + v.Year
	}
	if iq.School != 0 {
		v.School = strconv.FormatInt(iq.School, 10)
	}
	mayPlan := auth.Can(p, auth.ScheduleInspection, auth.Resource{})
	if mayPlan {
		v.NewHref = "/inspections/new"
	}
	if auth.Can(p, auth.ViewRubric, auth.Resource{}) {
		v.RubricHref = "/inspections/rubric"
	}
	if iq.county {
		schools, err := s.store.ActiveSchools(ctx, p.CountyID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		towns := map[string]bool{}
		for _, sc := range schools {
			v.Schools = append(v.Schools, components.Option{Value: strconv.FormatInt(sc.ID, 10), Label: sc.Name})
			if !towns[sc.Township] {
				towns[sc.Township] = true
				v.Townships = append(v.Townships, components.Option{Value: sc.Township, Label: sc.Township})
			}
		}
		slices.SortFunc(v.Townships, func(a, b components.Option) int { return strings.Compare(a.Label, b.Label) })
		if iq.year.ID != 0 {
			if v.Overview, err = s.inspectionOverview(ctx, p, iq.year, mayPlan); err != nil {
				s.serverError(w, r, err)
				return
			}
		}
	}
	for _, in := range rows {
		v.Rows = append(v.Rows, inspectionRow(in))
	}
	v.Chrome = s.chrome(r, "督导检查")
	s.render(w, r, http.StatusOK, inspections.List(v))
}

// inspectionOverview is the school year on R23: the schools inspected,
// those scheduled and not yet inspected, those not scheduled at all (with
// a link to schedule them for a supervisor).
func (s *Server) inspectionOverview(ctx context.Context, p *auth.Principal, y calendar.SchoolYear, mayPlan bool) (*inspections.Overview, error) {
	year, err := s.store.InspectionYear(ctx, p.CountyID, y.ID)
	if err != nil {
		return nil, err
	}
	o := &inspections.Overview{Year: y.Name(), Schools: len(year)}
	for _, sc := range year {
		switch {
		case sc.Done > 0:
			o.Done++
		case sc.Planned > 0:
			l := inspections.SchoolLink{Name: sc.SchoolName, Township: sc.Township}
			if sc.Next != nil {
				l.Next = calendar.DateLabel(*sc.Next)
			}
			o.Waiting = append(o.Waiting, l)
		default:
			l := inspections.SchoolLink{Name: sc.SchoolName, Township: sc.Township}
			if mayPlan {
				l.Href = "/inspections/new?school=" + strconv.FormatInt(sc.SchoolID, 10)
			}
			o.Unscheduled = append(o.Unscheduled, l)
		}
	}
	return o, nil
}

// maxInspectionExport bounds an export or a print: a county's year is one
// or two inspections per school.
const maxInspectionExport = 2000

func (s *Server) inspectionsForExport(w http.ResponseWriter, r *http.Request) ([]store.Inspection, inspectionQuery, bool) {
	ctx := r.Context()
	p := principal(ctx)
	if !s.mayViewInspections(w, r, p) {
		return nil, inspectionQuery{}, false
	}
	ci, err := s.county(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return nil, inspectionQuery{}, false
	}
	iq := s.inspectionQuery(r, p, ci.cal)
	iq.Limit, iq.Offset = maxInspectionExport, 0
	rows, _, err := s.store.ListInspections(ctx, iq.InspectionFilter)
	if err != nil {
		s.serverError(w, r, err)
		return nil, inspectionQuery{}, false
	}
	return rows, iq, true
}

func (s *Server) inspectionExport(w http.ResponseWriter, r *http.Request) {
	rows, _, ok := s.inspectionsForExport(w, r)
	if !ok {
		return
	}
	p := principal(r.Context())
	headers := []string{"序号", "学年", "督导日期", "学校", "乡镇", "督导类别", "督导主题", "督导组", "状态", "备注"}
	widths := []float64{6, 16, 12, 24, 12, 14, 24, 30, 10, 40}
	objType, objID := "county", p.CountyID
	if !p.Active.Role.County() {
		objType, objID = "school", p.Active.SchoolID
	}
	s.sendXLSX(w, r, "督导检查.xlsx", "inspection.export", objType, objID, "督导检查", headers, widths,
		func(xw *xlsx.Writer) error {
			for i, in := range rows {
				if err := xw.Row(i+1, inspectionYear(&in), in.ScheduledOn, in.SchoolName, in.Township, inspection.Kinds.Label(in.Kind),
					in.Topic, teamLabel(&in), in.State.Label(), in.Note); err != nil {
					return err
				}
			}
			return nil
		})
}

// inspectionPrint is the year's schedule on A4 (督导检查安排表).
func (s *Server) inspectionPrint(w http.ResponseWriter, r *http.Request) {
	rows, iq, ok := s.inspectionsForExport(w, r)
	if !ok {
		return
	}
	v := inspections.PrintView{Back: "/inspections" + rawQuery(r), Filters: "全部学年"}
	if iq.year.ID != 0 {
		v.Filters = iq.year.Name()
	}
	if iq.county {
		v.Heading = "全县"
	} else if sc, err := schoolInCounty(r.Context(), s, principal(r.Context()), iq.Scope.SchoolID); err == nil {
		v.Heading = sc.Name
	}
	if iq.Kind != "" {
		v.Filters += " · " + inspection.Kinds.Label(iq.Kind)
	}
	if iq.State != "" {
		v.Filters += " · " + inspection.State(iq.State).Label()
	}
	for _, in := range rows {
		v.Rows = append(v.Rows, inspectionRow(in))
	}
	v.Chrome = s.chrome(r, "督导检查安排表")
	s.render(w, r, http.StatusOK, inspections.Print(v))
}

func (s *Server) inspectionShow(w http.ResponseWriter, r *http.Request) {
	in, ok := s.loadInspection(w, r, auth.ViewInspections)
	if !ok {
		return
	}
	var sheet *inspections.SheetView
	if in.State != inspection.Cancelled {
		p := principal(r.Context())
		rb, err := s.inspectionRubric(r.Context(), p, in)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if sheet, err = s.sheetView(r.Context(), p, in, rb, nil, ""); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	s.renderInspection(w, r, in, sheet, http.StatusOK)
}

// renderInspection is an inspection's page with its score sheet (nil for
// a cancelled one).
func (s *Server) renderInspection(w http.ResponseWriter, r *http.Request, in *store.Inspection, sheet *inspections.SheetView, status int) {
	p := principal(r.Context())
	v := inspections.ShowView{ListHref: "/inspections?year=" + strconv.FormatInt(in.SchoolYearID, 10), School: in.SchoolName,
		Year: inspectionYear(in), Kind: inspection.Kinds.Label(in.Kind), Topic: in.Topic, Date: calendar.DateLabel(in.ScheduledOn),
		Team: teamLabel(in), State: in.State.Label(), StateCode: string(in.State), Note: in.Note, Cancelled: in.CancelReason,
		Version: strconv.Itoa(in.Version), Sheet: sheet}
	if auth.Can(p, auth.ViewSchool, auth.Resource{SchoolID: in.SchoolID}) {
		v.SchoolRef = schoolPath(in.SchoolID, "")
	}
	if auth.Can(p, auth.ScheduleInspection, auth.Resource{SchoolID: in.SchoolID}) && in.State.Schedulable() {
		v.EditHref = inspectionPath(in.ID) + "/edit"
		v.CancelAction = inspectionPath(in.ID) + "/cancel"
	}
	if in.State.Done() {
		// The report's pack: its rectification items and signature lines.
		v.RectHref, v.Signed = rectificationsPath(in.ID), in.State.VisibleToSchool()
		items, err := s.store.Rectifications(r.Context(), in.ID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for _, it := range items {
			v.Rects = append(v.Rects, inspections.RectLine{Problem: it.Problem, Office: auth.Office(it.OwnerOffice).Label(),
				Deadline: calendar.DateLabel(it.Deadline), State: it.State.Label()})
		}
	}
	v.Chrome = s.chrome(r, in.SchoolName+" 督导检查")
	if sheet != nil && sheet.Form {
		v.Chrome.Scripts = []string{"visit-draft.js"}
	}
	s.render(w, r, status, inspections.Show(v))
}
