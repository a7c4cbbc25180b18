package server

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/compliance"
	"xietong/internal/parents"
	"xietong/internal/store"
	"xietong/internal/xlsx"
	"xietong/web/components"
	cp "xietong/web/pages/compliance"
)

// The compliance engine's pages: the county's heat map (schools × duties),
// its export, and a school's duties for a period. Each status is judged by
// compliance.Evaluate over the figures the store's registry reads
// (store.ComplianceFigures); the rules are the catalogue's versions.

// statusOrder is the legend's order.
var statusOrder = []compliance.Status{compliance.Met, compliance.InProgress, compliance.DueSoon, compliance.Overdue, compliance.NA}

// statusView is a status for a page: the stylesheet's code (data-st), the
// symbol and the name.
func statusView(st compliance.Status) cp.Status {
	code := "none"
	switch st {
	case compliance.Met:
		code = "met"
	case compliance.InProgress:
		code = "progress"
	case compliance.DueSoon:
		code = "due"
	case compliance.Overdue:
		code = "overdue"
	}
	return cp.Status{Code: code, Symbol: st.Symbol(), Label: st.Label()}
}

func legend() []cp.Status {
	out := make([]cp.Status, len(statusOrder))
	for i, st := range statusOrder {
		out[i] = statusView(st)
	}
	return out
}

// catalogue is the rule versions grouped by duty, in id order.
type catalogue struct {
	ids      []string
	versions map[string][]compliance.Rule
	// short is each duty's short name (its latest version's).
	short map[string]string
	all   []store.RuleVersion
}

// catalogue is the duties' rule versions, kept for a minute: they change
// when the administrator adds a version (complianceRuleChange forgets
// them at once; another instance of the server sees it within the minute,
// as it sees a calendar change). Callers only read it.
func (s *Server) catalogue(ctx context.Context) (catalogue, error) {
	s.catMu.Lock()
	c, at := s.cat, s.catLoadedAt
	s.catMu.Unlock()
	if !at.IsZero() && time.Since(at) < time.Minute {
		return c, nil
	}
	c, err := s.loadCatalogue(ctx)
	if err != nil {
		return catalogue{}, err
	}
	s.catMu.Lock()
	s.cat, s.catLoadedAt = c, time.Now()
	s.catMu.Unlock()
	return c, nil
}

// forgetCatalogue drops the cached catalogue after a rule change.
func (s *Server) forgetCatalogue() {
	s.catMu.Lock()
	s.catLoadedAt = time.Time{}
	s.catMu.Unlock()
}

func (s *Server) loadCatalogue(ctx context.Context) (catalogue, error) {
	rows, err := s.store.ComplianceRules(ctx)
	if err != nil {
		return catalogue{}, err
	}
	c := catalogue{versions: map[string][]compliance.Rule{}, short: map[string]string{}, all: rows}
	for _, r := range rows {
		if _, ok := c.versions[r.ID]; !ok {
			c.ids = append(c.ids, r.ID)
		}
		c.versions[r.ID] = append(c.versions[r.ID], r.Rule)
		c.short[r.ID] = r.ShortName
	}
	return c, nil
}

// judgement is one duty's rule and period for the term looked at.
type judgement struct {
	rule compliance.Rule
	span compliance.Span
}

// judge picks each duty's period and rule version for the term on today,
// and the store queries that read their figures.
func (c catalogue) judge(cal calendar.Calendar, t calendar.Term, today time.Time) (map[string]judgement, []store.DutyQuery) {
	js := make(map[string]judgement, len(c.ids))
	qs := make([]store.DutyQuery, 0, len(c.ids))
	var yearTerms []int64
	if y, ok := cal.YearOf(t); ok {
		for _, x := range y.Terms {
			yearTerms = append(yearTerms, x.ID)
		}
	}
	for _, id := range c.ids {
		r, sp, _ := compliance.Judge(c.versions[id], cal, t, today)
		js[id] = judgement{rule: r, span: sp}
		q := store.DutyQuery{DutyID: id, Window: sp.Window, VacationID: sp.VacationID, TermIDs: []int64{t.ID}}
		if r.Period == compliance.PerSchoolYear && len(yearTerms) > 0 {
			q.TermIDs = yearTerms
		}
		qs = append(qs, q)
	}
	return js, qs
}

