package server

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/coverage"
	"xietong/internal/store"
	"xietong/web/components/chart"
	cv "xietong/web/pages/coverage"
)

// coverageDueSoonDays: a window ending within this many days is 即将到期.
const coverageDueSoonDays = 3

// covWindow is a coverage window of the county's calendar.
type covWindow struct {
	Key    store.WindowKey
	Window calendar.Window
	// Name is "2026年秋季学期开学前家访" or "2025—2026学年寒假关爱家访".
	Name string
}

// Param is the window's value in the query string: "pre_term-12".
func (w covWindow) Param() string { return string(w.Key.Kind) + "-" + strconv.FormatInt(w.Key.ID, 10) }

// Vacation reports whether the window measures R03.
func (w covWindow) Vacation() bool { return w.Key.Kind == calendar.KindVacation }

// windowsOf lists the calendar's coverage windows, the latest first.
func windowsOf(cal calendar.Calendar) []covWindow {
	var out []covWindow
	for _, y := range cal.Years {
		for _, t := range y.Terms {
			out = append(out, covWindow{Key: store.WindowKey{Kind: calendar.KindPreTerm, ID: t.ID},
				Window: calendar.PreTermWindow(t), Name: t.SeasonLabel(y.StartYear) + "开学前家访"})
		}
		for _, v := range y.Vacations {
			out = append(out, covWindow{Key: store.WindowKey{Kind: calendar.KindVacation, ID: v.ID},
				Window: calendar.VacationWindow(v), Name: v.Name(y.StartYear) + "关爱家访"})
		}
	}
	slices.SortStableFunc(out, func(a, b covWindow) int { return b.Window.Start.Compare(a.Window.Start) })
	return out
}

// pickWindow is the window named by ?w=, else the current one: the latest
// that has started, or the first to come when none has.
func (s *Server) pickWindow(r *http.Request, countyID int64) (covWindow, []covWindow, bool) {
	ci, err := s.county(r.Context(), countyID)
	if err != nil {
		return covWindow{}, nil, false
	}
	ws := windowsOf(ci.cal)
	if len(ws) == 0 {
		return covWindow{}, nil, false
	}
	if p := r.URL.Query().Get("w"); p != "" {
		for _, w := range ws {
			if w.Param() == p {
				return w, ws, true
			}
		}
	}
	today := s.today()
	for _, w := range ws {
		if !w.Window.Start.After(today) {
			return w, ws, true
		}
	}
	return ws[len(ws)-1], ws, true
}

// covHead fills the parts of a page head that depend on the window.
func (s *Server) covHead(r *http.Request, title string, w covWindow, ws []covWindow, exportPath string) cv.Head {
	h := cv.Head{Chrome: s.chrome(r, title), Heading: title, Window: w.Name}
	state := w.Window.State(s.today())
	h.WindowDates = w.Window.LongLabel() + " · " + state.Label()
	if state == calendar.Open {
		h.WindowDates += fmt.Sprintf("（还剩%d天）", w.Window.DaysLeft(s.today()))
	}
	if w.Vacation() {
		h.Duty = "R03 寒暑假关爱家访：留守儿童、特困家庭学生须在假期内实地家访（视频、电话家访单列，不计入达标）。名单以假期最后一天在籍为准。"
	} else {
		h.Duty = "R02 学期前全员家访：开学前一周内对每名在籍学生家访，以实地为主（实地、视频、电话均计入，按最优方式计一次）。名单以开学第一天在籍为准。"
	}
	// The option names the window only: its dates stand under the heading,
	// and with them the longest names did not fit a phone's drop-down.
	for _, o := range ws {
		h.Options = append(h.Options, cv.WindowOption{Value: o.Param(), Label: o.Name, Selected: o.Key == w.Key})
	}
	if exportPath != "" {
		h.ExportHref = exportPath + "?w=" + url.QueryEscape(w.Param())
	}
	return h
}

