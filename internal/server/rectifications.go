package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/inspection"
	"xietong/internal/store"
	"xietong/web/pages/inspections"
)

// The rectification after an inspection (整改, #18 item 4): the items of an
// inspection on one page, where the supervisor sets them and checks the
// reports, the school reports, and the inspection closes once every item
// is accepted.

func rectificationsPath(inspectionID int64) string {
	return inspectionPath(inspectionID) + "/rectification"
}

func rectificationPath(id int64) string { return "/rectifications/" + strconv.FormatInt(id, 10) }

// rectRecord is an item with its inspection, read inside the user's scope.
type rectRecord struct {
	*store.Rectification
	in *store.Inspection
}

// rectificationRoute reads an item, then its inspection inside the user's
// scope (an item of an inspection the user may not read does not exist
// for them); the policy sees the school and whether the report is out.
var rectificationRoute = loader[rectRecord]{
	param: "rectID", objType: "rectification",
	get: func(ctx context.Context, s *Server, p *auth.Principal, id int64) (*rectRecord, error) {
		rc, err := s.store.RectificationByID(ctx, id)
		if err != nil {
			return nil, err
		}
		in, err := s.store.GetInspection(ctx, inspectionScope(p), rc.InspectionID)
		if err != nil {
			return nil, err
		}
		return &rectRecord{Rectification: rc, in: in}, nil
	},
	resource: func(_ *Server, _ *auth.Principal, rc *rectRecord) auth.Resource {
		return auth.Resource{SchoolID: rc.SchoolID, Released: rc.in.State.VisibleToSchool()}
	},
}

func (s *Server) loadRectification(w http.ResponseWriter, r *http.Request, a auth.Action) (*rectRecord, bool) {
	rc, _, ok := load(s, w, r, rectificationRoute, auth.ViewInspections, a)
	return rc, ok
}

func rectOwner(rc *rectRecord) store.EvidenceOwner {
	return store.EvidenceOwner{Type: "rectification", ID: rc.ID, SchoolID: rc.SchoolID}
}

// rectRequirable: items are set once the scores are in, until closing.
func rectRequirable(st inspection.State) bool {
	return st == inspection.Scored || st == inspection.Released
}

// rectForm is what the supervisor's form for a new item keeps on refusal.
type rectForm struct {
	values, errs map[string]string
}

// rectificationPage shows an inspection's items with their state, the
// school's latest report and its evidence, the supervisor's comment and
// the history, and the forms each user may use.
func (s *Server) rectificationPage(w http.ResponseWriter, r *http.Request) {
	in, ok := s.loadInspection(w, r, auth.ViewInspections)
	if !ok {
		return
	}
	s.renderRectifications(w, r, in, http.StatusOK, rectForm{}, 0, "")
}

