package server

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"time"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/inspection"
	"xietong/internal/store"
	"xietong/web/components"
	"xietong/web/pages/inspections"
)

var inspectionFields = []string{"school_id", "kind", "topic", "scheduled_on", "head", "note"}

// inspectionFormView builds the schedule form: the county's active schools
// and supervisors, the values typed or stored, the team ticked.
func (s *Server) inspectionFormView(ctx context.Context, p *auth.Principal, values map[string]string, team []string, errs map[string]string) (inspections.FormView, error) {
	schools, err := s.store.ActiveSchools(ctx, p.CountyID)
	if err != nil {
		return inspections.FormView{}, err
	}
	sups, err := s.store.Supervisors(ctx, p.CountyID)
	if err != nil {
		return inspections.FormView{}, err
	}
	v := inspections.FormView{Values: values, Errors: errs, Kinds: options(inspection.Kinds)}
	for _, sc := range schools {
		v.Schools = append(v.Schools, components.Option{Value: strconv.FormatInt(sc.ID, 10), Label: sc.Name})
	}
	for _, u := range sups {
		id := strconv.FormatInt(u.ID, 10)
		v.Team = append(v.Team, inspections.Member{ID: id, Name: u.Name, Checked: slices.Contains(team, id)})
		v.Heads = append(v.Heads, components.Option{Value: id, Label: u.Name})
	}
	return v, nil
}

func (s *Server) renderInspectionForm(w http.ResponseWriter, r *http.Request, status int, heading string, v inspections.FormView) {
	v.Heading = heading
	v.Chrome = s.chrome(r, heading)
	s.render(w, r, status, inspections.Form(v))
}

// readSchedule checks the schedule form (inspection.CheckSchedule) with
// Chinese messages by field; the school year is the one holding the date.
// keep is the stored date of an edit: keeping a past date is no move.
func (s *Server) readSchedule(ctx context.Context, f *form, p *auth.Principal, fixedSchool int64, keep *store.Inspection) (store.InspectionFields, error) {
	var in store.InspectionFields
	if fixedSchool != 0 {
		in.SchoolID = fixedSchool
	} else {
		in.SchoolID = f.ID("school_id", "学校", true)
	}
	in.Kind = f.Get("kind")
	in.Topic = f.Get("topic")
	in.ScheduledOn = f.Date("scheduled_on", "督导日期", true)
	in.Note = f.Text("note", "备注", false, 500)
	for _, v := range f.Values["team"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
			in.Team = append(in.Team, id)
		}
	}
	in.Head, _ = strconv.ParseInt(f.Get("head"), 10, 64)
	ci, err := s.county(ctx, p.CountyID)
	if err != nil {
		return in, err
	}
	y, inYear := ci.cal.YearAt(in.ScheduledOn)
	in.SchoolYearID = y.ID
	moved := keep == nil || !calendar.DateOf(keep.ScheduledOn).Equal(calendar.DateOf(in.ScheduledOn))
	for _, e := range inspection.CheckSchedule(inspection.Schedule{Kind: in.Kind, Topic: in.Topic, On: in.ScheduledOn,
		Team: in.Team, Head: in.Head}, inYear, moved, s.today()) {
		f.Fail(e.Field, e.Message)
	}
	if in.Kind != inspection.KindSpecial && f.Errors["topic"] == "" {
		in.Topic = ""
	}
	if in.SchoolID != 0 && fixedSchool == 0 {
		if _, err := schoolInCounty(ctx, s, p, in.SchoolID); errors.Is(err, store.ErrNotFound) {
			f.Fail("school_id", "请从本县学校中选择")
		} else if err != nil {
			return in, err
		}
	}
	return in, nil
}

func (s *Server) mayScheduleInspection(w http.ResponseWriter, r *http.Request, p *auth.Principal) bool {
	if !auth.Can(p, auth.ScheduleInspection, auth.Resource{}) {
		s.deny(w, r, auth.ScheduleInspection, "inspection", 0)
		return false
	}
	return true
}