// evaluate is a school's status on a duty: 不适用 when the calendar has no
// such period.
func (j judgement) evaluate(stage string, f compliance.Figures, today time.Time) compliance.Result {
	if j.span.Missing {
		return compliance.Result{Status: compliance.NA, Figure: "校历中没有该周期"}
	}
	return compliance.Evaluate(j.rule, stage, j.span.Window, f, today)
}

// complianceTerm is the term named by ?term=, else the current one (the
// term before a vacation, or the first to come), with the calendar's terms
// as options, the latest first.
func (s *Server) complianceTerm(r *http.Request, cal calendar.Calendar) (calendar.Term, string, []components.Option, bool) {
	terms := cal.Terms()
	if len(terms) == 0 {
		return calendar.Term{}, "", nil, false
	}
	name := func(t calendar.Term) string {
		if y, ok := cal.YearOf(t); ok {
			return t.SeasonLabel(y.StartYear)
		}
		return ""
	}
	var opts []components.Option
	for i := len(terms) - 1; i >= 0; i-- {
		opts = append(opts, components.Option{Value: strconv.FormatInt(terms[i].ID, 10), Label: name(terms[i])})
	}
	if id, err := strconv.ParseInt(r.URL.Query().Get("term"), 10, 64); err == nil {
		for _, t := range terms {
			if t.ID == id {
				return t, name(t), opts, true
			}
		}
	}
	t, ok := cal.CurrentTerm(s.today())
	if !ok {
		if t, ok = cal.NextTerm(s.today()); !ok {
			t = terms[len(terms)-1]
		}
	}
	return t, name(t), opts, true
}

// ownerLabel names an owner code: an office or a role.
func ownerLabel(code string) string {
	if o := auth.Office(code); o.Valid() {
		return o.Label()
	}
	if code == string(auth.Supervisor) {
		return "督导室"
	}
	return auth.Role(code).Label()
}

func ownersLabel(codes []string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = ownerLabel(c)
	}
	return strings.Join(out, "、")
}

func stagesLabel(stages []string) string {
	if len(stages) == 0 {
		return "全部学校"
	}
	out := make([]string, len(stages))
	for i, st := range stages {
		out[i] = store.StageLabel(st)
	}
	return strings.Join(out, "、")
}

// standard says what meets a rule: "达到 100%", "≥ 2 次".
func standard(r compliance.Rule) string {
	switch r.Measure {
	case compliance.Share, compliance.Timely:
		return "达到 " + strconv.Itoa(r.Threshold) + "%"
	case compliance.Count:
		return "≥ " + strconv.Itoa(r.Threshold) + " " + r.Unit
	case compliance.Answered:
		return "≥ 1 次，意见回应达到 " + strconv.Itoa(r.Threshold) + "%"
	case compliance.Exists:
		return "已建立"
	case compliance.Valid:
		return "结构符合要求"
	case compliance.Workflow:
		return "通过审核"
	}
	return ""
}

// deadline says when a period's window closes: its end and the days left,
// or how a standing or continuous duty is owed.
func deadline(j judgement, today time.Time) string {
	switch j.rule.Period {
	case compliance.Standing:
		return "常设，随时检查"
	case compliance.Continuous:
		return "持续，每条台账 7 天内跟进"
	}
	w := j.span.Window
	end := calendar.DateLabel(w.End)
	switch w.State(today) {
	case calendar.Closed:
		return end + "（已截止）"
	case calendar.Upcoming:
		return end + "（" + calendar.DateLabel(w.Start) + "开始）"
	}
	return end + "（还剩 " + strconv.Itoa(w.DaysLeft(today)) + " 天）"
}

