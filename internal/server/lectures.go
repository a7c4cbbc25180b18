package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/parents"
	"xietong/internal/store"
	"xietong/internal/xlsx"
	"xietong/web/components"
	"xietong/web/pages/lectures"
)

// lectureRoute reads a lecture of the user's county. County roles read
// every lecture, withdrawn ones too; a school's staff only those their
// school has to forward (not withdrawn, for its stage): the store's
// second lock. The policy sees the lecture as the user's school's.
var lectureRoute = loader[store.Lecture]{
	param: "lectureID", objType: "lecture",
	get: func(ctx context.Context, s *Server, p *auth.Principal, id int64) (*store.Lecture, error) {
		if p.Active.Role.County() {
			return s.store.GetLecture(ctx, p.CountyID, id)
		}
		return s.store.GetSchoolLecture(ctx, p.CountyID, p.Active.SchoolID, id)
	},
	resource: func(_ *Server, p *auth.Principal, _ *store.Lecture) auth.Resource {
		return auth.Resource{SchoolID: p.Active.SchoolID}
	},
}

// loadLecture loads the {lectureID} of the route for action a.
func (s *Server) loadLecture(w http.ResponseWriter, r *http.Request, a auth.Action) (*store.Lecture, bool) {
	l, _, ok := load(s, w, r, lectureRoute, auth.ViewLectures, a)
	return l, ok
}

func lecturePath(id int64) string { return "/lectures/" + strconv.FormatInt(id, 10) }

func lectureSchoolPath(id, schoolID int64) string {
	return lecturePath(id) + "/schools/" + strconv.FormatInt(schoolID, 10)
}

// lectureAudience names whom a lecture is for.
func lectureAudience(l *store.Lecture) string {
	out := "全体家长"
	switch l.Audience {
	case store.LectureAudienceStage:
		out = store.StageLabel(l.AudienceStage) + "学段家长"
	case store.LectureAudienceSpecial:
		out = "特殊群体家长"
	}
	if l.AudienceNote != "" {
		out += "（" + l.AudienceNote + "）"
	}
	return out
}

var lectureAudiences = []components.Option{
	{Value: store.LectureAudienceAll, Label: "全体家长"},
	{Value: store.LectureAudienceStage, Label: "某一学段家长"},
	{Value: store.LectureAudienceSpecial, Label: "特殊群体家长"},
}

func lectureFacts(l *store.Lecture) lectures.Facts {
	f := lectures.Facts{Title: l.Title, Link: l.LinkURL, Audience: lectureAudience(l), Date: calendar.DateLabel(l.PublishedOn),
		Due: calendar.DateLabel(parents.ForwardDue(l.PublishedOn)), Publisher: l.PublisherName}
	if l.Withdrawn() {
		f.Withdrawn = "已撤回（" + calendar.DateLabel(calendar.Today(*l.WithdrawnAt)) + "）"
	}
	return f
}

// forwardState is a school's standing on a lecture today, as a badge.
func (s *Server) forwardState(l *store.Lecture, fw *store.LectureForward) (parents.ForwardState, lectures.State) {
	var on *time.Time
	if fw != nil {
		on = &fw.ForwardedOn
	}
	st := parents.ForwardingAt(l.PublishedOn, on, s.cfg.Now())
	switch st {
	case parents.ForwardedInTime:
		return st, lectures.State{Label: st.Label(), Class: "ok"}
	case parents.ForwardedLate:
		return st, lectures.State{Label: "逾期 " + strconv.Itoa(parents.DaysLate(l.PublishedOn, fw.ForwardedOn)) + " 天转发", Class: "warn"}
	case parents.ForwardOverdue:
		return st, lectures.State{Label: st.Label(), Class: "bad"}
	}
	return st, lectures.State{Label: st.Label()}
}

func (s *Server) mayViewLectures(w http.ResponseWriter, r *http.Request, p *auth.Principal) bool {
	if !auth.Can(p, auth.ViewLectures, auth.Resource{SchoolID: p.Active.SchoolID}) {
		s.deny(w, r, auth.ViewLectures, "lecture", 0)
		return false
	}
	return true
}

// lectureQuery is a lecture list's filters as the request gives them.
type lectureQuery struct {
	store.LectureFilter
	// SchoolID: the school whose list it is — a school's staff always
	// their own, a county role the school it drilled down to (?school=),
	// 0 for the bureau's list.
	SchoolID int64
	list     listQuery
	term     string // the term filter's value: an id, or "all"
	// termName names the term filtered on, "" for every term.
	termName string
}