func (s *Server) inspectionNewForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !s.mayScheduleInspection(w, r, p) {
		return
	}
	me := strconv.FormatInt(p.UserID, 10)
	values := map[string]string{"kind": inspection.KindAnnual, "head": me, "school_id": r.URL.Query().Get("school")}
	v, err := s.inspectionFormView(ctx, p, values, []string{me}, map[string]string{})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v.Action, v.Cancel, v.Token = "/inspections", "/inspections", newFormToken()
	s.renderInspectionForm(w, r, http.StatusOK, "安排督导", v)
}

func (s *Server) inspectionCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !s.mayScheduleInspection(w, r, p) {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	token := f.Token()
	in, err := s.readSchedule(ctx, f, p, 0, nil)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !f.Valid() {
		v, err := s.inspectionFormView(ctx, p, f.values(inspectionFields...), f.Values["team"], f.Errors)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if token == "" {
			token = newFormToken()
		}
		v.Action, v.Cancel, v.Token = "/inspections", "/inspections", token
		s.renderInspectionForm(w, r, http.StatusUnprocessableEntity, "安排督导", v)
		return
	}
	loc, replayed, err := s.createOnce(w, r, token, func(tx *store.Store) (string, error) {
		id, err := tx.CreateInspection(ctx, p.CountyID, p.UserID, in)
		if err != nil {
			return "", err
		}
		ev := s.event(r, "inspection.create", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID, ev.SchoolID = "inspection", &id, &in.SchoolID
		ev.Details = map[string]any{"kind": in.Kind, "scheduled_on": dateValue(in.ScheduledOn), "team": in.Team}
		return inspectionPath(id), tx.Audit(ctx, ev)
	})
	if replayed {
		return
	}
	if errors.Is(err, store.ErrNotFound) {
		// A school archived or a supervisor disabled meanwhile.
		s.renderErrorMessage(w, r, http.StatusConflict, "无法安排", "所选学校或督学已停用，请返回重新选择。")
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, loc, "督导检查已安排")
}

// storedInspectionValues are an inspection's schedule as its form shows it.
func storedInspectionValues(in *store.Inspection) (map[string]string, []string) {
	v := map[string]string{"school_id": strconv.FormatInt(in.SchoolID, 10), "kind": in.Kind, "topic": in.Topic,
		"scheduled_on": dateValue(in.ScheduledOn), "note": in.Note}
	var team []string
	for _, m := range in.Members {
		id := strconv.FormatInt(m.UserID, 10)
		team = append(team, id)
		if m.Head {
			v["head"] = id
		}
	}
	return v, team
}

// scheduleEditable loads the route's inspection for a reschedule: one
// scored, released, closed or cancelled is no longer rescheduled (409).
func (s *Server) scheduleEditable(w http.ResponseWriter, r *http.Request) (*store.Inspection, bool) {
	in, ok := s.loadInspection(w, r, auth.ScheduleInspection)
	if !ok {
		return nil, false
	}
	if !in.State.Schedulable() {
		s.renderErrorMessage(w, r, http.StatusConflict, "不能修改", "这次督导检查当前为“"+in.State.Label()+"”，安排已不能修改。")
		return nil, false
	}
	return in, true
}

// fixedSchool is the school of an inspection whose team has started: it
// can no longer change school.
func fixedSchool(in *store.Inspection) int64 {
	if in.State == inspection.Scheduled {
		return 0
	}
	return in.SchoolID
}

func (s *Server) inspectionEditForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	in, ok := s.scheduleEditable(w, r)
	if !ok {
		return
	}
	values, team := storedInspectionValues(in)
	v, err := s.inspectionFormView(ctx, p, values, team, map[string]string{})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v.Action, v.Cancel, v.Version = inspectionPath(in.ID), inspectionPath(in.ID), strconv.Itoa(in.Version)
	if fixedSchool(in) != 0 {
		v.SchoolFixed = in.SchoolName
	}
	s.renderInspectionForm(w, r, http.StatusOK, "修改督导安排", v)
}

