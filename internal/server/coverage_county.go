package server

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"xietong/internal/auth"
	"xietong/internal/coverage"
	"xietong/internal/store"
	"xietong/internal/xlsx"
	"xietong/web/components/chart"
	cv "xietong/web/pages/coverage"
)

// countyCoverageData reads the county's counters for the chosen window: one
// grouped read of coverage_classes, never an aggregate over visits.
func (s *Server) countyCoverageData(w http.ResponseWriter, r *http.Request, a auth.Action) (covWindow, []covWindow, []store.SchoolCoverage, bool) {
	p := principal(r.Context())
	if !auth.Can(p, auth.ViewCountyOverview, auth.Resource{}) {
		// A county view is never for a school or class role: 403, not 404.
		s.deny(w, r, auth.ViewCountyOverview, "county", p.CountyID)
		return covWindow{}, nil, nil, false
	}
	if !auth.Can(p, a, auth.Resource{}) {
		s.deny(w, r, a, "county", p.CountyID)
		return covWindow{}, nil, nil, false
	}
	win, ws, ok := s.pickWindow(r, p.CountyID)
	if !ok {
		s.renderErrorMessage(w, r, http.StatusNotFound, "还没有校历", "教育局尚未设置学年校历，暂无家访时段。")
		return covWindow{}, nil, nil, false
	}
	rows, err := s.store.CountyCoverage(r.Context(), p.CountyID, win.Key)
	if err != nil {
		s.serverError(w, r, err)
		return covWindow{}, nil, nil, false
	}
	return win, ws, rows, true
}

// laggards is how many schools the county's chart shows: those furthest
// behind.
const laggards = 10

// countyCoverage is the county's coverage per school for bureau roles:
// counts only, each linking down to the school.
func (s *Server) countyCoverage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	win, ws, rows, ok := s.countyCoverageData(w, r, auth.ViewCoverage)
	if !ok {
		return
	}
	ci, err := s.county(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	lq := parseList(r, 1000, "code", "name", "township", "classes", "students", "met", "onsite", "video", "phone", "missing", "rate")
	v := cv.CountyView{Head: s.covHead(r, ci.name+" · 家访覆盖", win, ws, "/coverage/county/export")}
	v.Crumbs = []cv.Crumb{{Label: "全县", Href: "/"}, {Label: "家访覆盖"}}
	met := "已访"
	if win.Vacation() {
		met = "已实地"
	}
	for _, h := range [][2]string{{"学校", "name"}, {"乡镇", "township"}, {"班级", "classes"}, {"应访", "students"}, {met, "met"},
		{"实地", "onsite"}, {"视频", "video"}, {"电话", "phone"}, {"未访", "missing"}, {"完成率", "rate"}} {
		v.Headers = append(v.Headers, lq.Header(h[0], h[1], h[1] != "name" && h[1] != "township"))
	}
	var total store.CoverageCounts
	classes := 0
	for _, sc := range rows {
		c := sc.Duty(win.Key.Kind)
		href := withW(schoolCovPath(sc.SchoolID), win)
		v.Schools = append(v.Schools, cv.Line{Label: sc.Name, Sub: sc.Township, Href: href, MissingHref: href,
			Classes: sc.Classes, Counts: c, Status: s.covStatus(win, c)})
		total = total.Add(sc.CoverageCounts)
		classes += sc.Classes
	}
	sortLines(v.Schools, rows, lq)
	tc := total.Duty(win.Key.Kind)
	v.Total = cv.Line{Label: "全县合计", Classes: classes, Counts: tc, Status: s.covStatus(win, tc)}
	v.Summary = s.covSummary(win, tc)
	v.Modes = chart.ModeSplit("全县家访方式（按最优方式计一次）", tc)
	v.Groups = groupBars(win, total, func(c coverage.Counts) coverage.Status { return s.covStatus(win, c) })
	// The chart shows the schools furthest behind; the table below has
	// every school and sorts by rate. A second list of all hundred schools
	// doubled a phone's scrolling and the page's weight.
	v.Bars = chart.BarsView{Title: fmt.Sprintf("完成率最低的 %d 所学校", min(laggards, len(v.Schools))), Unit: v.Summary.Unit, Empty: "还没有学校"}
	// Sorted by index: moving the hundred lines themselves was a sixteenth
	// of the page's CPU.
	byRate := make([]int, len(v.Schools))
	for i := range byRate {
		byRate[i] = i
	}
	slices.SortStableFunc(byRate, func(a, b int) int {
		return coverage.CompareRates(v.Schools[a].Counts.Rate(), v.Schools[b].Counts.Rate())
	})
	for _, i := range byRate[:min(laggards, len(byRate))] {
		l := v.Schools[i]
		v.Bars.Rows = append(v.Bars.Rows, chart.Row{Label: l.Label, Num: l.Counts.Met, Den: l.Counts.Students, Status: l.Status, Href: l.Href})
	}
	if len(byRate) > laggards {
		v.AllByRateHref = lq.With("sort", "rate", "dir", "", "page", "") + "#schools"
	}

	if auth.Can(p, auth.LedgerCounts, auth.Resource{}) {
		health, err := s.store.CountyLedgerHealth(ctx, p.CountyID, 0, s.today())
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		v.ShowLedger = true
		bySchool := map[int64]store.LedgerHealth{}
		var sum store.LedgerHealth
		for _, h := range health {
			bySchool[h.SchoolID] = h
			sum = addHealth(sum, h)
		}
		for _, sc := range rows {
			v.Ledger = append(v.Ledger, s.ledgerLine(sc.Name, withW(schoolCovPath(sc.SchoolID), win), bySchool[sc.SchoolID]))
		}
		v.LedgerTotal = s.ledgerLine("全县合计", "", sum)
	}
	v.Chrome = v.Head.Chrome
	s.render(w, r, http.StatusOK, cv.County(v))
}