func (s *Server) lectureQuery(r *http.Request, p *auth.Principal, cal calendar.Calendar) lectureQuery {
	q := r.URL.Query()
	lq := lectureQuery{list: parseList(r, 50, "date", "title"), SchoolID: p.Active.SchoolID}
	if p.Active.Role.County() {
		lq.SchoolID, _ = strconv.ParseInt(q.Get("school"), 10, 64)
	}
	if q.Get("sort") == "" {
		lq.list.Desc = true // newest first
	}
	f := store.LectureFilter{CountyID: p.CountyID, Q: lq.list.Q, Sort: lq.list.Sort, Desc: lq.list.Desc,
		Limit: lq.list.PerPage, Offset: lq.list.Offset()}
	var term calendar.Term
	ok := false
	switch id, _ := strconv.ParseInt(q.Get("term"), 10, 64); {
	case q.Get("term") == "all":
		lq.term = "all"
	case id != 0:
		term, ok = cal.TermByID(id)
	}
	if !ok && lq.term == "" {
		term, ok = cal.CurrentTerm(s.today())
	}
	if ok {
		f.From, f.To = term.Start, term.End
		lq.term, lq.termName = strconv.FormatInt(term.ID, 10), termName(cal, term)
	}
	for _, a := range lectureAudiences {
		if q.Get("audience") == a.Value {
			f.Audience = a.Value
		}
	}
	if w := q.Get("withdrawn"); w == "yes" || w == "all" {
		f.Withdrawn = w
	}
	lq.LectureFilter = f
	return lq
}

func (lq lectureQuery) filtered() bool { return lq.Audience != "" || lq.Withdrawn != "" || lq.Q != "" }

// lectureCounts are a bureau row's figures: forwarded of those it
// concerns, late, and overdue (only once the due day has passed).
func (s *Server) lectureCounts(l store.LectureRow) (forwarded string, late, missing int) {
	if !l.Withdrawn() && s.today().After(parents.ForwardDue(l.PublishedOn)) {
		missing = max(l.Schools-l.Forwarded, 0)
	}
	return strconv.Itoa(l.Forwarded) + "/" + strconv.Itoa(l.Schools), l.Late, missing
}

func (s *Server) lectureList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !s.mayViewLectures(w, r, p) {
		return
	}
	ci, err := s.county(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	lq := s.lectureQuery(r, p, ci.cal)
	if lq.SchoolID != 0 {
		s.schoolLectureList(w, r, p, ci.cal, lq)
		return
	}
	rows, total, err := s.store.ListLectures(ctx, lq.LectureFilter)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := lectures.ListView{Term: lq.term, Audience: lq.Audience, Withdrawn: lq.Withdrawn, Q: lq.Q,
		Terms: termOptions(ci.cal), Audiences: lectureAudiences,
		States:   []components.Option{{Value: "", Label: "发布中"}, {Value: "yes", Label: "已撤回"}, {Value: "all", Label: "全部"}},
		DateHead: lq.list.Header("发布日期", "date", false), TitleHead: lq.list.Header("讲座", "title", false),
		Pager: lq.list.Pager(total), Filtered: lq.filtered(),
		ExportHref: "/lectures.xlsx" + rawQuery(r), PrintHref: "/lectures/print" + rawQuery(r)}
	if auth.Can(p, auth.PublishLecture, auth.Resource{}) {
		v.NewHref = "/lectures/new"
	}
	for _, l := range rows {
		fwd, late, missing := s.lectureCounts(l)
		v.Rows = append(v.Rows, lectures.Row{Href: lecturePath(l.ID), Title: l.Title, Date: calendar.DateLabel(l.PublishedOn),
			Due: calendar.DateLabel(parents.ForwardDue(l.PublishedOn)), Audience: lectureAudience(&l.Lecture),
			Forwarded: fwd, Late: late, Missing: missing, Withdrawn: l.Withdrawn()})
	}
	v.Chrome = s.chrome(r, "讲座转发")
	s.render(w, r, http.StatusOK, lectures.List(v))
}

