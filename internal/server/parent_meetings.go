package server

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/coverage"
	"xietong/internal/grade"
	"xietong/internal/parents"
	"xietong/internal/store"
	"xietong/web/components"
	"xietong/web/pages/pmeetings"
)

// meetingRoute reads a parent meeting inside the user's scope
// (auth.ParentMeetingScope): a class teacher reaches only their classes'
// meetings.
var meetingRoute = loader[store.ParentMeeting]{
	param: "meetingID", objType: "parent_meeting",
	get: func(ctx context.Context, s *Server, p *auth.Principal, id int64) (*store.ParentMeeting, error) {
		return s.store.ParentMeetingByID(ctx, p.CountyID, auth.ParentMeetingScope(p), id)
	},
	resource: func(_ *Server, _ *auth.Principal, m *store.ParentMeeting) auth.Resource {
		return auth.Resource{SchoolID: m.SchoolID, ClassID: m.ClassID}
	},
}

// loadMeeting loads the {meetingID} of the route for action a.
func (s *Server) loadMeeting(w http.ResponseWriter, r *http.Request, a auth.Action) (*store.ParentMeeting, auth.Resource, bool) {
	return load(s, w, r, meetingRoute, auth.ViewParentMeeting, a)
}

func meetingPath(id int64) string { return "/parent-meetings/" + strconv.FormatInt(id, 10) }

// newLinkToken is a parents' link token: 16 random bytes, unguessable.
func newLinkToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// meetingTermList is the calendar's terms (latest first) with their names,
// and the current term (zero ID if none).
type meetingTermList struct {
	terms   []calendar.Term
	names   map[int64]string
	current calendar.Term
}

func (s *Server) meetingTerms(ctx context.Context, countyID int64) (meetingTermList, error) {
	ci, err := s.county(ctx, countyID)
	if err != nil {
		return meetingTermList{}, err
	}
	l := meetingTermList{names: map[int64]string{}}
	all := ci.cal.Terms()
	for i := len(all) - 1; i >= 0; i-- {
		t := all[i]
		if y, ok := ci.cal.YearOf(t); ok {
			l.names[t.ID] = t.Name(y.StartYear)
		}
		l.terms = append(l.terms, t)
	}
	l.current, _ = ci.cal.CurrentTerm(s.today())
	return l, nil
}

func (l meetingTermList) options() []components.Option {
	out := make([]components.Option, len(l.terms))
	for i, t := range l.terms {
		out[i] = components.Option{Value: itoa(t.ID), Label: l.names[t.ID]}
	}
	return out
}

func (l meetingTermList) find(id int64) (calendar.Term, bool) {
	for _, t := range l.terms {
		if t.ID == id {
			return t, true
		}
	}
	return calendar.Term{}, false
}

// organiserLabels names a meeting's organising offices.
func organiserLabels(codes []string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = parents.MeetingOrganisers.Label(c)
	}
	return strings.Join(out, "、")
}

// meetingScopeLabel names whom a meeting was for: 全校, 三年级, 三年级(2)班.
func meetingScopeLabel(m *store.ParentMeeting) string {
	switch m.Scope {
	case parents.ScopeGrade:
		return grade.Name(m.GradeLevel)
	case parents.ScopeClass:
		return m.ClassName
	}
	return "全校"
}

func attendanceLabel(invited, attending int) string {
	return strconv.Itoa(attending) + "/" + strconv.Itoa(invited) + "（" + coverage.Rate{Num: attending, Den: invited}.Percent() + "）"
}

func lectureLabel(m *store.ParentMeeting) string {
	if m.LectureTopic == "" {
		return "未安排"
	}
	if m.LectureSpeaker == "" {
		return m.LectureTopic
	}
	return m.LectureTopic + "（主讲：" + m.LectureSpeaker + "）"
}

// mayRecordIn reports whether p may record a meeting of the school at all:
// its office, or a class teacher of one of its classes.
func mayRecordIn(p *auth.Principal, schoolID int64) bool {
	if auth.Can(p, auth.RecordParentMeeting, auth.Resource{SchoolID: schoolID}) {
		return true
	}
	for _, c := range p.Active.ClassIDs {
		if auth.Can(p, auth.RecordParentMeeting, auth.Resource{SchoolID: schoolID, ClassID: c}) {
			return true
		}
	}
	return false
}

