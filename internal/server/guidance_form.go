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
	"xietong/web/components"
	"xietong/web/pages/guidance"
)

var guidanceFields = []string{"kind", "form", "topic", "held_on", "mode", "speaker", "audience", "grade", "class_id", "invited", "attending"}

// guidanceClasses are the school's active classes of the term's school
// year: a grade or class audience is one of them.
func (s *Server) guidanceClasses(ctx context.Context, schoolID int64, term calendar.Term) ([]store.ClassRecord, error) {
	all, err := s.store.ListClasses(ctx, schoolID, term.SchoolYearID)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, c := range all {
		if !c.Archived {
			out = append(out, c)
		}
	}
	return out, nil
}

// guidanceFormView builds the form for the school's term, with the values
// typed or stored.
func (s *Server) guidanceFormView(ctx context.Context, p *auth.Principal, schoolID int64, cal calendar.Calendar, term calendar.Term, values, errs map[string]string) (guidance.FormView, error) {
	sc, err := schoolInCounty(ctx, s, p, schoolID)
	if err != nil {
		return guidance.FormView{}, err
	}
	classes, err := s.guidanceClasses(ctx, schoolID, term)
	if err != nil {
		return guidance.FormView{}, err
	}
	v := guidance.FormView{School: sc.Name, Term: termName(cal, term), Training: values["kind"] == parents.KindTraining,
		Values: values, Errors: errs, Forms: options(parents.TrainingForms), Modes: options(parents.Modes),
		Audiences: options(parents.Audiences)}
	levels := map[int]bool{}
	for _, c := range classes {
		v.Classes = append(v.Classes, components.Option{Value: itoa(c.ID), Label: c.Name})
		if !levels[c.GradeLevel] {
			levels[c.GradeLevel] = true
			v.Grades = append(v.Grades, components.Option{Value: strconv.Itoa(c.GradeLevel), Label: grade.Name(c.GradeLevel)})
		}
	}
	return v, nil
}

// readCount reads a count of people: an integer from 0 to 100000, with a
// Chinese message by the field otherwise; ok is false when it is empty or
// refused.
func readCount(f *form, field, label string, required bool) (n int, ok bool) {
	v := f.Get(field)
	if v == "" {
		if required {
			f.Fail(field, "请填写"+label)
		}
		return 0, false
	}
	n, err := strconv.Atoi(v)
	switch {
	case err != nil:
		f.Fail(field, label+"应为整数")
	case n < 0:
		f.Fail(field, label+"不能为负数")
	case n > 100000:
		f.Fail(field, label+"不能超过 100000")
	default:
		return n, true
	}
	return 0, false
}

// readGuidance checks a session's or training's form against the term it
// is filed in, with Chinese messages by each field: the date held and in
// the term (parents.ValidateSessionDate), a grade or a class of the school
// for such an audience, the attending not more than the invited.
func readGuidance(f *form, kind string, term calendar.Term, classes []store.ClassRecord, today time.Time) store.GuidanceFields {
	var g store.GuidanceFields
	g.TermID = term.ID
	if kind == parents.KindTraining {
		g.Form = f.Choice("form", "培训形式", parents.TrainingForms.Codes()...)
	}
	g.Topic = f.Text("topic", "主题", true, 100)
	g.HeldOn = f.Date("held_on", "日期", true)
	if f.Errors["held_on"] == "" {
		if msg := parents.ValidateSessionDate(term, g.HeldOn, today); msg != "" {
			f.Fail("held_on", msg)
		}
	}
	g.Mode = f.Choice("mode", "方式", parents.Modes.Codes()...)
	g.Speaker = f.Text("speaker", "主讲人", true, 40)
	g.Audience = f.Choice("audience", "对象", parents.Audiences.Codes()...)
	switch g.Audience {
	case "grade":
		if f.Get("grade") == "" {
			f.Fail("grade", "对象为年级家长时请选择年级")
			break
		}
		g.GradeLevel = f.Int("grade", "年级", 1, 12)
		found := false
		for _, c := range classes {
			found = found || c.GradeLevel == g.GradeLevel
		}
		if f.Errors["grade"] == "" && !found {
			f.Fail("grade", "本校没有"+grade.Name(g.GradeLevel)+"，请重新选择")
		}
	case "class":
		g.ClassID = f.ID("class_id", "班级", false)
		found := false
		for _, c := range classes {
			found = found || c.ID == g.ClassID
		}
		switch {
		case g.ClassID == 0 && f.Errors["class_id"] == "":
			f.Fail("class_id", "对象为班级家长时请选择班级")
		case g.ClassID != 0 && !found:
			f.Fail("class_id", "请选择本校的班级")
		}
	}
	invited, invOK := readCount(f, "invited", "应到人数", false)
	attending, attOK := readCount(f, "attending", "参加人数", true)
	if invOK && invited == 0 {
		f.Fail("invited", "应到人数应大于 0；不清楚的可不填")
		invOK = false
	}
	if invOK && attOK {
		if msg := parents.ValidateAttendance(invited, attending); msg != "" {
			f.Fail("attending", msg)
		}
	}
	g.Invited, g.Attending = invited, attending
	return g
}