// schoolLectureRow is a lecture of a school's list; county roles follow
// it to the school's page of the lecture, the school's staff to the
// lecture's own.
func (s *Server) schoolLectureRow(p *auth.Principal, schoolID int64, l store.SchoolLecture) lectures.SchoolRow {
	_, st := s.forwardState(&l.Lecture, l.Forward)
	href := lecturePath(l.ID)
	if p.Active.Role.County() {
		href = lectureSchoolPath(l.ID, schoolID)
	}
	row := lectures.SchoolRow{Href: href, Title: l.Title, Date: calendar.DateLabel(l.PublishedOn),
		Due: calendar.DateLabel(parents.ForwardDue(l.PublishedOn)), Audience: lectureAudience(&l.Lecture), State: st}
	if l.Forward != nil {
		row.ForwardedOn, row.Groups = calendar.DateLabel(l.Forward.ForwardedOn), l.Forward.Groups
	} else if auth.Can(p, auth.ForwardLecture, auth.Resource{SchoolID: schoolID}) {
		row.ForwardHref = lecturePath(l.ID) + "#forward"
	}
	return row
}

// lectureSchool is the school of a school's list: a school's staff's own
// school, or the school a county role names (404 when it is not an active
// school of the county).
func (s *Server) lectureSchool(w http.ResponseWriter, r *http.Request, p *auth.Principal, id int64) (*store.School, bool) {
	sc, err := schoolInCounty(r.Context(), s, p, id)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return nil, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return nil, false
	}
	return sc, true
}

// schoolLectureList is a school's list: every lecture still to forward,
// the oldest due first, then those forwarded in the term.
func (s *Server) schoolLectureList(w http.ResponseWriter, r *http.Request, p *auth.Principal, cal calendar.Calendar, lq lectureQuery) {
	ctx := r.Context()
	sc, ok := s.lectureSchool(w, r, p, lq.SchoolID)
	if !ok {
		return
	}
	list, err := s.store.SchoolLectures(ctx, p.CountyID, sc.ID, lq.From, lq.To)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := lectures.SchoolListView{School: sc.Name, Term: lq.term, Terms: termOptions(cal),
		ExportHref: "/lectures.xlsx" + rawQuery(r), PrintHref: "/lectures/print" + rawQuery(r)}
	if p.Active.Role.County() {
		v.SchoolParam = strconv.FormatInt(sc.ID, 10)
		if auth.Can(p, auth.ViewSchool, auth.Resource{SchoolID: sc.ID}) {
			v.CrumbHref = schoolPath(sc.ID, "")
		}
	}
	for _, l := range list {
		if l.Forward == nil {
			v.ToDo = append(v.ToDo, s.schoolLectureRow(p, sc.ID, l))
		} else {
			v.Done = append(v.Done, s.schoolLectureRow(p, sc.ID, l))
		}
	}
	v.Chrome = s.chrome(r, "讲座转发")
	s.render(w, r, http.StatusOK, lectures.SchoolList(v))
}

// maxLectureExport bounds an export or a print: the bureau publishes a few
// dozen lectures a year.
const maxLectureExport = 2000

// lectureExportRows are the list's lectures for an export or a print, as
// the printed lines: the bureau's with their counts, a school's with its
// own forwarding (what is left and what was done in the term).
func (s *Server) lectureExportRows(w http.ResponseWriter, r *http.Request) ([]lectures.PrintRow, []any, lectureQuery, bool) {
	ctx := r.Context()
	p := principal(ctx)
	if !s.mayViewLectures(w, r, p) {
		return nil, nil, lectureQuery{}, false
	}
	ci, err := s.county(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return nil, nil, lectureQuery{}, false
	}
	lq := s.lectureQuery(r, p, ci.cal)
	var out []lectures.PrintRow
	var links []any
	if lq.SchoolID == 0 {
		lq.Limit, lq.Offset = maxLectureExport, 0
		rows, _, err := s.store.ListLectures(ctx, lq.LectureFilter)
		if err != nil {
			s.serverError(w, r, err)
			return nil, nil, lectureQuery{}, false
		}
		for _, l := range rows {
			fwd, late, missing := s.lectureCounts(l)
			out = append(out, lectures.PrintRow{Title: l.Title, Date: calendar.DateLabel(l.PublishedOn),
				Due: calendar.DateLabel(parents.ForwardDue(l.PublishedOn)), Audience: lectureAudience(&l.Lecture),
				Forwarded: fwd, Late: strconv.Itoa(late), Missing: strconv.Itoa(missing)})
			links = append(links, l.LinkURL)
		}
		return out, links, lq, true
	}
	sc, ok := s.lectureSchool(w, r, p, lq.SchoolID)
	if !ok {
		return nil, nil, lectureQuery{}, false
	}
	list, err := s.store.SchoolLectures(ctx, p.CountyID, sc.ID, lq.From, lq.To)
	if err != nil {
		s.serverError(w, r, err)
		return nil, nil, lectureQuery{}, false
	}
	for _, l := range list {
		row := s.schoolLectureRow(p, sc.ID, l)
		out = append(out, lectures.PrintRow{Title: row.Title, Date: row.Date, Due: row.Due, Audience: row.Audience,
			ForwardedOn: row.ForwardedOn, Groups: row.Groups, State: row.State.Label})
		links = append(links, l.LinkURL)
	}
	return out, links, lq, true
}

