package server

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"xietong/internal/activity"
	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/grade"
	"xietong/internal/store"
	"xietong/web/components"
	"xietong/web/pages/meetings"
)

// meetingTerm is the term class meetings are filed in today (the current
// term, or the one about to start); ok false when the calendar has none.
func (s *Server) meetingTerm(w http.ResponseWriter, r *http.Request) (calendar.Term, string, bool) {
	p := principal(r.Context())
	ci, err := s.county(r.Context(), p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return calendar.Term{}, "", false
	}
	t, ok := ci.cal.CurrentTerm(s.today())
	if !ok {
		s.renderErrorMessage(w, r, http.StatusNotFound, "没有当前学期", "校历中没有当前学期，请管理员先维护校历。")
		return calendar.Term{}, "", false
	}
	label := ""
	if y, ok := ci.cal.YearOf(t); ok {
		label = t.Name(y.StartYear)
	}
	return t, label, true
}

func classMeetingsPath(classID int64) string {
	return "/classes/" + strconv.FormatInt(classID, 10) + "/meetings"
}

// classMeetings is a class's themed class meetings of the term, with the
// form to record one.
func (s *Server) classMeetings(w http.ResponseWriter, r *http.Request) {
	c, _, ok := s.loadClass(w, r, auth.ViewClassMeetings)
	if !ok {
		return
	}
	s.renderClassMeetings(w, r, c, nil, http.StatusOK)
}

