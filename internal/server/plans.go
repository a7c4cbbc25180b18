package server

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/store"
	"xietong/internal/workplan"
	"xietong/web/pages/plans"
)

func planPath(id int64, suffix string) string {
	return "/plans/" + strconv.FormatInt(id, 10) + suffix
}

// planTerm is a term of the county's calendar by id, with its name; ok
// false (after a 404 page) when the calendar has no such term.
func (s *Server) planTerm(w http.ResponseWriter, r *http.Request, termID int64) (calendar.Term, string, bool) {
	p := principal(r.Context())
	ci, err := s.county(r.Context(), p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return calendar.Term{}, "", false
	}
	for _, t := range ci.cal.Terms() {
		if t.ID == termID {
			label := ""
			if y, ok := ci.cal.YearOf(t); ok {
				label = t.Name(y.StartYear)
			}
			return t, label, true
		}
	}
	s.renderErrorMessage(w, r, http.StatusNotFound, "没有这个学期", "校历中没有这个学期。")
	return calendar.Term{}, "", false
}

// termBefore is the term before t in the county's calendar, with its name.
func (s *Server) termBefore(ctx context.Context, countyID int64, t calendar.Term) (calendar.Term, string, bool) {
	ci, err := s.county(ctx, countyID)
	if err != nil {
		return calendar.Term{}, "", false
	}
	ts := ci.cal.Terms()
	for i, x := range ts {
		if x.ID == t.ID && i > 0 {
			prev := ts[i-1]
			label := ""
			if y, ok := ci.cal.YearOf(prev); ok {
				label = prev.Name(y.StartYear)
			}
			return prev, label, true
		}
	}
	return calendar.Term{}, "", false
}

// schoolPlan is a school's plan for the current term (or the one asked for
// by ?term=), or the page to start one.
func (s *Server) schoolPlan(w http.ResponseWriter, r *http.Request) {
	sc, _, ok := s.loadSchool(w, r, auth.ViewPlan)
	if !ok {
		return
	}
	term, label, ok := s.meetingTerm(w, r)
	if !ok {
		return
	}
	if id, err := strconv.ParseInt(r.URL.Query().Get("term"), 10, 64); err == nil {
		if term, label, ok = s.planTerm(w, r, id); !ok {
			return
		}
	}
	pl, err := s.store.PlanOf(r.Context(), sc.ID, term.ID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.renderPlan(w, r, planPage{school: sc.ID, schoolName: sc.Name, term: term, termLabel: label}, http.StatusOK)
	case err != nil:
		s.serverError(w, r, err)
	default:
		s.renderPlan(w, r, planPage{plan: pl, school: sc.ID, schoolName: sc.Name, term: term, termLabel: label}, http.StatusOK)
	}
}

// planShow is one plan's page.
func (s *Server) planShow(w http.ResponseWriter, r *http.Request) {
	pl, _, ok := s.loadPlan(w, r, auth.ViewPlan, auth.ViewPlan)
	if !ok {
		return
	}
	s.showPlan(w, r, pl, nil, "", http.StatusOK)
}

// showPlan renders pl's page, with a form that failed (f) or a refusal of
// the whole plan (msg).
func (s *Server) showPlan(w http.ResponseWriter, r *http.Request, pl *store.Plan, f *form, msg string, status int) {
	term, label, ok := s.planTerm(w, r, pl.TermID)
	if !ok {
		return
	}
	s.renderPlan(w, r, planPage{plan: pl, school: pl.SchoolID, schoolName: pl.SchoolName, term: term, termLabel: label, form: f, message: msg}, status)
}

// planPage is what renderPlan shows: a school's plan (nil: none yet) for a
// term, and a form that failed or a refusal.
type planPage struct {
	plan       *store.Plan
	school     int64
	schoolName string
	term       calendar.Term
	termLabel  string
	form       *form
	message    string
}