// dutyExplanations: the page that explains a duty's status for a school
// and period — the records that count and what is missing — with the
// action that opens it. R02–R04 are the coverage pages (the engine's
// explanations, not a second count), R05 the school's class meetings (the
// classes without one), R06/R07 its committees (the current term's only,
// as those pages show), R01 the term's plan, R08/R13 the term's parent
// meetings, R14–R20 the term's activities, R09 the parent school, R10,
// R11 and R22 the term's guidance sessions or trainings (with the list's
// panel of quarters and groups), R12 the school's lectures (what is left to
// forward, and the term's forwards), R23 the school's inspections of the
// year. Add a duty here when its records' pages land.
var dutyExplanations = map[string]func(schoolID int64, t calendar.Term, sp compliance.Span, current bool) (string, auth.Action){
	"R01": func(id int64, t calendar.Term, _ compliance.Span, _ bool) (string, auth.Action) {
		return schoolPath(id, "/plan?term="+strconv.FormatInt(t.ID, 10)), auth.ViewPlan
	},
	"R06": func(id int64, _ calendar.Term, _ compliance.Span, current bool) (string, auth.Action) {
		if !current {
			return "", ""
		}
		return schoolPath(id, "/committees"), auth.ViewCommittees
	},
	"R07": func(id int64, _ calendar.Term, _ compliance.Span, current bool) (string, auth.Action) {
		if !current {
			return "", ""
		}
		return schoolPath(id, "/committees/school"), auth.ViewCommittees
	},
	"R08": parentMeetingsOf,
	"R13": parentMeetingsOf,
	"R09": func(id int64, _ calendar.Term, _ compliance.Span, _ bool) (string, auth.Action) {
		return schoolPath(id, "/parent-school"), auth.ViewGuidance
	},
	"R10": guidanceOf(parents.KindGuidance),
	"R11": guidanceOf(parents.KindGuidance),
	"R22": guidanceOf(parents.KindTraining),
	"R12": func(id int64, t calendar.Term, _ compliance.Span, _ bool) (string, auth.Action) {
		return "/lectures?school=" + strconv.FormatInt(id, 10) + "&term=" + strconv.FormatInt(t.ID, 10), auth.ViewLectures
	},
	"R14": activitiesOf, "R15": activitiesOf, "R16": activitiesOf, "R17": activitiesOf,
	"R18": activitiesOf, "R19": activitiesOf, "R20": activitiesOf,
	"R02": func(id int64, t calendar.Term, _ compliance.Span, _ bool) (string, auth.Action) {
		return withW(schoolCovPath(id), covWindow{Key: store.WindowKey{Kind: calendar.KindPreTerm, ID: t.ID}}), auth.ViewCoverage
	},
	"R03": func(id int64, _ calendar.Term, sp compliance.Span, _ bool) (string, auth.Action) {
		if sp.VacationID == 0 {
			return "", ""
		}
		return withW(schoolCovPath(id), covWindow{Key: store.WindowKey{Kind: calendar.KindVacation, ID: sp.VacationID}}), auth.ViewCoverage
	},
	"R04": func(id int64, t calendar.Term, _ compliance.Span, _ bool) (string, auth.Action) {
		return withW(schoolCovPath(id), covWindow{Key: store.WindowKey{Kind: calendar.KindPreTerm, ID: t.ID}}), auth.ViewCoverage
	},
	// R23: the school's inspections of the term's school year (county
	// roles: the school's staff see only released reports, not the schedule).
	"R23": func(id int64, t calendar.Term, _ compliance.Span, _ bool) (string, auth.Action) {
		return "/inspections?school=" + strconv.FormatInt(id, 10) + "&year=" + strconv.FormatInt(t.SchoolYearID, 10), auth.ViewInspections
	},
	"R05": func(id int64, _ calendar.Term, _ compliance.Span, current bool) (string, auth.Action) {
		if !current {
			return "", ""
		}
		return schoolPath(id, "/meetings"), auth.ViewClassMeetings
	},
}

func parentMeetingsOf(id int64, t calendar.Term, _ compliance.Span, _ bool) (string, auth.Action) {
	return schoolPath(id, "/parent-meetings?term="+strconv.FormatInt(t.ID, 10)), auth.ViewParentMeetings
}

// guidanceOf is the school's guidance sessions (R10, R11) or trainings
// (R22) of the term, with the list's panel of what is missing.
func guidanceOf(kind string) func(int64, calendar.Term, compliance.Span, bool) (string, auth.Action) {
	return func(id int64, t calendar.Term, _ compliance.Span, _ bool) (string, auth.Action) {
		return "/guidance?school=" + strconv.FormatInt(id, 10) + "&term=" + strconv.FormatInt(t.ID, 10) + "&kind=" + kind, auth.ViewGuidance
	}
}

