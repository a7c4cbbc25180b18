package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/compliance"
	"xietong/internal/store"
	"xietong/web/components"
	cp "xietong/web/pages/compliance"
)

// complianceRules is the catalogue R01–R23 with the rule in force today.
func (s *Server) complianceRules(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !auth.Can(p, auth.ViewComplianceRules, auth.Resource{}) {
		s.deny(w, r, auth.ViewComplianceRules, "county", p.CountyID)
		return
	}
	cat, err := s.catalogue(ctx)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	today := s.today()
	v := cp.RulesView{CanEdit: auth.Can(p, auth.ChangeComplianceRule, auth.Resource{})}
	for _, id := range cat.ids {
		vs := cat.versions[id]
		rl, _ := compliance.Version(vs, today)
		v.Rows = append(v.Rows, cp.RuleRow{
			ID: id, Short: cat.short[id], Section: rl.Section, Duty: rl.Duty,
			Measure: compliance.Measures.Label(string(rl.Measure)), Period: compliance.Periods.Label(string(rl.Period)),
			Window: windowText(rl), Standard: standard(rl), Owners: ownersLabel(rl.Owners), Stages: stagesLabel(rl.Stages),
			From: calendar.DateLabel(rl.From), Versions: len(vs), Href: "/compliance/rules/" + id,
		})
	}
	v.Chrome = s.chrome(r, "职责清单")
	s.render(w, r, http.StatusOK, cp.Rules(v))
}

func windowText(r compliance.Rule) string {
	if r.Period != compliance.PerTerm {
		return ""
	}
	return compliance.WindowLabel(r.Window)
}

// ruleDuty reads the {dutyID} of the route: a duty of the catalogue (not an
// int64 id, so no loader: a duty is county data every county role reads).
func (s *Server) ruleDuty(w http.ResponseWriter, r *http.Request, a auth.Action) (catalogue, string, bool) {
	ctx := r.Context()
	p := principal(ctx)
	if !auth.Can(p, a, auth.Resource{}) {
		s.deny(w, r, a, "compliance_rule", 0)
		return catalogue{}, "", false
	}
	cat, err := s.catalogue(ctx)
	if err != nil {
		s.serverError(w, r, err)
		return catalogue{}, "", false
	}
	id := chi.URLParam(r, "dutyID")
	if _, ok := cat.versions[id]; !ok {
		s.notFound(w, r)
		return catalogue{}, "", false
	}
	return cat, id, true
}

// complianceRule is one duty: its versions, and for the administrator the
// form that adds one for coming periods.
func (s *Server) complianceRule(w http.ResponseWriter, r *http.Request) {
	cat, id, ok := s.ruleDuty(w, r, auth.ViewComplianceRules)
	if !ok {
		return
	}
	s.renderRule(w, r, cat, id, nil, http.StatusOK)
}

func (s *Server) renderRule(w http.ResponseWriter, r *http.Request, cat catalogue, id string, f *form, status int) {
	p := principal(r.Context())
	today := s.today()
	vs := cat.versions[id]
	cur, _ := compliance.Version(vs, today)
	latest := vs[len(vs)-1]
	v := cp.RuleView{
		ID: id, Short: cat.short[id], Section: cur.Section, Duty: cur.Duty,
		Measure: compliance.Measures.Label(string(cur.Measure)), Period: compliance.Periods.Label(string(cur.Period)),
		Values: map[string]string{"threshold": strconv.Itoa(latest.Threshold), "window": string(latest.Window)},
		Errors: map[string]string{},
	}
	for i := len(cat.all) - 1; i >= 0; i-- {
		rv := cat.all[i]
		if rv.ID != id {
			continue
		}
		author := rv.AuthorName
		if author == "" {
			author = "初始清单"
		}
		var note string
		switch {
		case rv.From.After(today):
			note = "尚未生效：" + calendar.DateLabel(rv.From) + "起开始的周期"
		case rv.VersionID == versionID(cat, id, cur):
			note = "现行：" + calendar.DateLabel(rv.From) + "起开始的周期"
		default:
			note = "历史：之前的周期仍按此评定"
		}
		v.Versions = append(v.Versions, cp.Version{From: calendar.DateLabel(rv.From), Standard: standard(rv.Rule), Window: windowText(rv.Rule), Author: author, Note: note})
	}
	if auth.Can(p, auth.ChangeComplianceRule, auth.Resource{}) {
		v.Action, v.Token = "/compliance/rules/"+id, newFormToken()
		v.EditThreshold, v.EditWindow = latest.Editable()
		v.NothingEditable = !v.EditThreshold && !v.EditWindow
		v.ThresholdLabel = "标准（%）"
		if latest.Measure == compliance.Count {
			v.ThresholdLabel = "标准（" + latest.Unit + "）"
		}
		for _, k := range compliance.WindowKinds {
			v.Windows = append(v.Windows, components.Option{Value: string(k), Label: compliance.WindowLabel(k)})
		}
	}
	if f != nil {
		v.Errors, v.Values = f.Errors, f.values("threshold", "window", "from")
	}
	v.Chrome = s.chrome(r, id+" "+cat.short[id])
	s.render(w, r, status, cp.RuleShow(v))
}

// versionID is the id of the version rl of the duty.
func versionID(cat catalogue, id string, rl compliance.Rule) int64 {
	for _, rv := range cat.all {
		if rv.ID == id && rv.From.Equal(rl.From) {
			return rv.VersionID
		}
	}
	return 0
}

// complianceRuleChange adds a version of a duty's rule from a coming date:
// the periods begun before it keep theirs.
func (s *Server) complianceRuleChange(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	cat, id, ok := s.ruleDuty(w, r, auth.ChangeComplianceRule)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	token := f.Token()
	vs := cat.versions[id]
	latest := vs[len(vs)-1]
	c := store.RuleChange{DutyID: id, AuthorID: p.UserID, Window: latest.Window, Threshold: latest.Threshold}
	if th, _ := latest.Editable(); th {
		c.Threshold = f.Int("threshold", "标准", 0, 100)
	}
	if _, win := latest.Editable(); win {
		kinds := make([]string, len(compliance.WindowKinds))
		for i, k := range compliance.WindowKinds {
			kinds[i] = string(k)
		}
		c.Window = calendar.WindowKind(f.Choice("window", "时段", kinds...))
	}
	c.From = f.Date("from", "生效日期", true)
	if f.Valid() {
		for field, msg := range compliance.ValidateChange(latest, c.Threshold, c.Window, c.From, s.today()) {
			f.Fail(field, msg)
		}
	}
	if !f.Valid() {
		s.renderRule(w, r, cat, id, f, http.StatusUnprocessableEntity)
		return
	}
	loc := "/compliance/rules/" + id
	_, replayed, err := s.createOnce(w, r, token, func(tx *store.Store) (string, error) {
		vid, err := tx.AddRuleVersion(ctx, c)
		if err != nil {
			return "", err
		}
		ev := s.event(r, "compliance.rule_change", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "compliance_rule", &vid
		ev.Details = map[string]any{"duty": id, "threshold": c.Threshold, "window": string(c.Window), "from": c.From.Format("2006-01-02")}
		return loc, tx.Audit(ctx, ev)
	})
	s.forgetCatalogue()
	if replayed {
		return
	}
	if errors.Is(err, store.ErrConflict) {
		f.Fail("from", "这项职责在这一天已有一个规则版本，请换一个生效日期")
		s.renderRule(w, r, cat, id, f, http.StatusUnprocessableEntity)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, loc, id+" 的新规则已保存，"+calendar.DateLabel(c.From)+"起开始的周期按新规则评定")
}
