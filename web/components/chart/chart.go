// Package chart renders small charts as server-side SVG in templ components:
// no chart library, no JavaScript, no inline style (the CSP allows only
// style sheets from 'self'; colours and sizes come from the classes in
// app.css, section "charts").
//
// Each bar is its own small SVG, viewBox 0 0 100 10 stretched to the width
// of its container (preserveAspectRatio="none"), so a bar's width in the
// SVG is its percentage; the labels and numbers are HTML text next to it, so
// they keep their size and wrap on a 360 px phone, and print crisply.
//
// Accessibility: every SVG is role="img" with an aria-label (and a <title>
// for the mouse) that says everything the picture shows, numbers included.
// The visible text says it again for the eye and the printer and is
// aria-hidden, so a screen reader reads each row once.
//
// The view models hold plain numbers; callers sort rows, compute statuses
// (coverage.StatusOf) and build links.
package chart

import (
	"math"
	"strconv"

	"xietong/internal/coverage"
)

// Row is one bar of a Bars chart: Num out of Den.
type Row struct {
	Label    string
	Num, Den int
	// Status colours the bar and is shown as text; "" draws a neutral bar
	// without a status word.
	Status coverage.Status
	// Href, if set, makes the whole row a link to the records behind it.
	// It is passed through templ.URL, which neutralises javascript: URLs.
	Href string
}

// BarsView is a horizontal bar chart of rates, one row per school, class …,
// in the order given.
type BarsView struct {
	// Title is the caption (figcaption), e.g. "各校学期前家访完成率".
	Title string
	// Unit is put before the numbers, e.g. "已访" gives "已访 23/40".
	Unit string
	Rows []Row
	// Empty is shown instead of the bars when there are no rows; default
	// "暂无数据".
	Empty string
}

// Tone is the colour of a segment of a Stack.
type Tone string

// The tones; any other value is drawn grey (class tone-other).
const (
	// ToneOnSite is 实地, the brand green.
	ToneOnSite Tone = "on-site"
	// ToneVideo is 视频, blue.
	ToneVideo Tone = "video"
	// TonePhone is 电话, light blue.
	TonePhone Tone = "phone"
	// ToneMissing is 未访, the part still to do: the track's grey.
	ToneMissing Tone = "missing"
)

// Segment is one part of a Stack.
type Segment struct {
	Label string
	N     int
	Tone  Tone
}

// StackView is one stacked bar whose segments add up to a whole, with a
// legend underneath.
type StackView struct {
	Title    string
	Segments []Segment
}

// ModeSplit is the stack of a coverage count by best visit mode: 实地, 视频,
// 电话, 未访, out of c.Students.
func ModeSplit(title string, c coverage.Counts) StackView {
	tones := map[coverage.Mode]Tone{coverage.OnSite: ToneOnSite, coverage.Video: ToneVideo,
		coverage.Phone: TonePhone, coverage.NotVisited: ToneMissing}
	v := StackView{Title: title}
	for _, mc := range c.ByMode() {
		v.Segments = append(v.Segments, Segment{Label: mc.Mode.Label(), N: mc.N, Tone: tones[mc.Mode]})
	}
	return v
}

// ProgressView is a slim progress bar with "23/40 已访" next to it, for a
// teacher's phone.
type ProgressView struct {
	Num, Den int
	// Label follows the numbers, e.g. "已访".
	Label  string
	Status coverage.Status
}

// Geometry and text helpers used by chart.templ.

// ratio is Num/Den clamped to [0, 1]; 0 when Den <= 0, never NaN.
func ratio(num, den int) float64 {
	if den <= 0 || num <= 0 {
		return 0
	}
	return min(float64(num)/float64(den), 1)
}

// units formats a length in viewBox units (0–100) with at most two decimals.
func units(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		x = 0
	}
	return strconv.FormatFloat(round2(x), 'f', -1, 64)
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// barWidth is the width of the filled part of a bar, in viewBox units.
func barWidth(num, den int) string { return units(100 * ratio(num, den)) }