func (s *Server) renderPlan(w http.ResponseWriter, r *http.Request, pg planPage, status int) {
	ctx := r.Context()
	p := principal(ctx)
	res := auth.Resource{SchoolID: pg.school}
	w0 := calendar.TermWindow(pg.term)
	w0.Start = calendar.PreTermWindow(pg.term).Start
	v := plans.PlanView{
		SchoolName: pg.schoolName, TermLabel: pg.termLabel, TermWindow: w0.LongLabel(),
		Crumb: pg.schoolName, CrumbHref: schoolPath(pg.school, ""), Message: pg.message,
		Token: newFormToken(), Errors: map[string]string{}, Values: map[string]string{},
		KindOps: options(workplan.RecordKinds), OfficeOps: officeOptions(),
	}
	if p.Active.Role.County() {
		v.Crumb, v.CrumbHref = "各校工作方案", "/plans"
	}
	canEdit := auth.Can(p, auth.EditPlan, res)
	if pg.plan == nil {
		if cur, ok := s.currentTerm(ctx, p.CountyID); canEdit && ok && cur.ID == pg.term.ID {
			v.StartAction = schoolPath(pg.school, "/plan")
			if prev, name, ok := s.termBefore(ctx, p.CountyID, pg.term); ok {
				if _, err := s.store.PlanOf(ctx, pg.school, prev.ID); err == nil {
					v.CarryFrom = name
				} else if !errors.Is(err, store.ErrNotFound) {
					s.serverError(w, r, err)
					return
				}
			}
		}
		v.Chrome = s.chrome(r, "工作方案")
		s.render(w, r, status, plans.Plan(v))
		return
	}
	pl := pg.plan
	items, err := s.store.PlanItems(ctx, pl.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	events, err := s.store.PlanEvents(ctx, pl.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	versions, err := s.store.PlanVersions(ctx, pl.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v.Exists, v.State, v.LeaderFirst = true, pl.State.Label(), pl.LeaderFirst
	if pl.State == workplan.Submitted && pl.SubmittedAt != nil {
		v.Waiting = "已等待 " + strconv.Itoa(workplan.WaitDays(calendar.Today(*pl.SubmittedAt), s.today())) + " 天"
	}
	for i, sec := range [4]string{pl.Sections.Guiding, pl.Sections.Goals, pl.Sections.Measures, pl.Sections.Assurance} {
		v.Sections = append(v.Sections, plans.Section{Name: workplan.SectionNames[i], Paragraphs: paragraphs(sec)})
	}
	editable := canEdit && pl.State.Editable()
	done, err := s.againstDone(ctx, pl, pg.term, items, canEdit)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v.Items, v.Summary, v.Unplanned, v.LedgerHref = done.items, done.summary, done.unplanned, planPath(pl.ID, "/ledger")
	for i, it := range items {
		if editable {
			v.Items[i].RemoveAction = planPath(pl.ID, "/items/"+strconv.FormatInt(it.ID, 10)+"/remove")
		}
	}
	if editable {
		v.EditHref, v.ItemAction, v.SubmitAction = planPath(pl.ID, "/edit"), planPath(pl.ID, "/items"), planPath(pl.ID, "/submit")
	}
	switch {
	case pl.State == workplan.LeaderReview && auth.Can(p, auth.LeaderReviewPlan, res):
		v.ReviewAction, v.ReviewTitle = planPath(pl.ID, "/leader-review"), "校领导审核"
	case pl.State == workplan.Submitted && auth.Can(p, auth.ReviewPlan, res):
		v.ReviewAction, v.ReviewTitle = planPath(pl.ID, "/review"), "教育局审核"
	}
	if v.ReviewAction != "" && len(versions) >= 2 {
		c := planChanges(workplan.Diff(versions[1].Plan, versions[0].Plan))
		v.Since = &c
	}
	for _, e := range events {
		v.Events = append(v.Events, plans.Event{At: e.At.In(calendar.Shanghai).Format("2006-01-02 15:04"),
			Who: e.ActorName + "（" + e.ActorRole.Label() + "）", Step: e.Step.Label(), Comment: e.Comment})
	}
	v.Versions, v.VersionsHref = len(versions), planPath(pl.ID, "/versions")
	if f := pg.form; f != nil {
		v.Errors, v.Values = f.Errors, f.values("on", "kind", "office", "title", "comment")
	}
	v.Chrome = s.chrome(r, "工作方案")
	s.render(w, r, status, plans.Plan(v))
}

// currentTerm is the term of today (or the one about to start).
func (s *Server) currentTerm(ctx context.Context, countyID int64) (calendar.Term, bool) {
	ci, err := s.county(ctx, countyID)
	if err != nil {
		return calendar.Term{}, false
	}
	return ci.cal.CurrentTerm(s.today())
}

// officeCodes are the codes a planned item's office may take.
func officeCodes() []string {
	out := make([]string, 0, len(auth.Offices))
	for _, o := range auth.Offices {
		out = append(out, string(o))
	}
	return out
}

var blankLines = regexp.MustCompile(`\n[ \t\x{3000}]*\n`)

// paragraphs splits a section as typed at its blank lines; each paragraph
// keeps its own line breaks (the page shows them), none is empty.
func paragraphs(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var out []string
	for _, p := range blankLines.Split(text, -1) {
		if p = strings.Trim(p, "\n"); strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return out
}

// itemLine names a planned item for the reviewer: date, kind, office, title.
func itemLine(it workplan.Item) string {
	return calendar.DateLabel(it.On) + " " + workplan.RecordKinds.Label(it.Kind) + " · " + auth.Office(it.Office).Label() + " · " + it.Title
}

// planChanges is workplan.Diff as the page shows it.
func planChanges(c workplan.Changes) plans.Changes {
	out := plans.Changes{Empty: c.Empty(), Sections: c.Sections}
	for _, it := range c.Added {
		out.Added = append(out.Added, itemLine(it))
	}
	for _, it := range c.Removed {
		out.Removed = append(out.Removed, itemLine(it))
	}
	for _, m := range c.Moved {
		out.Moved = append(out.Moved, m[1].Title+"："+calendar.DateLabel(m[0].On)+" → "+calendar.DateLabel(m[1].On))
	}
	return out
}