// activitiesOf is the school's activities of the term (the school filter
// is a county role's; a school's staff see their own school's).
func activitiesOf(id int64, t calendar.Term, _ compliance.Span, _ bool) (string, auth.Action) {
	return "/activities?school=" + strconv.FormatInt(id, 10) + "&term=" + strconv.FormatInt(t.ID, 10), auth.ViewActivities
}

// heat is the heat map's data, for the page and the export.
type heat struct {
	title, termLabel string
	term             calendar.Term
	terms            []components.Option
	cat              catalogue
	judged           map[string]judgement
	figs             map[string]store.DutyFigures
	schools          []store.School
	townships        []string
	township, stage  string
}

// heatData reads the heat map for a county role: 403 for any other.
func (s *Server) heatData(w http.ResponseWriter, r *http.Request, a auth.Action) (heat, bool) {
	ctx := r.Context()
	p := principal(ctx)
	if !auth.Can(p, a, auth.Resource{}) {
		s.deny(w, r, a, "county", p.CountyID)
		return heat{}, false
	}
	ci, err := s.county(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return heat{}, false
	}
	var h heat
	var ok bool
	h.term, h.termLabel, h.terms, ok = s.complianceTerm(r, ci.cal)
	if !ok {
		s.renderErrorMessage(w, r, http.StatusNotFound, "还没有校历", "教育局尚未设置学年校历，暂无评定周期。")
		return heat{}, false
	}
	h.title = ci.name + " · 协同育人职责达标"
	if h.cat, err = s.catalogue(ctx); err != nil {
		s.serverError(w, r, err)
		return heat{}, false
	}
	today := s.today()
	var qs []store.DutyQuery
	h.judged, qs = h.cat.judge(ci.cal, h.term, today)
	if h.figs, err = s.store.ComplianceFigures(ctx, store.ComplianceScope{CountyID: p.CountyID, Term: h.term, Today: today}, qs); err != nil {
		s.serverError(w, r, err)
		return heat{}, false
	}
	all, err := s.store.ActiveSchools(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return heat{}, false
	}
	q := r.URL.Query()
	h.township, h.stage = q.Get("township"), q.Get("stage")
	seen := map[string]bool{}
	for _, sc := range all {
		if !seen[sc.Township] {
			seen[sc.Township] = true
			h.townships = append(h.townships, sc.Township)
		}
		if (h.township == "" || sc.Township == h.township) && (h.stage == "" || sc.Stage == h.stage) {
			h.schools = append(h.schools, sc)
		}
	}
	slices.Sort(h.townships)
	return h, true
}

// results is one school's status on every duty, in catalogue order, with
// the number overdue and due soon.
func (h heat) results(sc store.School, today time.Time) (res []compliance.Result, behind, due int) {
	res = make([]compliance.Result, len(h.cat.ids))
	for i, id := range h.cat.ids {
		res[i] = h.judged[id].evaluate(sc.Stage, h.figs[id].Of(sc.ID), today)
		switch res[i].Status {
		case compliance.Overdue:
			behind++
		case compliance.DueSoon:
			due++
		}
	}
	return res, behind, due
}

