package server

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"time"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/store"
	"xietong/internal/visit"
	"xietong/web/components"
	"xietong/web/pages/ledger"
)

var actionLabels = map[string]string{
	"opened": "家访发现问题，建立台账", "joined": "再次家访发现同一问题", "intervention": "干预",
	"assigned": "调整风险等级、责任人或回访日期", "closed": "结案", "reopened": "重新打开",
}

// ledgerShow is one entry with its history and the forms that move it.
func (s *Server) ledgerShow(w http.ResponseWriter, r *http.Request) {
	e, res, ok := s.loadEntry(w, r, auth.ViewLedger)
	if !ok {
		return
	}
	s.auditRead(r, "ledger.view", "ledger", e.ID, res)
	v, err := s.entryView(r, e, res, map[string]string{})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, ledger.Entry(v))
}

func (s *Server) entryView(r *http.Request, e *store.LedgerEntry, res auth.Resource, errs map[string]string) (ledger.EntryView, error) {
	ctx := r.Context()
	p := principal(ctx)
	v := ledger.EntryView{
		Chrome:  s.chrome(r, "台账记录"),
		ID:      e.ID,
		Heading: e.StudentName + " · " + categoryLabel(e.LedgerRow),
		Open:    visit.Open(e.Status),
		CanAct:  auth.Can(p, auth.ActOnLedger, res),
		Version: e.Version,
		Today:   dateValue(s.today()),
		Risk:    e.Risk,
		Risks:   options(visit.Risks),
		Owner:   strconv.FormatInt(e.OwnerID, 10),
		Errors:  errs,
	}
	if e.FollowUpOn != nil {
		v.FollowUp = dateValue(*e.FollowUpOn)
	}
	status := visit.StatusLabel(e.Status)
	if e.Overdue {
		status += "（逾期）"
	}
	v.Facts = []ledger.Fact{
		{Label: "班级", Value: e.ClassName},
		{Label: "学生", Value: e.StudentName},
		{Label: "问题类别", Value: categoryLabel(e.LedgerRow)},
		{Label: "发现日期", Value: calendar.DateLabel(e.FoundOn)},
		{Label: "来源", Value: sourceLabel(e.LedgerRow)},
		{Label: "风险等级", Value: visit.RiskLabel(e.Risk)},
		{Label: "责任人", Value: e.OwnerName},
		{Label: "下次回访", Value: orNone(dateLabel(e.FollowUpOn))},
		{Label: "状态", Value: status},
	}
	if e.ClosedOn != nil {
		v.Facts = append(v.Facts, ledger.Fact{Label: "结案日期", Value: calendar.DateLabel(*e.ClosedOn)}, ledger.Fact{Label: "结案说明", Value: e.ClosingNote})
	}
	if res.Granted {
		v.Inspection = "督导查阅：本次查阅已记录，授权只对这条记录有效。"
	} else {
		for i, id := range e.VisitIDs {
			v.VisitLinks = append(v.VisitLinks, ledger.Link{Href: visitPath(id), Label: "家访记录 " + strconv.Itoa(i+1)})
		}
	}
	for _, a := range e.Actions {
		v.Actions = append(v.Actions, ledger.Action{When: calendar.DateLabel(a.ActedOn), Kind: actionLabels[a.Kind], Actor: orNone(a.Actor), Note: a.Note})
	}
	if auth.Can(p, auth.AssignLedger, res) {
		v.CanAssign = true
		staff, err := s.store.SchoolStaff(ctx, e.SchoolID, s.currentTermID(ctx, p.CountyID))
		if err != nil {
			return v, err
		}
		for _, m := range staff {
			v.Owners = append(v.Owners, components.Option{Value: strconv.FormatInt(m.ID, 10), Label: m.Name})
		}
		if !slices.ContainsFunc(staff, func(m store.StaffMember) bool { return m.ID == e.OwnerID }) {
			v.Owners = append(v.Owners, components.Option{Value: v.Owner, Label: e.OwnerName})
		}
	}
	return v, nil
}

// ledgerStep runs one step on the entry: the form is read by read, which
// returns the step or records errors; the step and its audit row commit
// together. A stale version (a double tap, or someone else acted first)
// comes back to the entry with a message instead of a second step.
func (s *Server) ledgerStep(w http.ResponseWriter, r *http.Request, a auth.Action, read func(*form, *store.LedgerEntry) store.LedgerStep, done string) {
	ctx := r.Context()
	p := principal(ctx)
	e, res, ok := s.loadEntry(w, r, a)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if f == nil {
		s.renderError(w, r, status)
		return
	}
	version, err := strconv.Atoi(f.Get("version"))
	if err != nil {
		s.renderError(w, r, http.StatusBadRequest)
		return
	}
	st := read(f, e)
	st.EntryID, st.Version, st.From, st.ActorID = e.ID, version, e.Status, p.UserID
	if !f.Valid() {
		v, err := s.entryView(r, e, res, f.Errors)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		v.Note = f.Get("note")
		s.render(w, r, http.StatusUnprocessableEntity, ledger.Entry(v))
		return
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.StepLedger(ctx, st); err != nil {
			return err
		}
		ev := s.event(r, "ledger."+st.Kind, store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "ledger", &e.ID
		details := map[string]any{}
		if st.Status != "" {
			details["status"] = st.Status
		}
		if st.OwnerID != 0 {
			details["owner"] = st.OwnerID
		}
		if st.Risk != "" {
			details["risk"] = st.Risk
		}
		ev.Details = details
		return tx.Audit(ctx, ev)
	})
	if errors.Is(err, store.ErrConflict) {
		s.flash(r, "这条台账刚刚被修改过（或已有同类未结案的台账），请核对后再操作。")
		http.Redirect(w, r, "/ledger/"+itoa(e.ID), http.StatusSeeOther)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, done)
	http.Redirect(w, r, "/ledger/"+itoa(e.ID), http.StatusSeeOther)
}

