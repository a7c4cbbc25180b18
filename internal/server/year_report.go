package server

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/compliance"
	"xietong/internal/coverage"
	"xietong/internal/store"
	"xietong/web/components/chart"
	"xietong/web/pages/inspections"
)

// yearTerm is one term's duties across the county: per duty how many
// schools met it and how many it applied to, and per school how many
// duties it was behind on (overdue).
type yearTerm struct {
	name   string
	met    map[string]int
	counts map[string]int
	behind map[int64]int
}

// yearTermFigures judges every school of the county on every duty for the
// term, as the heat map does, from the same counters.
func (s *Server) yearTermFigures(r *http.Request, countyID int64, cal calendar.Calendar, cat catalogue, schools []store.School, t calendar.Term, today time.Time) (yearTerm, error) {
	judged, qs := cat.judge(cal, t, today)
	figs, err := s.store.ComplianceFigures(r.Context(), store.ComplianceScope{CountyID: countyID, Term: t, Today: today}, qs)
	if err != nil {
		return yearTerm{}, err
	}
	yt := yearTerm{name: termName(cal, t), met: map[string]int{}, counts: map[string]int{}, behind: map[int64]int{}}
	for _, sc := range schools {
		for _, id := range cat.ids {
			x := judged[id].evaluate(sc.Stage, figs[id].Of(sc.ID), today)
			if x.Status == compliance.NA {
				continue
			}
			yt.counts[id]++
			switch x.Status {
			case compliance.Met:
				yt.met[id]++
			case compliance.Overdue:
				yt.behind[sc.ID]++
			}
		}
	}
	return yt, nil
}

// yearReport is the county's year in figures (年度协同育人工作情况, #18
// item 5): per duty the share of schools that met it in each term of the
// school year (terms still to come are left out), the schools furthest
// behind, and the year's inspections and rectification; printable.
func (s *Server) yearReport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !auth.Can(p, auth.ViewYearReport, auth.Resource{}) {
		s.deny(w, r, auth.ViewYearReport, "county", p.CountyID)
		return
	}
	ci, err := s.county(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	today := s.today()
	y, ok := yearFor(ci.cal, today)
	if id, err := strconv.ParseInt(r.URL.Query().Get("year"), 10, 64); err == nil {
		if picked, found := ci.cal.Year(id); found {
			y, ok = picked, true
		}
	}
	if !ok {
		s.renderErrorMessage(w, r, http.StatusNotFound, "还没有校历", "教育局尚未设置学年校历，暂无年度统计。")
		return
	}
	cat, err := s.catalogue(ctx)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	schools, err := s.store.ActiveSchools(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := inspections.YearView{Title: ci.name + " " + y.Name() + "协同育人工作情况", Year: strconv.FormatInt(y.ID, 10),
		Years: yearOptions(ci.cal), Today: calendar.DateLabel(today), Schools: len(schools)}
	behind := map[int64]int{}
	for _, t := range y.Terms {
		if t.Start.After(today) {
			continue
		}
		yt, err := s.yearTermFigures(r, p.CountyID, ci.cal, cat, schools, t, today)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		bars := chart.BarsView{Title: yt.name + " · 各项职责达标学校占比", Unit: "达标"}
		for _, id := range cat.ids {
			if yt.counts[id] == 0 {
				continue
			}
			rate := coverage.Rate{Num: yt.met[id], Den: yt.counts[id]}
			bars.Rows = append(bars.Rows, chart.Row{Label: id + " " + cat.short[id], Num: rate.Num, Den: rate.Den, Status: yearStatus(rate)})
		}
		v.Terms = append(v.Terms, bars)
		for id, n := range yt.behind {
			behind[id] += n
		}
	}
	for _, sc := range schools {
		if n := behind[sc.ID]; n > 0 {
			v.Behind = append(v.Behind, inspections.BehindRow{Name: sc.Name, Township: sc.Township, Overdue: n,
				Href: schoolPath(sc.ID, "/compliance")})
		}
	}
	slices.SortStableFunc(v.Behind, func(a, b inspections.BehindRow) int { return b.Overdue - a.Overdue })
	v.Behind = v.Behind[:min(len(v.Behind), 10)]
	counts, err := s.store.YearInspections(ctx, p.CountyID, y.ID, today)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v.Inspected = chart.BarsView{Title: "督导检查覆盖学校", Unit: "已督导",
		Rows: []chart.Row{{Label: "学校", Num: counts.Schools, Den: len(schools), Status: yearStatus(coverage.Rate{Num: counts.Schools, Den: len(schools)})}}}
	v.Inspections, v.Closed = counts.Inspections, counts.Closed
	v.Opened, v.Accepted, v.Overdue = counts.Opened, counts.Accepted, counts.Overdue
	v.Chrome = s.chrome(r, "年度协同育人工作情况")
	s.render(w, r, http.StatusOK, inspections.Year(v))
}

// yearStatus marks a duty every school met; other shares are drawn
// neutral, their figure saying how far they are (a status word such as
// 已逾期 would not fit a share of schools).
func yearStatus(r coverage.Rate) coverage.Status {
	if r.Den > 0 && r.Num == r.Den {
		return coverage.StatusMet
	}
	return ""
}