func (s *Server) renderClassMeetings(w http.ResponseWriter, r *http.Request, c *store.Class, f *form, status int) {
	ctx := r.Context()
	p := principal(ctx)
	term, label, ok := s.meetingTerm(w, r)
	if !ok {
		return
	}
	list, err := s.store.ListClassMeetings(ctx, c.ID, term.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	res := auth.Resource{SchoolID: c.SchoolID, ClassID: c.ID}
	v := meetings.ClassView{
		ClassName: c.SchoolName + " " + c.Name, TermLabel: label, Crumb: c.Name, CrumbHref: "/classes/" + strconv.FormatInt(c.ID, 10),
		FirstWeek: calendar.FirstWeekWindow(term).LongLabel(),
		CanRecord: auth.Can(p, auth.RecordClassMeeting, res), Action: classMeetingsPath(c.ID), Token: newFormToken(),
		Errors: map[string]string{}, Values: map[string]string{}, Themes: options(activity.Themes),
	}
	if !auth.Can(p, auth.ViewClassRoster, res) {
		v.Crumb, v.CrumbHref = c.SchoolName, schoolPath(c.SchoolID, "/meetings")
	}
	dates := make([]time.Time, 0, len(list))
	for _, m := range list {
		dates = append(dates, m.HeldOn)
		v.Meetings = append(v.Meetings, meetings.Meeting{Href: classMeetingPath(m.ID), Date: calendar.DateLabel(m.HeldOn),
			Theme: activity.Themes.Label(m.Theme), Title: m.Title, Author: m.AuthorName})
	}
	v.State = activity.ClassMeeting(term, dates, s.today()).Label()
	if v.CanRecord {
		th, err := s.store.ThemeForClass(ctx, c.SchoolID, term.ID, c.GradeLevel)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		v.Values["held_on"] = dateValue(s.today())
		if th != nil {
			v.SetTheme = activity.Themes.Label(th.Theme) + " · " + th.Title
			v.Values = map[string]string{"held_on": dateValue(th.HeldOn), "theme": th.Theme, "title": th.Title}
		}
	}
	if f != nil {
		v.Errors, v.Values = f.Errors, f.values("held_on", "theme", "title")
	}
	v.Chrome = s.chrome(r, "主题班会")
	s.render(w, r, status, meetings.Class(v))
}

// readMeeting reads the date, theme and title of a meeting or theme form,
// checking the date against the term.
func (s *Server) readMeeting(f *form, term calendar.Term) (held time.Time, theme, title string) {
	held = f.Date("held_on", "日期", true)
	if f.Errors["held_on"] == "" {
		if msg := activity.ValidateDate(term, held, s.today()); msg != "" {
			f.Fail("held_on", msg)
		}
	}
	theme = f.Choice("theme", "主题类别", activity.Themes.Codes()...)
	title = f.Text("title", "班会题目", true, 100)
	return held, theme, title
}

func (s *Server) classMeetingCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	c, _, ok := s.loadClass(w, r, auth.RecordClassMeeting)
	if !ok {
		return
	}
	term, _, ok := s.meetingTerm(w, r)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	token := f.Token()
	m := store.NewClassMeeting{SchoolID: c.SchoolID, ClassID: c.ID, TermID: term.ID, AuthorID: p.UserID}
	m.HeldOn, m.Theme, m.Title = s.readMeeting(f, term)
	if !f.Valid() {
		s.renderClassMeetings(w, r, c, f, http.StatusUnprocessableEntity)
		return
	}
	loc, replayed, err := s.createOnce(w, r, token, func(tx *store.Store) (string, error) {
		id, err := tx.CreateClassMeeting(ctx, m)
		if err != nil {
			return "", err
		}
		ev := s.event(r, "class_meeting.create", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "class_meeting", &id
		ev.Details = map[string]any{"class_id": c.ID, "theme": m.Theme}
		return classMeetingPath(id), tx.Audit(ctx, ev)
	})
	if replayed {
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	// To the meeting's page, where its photo is added.
	s.done(w, r, loc, "主题班会已记录，可在下方添加照片")
}

// schoolMeetings is a school's summary of R05 for the term: which classes
// held their themed class meeting in the first seven days.
func (s *Server) schoolMeetings(w http.ResponseWriter, r *http.Request) {
	sc, _, ok := s.loadSchool(w, r, auth.ViewClassMeetings)
	if !ok {
		return
	}
	s.renderSchoolMeetings(w, r, sc, nil, http.StatusOK)
}

func (s *Server) renderSchoolMeetings(w http.ResponseWriter, r *http.Request, sc *store.School, f *form, status int) {
	ctx := r.Context()
	p := principal(ctx)
	term, label, ok := s.meetingTerm(w, r)
	if !ok {
		return
	}
	rows, err := s.store.SchoolMeetingSummary(ctx, sc.ID, term, s.today())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	themes, err := s.store.MeetingThemes(ctx, sc.ID, term.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	res := auth.Resource{SchoolID: sc.ID}
	v := meetings.SchoolView{
		SchoolName: sc.Name, TermLabel: label, Crumb: sc.Name, CrumbHref: schoolPath(sc.ID, ""),
		FirstWeek: calendar.FirstWeekWindow(term).LongLabel(), All: len(rows),
		CanTheme: auth.Can(p, auth.SetMeetingTheme, res), Action: schoolPath(sc.ID, "/meetings/themes"), Token: newFormToken(),
		Errors: map[string]string{}, Values: map[string]string{}, ThemeOps: options(activity.Themes),
	}
	grades := map[int]bool{}
	for _, c := range rows {
		row := meetings.ClassRow{Name: c.Name, State: c.State.Label(), Meetings: c.Meetings, Held: c.State == activity.MeetingHeld}
		if !c.First.IsZero() {
			row.First = calendar.DateLabel(c.First)
		}
		if row.Held {
			v.Held++
		}
		if auth.Can(p, auth.ViewClassMeetings, auth.Resource{SchoolID: sc.ID, ClassID: c.ClassID}) {
			row.Href = classMeetingsPath(c.ClassID)
		}
		v.Classes = append(v.Classes, row)
		if !grades[c.GradeLevel] {
			grades[c.GradeLevel] = true
			v.GradeOps = append(v.GradeOps, components.Option{Value: strconv.Itoa(c.GradeLevel), Label: grade.Name(c.GradeLevel)})
		}
	}
	for _, t := range themes {
		scope := "全校"
		if t.GradeLevel != 0 {
			scope = grade.Name(t.GradeLevel)
		}
		v.Themes = append(v.Themes, meetings.Theme{Scope: scope, Date: calendar.DateLabel(t.HeldOn), Theme: activity.Themes.Label(t.Theme), Title: t.Title, Author: t.AuthorName})
	}
	if f != nil {
		v.Errors, v.Values = f.Errors, f.values("grade", "held_on", "theme", "title")
	}
	v.Chrome = s.chrome(r, "主题班会")
	s.render(w, r, status, meetings.School(v))
}

func (s *Server) meetingThemeCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	sc, _, ok := s.loadSchool(w, r, auth.SetMeetingTheme)
	if !ok {
		return
	}
	term, _, ok := s.meetingTerm(w, r)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	token := f.Token()
	m := store.NewMeetingTheme{SchoolID: sc.ID, TermID: term.ID, AuthorID: p.UserID}
	if f.Get("grade") != "" {
		m.GradeLevel = f.Int("grade", "范围", 1, 12)
	}
	m.HeldOn = f.Date("held_on", "日期", true)
	if f.Errors["held_on"] == "" && !term.Contains(m.HeldOn) {
		f.Fail("held_on", "日期不在本学期内（"+calendar.TermWindow(term).LongLabel()+"）")
	}
	m.Theme = f.Choice("theme", "主题类别", activity.Themes.Codes()...)
	m.Title = f.Text("title", "班会题目", true, 100)
	if !f.Valid() {
		s.renderSchoolMeetings(w, r, sc, f, http.StatusUnprocessableEntity)
		return
	}
	loc := schoolPath(sc.ID, "/meetings")
	_, replayed, err := s.createOnce(w, r, token, func(tx *store.Store) (string, error) {
		id, err := tx.SetMeetingTheme(ctx, m)
		if err != nil {
			return "", err
		}
		ev := s.event(r, "class_meeting.theme", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "class_meeting_theme", &id
		ev.Details = map[string]any{"school_id": sc.ID, "grade_level": m.GradeLevel, "theme": m.Theme}
		return loc, tx.Audit(ctx, ev)
	})
	if replayed {
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, loc, "统一主题已设定")
}

// classMeetingRoute reads one themed class meeting; the policy on its class
// says who sees it (classes hold no child's data, as classRoute).
var classMeetingRoute = loader[store.ClassMeeting]{
	param: "meetingID", objType: "class_meeting",
	get: func(ctx context.Context, s *Server, _ *auth.Principal, id int64) (*store.ClassMeeting, error) {
		return s.store.GetClassMeeting(ctx, id)
	},
	resource: func(_ *Server, _ *auth.Principal, m *store.ClassMeeting) auth.Resource {
		return auth.Resource{SchoolID: m.SchoolID, ClassID: m.ClassID}
	},
}

// loadClassMeeting loads the {meetingID} of the route for action a.
func (s *Server) loadClassMeeting(w http.ResponseWriter, r *http.Request, a auth.Action) (*store.ClassMeeting, bool) {
	m, _, ok := load(s, w, r, classMeetingRoute, auth.ViewClassMeetings, a)
	return m, ok
}

func classMeetingPath(id int64) string { return "/class-meetings/" + strconv.FormatInt(id, 10) }

func classMeetingOwner(m *store.ClassMeeting) store.EvidenceOwner {
	return store.EvidenceOwner{Type: "class_meeting", ID: m.ID, SchoolID: m.SchoolID}
}

func (s *Server) classMeetingShow(w http.ResponseWriter, r *http.Request) {
	m, ok := s.loadClassMeeting(w, r, auth.ViewClassMeetings)
	if !ok {
		return
	}
	s.renderClassMeeting(w, r, m, http.StatusOK, "")
}

// renderClassMeeting is a meeting's page with its photos; uploadErr is the
// message of a refused upload.
func (s *Server) renderClassMeeting(w http.ResponseWriter, r *http.Request, m *store.ClassMeeting, status int, uploadErr string) {
	ctx := r.Context()
	p := principal(ctx)
	c, err := s.store.ClassByID(ctx, m.ClassID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	files, err := s.store.ListEvidence(ctx, classMeetingOwner(m))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	mayEdit := auth.Can(p, auth.RecordClassMeeting, auth.Resource{SchoolID: m.SchoolID, ClassID: m.ClassID})
	v := meetings.MeetingView{ClassName: c.SchoolName + " " + c.Name, ClassHref: classMeetingsPath(c.ID),
		Date: calendar.DateLabel(m.HeldOn), Theme: activity.Themes.Label(m.Theme), Title: m.Title, Author: m.AuthorName,
		Evidence: evidenceView(files, classMeetingPath(m.ID), mayEdit, newFormToken(), uploadErr)}
	if mayEdit {
		v.DeleteAction = classMeetingPath(m.ID) + "/delete"
	}
	v.Chrome = s.chrome(r, m.Title)
	s.render(w, r, status, meetings.MeetingPage(v))
}

func (s *Server) classMeetingDelete(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	m, ok := s.loadClassMeeting(w, r, auth.RecordClassMeeting)
	if !ok {
		return
	}
	err := s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.DeleteOwnerEvidence(ctx, classMeetingOwner(m)); err != nil {
			return err
		}
		if err := tx.DeleteClassMeeting(ctx, m.ClassID, m.ID); err != nil {
			return err
		}
		ev := s.event(r, "class_meeting.delete", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "class_meeting", &m.ID
		ev.Details = map[string]any{"class_id": m.ClassID, "title": m.Title, "held_on": dateValue(m.HeldOn)}
		return tx.Audit(ctx, ev)
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, classMeetingsPath(m.ClassID), "已删除主题班会“"+m.Title+"”")
}

func (s *Server) classMeetingEvidenceAdd(w http.ResponseWriter, r *http.Request) {
	m, ok := s.loadClassMeeting(w, r, auth.RecordClassMeeting)
	if !ok {
		return
	}
	s.addEvidence(w, r, classMeetingOwner(m), classMeetingPath(m.ID), func(msg string) {
		s.renderClassMeeting(w, r, m, http.StatusUnprocessableEntity, msg)
	})
}

func (s *Server) classMeetingEvidence(w http.ResponseWriter, r *http.Request) {
	m, ok := s.loadClassMeeting(w, r, auth.ViewClassMeetings)
	if !ok {
		return
	}
	s.sendEvidence(w, r, classMeetingOwner(m))
}

func (s *Server) classMeetingEvidenceDelete(w http.ResponseWriter, r *http.Request) {
	m, ok := s.loadClassMeeting(w, r, auth.RecordClassMeeting)
	if !ok {
		return
	}
	s.deleteEvidence(w, r, classMeetingOwner(m), classMeetingPath(m.ID))
}