// actedOn reads the date of a step: not in the future, not before the
// entry was found.
func (s *Server) actedOn(f *form, e *store.LedgerEntry, field string) time.Time {
	d := f.Date(field, "日期", true)
	switch {
	case d.IsZero():
	case d.After(s.today()):
		f.Fail(field, "日期不能晚于今天")
	case d.Before(e.FoundOn):
		f.Fail(field, "日期不能早于发现日期")
	}
	return d
}

func (s *Server) followUp(f *form, field, errField string) *time.Time {
	if f.Get(field) == "" {
		return nil
	}
	d := f.Date(field, "回访日期", false)
	if d.IsZero() {
		if msg, ok := f.Errors[field]; ok && errField != field {
			delete(f.Errors, field)
			f.Fail(errField, msg)
		}
		return nil
	}
	if d.Before(s.today()) {
		f.Fail(errField, "回访日期不能早于今天")
		return nil
	}
	return &d
}

func (s *Server) ledgerAction(w http.ResponseWriter, r *http.Request) {
	s.ledgerStep(w, r, auth.ActOnLedger, func(f *form, e *store.LedgerEntry) store.LedgerStep {
		return store.LedgerStep{
			Kind: "intervention", On: s.actedOn(f, e, "acted_on"),
			Note: f.Text("note", "干预措施", true, 1000), FollowUp: s.followUp(f, "follow_up_on", "follow_up_on"),
		}
	}, "干预措施已记录。")
}

func (s *Server) ledgerClose(w http.ResponseWriter, r *http.Request) {
	s.ledgerStep(w, r, auth.ActOnLedger, func(f *form, e *store.LedgerEntry) store.LedgerStep {
		return store.LedgerStep{
			Kind: "closed", On: s.today(), Status: f.Choice("status", "结案结果", "resolved", "referred"),
			Note: f.Text("closing_note", "结案说明", true, 1000),
		}
	}, "台账已结案。")
}

func (s *Server) ledgerReopen(w http.ResponseWriter, r *http.Request) {
	s.ledgerStep(w, r, auth.ActOnLedger, func(f *form, e *store.LedgerEntry) store.LedgerStep {
		note := f.Text("note", "重新打开的原因", true, 1000)
		if msg, ok := f.Errors["note"]; ok {
			delete(f.Errors, "note")
			f.Fail("reopen_note", msg)
		}
		return store.LedgerStep{Kind: "reopened", On: s.today(), Note: note}
	}, "台账已重新打开，状态为跟进中。")
}

// ledgerAssign sets risk and follow-up date, and (the school office only)
// the responsible person, who must work at the school.
func (s *Server) ledgerAssign(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	s.ledgerStep(w, r, auth.ActOnLedger, func(f *form, e *store.LedgerEntry) store.LedgerStep {
		st := store.LedgerStep{Kind: "assigned", On: s.today()}
		var ownerName string
		st.Risk = f.Choice("risk", "风险等级", visit.Risks.Codes()...)
		st.FollowUp = s.followUp(f, "follow_up_on", "assign_follow_up_on")
		if st.FollowUp == nil && f.Get("follow_up_on") == "" {
			st.FollowUp = e.FollowUpOn
		}
		res := auth.Resource{SchoolID: e.SchoolID, ClassID: e.ClassID}
		if f.Get("owner") != "" && auth.Can(p, auth.AssignLedger, res) {
			owner := f.ID("owner", "责任人", false)
			if owner != 0 && owner != e.OwnerID {
				staff, err := s.store.SchoolStaff(ctx, e.SchoolID, s.currentTermID(ctx, p.CountyID))
				i := slices.IndexFunc(staff, func(m store.StaffMember) bool { return m.ID == owner })
				if err != nil || i < 0 {
					f.Fail("owner", "责任人只能是本校教职工")
				} else {
					st.OwnerID, ownerName = owner, staff[i].Name
				}
			}
		}
		note := "风险等级 " + visit.RiskLabel(st.Risk)
		if st.FollowUp != nil {
			note += "，回访 " + calendar.DateLabel(*st.FollowUp)
		}
		if ownerName != "" {
			// The history names the new owner: "责任人改为 张老师".
			note += "，责任人改为 " + ownerName
		}
		st.Note = note
		return st
	}, "已保存。")
}
