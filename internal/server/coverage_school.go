package server

import (
	"net/http"

	"xietong/internal/auth"
	"xietong/internal/coverage"
	"xietong/internal/store"
	"xietong/internal/xlsx"
	"xietong/web/components/chart"
	cv "xietong/web/pages/coverage"
)

// schoolCoverageData checks a and loads the school with its classes'
// counters for the chosen window.
func (s *Server) schoolCoverageData(w http.ResponseWriter, r *http.Request, a auth.Action) (*store.School, covWindow, []covWindow, []store.ClassCoverage, bool) {
	ctx := r.Context()
	p := principal(ctx)
	sc, _, ok := s.loadSchool(w, r, a)
	if !ok {
		return nil, covWindow{}, nil, nil, false
	}
	win, ws, ok := s.pickWindow(r, p.CountyID)
	if !ok {
		s.renderErrorMessage(w, r, http.StatusNotFound, "还没有校历", "教育局尚未设置学年校历，暂无家访时段。")
		return nil, covWindow{}, nil, nil, false
	}
	rows, err := s.store.SchoolClassCoverage(ctx, sc.ID, win.Key, s.currentTermID(ctx, p.CountyID))
	if err != nil {
		s.serverError(w, r, err)
		return nil, covWindow{}, nil, nil, false
	}
	return sc, win, ws, rows, true
}

// schoolCoverage is one school's coverage per class, special group and
// mode. Counts only; school roles follow a class's 未访 figure to the
// students not yet visited, bureau roles to the class's counts.
func (s *Server) schoolCoverage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	sc, win, ws, rows, ok := s.schoolCoverageData(w, r, auth.ViewCoverage)
	if !ok {
		return
	}
	export := ""
	if auth.Can(p, auth.ExportCoverage, auth.Resource{SchoolID: sc.ID}) {
		export = schoolCovPath(sc.ID) + "/export"
	}
	v := cv.SchoolView{Head: s.covHead(r, sc.Name+" · 家访覆盖", win, ws, export)}
	if p.Active.Role.County() {
		v.Crumbs = []cv.Crumb{{Label: "全县家访覆盖", Href: withW("/coverage/county", win)}, {Label: sc.Name}}
	}
	var total store.CoverageCounts
	v.Bars = chart.BarsView{Title: "各班完成率", Empty: "本校还没有班级"}
	for _, c := range rows {
		cc := c.Duty(win.Key.Kind)
		href := withW(classCovPath(c.ClassID), win)
		missing := href
		if auth.Can(p, auth.ViewVisitStatus, auth.Resource{SchoolID: sc.ID, ClassID: c.ClassID}) &&
			(!win.Vacation() || auth.Can(p, auth.ViewSpecialGroups, auth.Resource{SchoolID: sc.ID, ClassID: c.ClassID})) {
			missing = withW(classCovPath(c.ClassID), win, "show", "missing")
		}
		l := cv.Line{Label: c.Name, Sub: c.TeacherName, Href: href, MissingHref: missing, Counts: cc, Status: s.covStatus(win, cc)}
		v.Classes = append(v.Classes, l)
		v.Bars.Rows = append(v.Bars.Rows, chart.Row{Label: c.Name, Num: cc.Met, Den: cc.Students, Status: l.Status, Href: href})
		total = total.Add(c.CoverageCounts)
	}
	tc := total.Duty(win.Key.Kind)
	v.Total = cv.Line{Label: "全校合计", Counts: tc, Status: s.covStatus(win, tc)}
	v.Summary = s.covSummary(win, tc)
	v.Bars.Unit = v.Summary.Unit
	v.Modes = chart.ModeSplit("家访方式（按最优方式计一次）", tc)
	v.Groups = groupBars(win, total, func(c coverage.Counts) coverage.Status { return s.covStatus(win, c) })

	if auth.Can(p, auth.LedgerCounts, auth.Resource{}) || auth.Can(p, auth.ListLedger, auth.Resource{SchoolID: sc.ID}) && !p.Active.Role.Teacher() {
		health, err := s.store.CountyLedgerHealth(ctx, p.CountyID, sc.ID, s.today())
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		var h store.LedgerHealth
		for _, x := range health {
			h = addHealth(h, x)
		}
		v.ShowLedger = true
		v.Ledger = s.ledgerLine(sc.Name, "", h)
	}
	v.Chrome = v.Head.Chrome
	s.render(w, r, http.StatusOK, cv.School(v))
}

// schoolCoverageExport is the school view as .xlsx: a row per class, the
// school's total and its special groups.
func (s *Server) schoolCoverageExport(w http.ResponseWriter, r *http.Request) {
	sc, win, _, rows, ok := s.schoolCoverageData(w, r, auth.ExportCoverage)
	if !ok {
		return
	}
	headers := append([]string{"班级", "班主任"}, covHeaders...)
	widths := []float64{16, 12, 8, 8, 8, 8, 8, 8, 8, 10}
	s.sendXLSX(w, r, exportName(sc.Name, win), string(auth.ExportCoverage), "school", sc.ID,
		"家访覆盖", headers, widths, func(xw *xlsx.Writer) error {
			var total store.CoverageCounts
			for _, c := range rows {
				cc := c.Duty(win.Key.Kind)
				if err := xw.Row(append([]any{c.Name, c.TeacherName}, covCells(cc, s.covStatus(win, cc))...)...); err != nil {
					return err
				}
				total = total.Add(c.CoverageCounts)
			}
			tc := total.Duty(win.Key.Kind)
			if err := xw.Row(append([]any{"全校合计", win.Name}, covCells(tc, s.covStatus(win, tc))...)...); err != nil {
				return err
			}
			for _, g := range []coverage.Group{coverage.GroupLeftBehind, coverage.GroupHardship} {
				gc := total.Group(win.Key.Kind, g)
				if err := xw.Row(append([]any{"其中：" + g.Label(), ""}, covCells(gc, s.covStatus(win, gc))...)...); err != nil {
					return err
				}
			}
			return nil
		})
}