func (s *Server) mayRecordGuidance(w http.ResponseWriter, r *http.Request, p *auth.Principal) bool {
	if !auth.Can(p, auth.RecordGuidance, auth.Resource{SchoolID: p.Active.SchoolID}) {
		s.deny(w, r, auth.RecordGuidance, "guidance", 0)
		return false
	}
	return true
}

func guidanceHeadingOf(kind string, edit bool) string {
	switch {
	case kind == parents.KindTraining && edit:
		return "编辑家长培训"
	case kind == parents.KindTraining:
		return "记家长培训"
	case edit:
		return "编辑家庭教育指导"
	}
	return "记家庭教育指导"
}

func (s *Server) renderGuidanceForm(w http.ResponseWriter, r *http.Request, status int, v guidance.FormView, edit bool) {
	v.Heading = guidanceHeadingOf(v.Values["kind"], edit)
	v.Chrome = s.chrome(r, v.Heading)
	s.render(w, r, status, guidance.Form(v))
}

// newGuidanceKind is the kind a new form or post asks for: guidance unless
// it says training.
func newGuidanceKind(v string) string {
	if v == parents.KindTraining {
		return parents.KindTraining
	}
	return parents.KindGuidance
}

func (s *Server) guidanceNewForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !s.mayRecordGuidance(w, r, p) {
		return
	}
	cal, term, ok := s.activityTerm(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	values := map[string]string{"kind": newGuidanceKind(q.Get("kind")), "held_on": dateValue(s.today()), "mode": "offline", "audience": "all"}
	if a := q.Get("audience"); parents.Audiences.Valid(a) {
		values["audience"] = a
	}
	v, err := s.guidanceFormView(ctx, p, p.Active.SchoolID, cal, term, values, map[string]string{})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v.Action, v.Cancel, v.Token = "/guidance", "/guidance", newFormToken()
	s.renderGuidanceForm(w, r, http.StatusOK, v, false)
}