// complianceCounty is the county's heat map: a row per school, a column per
// duty, colour and symbol, sorted by the duties behind.
func (s *Server) complianceCounty(w http.ResponseWriter, r *http.Request) {
	p := principal(r.Context())
	h, ok := s.heatData(w, r, auth.ViewCountyCompliance)
	if !ok {
		return
	}
	today := s.today()
	sortBy := r.URL.Query().Get("sort")
	if sortBy != "code" && sortBy != "name" {
		sortBy = "behind"
	}
	v := cp.HeatView{
		Title: h.title, TermLabel: h.termLabel, Term: strconv.FormatInt(h.term.ID, 10), Township: h.township, Stage: h.stage, Sort: sortBy,
		Terms: h.terms, Legend: legend(), Today: calendar.DateLabel(today),
		Sorts: []components.Option{{Value: "behind", Label: "逾期项多的在前"}, {Value: "code", Label: "按学校代码"}, {Value: "name", Label: "按校名"}},
	}
	for _, t := range h.townships {
		v.Townships = append(v.Townships, components.Option{Value: t, Label: t})
	}
	v.Stages = stageOptions()
	if auth.Can(p, auth.ExportCompliance, auth.Resource{}) {
		v.ExportHref = "/compliance.xlsx?" + r.URL.Query().Encode()
	}
	if auth.Can(p, auth.ViewComplianceRules, auth.Resource{}) {
		v.RulesHref = "/compliance/rules"
	}
	if auth.Can(p, auth.ViewCountyCareCheck, auth.Resource{}) {
		v.CareHref = "/care-check?term=" + v.Term
	}
	for _, id := range h.cat.ids {
		v.Duties = append(v.Duties, cp.DutyHead{ID: id, Short: h.cat.short[id], Duty: h.judged[id].rule.Duty, Available: h.figs[id].Available})
	}
	late, err := s.store.OverdueRectifications(r.Context(), p.CountyID, today)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	codes := make(map[string]string, len(h.schools))
	for _, sc := range h.schools {
		res, behind, due := h.results(sc, today)
		row := cp.HeatRow{Href: schoolPath(sc.ID, "/compliance?term="+v.Term), Name: sc.Name, Township: sc.Township,
			Stage: store.StageLabel(sc.Stage), Behind: behind, Due: due, Cells: make([]cp.Cell, len(res)), RectOverdue: late[sc.ID]}
		for i, x := range res {
			id := h.cat.ids[i]
			row.Cells[i] = cp.Cell{Status: statusView(x.Status), Title: id + " " + h.cat.short[id] + "：" + x.Status.Label() + " " + x.Figure}
			if x.Status != compliance.NA {
				v.Duties[i].Applies++
			}
			if x.Status == compliance.Met {
				v.Duties[i].Met++
			}
		}
		codes[row.Href] = sc.Code
		v.Rows = append(v.Rows, row)
	}
	slices.SortStableFunc(v.Rows, func(a, b cp.HeatRow) int {
		switch sortBy {
		case "name":
			return strings.Compare(a.Name, b.Name)
		case "behind":
			if c := cmp.Or(cmp.Compare(b.Behind, a.Behind), cmp.Compare(b.Due, a.Due)); c != 0 {
				return c
			}
		}
		return strings.Compare(codes[a.Href], codes[b.Href])
	})
	v.Chrome = s.chrome(r, "职责达标")
	s.render(w, r, http.StatusOK, cp.Heat(v))
}

// complianceExport is the heat map as .xlsx: a row per school, a column
// per duty with its status and figure.
func (s *Server) complianceExport(w http.ResponseWriter, r *http.Request) {
	p := principal(r.Context())
	h, ok := s.heatData(w, r, auth.ExportCompliance)
	if !ok {
		return
	}
	today := s.today()
	headers := []string{"学校代码", "学校", "乡镇", "学段", "逾期项数", "即将到期项数"}
	widths := []float64{10, 24, 12, 10, 8, 8}
	for _, id := range h.cat.ids {
		headers = append(headers, id+" "+h.cat.short[id])
		widths = append(widths, 18)
	}
	name := "职责达标-" + h.termLabel + "-" + today.Format("20060102") + ".xlsx"
	s.sendXLSX(w, r, name, string(auth.ExportCompliance), "county", p.CountyID, "职责达标", headers, widths, func(xw *xlsx.Writer) error {
		for _, sc := range h.schools {
			res, behind, due := h.results(sc, today)
			row := []any{sc.Code, sc.Name, sc.Township, store.StageLabel(sc.Stage), behind, due}
			for _, x := range res {
				row = append(row, x.Status.Symbol()+" "+x.Status.Label()+" "+x.Figure)
			}
			if err := xw.Row(row...); err != nil {
				return err
			}
		}
		return nil
	})
}