// covSummary is the headline of counts c in window w.
func (s *Server) covSummary(w covWindow, c coverage.Counts) cv.Summary {
	sum := cv.Summary{Counts: c, Status: coverage.StatusOf(w.Window, s.today(), c.Rate(), coverageDueSoonDays),
		Unit: "已访", Denominator: "在籍学生"}
	if w.Vacation() {
		sum.Unit, sum.Denominator = "已实地家访", "留守、特困学生"
	}
	return sum
}

func (s *Server) covStatus(w covWindow, c coverage.Counts) coverage.Status {
	return coverage.StatusOf(w.Window, s.today(), c.Rate(), coverageDueSoonDays)
}

// groupBars is the chart of the special groups.
func groupBars(w covWindow, c store.CoverageCounts, status func(coverage.Counts) coverage.Status) chart.BarsView {
	v := chart.BarsView{Title: "特殊群体", Unit: "已访", Empty: "没有特殊群体学生"}
	if w.Vacation() {
		v.Unit = "实地"
	}
	for _, g := range []coverage.Group{coverage.GroupLeftBehind, coverage.GroupHardship} {
		gc := c.Group(w.Key.Kind, g)
		if gc.Students > 0 {
			v.Rows = append(v.Rows, chart.Row{Label: g.Label(), Num: gc.Met, Den: gc.Students, Status: status(gc)})
		}
	}
	return v
}

// withW is path with the window parameter (and extra pairs).
func withW(path string, w covWindow, kv ...string) string {
	q := url.Values{"w": {w.Param()}}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Set(kv[i], kv[i+1])
	}
	return path + "?" + q.Encode()
}

func schoolCovPath(id int64) string { return "/coverage/schools/" + strconv.FormatInt(id, 10) }
func classCovPath(id int64) string  { return "/coverage/classes/" + strconv.FormatInt(id, 10) }

// coverageHome sends each role to its own coverage view.
func (s *Server) coverageHome(w http.ResponseWriter, r *http.Request) {
	p := principal(r.Context())
	target := ""
	switch {
	case p.Active.Role.County():
		target = "/coverage/county"
	case p.Active.Role == auth.SchoolLeader || p.Active.Role == auth.SchoolOffice:
		target = schoolCovPath(p.Active.SchoolID)
	case p.Active.Role.Teacher() && len(p.Active.ClassIDs) > 0:
		target = classCovPath(p.Active.ClassIDs[0])
	}
	if target == "" {
		s.deny(w, r, auth.ViewCoverage, "county", p.CountyID)
		return
	}
	if q := r.URL.Query().Get("w"); q != "" {
		target += "?w=" + url.QueryEscape(q)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// ledgerLine turns a school's ledger health into a row with its status.
func (s *Server) ledgerLine(label, href string, h store.LedgerHealth) cv.LedgerLine {
	c := h.Counts()
	return cv.LedgerLine{Label: label, Href: href, Problems: h.Problems, Entries: h.Entries, Pending: h.Pending,
		Following: h.Following, Resolved: h.Resolved, Referred: h.Referred, Overdue: h.Overdue,
		Status: c.Status(s.today(), coverageDueSoonDays)}
}

func addHealth(a, b store.LedgerHealth) store.LedgerHealth {
	a.Problems += b.Problems
	a.Entries += b.Entries
	a.Pending += b.Pending
	a.Following += b.Following
	a.Resolved += b.Resolved
	a.Referred += b.Referred
	a.Overdue += b.Overdue
	if b.NextDeadline != nil && (a.NextDeadline == nil || b.NextDeadline.Before(*a.NextDeadline)) {
		a.NextDeadline = b.NextDeadline
	}
	return a
}

// exportName is a file name for an export of window w.
func exportName(what string, w covWindow) string {
	return "家访覆盖-" + what + "-" + w.Name + "-" + w.Window.Start.Format("20060102") + ".xlsx"
}

var covHeaders = []string{"应访", "达标", "实地", "视频", "电话", "未访", "完成率", "状态"}

func covCells(c coverage.Counts, st coverage.Status) []any {
	return []any{c.Students, c.Met, c.OnSite, c.Video, c.Phone, c.NotVisited(), c.Rate().Percent(), st.Label()}
}