// parentMeetingList is a school's meetings: filters by term, scope and
// organiser, search in the topics, pages of 20.
func (s *Server) parentMeetingList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	sc, _, ok := s.loadSchool(w, r, auth.ViewParentMeetings)
	if !ok {
		return
	}
	terms, err := s.meetingTerms(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	lq := parseList(r, 20)
	q := r.URL.Query()
	f := store.MeetingFilter{SchoolID: sc.ID, Q: lq.Q, Limit: lq.PerPage, Offset: lq.Offset()}
	if id, err := strconv.ParseInt(q.Get("term"), 10, 64); err == nil {
		if t, ok := terms.find(id); ok {
			f.TermID = t.ID
		}
	}
	if v := q.Get("scope"); parents.MeetingScopes.Valid(v) {
		f.Scope = v
	}
	if v := q.Get("organiser"); parents.MeetingOrganisers.Valid(v) {
		f.Organiser = v
	}
	rows, total, err := s.store.ListParentMeetings(ctx, p.CountyID, auth.ParentMeetingScope(p), f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := pmeetings.ListView{Chrome: s.chrome(r, "家长会"), SchoolName: sc.Name, Crumb: sc.Name, CrumbHref: schoolPath(sc.ID, ""),
		Action: schoolPath(sc.ID, "/parent-meetings"), Scope: f.Scope, Organiser: f.Organiser, Q: f.Q,
		Terms: terms.options(), Scopes: options(parents.MeetingScopes), Organisers: options(parents.MeetingOrganisers),
		Filtered: f.TermID != 0 || f.Scope != "" || f.Organiser != "" || f.Q != "", Pager: lq.Pager(total)}
	if f.TermID != 0 {
		v.Term = itoa(f.TermID)
	}
	if mayRecordIn(p, sc.ID) {
		v.NewHref = schoolPath(sc.ID, "/parent-meetings/new")
	}
	if p.Active.Role == auth.ClassTeacher {
		v.Note = "这里列出您任班主任的班级的家长会。"
		v.Crumb, v.CrumbHref = "首页", "/"
	}
	for i := range rows {
		m := &rows[i]
		v.Rows = append(v.Rows, pmeetings.Row{Href: meetingPath(m.ID), Date: calendar.DateLabel(m.HeldOn), Scope: meetingScopeLabel(m),
			Topic: m.Topic, Organisers: organiserLabels(m.Organisers), Attendance: attendanceLabel(m.Invited, m.Attending),
			Lecture: lectureLabel(m), Opinions: strconv.Itoa(m.Answered) + "/" + strconv.Itoa(m.Opinions),
			Received: receivedFor(p, m)})
	}
	s.render(w, r, http.StatusOK, pmeetings.List(v))
}

// receivedFor is how many parents' opinions wait for p to accept them: only
// those who manage the meeting's opinions see them at all.
func receivedFor(p *auth.Principal, m *store.ParentMeeting) int {
	if !auth.Can(p, auth.ManageOpinions, auth.Resource{SchoolID: m.SchoolID, ClassID: m.ClassID}) {
		return 0
	}
	return m.Received
}

// meetingFormData is what the meeting form offers: the terms, the school's
// classes (a class teacher's own only) and grades.
type meetingFormData struct {
	terms   meetingTermList
	classes []store.ClassRecord
	// whole: p may record meetings for the whole school or a grade.
	whole bool
}

func (s *Server) meetingFormData(ctx context.Context, p *auth.Principal, schoolID int64) (meetingFormData, error) {
	terms, err := s.meetingTerms(ctx, p.CountyID)
	if err != nil {
		return meetingFormData{}, err
	}
	d := meetingFormData{terms: terms, whole: auth.Can(p, auth.RecordParentMeeting, auth.Resource{SchoolID: schoolID})}
	if terms.current.ID == 0 {
		return d, nil
	}
	all, err := s.store.ListClasses(ctx, schoolID, terms.current.SchoolYearID)
	if err != nil {
		return meetingFormData{}, err
	}
	for _, c := range all {
		if !c.Archived && auth.Can(p, auth.RecordParentMeeting, auth.Resource{SchoolID: schoolID, ClassID: c.ID}) {
			d.classes = append(d.classes, c)
		}
	}
	return d, nil
}

// meetingFormView builds the form; values and errors from f when it came
// back, else from vals (a new meeting's defaults or the meeting edited).
func meetingFormView(d meetingFormData, vals map[string]string, orgs []string, counts map[int64][2]string, f *form) pmeetings.FormView {
	v := pmeetings.FormView{Errors: map[string]string{}, Values: vals, Organisers: map[string]bool{},
		Terms: d.terms.options(), OrgOptions: options(parents.MeetingOrganisers)}
	for _, o := range orgs {
		v.Organisers[o] = true
	}
	if f != nil {
		v.Errors = f.Errors
		v.Values = f.values("term", "held_on", "scope", "grade", "class", "topic", "invited", "attending", "lecture_speaker", "lecture_topic")
		v.Organisers = map[string]bool{}
		for _, o := range f.Values["organisers"] {
			v.Organisers[o] = true
		}
	}
	if d.whole {
		v.Scopes = options(parents.MeetingScopes)
	} else {
		v.Scopes = []components.Option{{Value: parents.ScopeClass, Label: "班级"}}
	}
	levels := map[int]bool{}
	for _, c := range d.classes {
		v.Classes = append(v.Classes, components.Option{Value: itoa(c.ID), Label: c.Name})
		if d.whole && !levels[c.GradeLevel] {
			levels[c.GradeLevel] = true
			v.Grades = append(v.Grades, components.Option{Value: strconv.Itoa(c.GradeLevel), Label: grade.Name(c.GradeLevel)})
		}
		if d.whole {
			row := pmeetings.ClassCount{ID: itoa(c.ID), Name: c.Name}
			if f != nil {
				row.Invited, row.Attending, row.Error = f.Get("inv_"+row.ID), f.Get("att_"+row.ID), f.Errors["att_"+row.ID]
			} else if cnt, ok := counts[c.ID]; ok {
				row.Invited, row.Attending = cnt[0], cnt[1]
			} else if counts == nil {
				row.Invited = strconv.Itoa(c.Students)
			}
			v.Counts = append(v.Counts, row)
		}
	}
	return v
}

// readMeetingForm checks the meeting form, with Chinese messages by each
// field.
func readMeetingForm(f *form, p *auth.Principal, schoolID int64, d meetingFormData) store.MeetingFields {
	var m store.MeetingFields
	termID := f.ID("term", "学期", true)
	term, termOK := d.terms.find(termID)
	if termID != 0 && !termOK {
		f.Fail("term", "请选择学期")
	}
	m.TermID = term.ID
	m.HeldOn = f.Date("held_on", "日期", true)
	if termOK && f.Errors["held_on"] == "" && !term.Contains(m.HeldOn) {
		f.Fail("held_on", "日期不在所选学期内（"+calendar.TermWindow(term).LongLabel()+"）")
	}
	m.Scope = f.Choice("scope", "范围", parents.MeetingScopes.Codes()...)
	switch m.Scope {
	case parents.ScopeSchool, parents.ScopeGrade:
		if !auth.Can(p, auth.RecordParentMeeting, auth.Resource{SchoolID: schoolID}) {
			f.Fail("scope", "班主任只能记录本班的家长会，请选择“班级”")
		}
	}
	if m.Scope == parents.ScopeGrade {
		if f.Get("grade") == "" {
			f.Fail("grade", "年级家长会请选择年级")
		} else {
			m.GradeLevel = f.Int("grade", "年级", 1, 12)
		}
	}
	if m.Scope == parents.ScopeClass {
		m.ClassID = f.ID("class", "班级", false)
		found := false
		for _, c := range d.classes {
			found = found || c.ID == m.ClassID
		}
		switch {
		case m.ClassID == 0 && f.Errors["class"] == "":
			f.Fail("class", "班级家长会请选择班级")
		case m.ClassID != 0 && !found:
			f.Fail("class", "只能为您任班主任的本校班级记录家长会，请重新选择")
		}
	}
	for _, o := range f.Values["organisers"] {
		if !parents.MeetingOrganisers.Valid(o) {
			f.Fail("organisers", "组织部门无效，请重新选择")
			continue
		}
		if !slices.Contains(m.Organisers, o) {
			m.Organisers = append(m.Organisers, o)
		}
	}
	if len(m.Organisers) == 0 {
		f.Fail("organisers", "请至少选择一个组织部门")
	}
	m.Topic = f.Text("topic", "家长会主题", true, 100)
	if m.Scope == parents.ScopeSchool && d.whole {
		for _, c := range d.classes {
			id := itoa(c.ID)
			if f.Get("inv_"+id) == "" && f.Get("att_"+id) == "" {
				continue
			}
			if f.Get("att_"+id) == "" {
				continue // invited prefilled, the class not counted
			}
			inv, e1 := strconv.Atoi(f.Get("inv_" + id))
			att, e2 := strconv.Atoi(f.Get("att_" + id))
			switch {
			case e1 != nil || e2 != nil || inv > 10000:
				f.Fail("att_"+id, c.Name+"：人数应为整数")
			case parents.ValidateAttendance(inv, att) != "":
				f.Fail("att_"+id, c.Name+"："+parents.ValidateAttendance(inv, att))
			default:
				m.Classes = append(m.Classes, parents.Attendance{ClassID: c.ID, Invited: inv, Attending: att})
			}
		}
	}
	if len(m.Classes) > 0 {
		m.Invited, m.Attending = parents.SumAttendance(m.Classes)
	} else {
		m.Invited = f.Int("invited", "应到家长人数", 0, 100000)
		m.Attending = f.Int("attending", "实到家长人数", 0, 100000)
		if f.Errors["invited"] == "" && f.Errors["attending"] == "" {
			if msg := parents.ValidateAttendance(m.Invited, m.Attending); msg != "" {
				f.Fail("attending", msg)
			}
		}
	}
	m.LectureSpeaker = f.Text("lecture_speaker", "主讲人", false, 40)
	m.LectureTopic = f.Text("lecture_topic", "讲座题目", false, 100)
	if m.LectureSpeaker != "" && m.LectureTopic == "" {
		f.Fail("lecture_topic", "请填写讲座题目")
	}
	return m
}

func (s *Server) parentMeetingNewForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	sc, _, ok := s.loadSchool(w, r, auth.ViewParentMeetings)
	if !ok {
		return
	}
	if !mayRecordIn(p, sc.ID) {
		s.deny(w, r, auth.RecordParentMeeting, "school", sc.ID)
		return
	}
	d, err := s.meetingFormData(ctx, p, sc.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	vals := map[string]string{"held_on": dateValue(s.today()), "scope": parents.ScopeSchool}
	if d.terms.current.ID != 0 {
		vals["term"] = itoa(d.terms.current.ID)
	}
	orgs := []string{"moral"}
	if !d.whole {
		vals["scope"], orgs = parents.ScopeClass, []string{"division"}
		if len(d.classes) == 1 {
			vals["class"] = itoa(d.classes[0].ID)
			vals["invited"] = strconv.Itoa(d.classes[0].Students)
		}
	}
	v := meetingFormView(d, vals, orgs, nil, nil)
	s.renderMeetingForm(w, r, http.StatusOK, sc, v, schoolPath(sc.ID, "/parent-meetings"), newFormToken(), "记家长会")
}

func (s *Server) renderMeetingForm(w http.ResponseWriter, r *http.Request, status int, sc *store.School, v pmeetings.FormView, action, token, heading string) {
	v.Heading, v.Action, v.Token = heading, action, token
	v.Crumb, v.CrumbHref = "家长会", schoolPath(sc.ID, "/parent-meetings")
	v.Cancel = v.CrumbHref
	if strings.HasPrefix(action, "/parent-meetings/") {
		v.Cancel = action
	}
	v.Chrome = s.chrome(r, heading)
	s.render(w, r, status, pmeetings.Form(v))
}

func (s *Server) parentMeetingCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	sc, _, ok := s.loadSchool(w, r, auth.ViewParentMeetings)
	if !ok {
		return
	}
	if !mayRecordIn(p, sc.ID) {
		s.deny(w, r, auth.RecordParentMeeting, "school", sc.ID)
		return
	}
	d, err := s.meetingFormData(ctx, p, sc.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	token := f.Token()
	m := store.NewParentMeeting{MeetingFields: readMeetingForm(f, p, sc.ID, d), SchoolID: sc.ID, AuthorID: p.UserID, LinkToken: newLinkToken()}
	if !f.Valid() {
		t := token
		if t == "" {
			t = newFormToken()
		}
		s.renderMeetingForm(w, r, http.StatusUnprocessableEntity, sc, meetingFormView(d, nil, nil, nil, f), schoolPath(sc.ID, "/parent-meetings"), t, "记家长会")
		return
	}
	loc, replayed, err := s.createOnce(w, r, token, func(tx *store.Store) (string, error) {
		id, err := tx.CreateParentMeeting(ctx, m)
		if err != nil {
			return "", err
		}
		ev := s.event(r, "parent_meeting.create", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "parent_meeting", &id
		ev.Details = map[string]any{"school_id": sc.ID, "scope": m.Scope}
		return meetingPath(id), tx.Audit(ctx, ev)
	})
	if replayed {
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, loc, "家长会已记录")
}

// meetingValues are a meeting's fields as the form shows them.
func meetingValues(m *store.ParentMeeting) map[string]string {
	v := map[string]string{"term": itoa(m.TermID), "held_on": dateValue(m.HeldOn), "scope": m.Scope, "topic": m.Topic,
		"invited": strconv.Itoa(m.Invited), "attending": strconv.Itoa(m.Attending),
		"lecture_speaker": m.LectureSpeaker, "lecture_topic": m.LectureTopic}
	if m.GradeLevel != 0 {
		v["grade"] = strconv.Itoa(m.GradeLevel)
	}
	if m.ClassID != 0 {
		v["class"] = itoa(m.ClassID)
	}
	return v
}

func (s *Server) meetingCounts(ctx context.Context, id int64) (map[int64][2]string, error) {
	cs, err := s.store.MeetingClasses(ctx, id)
	if err != nil {
		return nil, err
	}
	out := map[int64][2]string{}
	for _, c := range cs {
		out[c.ClassID] = [2]string{strconv.Itoa(c.Invited), strconv.Itoa(c.Attending)}
	}
	return out, nil
}

// loadMeetingForEdit opens the edit form and its post: the meeting, its
// school and what the form offers.
func (s *Server) loadMeetingForEdit(w http.ResponseWriter, r *http.Request) (*store.ParentMeeting, *store.School, meetingFormData, bool) {
	ctx := r.Context()
	m, _, ok := s.loadMeeting(w, r, auth.RecordParentMeeting)
	if !ok {
		return nil, nil, meetingFormData{}, false
	}
	sc, err := s.store.SchoolByID(ctx, m.SchoolID)
	if err != nil {
		s.serverError(w, r, err)
		return nil, nil, meetingFormData{}, false
	}
	d, err := s.meetingFormData(ctx, principal(ctx), m.SchoolID)
	if err != nil {
		s.serverError(w, r, err)
		return nil, nil, meetingFormData{}, false
	}
	return m, sc, d, true
}

func (s *Server) parentMeetingEditForm(w http.ResponseWriter, r *http.Request) {
	m, sc, d, ok := s.loadMeetingForEdit(w, r)
	if !ok {
		return
	}
	counts, err := s.meetingCounts(r.Context(), m.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.renderMeetingForm(w, r, http.StatusOK, sc, meetingFormView(d, meetingValues(m), m.Organisers, counts, nil), meetingPath(m.ID), "", "编辑家长会")
}

func (s *Server) parentMeetingUpdate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	m, sc, d, ok := s.loadMeetingForEdit(w, r)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	in := readMeetingForm(f, p, m.SchoolID, d)
	if !f.Valid() {
		s.renderMeetingForm(w, r, http.StatusUnprocessableEntity, sc, meetingFormView(d, nil, nil, nil, f), meetingPath(m.ID), "", "编辑家长会")
		return
	}
	err := s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.UpdateParentMeeting(ctx, m.SchoolID, m.ID, in); err != nil {
			return err
		}
		ev := s.event(r, "parent_meeting.update", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "parent_meeting", &m.ID
		ev.Details = map[string]any{"school_id": m.SchoolID, "scope": in.Scope}
		return tx.Audit(ctx, ev)
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r)
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, meetingPath(m.ID), "家长会已保存")
}