func (s *Server) inspectionUpdate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	in, ok := s.scheduleEditable(w, r)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	version, err := strconv.Atoi(f.Get("version"))
	if err != nil {
		s.renderError(w, r, http.StatusBadRequest)
		return
	}
	fields, err := s.readSchedule(ctx, f, p, fixedSchool(in), in)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !f.Valid() {
		v, err := s.inspectionFormView(ctx, p, f.values(inspectionFields...), f.Values["team"], f.Errors)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		v.Action, v.Cancel, v.Version = inspectionPath(in.ID), inspectionPath(in.ID), strconv.Itoa(version)
		if fixedSchool(in) != 0 {
			v.SchoolFixed = in.SchoolName
		}
		s.renderInspectionForm(w, r, http.StatusUnprocessableEntity, "修改督导安排", v)
		return
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.UpdateInspection(ctx, p.CountyID, in.ID, version, fields); err != nil {
			return err
		}
		ev := s.event(r, "inspection.update", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID, ev.SchoolID = "inspection", &in.ID, &fields.SchoolID
		ev.Details = map[string]any{"kind": fields.Kind, "scheduled_on": dateValue(fields.ScheduledOn), "team": fields.Team}
		return tx.Audit(ctx, ev)
	})
	switch {
	case errors.Is(err, store.ErrConflict), errors.Is(err, store.ErrNotFound):
		s.conflict(w, r)
	case err != nil:
		s.serverError(w, r, err)
	default:
		s.done(w, r, inspectionPath(in.ID), "督导安排已保存")
	}
}

// inspectionStep takes one step of the workflow (inspection.Next) on the
// route's inspection for the supervisor, at the version the page showed;
// a refused step shows its message (409), a stale page the conflict page.
// reasonField names the form's field holding the step's reason ("": none).
func (s *Server) inspectionStep(w http.ResponseWriter, r *http.Request, in *store.Inspection, step inspection.Step, facts inspection.Facts, reasonField, flash string) {
	ctx := r.Context()
	p := principal(ctx)
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	version, err := strconv.Atoi(f.Get("version"))
	if err != nil {
		s.renderError(w, r, http.StatusBadRequest)
		return
	}
	if version != in.Version {
		s.conflict(w, r)
		return
	}
	var reason string
	if reasonField != "" {
		reason = string([]rune(f.Get(reasonField))[:min(200, len([]rune(f.Get(reasonField))))])
	}
	facts.State = in.State
	to, refusal := inspection.Next(facts, step, inspection.ActorSupervisor, reason)
	if refusal != nil {
		s.renderErrorMessage(w, r, http.StatusConflict, "不能"+step.Label(), refusal.Message)
		return
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SetInspectionState(ctx, p.CountyID, in.ID, version, in.State, to, p.UserID, reason, time.Time{}); err != nil {
			return err
		}
		ev := s.event(r, "inspection."+string(step), store.ResultSuccess)
		ev.ObjectType, ev.ObjectID, ev.SchoolID = "inspection", &in.ID, &in.SchoolID
		ev.Details = map[string]any{"from": string(in.State), "to": string(to)}
		if reason != "" {
			ev.Details["reason"] = reason
		}
		return tx.Audit(ctx, ev)
	})
	switch {
	case errors.Is(err, store.ErrConflict), errors.Is(err, store.ErrNotFound):
		s.conflict(w, r)
	case err != nil:
		s.serverError(w, r, err)
	default:
		s.done(w, r, inspectionPath(in.ID), flash)
	}
}

func (s *Server) inspectionCancel(w http.ResponseWriter, r *http.Request) {
	in, ok := s.loadInspection(w, r, auth.ScheduleInspection)
	if !ok {
		return
	}
	s.inspectionStep(w, r, in, inspection.Cancel, inspection.Facts{}, "reason", "督导检查已取消")
}