func (s *Server) renderRectifications(w http.ResponseWriter, r *http.Request, in *store.Inspection, status int, nf rectForm, uploadFor int64, uploadErr string) {
	ctx := r.Context()
	p := principal(ctx)
	items, err := s.store.Rectifications(ctx, in.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	events, err := s.store.RectificationEvents(ctx, in.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	now := s.cfg.Now()
	res := auth.Resource{SchoolID: in.SchoolID, Released: in.State.VisibleToSchool()}
	v := inspections.RectView{
		ID: in.ID, Back: inspectionPath(in.ID), School: in.SchoolName, Year: inspectionYear(in), Kind: inspectionKind(in),
		State: in.State.Label(), Version: strconv.Itoa(in.Version),
		MayRequire: auth.Can(p, auth.RequireRectification, res) && rectRequirable(in.State),
		Offices:    officeOptions(), Values: nf.values, Errors: nf.errs, Token: newFormToken(),
	}
	if v.Values == nil {
		v.Values = map[string]string{"deadline": calendar.AddDays(s.today(), 30).Format(time.DateOnly)}
	}
	var rules []inspection.Rectification
	for _, it := range items {
		rule := it.Rule()
		rules = append(rules, rule)
		row := inspections.RectRow{
			ID: it.ID, Anchor: "rect-" + strconv.FormatInt(it.ID, 10), Problem: it.Problem, Item: it.ItemTitle,
			Office: auth.Office(it.OwnerOffice).Label(), Deadline: calendar.DateLabel(it.Deadline),
			State: string(it.State), StateLabel: it.State.Label(), Report: it.Report, Comment: it.Comment,
			Version: strconv.Itoa(it.Version), Action: rectificationPath(it.ID), Token: v.Token,
		}
		if it.ReportedAt != nil {
			row.ReportedAt = calendar.DateLabel(calendar.Today(*it.ReportedAt))
		}
		if late := inspection.DaysLate(rule, now); late > 0 {
			row.Late = "逾期 " + strconv.Itoa(late) + " 天"
			row.Overdue = inspection.Overdue(rule, now)
		}
		owes := it.State == inspection.RectOpen || it.State == inspection.RectReturned
		row.MayReport = owes && auth.Can(p, auth.ReportRectification, res)
		row.MayReview = it.State == inspection.RectSubmitted && auth.Can(p, auth.ReviewRectification, res)
		files, err := s.store.ListEvidence(ctx, store.EvidenceOwner{Type: "rectification", ID: it.ID, SchoolID: it.SchoolID})
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		msg := ""
		if uploadFor == it.ID {
			msg = uploadErr
		}
		row.Evidence = evidenceView(files, rectificationPath(it.ID), row.MayReport, v.Token, msg)
		for _, e := range events {
			if e.RectificationID == it.ID {
				row.History = append(row.History, inspections.RectEvent{Step: rectStepLabel(e.Step), Body: e.Body, By: e.ActorName,
					At: calendar.DateLabel(calendar.Today(e.At))})
			}
		}
		v.Rows = append(v.Rows, row)
	}
	closable, open := inspection.Closable(rules)
	v.Open = open
	v.MayClose = closable && in.State == inspection.Released && auth.Can(p, auth.CloseInspection, res)
	v.Chrome = s.chrome(r, "督导整改 · "+in.SchoolName)
	s.render(w, r, status, inspections.Rectification(v))
}

func rectStepLabel(step string) string {
	switch inspection.RectStep(step) {
	case inspection.Report:
		return "提交整改报告"
	case inspection.Accept:
		return "验收通过"
	case inspection.Return:
		return "退回整改"
	}
	return step
}

// rectificationCreate sets an item from a finding: the problem, the owner
// office, a deadline from today to a year on.
func (s *Server) rectificationCreate(w http.ResponseWriter, r *http.Request) {
	in, ok := s.loadInspection(w, r, auth.RequireRectification)
	if !ok {
		return
	}
	ctx := r.Context()
	p := principal(ctx)
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	if !rectRequirable(in.State) {
		s.renderErrorMessage(w, r, http.StatusConflict, "不能新增整改事项", "督导检查当前为“"+in.State.Label()+"”：完成评分后、关闭前才能提出整改事项。")
		return
	}
	problem := f.Text("problem", "整改问题", true, 500)
	offices := make([]string, len(auth.Offices))
	for i, o := range auth.Offices {
		offices[i] = string(o)
	}
	office := f.Choice("office", "责任科室", offices...)
	deadline := f.Date("deadline", "整改期限", true)
	today := s.today()
	if !deadline.IsZero() && (deadline.Before(today) || deadline.After(calendar.AddDays(today, 366))) {
		f.Fail("deadline", "整改期限应在今天到一年之内")
	}
	token := f.Token()
	if !f.Valid() {
		s.renderRectifications(w, r, in, http.StatusUnprocessableEntity, rectForm{values: formValues(f, "problem", "office", "deadline"), errs: f.Errors}, 0, "")
		return
	}
	_, replayed, err := s.createOnce(w, r, token, func(tx *store.Store) (string, error) {
		id, err := tx.CreateRectification(ctx, store.NewRectification{InspectionID: in.ID, SchoolID: in.SchoolID,
			Problem: problem, OwnerOffice: office, Deadline: deadline, By: p.UserID})
		if err != nil {
			return "", err
		}
		ev := s.event(r, "rectification.require", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID, ev.SchoolID = "rectification", &id, &in.SchoolID
		ev.Details = map[string]any{"inspection_id": in.ID, "office": office, "deadline": deadline.Format(time.DateOnly)}
		return rectificationsPath(in.ID) + "#rect-" + strconv.FormatInt(id, 10), tx.Audit(ctx, ev)
	})
	if replayed {
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, rectificationsPath(in.ID), "整改事项已提出，学校将在待办中看到")
}

// formValues keeps the named fields as typed.
func formValues(f *form, names ...string) map[string]string {
	out := make(map[string]string, len(names))
	for _, n := range names {
		out[n] = f.Get(n)
	}
	return out
}

// rectificationStep takes one step on the route's item at the version the
// page showed: the school's report, the supervisor's acceptance or return.
func (s *Server) rectificationStep(w http.ResponseWriter, r *http.Request, rc *rectRecord, step inspection.RectStep, actor inspection.Actor, body string, f *form) {
	ctx := r.Context()
	p := principal(ctx)
	version, err := strconv.Atoi(f.Get("version"))
	if err != nil {
		s.renderError(w, r, http.StatusBadRequest)
		return
	}
	if version != rc.Version {
		s.conflict(w, r)
		return
	}
	to, refusal := inspection.NextRect(rc.State, step, actor, body)
	if refusal != nil {
		s.renderErrorMessage(w, r, http.StatusUnprocessableEntity, "不能"+rectStepLabel(string(step)), refusal.Message)
		return
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.StepRectification(ctx, store.RectStep{ID: rc.ID, Version: version, From: rc.State, To: to, Step: step, Body: body, By: p.UserID}); err != nil {
			return err
		}
		ev := s.event(r, "rectification."+string(step), store.ResultSuccess)
		ev.ObjectType, ev.ObjectID, ev.SchoolID = "rectification", &rc.ID, &rc.SchoolID
		ev.Details = map[string]any{"from": string(rc.State), "to": string(to)}
		return tx.Audit(ctx, ev)
	})
	switch {
	case errors.Is(err, store.ErrConflict):
		s.conflict(w, r)
	case err != nil:
		s.serverError(w, r, err)
	default:
		s.done(w, r, rectificationsPath(rc.InspectionID)+"#rect-"+strconv.FormatInt(rc.ID, 10), rectStepLabel(string(step))+"：已完成")
	}
}

// rectificationReport files the school's report on an item.
func (s *Server) rectificationReport(w http.ResponseWriter, r *http.Request) {
	rc, ok := s.loadRectification(w, r, auth.ReportRectification)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	body := f.Text("report", "整改情况", true, 4000)
	if !f.Valid() {
		s.renderErrorMessage(w, r, http.StatusUnprocessableEntity, "整改报告未提交", f.Errors["report"]+"。请返回，写明整改措施与成效后再提交。")
		return
	}
	s.rectificationStep(w, r, rc, inspection.Report, inspection.ActorSchool, body, f)
}

// rectificationReview accepts a report or returns it with a comment.
func (s *Server) rectificationReview(w http.ResponseWriter, r *http.Request) {
	rc, ok := s.loadRectification(w, r, auth.ReviewRectification)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	step := inspection.RectStep(f.Choice("decision", "验收结果", string(inspection.Accept), string(inspection.Return)))
	comment := f.Text("comment", "意见", false, 1000)
	if !f.Valid() {
		s.renderErrorMessage(w, r, http.StatusUnprocessableEntity, "未能验收", "请选择验收通过或退回整改；意见不超过 1000 字。")
		return
	}
	s.rectificationStep(w, r, rc, step, inspection.ActorSupervisor, comment, f)
}

// inspectionClose closes a released inspection once every item is accepted.
func (s *Server) inspectionClose(w http.ResponseWriter, r *http.Request) {
	in, ok := s.loadInspection(w, r, auth.CloseInspection)
	if !ok {
		return
	}
	items, err := s.store.Rectifications(r.Context(), in.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	facts := inspection.Facts{}
	for _, it := range items {
		facts.Rectifications = append(facts.Rectifications, it.Rule())
	}
	s.inspectionStep(w, r, in, inspection.Close, facts, "", "督导检查已关闭：整改全部验收通过")
}

func (s *Server) rectificationEvidenceAdd(w http.ResponseWriter, r *http.Request) {
	rc, ok := s.loadRectification(w, r, auth.ReportRectification)
	if !ok {
		return
	}
	if rc.State != inspection.RectOpen && rc.State != inspection.RectReturned {
		s.renderErrorMessage(w, r, http.StatusConflict, "不能上传", "整改事项当前为“"+rc.State.Label()+"”，待整改或已退回时才能补充材料。")
		return
	}
	s.addEvidence(w, r, rectOwner(rc), rectificationsPath(rc.InspectionID)+"#rect-"+strconv.FormatInt(rc.ID, 10), func(msg string) {
		s.renderRectifications(w, r, rc.in, http.StatusUnprocessableEntity, rectForm{}, rc.ID, msg)
	})
}

func (s *Server) rectificationEvidence(w http.ResponseWriter, r *http.Request) {
	rc, ok := s.loadRectification(w, r, auth.ViewInspections)
	if !ok {
		return
	}
	s.sendEvidence(w, r, rectOwner(rc))
}

func (s *Server) rectificationEvidenceDelete(w http.ResponseWriter, r *http.Request) {
	rc, ok := s.loadRectification(w, r, auth.ReportRectification)
	if !ok {
		return
	}
	if rc.State != inspection.RectOpen && rc.State != inspection.RectReturned {
		s.renderErrorMessage(w, r, http.StatusConflict, "不能删除", "整改报告已提交，材料不能再删除。")
		return
	}
	s.deleteEvidence(w, r, rectOwner(rc), rectificationsPath(rc.InspectionID))
}