// schoolCompliance is one school's duties for the period: status, figure
// (one click from its explanation), period, deadline and owners.
func (s *Server) schoolCompliance(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	sc, _, ok := s.loadSchool(w, r, auth.ViewSchoolCompliance)
	if !ok {
		return
	}
	ci, err := s.county(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	term, label, terms, ok := s.complianceTerm(r, ci.cal)
	if !ok {
		s.renderErrorMessage(w, r, http.StatusNotFound, "还没有校历", "教育局尚未设置学年校历，暂无评定周期。")
		return
	}
	cat, err := s.catalogue(ctx)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	today := s.today()
	v := cp.SchoolView{
		SchoolName: sc.Name, Facts: store.StageLabel(sc.Stage) + " · " + sc.Township, Crumb: sc.Name, CrumbHref: schoolPath(sc.ID, ""),
		TermLabel: label, Term: strconv.FormatInt(term.ID, 10), Action: schoolPath(sc.ID, "/compliance"), Terms: terms,
		Today: calendar.DateLabel(today), Legend: legend(), Counts: make([]int, len(statusOrder)),
	}
	if p.Active.Role.County() {
		v.Crumb, v.CrumbHref = "职责达标", "/compliance?term="+v.Term
	}
	switch p.Active.Role {
	case auth.SchoolOffice:
		v.Office = p.Active.Office.Label()
	case auth.SchoolLeader:
		v.Office = auth.SchoolLeader.Label()
	}
	if auth.Can(p, auth.ViewCareCheck, auth.Resource{SchoolID: sc.ID}) {
		v.CareHref = schoolPath(sc.ID, "/care-check") + "?term=" + v.Term
	}
	rows, statuses, err := s.schoolDutyRows(ctx, p, sc, ci.cal, term, cat, today)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for i, row := range rows {
		v.Counts[slices.Index(statusOrder, statuses[i])]++
		v.Rows = append(v.Rows, row)
	}
	v.Chrome = s.chrome(r, sc.Name+" · 职责达标")
	s.render(w, r, http.StatusOK, cp.School(v))
}

// schoolDutyRows are a school's duties for the term on today, as its duty
// page shows them (status, figure, period, the records behind it one click
// away when the viewer may open them), with each row's status: the one
// reading of the compliance engine that the duty page and an
// inspection's score sheet share.
func (s *Server) schoolDutyRows(ctx context.Context, p *auth.Principal, sc *store.School, cal calendar.Calendar, term calendar.Term, cat catalogue, today time.Time) ([]cp.DutyRow, []compliance.Status, error) {
	judged, qs := cat.judge(cal, term, today)
	figs, err := s.store.ComplianceFigures(ctx, store.ComplianceScope{CountyID: p.CountyID, SchoolID: sc.ID, Term: term, Today: today}, qs)
	if err != nil {
		return nil, nil, err
	}
	current := false
	if t, ok := cal.CurrentTerm(today); ok && t.ID == term.ID {
		current = true
	}
	mine := ""
	switch p.Active.Role {
	case auth.SchoolOffice:
		mine = string(p.Active.Office)
	case auth.SchoolLeader:
		mine = string(auth.SchoolLeader)
	}
	res := auth.Resource{SchoolID: sc.ID}
	rows := make([]cp.DutyRow, 0, len(cat.ids))
	statuses := make([]compliance.Status, 0, len(cat.ids))
	for _, id := range cat.ids {
		j := judged[id]
		f := figs[id].Of(sc.ID)
		x := j.evaluate(sc.Stage, f, today)
		row := cp.DutyRow{
			ID: id, Short: cat.short[id], Section: j.rule.Section, Duty: j.rule.Duty, Status: statusView(x.Status), Figure: x.Figure,
			Period: compliance.Periods.Label(string(j.rule.Period)) + " · " + j.span.Name, Window: compliance.WindowLabel(j.rule.Window) + " " + j.span.Window.LongLabel(),
			Deadline: deadline(j, today), Owners: ownersLabel(j.rule.Owners),
			Rule: "标准：" + standard(j.rule) + "（" + calendar.DateLabel(j.rule.From) + "起的规则）",
			Mine: mine != "" && slices.Contains(j.rule.Owners, mine),
		}
		if x.Status != compliance.Met && x.Status != compliance.NA {
			row.Notes = strings.Join(f.Problems, "；")
		}
		if j.rule.Period == compliance.Standing || j.rule.Period == compliance.Continuous {
			row.Window = "以今天的状态评定"
		}
		if explain, ok := dutyExplanations[id]; ok && figs[id].Available {
			if href, a := explain(sc.ID, term, j.span, current); href != "" && auth.Can(p, a, res) {
				row.Href = href
			}
		}
		rows = append(rows, row)
		statuses = append(statuses, x.Status)
	}
	return rows, statuses, nil
}
