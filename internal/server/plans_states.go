package server

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/store"
	"xietong/internal/workplan"
	"xietong/web/components"
	"xietong/web/pages/plans"
)

// planStates is the bureau's page of every school's plan state for the
// current term: filter by state and township, sort by school, township,
// state or how long it has waited for review.
func (s *Server) planStates(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !auth.Can(p, auth.ViewPlanStates, auth.Resource{}) {
		s.deny(w, r, auth.ViewPlanStates, "county", p.CountyID)
		return
	}
	term, label, ok := s.meetingTerm(w, r)
	if !ok {
		return
	}
	rows, err := s.store.TermPlanStates(ctx, p.CountyID, term.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	lq := parseList(r, 1000, "school", "township", "state", "wait")
	q := r.URL.Query()
	v := plans.StatesView{TermLabel: label, StateOps: options(workplan.States), State: q.Get("state"), Township: q.Get("township")}
	if !workplan.States.Valid(v.State) {
		v.State = ""
	}
	v.Filtered = v.State != "" || v.Township != ""
	today := s.today()
	wait := func(row store.PlanStateRow) int {
		if row.State != workplan.Submitted || row.SubmittedAt == nil {
			return -1
		}
		return workplan.WaitDays(calendar.Today(*row.SubmittedAt), today)
	}
	counts := map[workplan.State]int{}
	towns := map[string]bool{}
	var shown []store.PlanStateRow
	for _, row := range rows {
		counts[row.State]++
		if !towns[row.Township] {
			towns[row.Township] = true
			v.Townships = append(v.Townships, components.Option{Value: row.Township, Label: row.Township})
		}
		if (v.State == "" || string(row.State) == v.State) && (v.Township == "" || row.Township == v.Township) {
			shown = append(shown, row)
		}
	}
	slices.SortFunc(v.Townships, func(a, b components.Option) int { return cmp.Compare(a.Value, b.Value) })
	if v.Township != "" && !towns[v.Township] {
		v.Township = ""
	}
	for _, c := range workplan.States {
		v.Counts = append(v.Counts, plans.Count{Label: c.Label, N: counts[workplan.State(c.Code)]})
	}
	order := map[workplan.State]int{}
	for i, c := range workplan.States {
		order[workplan.State(c.Code)] = i
	}
	slices.SortStableFunc(shown, func(a, b store.PlanStateRow) int {
		var c int
		switch lq.Sort {
		case "township":
			c = cmp.Compare(a.Township, b.Township)
		case "state":
			c = cmp.Compare(order[a.State], order[b.State])
		case "wait":
			c = cmp.Compare(wait(b), wait(a)) // longest wait first
		}
		if lq.Desc {
			c = -c
		}
		return c
	})
	if lq.Sort == "school" && lq.Desc {
		slices.Reverse(shown)
	}
	for _, row := range shown {
		sr := plans.StateRow{School: row.SchoolName, Township: row.Township, State: row.State.Label(), Items: row.Items}
		if auth.Can(p, auth.ViewPlan, auth.Resource{SchoolID: row.SchoolID}) {
			sr.Href = schoolPath(row.SchoolID, "/plan")
		}
		if row.SubmittedAt != nil {
			sr.Submitted = calendar.DateLabel(calendar.Today(*row.SubmittedAt))
		}
		if d := wait(row); d >= 0 {
			sr.Waiting = "已等待 " + strconv.Itoa(d) + " 天"
		}
		v.Rows = append(v.Rows, sr)
	}
	v.Headers = map[string]components.SortHeader{
		"school":   lq.Header("学校", "school", false),
		"township": lq.Header("乡镇", "township", false),
		"state":    lq.Header("状态", "state", false),
		"wait":     lq.Header("等待审核", "wait", false),
	}
	v.Chrome = s.chrome(r, "各校工作方案")
	s.render(w, r, http.StatusOK, plans.States(v))
}