func (s *Server) guidanceCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !s.mayRecordGuidance(w, r, p) {
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
	kind := newGuidanceKind(f.Get("kind"))
	classes, err := s.guidanceClasses(ctx, p.Active.SchoolID, term)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	in := readGuidance(f, kind, term, classes, s.today())
	if !f.Valid() {
		vals := f.values(guidanceFields...)
		vals["kind"] = kind
		v, err := s.guidanceFormView(ctx, p, p.Active.SchoolID, cal, term, vals, f.Errors)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if token == "" {
			token = newFormToken()
		}
		v.Action, v.Cancel, v.Token = "/guidance", "/guidance", token
		s.renderGuidanceForm(w, r, http.StatusUnprocessableEntity, v, false)
		return
	}
	loc, replayed, err := s.createOnce(w, r, token, func(tx *store.Store) (string, error) {
		id, err := tx.CreateGuidance(ctx, store.NewGuidance{GuidanceFields: in, SchoolID: p.Active.SchoolID, AuthorID: p.UserID, Kind: kind})
		if err != nil {
			return "", err
		}
		ev := s.event(r, "guidance.create", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = kind, &id
		ev.Details = map[string]any{"kind": kind, "audience": in.Audience, "held_on": dateValue(in.HeldOn)}
		return guidancePath(id), tx.Audit(ctx, ev)
	})
	if replayed {
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, loc, "已记录，可在下方上传照片和材料")
}

// storedGuidanceValues are a session's fields as its edit form shows them.
func storedGuidanceValues(g *store.Guidance) map[string]string {
	v := map[string]string{"kind": g.Kind, "form": g.Form, "topic": g.Topic, "held_on": dateValue(g.HeldOn), "mode": g.Mode,
		"speaker": g.Speaker, "audience": g.Audience, "attending": strconv.Itoa(g.Attending)}
	if g.GradeLevel != 0 {
		v["grade"] = strconv.Itoa(g.GradeLevel)
	}
	if g.ClassID != 0 {
		v["class_id"] = itoa(g.ClassID)
	}
	if g.Invited != 0 {
		v["invited"] = strconv.Itoa(g.Invited)
	}
	return v
}

func (s *Server) guidanceEditForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	g, ok := s.loadGuidance(w, r, auth.RecordGuidance)
	if !ok {
		return
	}
	cal, term, ok := s.editTerm(w, r, g.TermID)
	if !ok {
		return
	}
	v, err := s.guidanceFormView(ctx, p, g.SchoolID, cal, term, storedGuidanceValues(g), map[string]string{})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v.Action, v.Cancel = guidancePath(g.ID), guidancePath(g.ID)
	s.renderGuidanceForm(w, r, http.StatusOK, v, true)
}

func (s *Server) guidanceUpdate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	g, ok := s.loadGuidance(w, r, auth.RecordGuidance)
	if !ok {
		return
	}
	cal, term, ok := s.editTerm(w, r, g.TermID)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	classes, err := s.guidanceClasses(ctx, g.SchoolID, term)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	in := readGuidance(f, g.Kind, term, classes, s.today())
	if !f.Valid() {
		vals := f.values(guidanceFields...)
		vals["kind"] = g.Kind // a session stays of its kind
		v, err := s.guidanceFormView(ctx, p, g.SchoolID, cal, term, vals, f.Errors)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		v.Action, v.Cancel = guidancePath(g.ID), guidancePath(g.ID)
		s.renderGuidanceForm(w, r, http.StatusUnprocessableEntity, v, true)
		return
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.UpdateGuidance(ctx, g.SchoolID, g.Kind, g.ID, in); err != nil {
			return err
		}
		ev := s.event(r, "guidance.update", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = g.Kind, &g.ID
		ev.Details = map[string]any{"kind": g.Kind, "audience": in.Audience, "held_on": dateValue(in.HeldOn)}
		return tx.Audit(ctx, ev)
	})
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, guidancePath(g.ID), "已保存")
}

func (s *Server) guidanceDelete(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	g, ok := s.loadGuidance(w, r, auth.RecordGuidance)
	if !ok {
		return
	}
	err := s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.DeleteGuidance(ctx, g.SchoolID, g.Kind, g.ID); err != nil {
			return err
		}
		ev := s.event(r, "guidance.delete", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = g.Kind, &g.ID
		ev.Details = map[string]any{"kind": g.Kind, "title": g.Topic, "held_on": dateValue(g.HeldOn)}
		return tx.Audit(ctx, ev)
	})
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, "/guidance?term="+itoa(g.TermID), "已删除“"+g.Topic+"”")
}