func percent(num, den int) string { return coverage.Rate{Num: num, Den: den}.Percent() }

func fraction(num, den int) string { return strconv.Itoa(num) + "/" + strconv.Itoa(den) }

// statusClass maps a status to its CSS class; only these classes come out,
// whatever the caller passes.
func statusClass(s coverage.Status) string {
	switch s {
	case coverage.StatusMet:
		return "st-met"
	case coverage.StatusInProgress:
		return "st-progress"
	case coverage.StatusDueSoon:
		return "st-due"
	case coverage.StatusOverdue:
		return "st-overdue"
	case coverage.StatusNotApplicable:
		return "st-na"
	case coverage.StatusUpcoming:
		return "st-upcoming"
	}
	return "st-none"
}

// statusLabel is the status word, "" for no or an unknown status.
func statusLabel(s coverage.Status) string {
	if statusClass(s) == "st-none" {
		return ""
	}
	return s.Label()
}

func toneClass(t Tone) string {
	switch t {
	case ToneOnSite, ToneVideo, TonePhone, ToneMissing:
		return "tone-" + string(t)
	}
	return "tone-other"
}

// valueText is "已访 23/40 · 58%" (without the unit if none).
func valueText(unit string, num, den int) string {
	s := fraction(num, den) + " · " + percent(num, den)
	if unit != "" {
		s = unit + " " + s
	}
	return s
}

// rowLabel is the accessible name of a bar: "第一小学：已访 23/40，58%，进行中".
func rowLabel(unit string, r Row) string {
	s := r.Label + "："
	if unit != "" {
		s += unit + " "
	}
	s += fraction(r.Num, r.Den) + "，" + percent(r.Num, r.Den)
	if l := statusLabel(r.Status); l != "" {
		s += "，" + l
	}
	return s
}

func emptyText(v BarsView) string {
	if v.Empty != "" {
		return v.Empty
	}
	return "暂无数据"
}

// placed is a segment with its position in the bar.
type placed struct {
	Segment
	X, W    string
	Percent string
}

// placeSegments places the segments left to right. Positions come from the running
// sum, so the parts tile the bar exactly, with no gap or overlap from
// rounding. Negative counts are treated as zero; a zero total leaves the bar
// empty.
func placeSegments(segs []Segment) (out []placed, total int) {
	for _, s := range segs {
		total += max(s.N, 0)
	}
	sum := 0
	for _, s := range segs {
		n := max(s.N, 0)
		x0 := round2(100 * ratio(sum, total))
		sum += n
		x1 := round2(100 * ratio(sum, total))
		out = append(out, placed{Segment: s, X: units(x0), W: units(x1 - x0), Percent: percent(n, total)})
	}
	return out, total
}

// stackLabel is the accessible name of a stack: "实地 12，视频 3，电话 2，未访 23，共 40".
func stackLabel(v StackView) string {
	ps, total := placeSegments(v.Segments)
	s := ""
	if v.Title != "" {
		s = v.Title + "："
	}
	for i, p := range ps {
		if i > 0 {
			s += "，"
		}
		s += p.Label + " " + strconv.Itoa(max(p.N, 0))
	}
	return s + "，共 " + strconv.Itoa(total)
}

// progressLabel is the accessible name of a progress bar: "已访 23/40，58%".
func progressLabel(v ProgressView) string {
	s := fraction(v.Num, v.Den) + "，" + percent(v.Num, v.Den)
	if v.Label != "" {
		s = v.Label + " " + s
	}
	if l := statusLabel(v.Status); l != "" {
		s += "，" + l
	}
	return s
}

func segments(v StackView) []placed {
	ps, _ := placeSegments(v.Segments)
	return ps
}

func total(v StackView) int {
	_, t := placeSegments(v.Segments)
	return t
}