func (s *Server) lectureExport(w http.ResponseWriter, r *http.Request) {
	rows, links, lq, ok := s.lectureExportRows(w, r)
	if !ok {
		return
	}
	p := principal(r.Context())
	county := lq.SchoolID == 0
	headers := []string{"序号", "讲座名称", "链接", "面向", "发布日期", "转发截止"}
	widths := []float64{6, 36, 40, 24, 14, 14}
	objType, objID := "county", p.CountyID
	if county {
		headers = append(headers, "已转发/应转发", "逾期转发", "逾期未转发")
		widths = append(widths, 14, 10, 12)
	} else {
		headers = append(headers, "转发日期", "转发到", "情况")
		widths = append(widths, 14, 30, 16)
		objType, objID = "school", lq.SchoolID
	}
	s.sendXLSX(w, r, "讲座转发.xlsx", "lecture.export", objType, objID, "讲座转发", headers, widths,
		func(xw *xlsx.Writer) error {
			for i, l := range rows {
				cells := []any{i + 1, l.Title, links[i], l.Audience, l.Date, l.Due}
				if county {
					cells = append(cells, l.Forwarded, l.Late, l.Missing)
				} else {
					cells = append(cells, l.ForwardedOn, l.Groups, l.State)
				}
				if err := xw.Row(cells...); err != nil {
					return err
				}
			}
			return nil
		})
}

// lecturePrint is the list's lectures on A4: the bureau's 讲座转发台账 or a
// school's.
func (s *Server) lecturePrint(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rows, _, lq, ok := s.lectureExportRows(w, r)
	if !ok {
		return
	}
	p := principal(ctx)
	v := lectures.PrintView{County: lq.SchoolID == 0, Back: "/lectures" + rawQuery(r), Rows: rows, Filters: "全部学期", Heading: "全县"}
	if lq.termName != "" {
		v.Filters = lq.termName
	}
	if !v.County {
		sc, ok := s.lectureSchool(w, r, p, lq.SchoolID)
		if !ok {
			return
		}
		v.Heading = sc.Name
		v.Filters += " 已转发，及全部待转发"
	}
	v.Chrome = s.chrome(r, "讲座转发台账")
	s.render(w, r, http.StatusOK, lectures.Print(v))
}

// lectureShow is a lecture's page: for county roles every school it
// concerns; for a school's staff their own school's standing, with the
// confirmation for its office.
func (s *Server) lectureShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	l, ok := s.loadLecture(w, r, auth.ViewLectures)
	if !ok {
		return
	}
	if !p.Active.Role.County() {
		sc, err := schoolInCounty(ctx, s, p, p.Active.SchoolID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		s.renderLectureSchool(w, r, l, sc, http.StatusOK, nil, "")
		return
	}
	schools, err := s.store.LectureSchools(ctx, p.CountyID, l.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := lectures.ShowView{Facts: lectureFacts(l)}
	counts := map[parents.ForwardState]int{}
	for _, sc := range schools {
		st, badge := s.forwardState(l, sc.Forward)
		counts[st]++
		row := lectures.SchoolState{Name: sc.SchoolName, Href: lectureSchoolPath(l.ID, sc.SchoolID), Township: sc.Township, State: badge}
		if sc.Forward != nil {
			row.ForwardedOn, row.Groups, row.By, row.Screenshots = calendar.DateLabel(sc.Forward.ForwardedOn), sc.Forward.Groups,
				sc.Forward.ForwarderName, sc.Forward.Screenshots
		}
		v.Schools = append(v.Schools, row)
	}
	v.Counts = []lectures.Count{{Label: "应转发学校", N: len(schools)}}
	for _, st := range []parents.ForwardState{parents.ForwardedInTime, parents.ForwardedLate, parents.ForwardWaiting, parents.ForwardOverdue} {
		v.Counts = append(v.Counts, lectures.Count{Label: st.Label(), N: counts[st]})
	}
	if !l.Withdrawn() && auth.Can(p, auth.PublishLecture, auth.Resource{}) {
		v.EditHref, v.WithdrawAction = lecturePath(l.ID)+"/edit", lecturePath(l.ID)+"/withdraw"
	}
	v.Chrome = s.chrome(r, l.Title)
	s.render(w, r, http.StatusOK, lectures.Show(v))
}
