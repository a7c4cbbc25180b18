package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/store"
	"xietong/internal/workplan"
	"xietong/web/pages/plans"
)

// errPlanLocked ends a write on a plan that is no longer the school's to
// change (submitted, approved): the page says so.
var errPlanLocked = errors.New("server: plan not editable")

// lockEditable locks the plan inside tx and refuses one that is no longer
// the school's to change (errPlanLocked); it returns the plan's state.
func lockEditable(ctx context.Context, tx *store.Store, countyID, planID int64) (workplan.State, error) {
	lp, err := tx.LockPlan(ctx, countyID, planID)
	if err != nil {
		return "", err
	}
	if !lp.State.Editable() {
		return lp.State, errPlanLocked
	}
	return lp.State, nil
}

func lockedMessage(st workplan.State) string {
	return "工作方案当前为“" + st.Label() + "”，不能修改。"
}

// planCreate starts the school's plan for the current term: blank, or
// (carry=on) from last term's plan with its items moved to the new term
// (workplan.CarryOver).
func (s *Server) planCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	sc, _, ok := s.loadSchool(w, r, auth.EditPlan)
	if !ok {
		return
	}
	term, label, ok := s.meetingTerm(w, r)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	token := f.Token()
	page := planPage{school: sc.ID, schoolName: sc.Name, term: term, termLabel: label, form: f}
	if !f.Valid() {
		page.message = f.Errors["form_token"]
		s.renderPlan(w, r, page, http.StatusUnprocessableEntity)
		return
	}
	n := store.NewPlan{SchoolID: sc.ID, TermID: term.ID, CreatedBy: p.UserID, At: s.cfg.Now()}
	if f.Bool("carry") {
		prev, _, found := s.termBefore(ctx, p.CountyID, term)
		var old *store.Plan
		var err error
		if found {
			old, err = s.store.PlanOf(ctx, sc.ID, prev.ID)
		}
		if !found || errors.Is(err, store.ErrNotFound) {
			page.message = "上学期没有工作方案，请从空白开始。"
			s.renderPlan(w, r, page, http.StatusUnprocessableEntity)
			return
		}
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		items, err := s.store.PlanItems(ctx, old.ID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		n.Sections, n.LeaderFirst, n.Items = old.Sections, old.LeaderFirst, workplan.CarryOver(items, prev, term)
	}
	var id int64
	_, replayed, err := s.createOnce(w, r, token, func(tx *store.Store) (string, error) {
		var err error
		if id, err = tx.CreatePlan(ctx, n); err != nil {
			return "", err
		}
		ev := s.event(r, "plan.create", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "plan", &id
		ev.Details = map[string]any{"school_id": sc.ID, "carried": len(n.Items)}
		return planPath(id, ""), tx.Audit(ctx, ev)
	})
	if replayed {
		return
	}
	if errors.Is(err, store.ErrConflict) {
		http.Redirect(w, r, schoolPath(sc.ID, "/plan"), http.StatusSeeOther)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	msg := "已新建本学期工作方案"
	if f.Bool("carry") {
		msg = "已从上学期方案新建，" + strconv.Itoa(len(n.Items)) + " 项计划活动已顺延到本学期，请逐项核对日期"
	}
	s.done(w, r, planPath(id, ""), msg)
}

// planEditForm is the form of the plan's four sections.
func (s *Server) planEditForm(w http.ResponseWriter, r *http.Request) {
	pl, _, ok := s.loadPlan(w, r, auth.ViewPlan, auth.EditPlan)
	if !ok {
		return
	}
	if !pl.State.Editable() {
		s.showPlan(w, r, pl, nil, lockedMessage(pl.State), http.StatusConflict)
		return
	}
	sec := pl.Sections
	s.renderPlanEdit(w, r, pl, map[string]string{"guiding": sec.Guiding, "goals": sec.Goals, "measures": sec.Measures, "assurance": sec.Assurance},
		map[string]string{}, pl.LeaderFirst, http.StatusOK)
}

func (s *Server) renderPlanEdit(w http.ResponseWriter, r *http.Request, pl *store.Plan, values, errs map[string]string, leaderFirst bool, status int) {
	_, label, ok := s.planTerm(w, r, pl.TermID)
	if !ok {
		return
	}
	v := plans.EditView{SchoolName: pl.SchoolName, TermLabel: label, PlanHref: planPath(pl.ID, ""), Action: planPath(pl.ID, "/edit"),
		Values: values, Errors: errs, LeaderFirst: leaderFirst}
	v.Chrome = s.chrome(r, "编辑工作方案")
	s.render(w, r, status, plans.Edit(v))
}

// maxSectionRunes is how long a section may be (the table holds it too).
const maxSectionRunes = 10000

// planEdit saves the four sections, as typed, and whether the leader
// approves first.
func (s *Server) planEdit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	pl, _, ok := s.loadPlan(w, r, auth.ViewPlan, auth.EditPlan)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	// Kept as typed, line breaks and all: Text trims only the ends.
	sec := workplan.Sections{
		Guiding:   f.Text("guiding", "指导思想", false, maxSectionRunes),
		Goals:     f.Text("goals", "工作目标", false, maxSectionRunes),
		Measures:  f.Text("measures", "主要措施", false, maxSectionRunes),
		Assurance: f.Text("assurance", "保障措施", false, maxSectionRunes),
	}
	leaderFirst := f.Bool("leader_first")
	if !f.Valid() {
		s.renderPlanEdit(w, r, pl, f.values("guiding", "goals", "measures", "assurance"), f.Errors, leaderFirst, http.StatusUnprocessableEntity)
		return
	}
	var state workplan.State
	err := s.store.InTx(ctx, func(tx *store.Store) error {
		var err error
		if state, err = lockEditable(ctx, tx, p.CountyID, pl.ID); err != nil {
			return err
		}
		if err := tx.UpdatePlanSections(ctx, pl.ID, sec, leaderFirst, s.cfg.Now()); err != nil {
			return err
		}
		ev := s.event(r, "plan.update", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "plan", &pl.ID
		ev.Details = map[string]any{"school_id": pl.SchoolID}
		return tx.Audit(ctx, ev)
	})
	if errors.Is(err, errPlanLocked) {
		pl.State = state
		s.showPlan(w, r, pl, nil, lockedMessage(state), http.StatusConflict)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, planPath(pl.ID, ""), "方案正文已保存")
}

// planItemAdd adds a planned activity, dated in the plan's term.
func (s *Server) planItemAdd(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	pl, _, ok := s.loadPlan(w, r, auth.ViewPlan, auth.EditPlan)
	if !ok {
		return
	}
	term, _, ok := s.planTerm(w, r, pl.TermID)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	token := f.Token()
	it := workplan.Item{
		On:     f.Date("on", "计划日期", true),
		Kind:   f.Choice("kind", "活动类别", workplan.RecordKinds.Codes()...),
		Office: f.Choice("office", "负责科室", officeCodes()...),
		Title:  f.Text("title", "活动名称", true, 60),
	}
	if f.Valid() {
		if e := workplan.ValidateItem(it, term); e != nil {
			f.Fail(e.Field, e.Message)
		}
	}
	if !f.Valid() {
		s.showPlan(w, r, pl, f, f.Errors["form_token"], http.StatusUnprocessableEntity)
		return
	}
	var state workplan.State
	_, replayed, err := s.createOnce(w, r, token, func(tx *store.Store) (string, error) {
		var err error
		if state, err = lockEditable(ctx, tx, p.CountyID, pl.ID); err != nil {
			return "", err
		}
		id, err := tx.AddPlanItem(ctx, pl.ID, it)
		if err != nil {
			return "", err
		}
		ev := s.event(r, "plan.item_add", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "plan", &pl.ID
		ev.Details = map[string]any{"school_id": pl.SchoolID, "item_id": id, "kind": it.Kind}
		return planPath(pl.ID, "#items"), tx.Audit(ctx, ev)
	})
	if replayed {
		return
	}
	if errors.Is(err, errPlanLocked) {
		pl.State = state
		s.showPlan(w, r, pl, f, lockedMessage(state), http.StatusConflict)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, planPath(pl.ID, "#items"), "已添加计划活动："+calendar.DateLabel(it.On)+" "+it.Title)
}

// planItemRemove removes a planned activity while the plan is the school's.
func (s *Server) planItemRemove(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	pl, _, ok := s.loadPlan(w, r, auth.ViewPlan, auth.EditPlan)
	if !ok {
		return
	}
	itemID, ok := idParam(r, "itemID")
	if !ok {
		s.notFound(w, r)
		return
	}
	var state workplan.State
	err := s.store.InTx(ctx, func(tx *store.Store) error {
		var err error
		if state, err = lockEditable(ctx, tx, p.CountyID, pl.ID); err != nil {
			return err
		}
		if err := tx.RemovePlanItem(ctx, pl.ID, itemID); err != nil {
			return err
		}
		ev := s.event(r, "plan.item_remove", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "plan", &pl.ID
		ev.Details = map[string]any{"school_id": pl.SchoolID, "item_id": itemID}
		return tx.Audit(ctx, ev)
	})
	switch {
	case errors.Is(err, errPlanLocked):
		pl.State = state
		s.showPlan(w, r, pl, nil, lockedMessage(state), http.StatusConflict)
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r)
	case err != nil:
		s.serverError(w, r, err)
	default:
		s.done(w, r, planPath(pl.ID, "#items"), "已删除计划活动")
	}
}
