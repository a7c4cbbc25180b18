package server

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/compliance"
	"xietong/internal/coverage"
	"xietong/internal/store"
	cp "xietong/web/pages/compliance"
)

// careTerm is what the cross-check of a term looks at: the vacation R03
// judges the term by, and per school the special groups that had a
// targeted guidance session in the term (R11).
type careTerm struct {
	term     calendar.Term
	label    string
	span     compliance.Span
	targeted map[int64]map[string]bool
}

// careData reads the term (?term=, else the compliance engine's current
// one), R03's vacation for it and the schools' targeted groups.
func (s *Server) careData(w http.ResponseWriter, r *http.Request, v *cp.CareView, schoolID int64) (careTerm, bool) {
	ctx := r.Context()
	p := principal(ctx)
	ci, err := s.county(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return careTerm{}, false
	}
	term, label, terms, ok := s.complianceTerm(r, ci.cal)
	if !ok {
		s.renderErrorMessage(w, r, http.StatusNotFound, "还没有校历", "教育局尚未设置学年校历，暂无评定周期。")
		return careTerm{}, false
	}
	cat, err := s.catalogue(ctx)
	if err != nil {
		s.serverError(w, r, err)
		return careTerm{}, false
	}
	_, span, _ := compliance.Judge(cat.versions["R03"], ci.cal, term, s.today())
	guidance, err := s.store.CountyGuidance(ctx, p.CountyID, schoolID, term.ID)
	if err != nil {
		s.serverError(w, r, err)
		return careTerm{}, false
	}
	ct := careTerm{term: term, label: label, span: span, targeted: map[int64]map[string]bool{}}
	for id, g := range guidance {
		ct.targeted[id] = map[string]bool{}
		for _, m := range g.Guidance {
			ct.targeted[id][m.Audience] = true
		}
	}
	v.TermLabel, v.Term, v.Terms = label, strconv.FormatInt(term.ID, 10), terms
	v.Vacation = "校历中没有该学期的假期"
	if !span.Missing {
		v.Vacation = span.Name + "（" + span.Window.LongLabel() + "）"
	}
	return ct, true
}

// targetedIn is the school's targeted groups as Uncared asks them.
func (ct careTerm) targetedIn(schoolID int64) func(string) bool {
	return func(g string) bool { return ct.targeted[schoolID][g] }
}

// schoolCareCheck lists the school's left-behind and hardship students who
// had neither the vacation's on-site visit nor a session for their group
// this term, by name, for the school's leader and offices.
func (s *Server) schoolCareCheck(w http.ResponseWriter, r *http.Request) {
	sc, _, ok := s.loadSchool(w, r, auth.ViewCareCheck)
	if !ok {
		return
	}
	v := cp.CareView{Heading: sc.Name + " · 特殊群体关爱核查", Crumb: sc.Name, CrumbHref: schoolPath(sc.ID, "/compliance"),
		Action: schoolPath(sc.ID, "/care-check")}
	ct, ok := s.careData(w, r, &v, sc.ID)
	if !ok {
		return
	}
	if !ct.span.Missing {
		cands, err := s.store.CareCandidates(r.Context(), sc.ID, ct.span.VacationID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for _, c := range cands {
			if !compliance.Uncared(compliance.CareCase{LeftBehind: c.LeftBehind, Hardship: c.Hardship}, ct.targetedIn(sc.ID)) {
				continue
			}
			v.Rows = append(v.Rows, cp.CareRow{Name: c.Name, Href: "/students/" + strconv.FormatInt(c.StudentID, 10),
				ClassName: c.ClassName, Groups: careGroups(c.LeftBehind, c.Hardship), Visit: careVisit(c.Best)})
		}
	}
	v.Total = len(v.Rows)
	v.Chrome = s.chrome(r, "特殊群体关爱核查")
	s.render(w, r, http.StatusOK, cp.Care(v))
}

// countyCareCheck counts the cross-check per school for county roles, the
// schools with the most students first.
func (s *Server) countyCareCheck(w http.ResponseWriter, r *http.Request) {
	p := principal(r.Context())
	if !auth.Can(p, auth.ViewCountyCareCheck, auth.Resource{}) {
		s.deny(w, r, auth.ViewCountyCareCheck, "county", 0)
		return
	}
	v := cp.CareView{Heading: "特殊群体关爱核查", Crumb: "职责达标", CrumbHref: "/compliance", Action: "/care-check", County: true}
	ct, ok := s.careData(w, r, &v, 0)
	if !ok {
		return
	}
	if !ct.span.Missing {
		// From the vacation's counters (as R03 reads them), not the
		// students: one row a school.
		rows, err := s.store.CountyCoverage(r.Context(), p.CountyID, store.WindowKey{Kind: calendar.KindVacation, ID: ct.span.VacationID})
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for _, c := range rows {
			t := ct.targetedIn(c.SchoolID)
			lb, hs, total := compliance.UncaredCounts(c.LB-c.LBOnSite, c.HS-c.HSOnSite, c.FL-c.FLOnSite, t("left_behind"), t("hardship"))
			if total == 0 {
				continue
			}
			v.Schools = append(v.Schools, cp.CareSchool{Name: c.Name, Href: schoolPath(c.SchoolID, "/compliance") + "?term=" + v.Term,
				LeftBehind: lb, Hardship: hs, Total: total})
			v.Total += total
		}
		slices.SortStableFunc(v.Schools, func(a, b cp.CareSchool) int { return b.Total - a.Total })
	}
	v.Chrome = s.chrome(r, "特殊群体关爱核查")
	s.render(w, r, http.StatusOK, cp.Care(v))
}

func careGroups(lb, hs bool) string {
	var gs []string
	if lb {
		gs = append(gs, coverage.GroupLeftBehind.Label())
	}
	if hs {
		gs = append(gs, coverage.GroupHardship.Label())
	}
	return strings.Join(gs, "、")
}

// careVisit is the vacation visit a candidate had: none, or not on site.
func careVisit(best string) string {
	switch best {
	case "video":
		return "仅视频家访"
	case "phone":
		return "仅电话家访"
	}
	return "未家访"
}
