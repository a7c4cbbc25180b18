package server

import (
	"errors"
	"net/http"
	"strconv"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/store"
	"xietong/internal/workplan"
	"xietong/web/pages/plans"
)

// planSubmit sends the plan on: to the school's leader when the school
// asks for it, else to the bureau (workplan.Next decides, and refuses a
// plan with a section unwritten or no items).
func (s *Server) planSubmit(w http.ResponseWriter, r *http.Request) {
	pl, _, ok := s.loadPlan(w, r, auth.ViewPlan, auth.EditPlan)
	if !ok {
		return
	}
	s.planStep(w, r, pl, func(*form) (workplan.Step, bool) { return workplan.Submit, true }, workplan.ActorOffice)
}

// planLeaderReview is the school leader's approval or return.
func (s *Server) planLeaderReview(w http.ResponseWriter, r *http.Request) {
	pl, _, ok := s.loadPlan(w, r, auth.ViewPlan, auth.LeaderReviewPlan)
	if !ok {
		return
	}
	s.planStep(w, r, pl, decision(workplan.LeaderApprove, workplan.LeaderReturn), workplan.ActorLeader)
}

// planReview is the bureau's approval or return (股室工作人员, 督学).
func (s *Server) planReview(w http.ResponseWriter, r *http.Request) {
	pl, _, ok := s.loadPlan(w, r, auth.ViewPlan, auth.ReviewPlan)
	if !ok {
		return
	}
	s.planStep(w, r, pl, decision(workplan.Approve, workplan.Return), workplan.ActorReviewer)
}

// decision reads a review form's 通过/退回 button as the step it takes.
func decision(approve, ret workplan.Step) func(*form) (workplan.Step, bool) {
	return func(f *form) (workplan.Step, bool) {
		switch f.Choice("decision", "审核结果", "approve", "return") {
		case "approve":
			return approve, true
		case "return":
			return ret, true
		}
		return "", false
	}
}

var stepDone = map[workplan.Step]string{
	workplan.Submit:        "工作方案已提交",
	workplan.LeaderApprove: "已通过，工作方案已报教育局审核",
	workplan.LeaderReturn:  "已退回学校修改",
	workplan.Approve:       "工作方案已审核通过",
	workplan.Return:        "已退回学校修改",
}

// planStep takes the step the form asks for as actor: inside one
// transaction the plan is locked, workplan.Next decides, and the new
// state, the event, a submission's version and the audit row are written.
// A refusal (no items, no comment on a return, a stale state) comes back
// on the plan's page with what was typed.
func (s *Server) planStep(w http.ResponseWriter, r *http.Request, pl *store.Plan, read func(*form) (workplan.Step, bool), actor workplan.Actor) {
	ctx := r.Context()
	p := principal(ctx)
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
	step, _ := read(f)
	comment := f.Text("comment", "审核意见", false, 2000)
	if !f.Valid() {
		s.showPlan(w, r, pl, f, f.Errors["form_token"], http.StatusUnprocessableEntity)
		return
	}
	var refused *workplan.Error
	var now *store.Plan
	_, replayed, err := s.createOnce(w, r, token, func(tx *store.Store) (string, error) {
		refused = nil
		lp, err := tx.LockPlan(ctx, p.CountyID, pl.ID)
		if err != nil {
			return "", err
		}
		now = lp
		items, err := tx.PlanItems(ctx, pl.ID)
		if err != nil {
			return "", err
		}
		wp := lp.Workflow(items)
		to, e := workplan.Next(wp, step, actor, comment, term)
		if e != nil {
			refused = e
			return "", e
		}
		ps := store.PlanStep{PlanID: pl.ID, ActorID: p.UserID, ActorRole: p.Active.Role, Step: step, From: lp.State, To: to,
			Comment: comment, At: s.cfg.Now()}
		if step == workplan.Submit {
			ps.Snapshot = &wp
		}
		if err := tx.RecordPlanStep(ctx, ps); err != nil {
			return "", err
		}
		ev := s.event(r, "plan."+string(step), store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "plan", &pl.ID
		ev.Details = map[string]any{"school_id": pl.SchoolID, "from": string(lp.State), "to": string(to), "items": len(items)}
		return planPath(pl.ID, ""), tx.Audit(ctx, ev)
	})
	if replayed {
		return
	}
	if refused != nil {
		field := refused.Field
		if field != "comment" && field != "items" {
			field = ""
		}
		msg := refused.Message
		if field != "" {
			f.Fail(field, msg)
		}
		if now != nil {
			pl = now
		}
		s.showPlan(w, r, pl, f, msg, http.StatusUnprocessableEntity)
		return
	}
	if errors.Is(err, store.ErrConflict) {
		s.conflict(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, planPath(pl.ID, ""), stepDone[step])
}

// planVersions lists the plan's submissions, each with what changed since
// the one before (workplan.Diff).
func (s *Server) planVersions(w http.ResponseWriter, r *http.Request) {
	pl, _, ok := s.loadPlan(w, r, auth.ViewPlan, auth.ViewPlan)
	if !ok {
		return
	}
	_, label, ok := s.planTerm(w, r, pl.TermID)
	if !ok {
		return
	}
	versions, err := s.store.PlanVersions(r.Context(), pl.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := plans.VersionsView{SchoolName: pl.SchoolName, TermLabel: label, PlanHref: planPath(pl.ID, "")}
	for i, ver := range versions {
		row := plans.Version{Number: strconv.Itoa(ver.Number), At: ver.SubmittedAt.In(calendar.Shanghai).Format("2006-01-02 15:04"),
			Who: ver.SubmittedBy, Items: len(ver.Plan.Items)}
		if i+1 < len(versions) {
			c := planChanges(workplan.Diff(versions[i+1].Plan, ver.Plan))
			row.Changes = &c
		}
		v.Versions = append(v.Versions, row)
	}
	v.Chrome = s.chrome(r, "工作方案历次提交")
	s.render(w, r, http.StatusOK, plans.Versions(v))
}