// sortLines orders the county's rows by the list's sort key, then by
// school code; rows and lines are parallel.
func sortLines(lines []cv.Line, rows []store.SchoolCoverage, lq listQuery) {
	code := map[string]string{}
	for i, sc := range rows {
		code[lines[i].Href] = sc.Code
	}
	key := func(l cv.Line) int {
		switch lq.Sort {
		case "classes":
			return l.Classes
		case "students":
			return l.Counts.Students
		case "met":
			return l.Counts.Met
		case "onsite":
			return l.Counts.OnSite
		case "video":
			return l.Counts.Video
		case "phone":
			return l.Counts.Phone
		case "missing":
			return l.Counts.NotVisited()
		}
		return 0
	}
	slices.SortStableFunc(lines, func(a, b cv.Line) int {
		var c int
		switch lq.Sort {
		case "name":
			c = strings.Compare(a.Label, b.Label)
		case "township":
			c = strings.Compare(a.Sub, b.Sub)
		case "rate":
			c = coverage.CompareRates(a.Counts.Rate(), b.Counts.Rate())
		default:
			c = cmp.Compare(key(a), key(b))
		}
		if lq.Desc {
			c = -c
		}
		return cmp.Or(c, cmp.Compare(code[a.Href], code[b.Href]))
	})
}

// countyCoverageExport is the county view as .xlsx.
func (s *Server) countyCoverageExport(w http.ResponseWriter, r *http.Request) {
	p := principal(r.Context())
	win, _, rows, ok := s.countyCoverageData(w, r, auth.ExportCoverage)
	if !ok {
		return
	}
	headers := append([]string{"学校代码", "学校", "乡镇", "班级数"}, covHeaders...)
	widths := []float64{10, 24, 12, 8, 8, 8, 8, 8, 8, 8, 8, 10}
	s.sendXLSX(w, r, exportName("全县", win), string(auth.ExportCoverage), "county", p.CountyID,
		"家访覆盖", headers, widths, func(xw *xlsx.Writer) error {
			var total store.CoverageCounts
			classes := 0
			for _, sc := range rows {
				c := sc.Duty(win.Key.Kind)
				if err := xw.Row(append([]any{sc.Code, sc.Name, sc.Township, sc.Classes}, covCells(c, s.covStatus(win, c))...)...); err != nil {
					return err
				}
				total = total.Add(sc.CoverageCounts)
				classes += sc.Classes
			}
			tc := total.Duty(win.Key.Kind)
			return xw.Row(append([]any{"", "全县合计", win.Name, classes}, covCells(tc, s.covStatus(win, tc))...)...)
		})
}
