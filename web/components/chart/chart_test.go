package chart

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/a-h/templ"

	"xietong/internal/coverage"
)

// node is a parsed element of the rendered markup, or a text node (name
// "#text", with data).
type node struct {
	name string
	attr map[string]string
	kids []*node
	data string
}

// render renders c and checks what must hold for every chart: no inline
// style (the CSP forbids it), no script, no NaN or Inf from a division.
func render(t *testing.T, c templ.Component) (string, *node) {
	t.Helper()
	var b bytes.Buffer
	if err := c.Render(context.Background(), &b); err != nil {
		t.Fatalf("render: %v", err)
	}
	out := b.String()
	for _, bad := range []string{"style=", "<style", "<script", "NaN", "Inf"} {
		if strings.Contains(out, bad) {
			t.Errorf("output contains %q:\n%s", bad, out)
		}
	}
	return out, parse(t, out)
}

// parse reads HTML as lenient XML: enough for markup we write ourselves.
func parse(t *testing.T, s string) *node {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(s))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	root := &node{name: "#root"}
	stack := []*node{root}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("parse: %v\n%s", err, s)
		}
		top := stack[len(stack)-1]
		switch tk := tok.(type) {
		case xml.StartElement:
			n := &node{name: tk.Name.Local, attr: map[string]string{}}
			for _, a := range tk.Attr {
				name := a.Name.Local
				if a.Name.Space != "" {
					name = a.Name.Space + ":" + name
				}
				n.attr[name] = a.Value
			}
			top.kids = append(top.kids, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			top.kids = append(top.kids, &node{name: "#text", data: string(tk)})
		}
	}
	return root
}

// all returns the descendants of n named name, in document order.
func (n *node) all(name string) []*node {
	var out []*node
	for _, k := range n.kids {
		if k.name == name {
			out = append(out, k)
		}
		out = append(out, k.all(name)...)
	}
	return out
}

// withClass returns the descendants of n whose class list has class.
func (n *node) withClass(class string) []*node {
	var out []*node
	for _, k := range n.kids {
		if slices.Contains(strings.Fields(k.attr["class"]), class) {
			out = append(out, k)
		}
		out = append(out, k.withClass(class)...)
	}
	return out
}

// allText is the text of n and its descendants, whitespace collapsed.
func (n *node) allText() string {
	var b strings.Builder
	var walk func(*node)
	walk = func(n *node) {
		b.WriteString(n.data)
		for _, k := range n.kids {
			walk(k)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func width(t *testing.T, n *node) float64 {
	t.Helper()
	w, err := strconv.ParseFloat(n.attr["width"], 64)
	if err != nil {
		t.Fatalf("width %q: %v", n.attr["width"], err)
	}
	return w
}

// checkImg checks that an SVG is an accessible image whose name says want.
func checkImg(t *testing.T, svg *node, want ...string) {
	t.Helper()
	if svg.attr["role"] != "img" || svg.attr["viewBox"] != "0 0 100 10" || svg.attr["width"] != "100%" {
		t.Errorf("svg attributes %v", svg.attr)
	}
	titles := svg.all("title")
	if len(titles) != 1 || titles[0].allText() != svg.attr["aria-label"] {
		t.Errorf("svg title %v vs aria-label %q", titles, svg.attr["aria-label"])
	}
	for _, w := range want {
		if !strings.Contains(svg.attr["aria-label"], w) {
			t.Errorf("aria-label %q lacks %q", svg.attr["aria-label"], w)
		}
	}
}

func TestBars(t *testing.T) {
	t.Parallel()
	rows := []Row{
		{Label: "第一小学", Num: 23, Den: 40, Status: coverage.StatusInProgress, Href: "/coverage/schools/1"},
		{Label: "第二小学", Num: 40, Den: 40, Status: coverage.StatusMet},
		{Label: "第三小学", Num: 0, Den: 10, Status: coverage.StatusOverdue, Href: "/coverage/schools/3?term=2"},
		{Label: "空学校", Num: 0, Den: 0, Status: coverage.StatusNotApplicable},
		{Label: "超额", Num: 50, Den: 40, Status: coverage.StatusMet},
		{Label: "坏数据", Num: -3, Den: 10, Status: coverage.Status("bogus")},
		{Label: "一半", Num: 1, Den: 3, Status: coverage.StatusDueSoon},
	}
	out, doc := render(t, Bars(BarsView{Title: "各校学期前家访完成率", Unit: "已访", Rows: rows}))

	if figs := doc.all("figure"); len(figs) != 1 || figs[0].all("figcaption")[0].allText() != "各校学期前家访完成率" {
		t.Fatalf("figure/figcaption missing:\n%s", out)
	}
	items := doc.all("li")
	if len(items) != len(rows) {
		t.Fatalf("%d rows, want %d", len(items), len(rows))
	}
	wantWidths := []float64{57.5, 100, 0, 0, 100, 0, 33.33}
	wantClass := []string{"st-progress", "st-met", "st-overdue", "st-na", "st-met", "st-none", "st-due"}
	wantText := []string{
		"第一小学 已访 23/40 · 58% 进行中",
		"第二小学 已访 40/40 · 100% 已达标",
		"第三小学 已访 0/10 · 0% 已逾期",
		"空学校 已访 0/0 · — 不适用",
		"超额 已访 50/40 · 125% 已达标",
		"坏数据 已访 -3/10 · 0%",
		"一半 已访 1/3 · 33% 即将到期",
	}
	for i, li := range items {
		r := rows[i]
		if got := li.allText(); !strings.HasPrefix(got, wantText[i]) {
			t.Errorf("row %d text %q, want prefix %q", i, got, wantText[i])
		}
		svgs := li.all("svg")
		if len(svgs) != 1 {
			t.Fatalf("row %d: %d svgs", i, len(svgs))
		}
		checkImg(t, svgs[0], r.Label, strconv.Itoa(r.Num)+"/"+strconv.Itoa(r.Den))
		fills := li.withClass("chart-fill")
		if len(fills) != 1 || width(t, fills[0]) != wantWidths[i] {
			t.Errorf("row %d: fill %v, want width %v", i, fills, wantWidths[i])
			continue
		}
		if !slices.Contains(strings.Fields(fills[0].attr["class"]), wantClass[i]) {
			t.Errorf("row %d: fill class %q, want %s", i, fills[0].attr["class"], wantClass[i])
		}
		tracks := li.withClass("chart-track")
		if len(tracks) != 1 || width(t, tracks[0]) != 100 {
			t.Errorf("row %d: track %v", i, tracks)
		}
		links := li.all("a")
		switch {
		case r.Href == "" && len(links) != 0:
			t.Errorf("row %d: unexpected link", i)
		case r.Href != "" && (len(links) != 1 || links[0].attr["href"] != r.Href ||
			len(links[0].all("svg")) != 1):
			t.Errorf("row %d: link %v around the row wanted, href %q", i, links, r.Href)
		}
		// Visible text is hidden from screen readers, which read the svg's name.
		for _, c := range []string{"chart-label", "chart-value"} {
			for _, n := range li.withClass(c) {
				if n.attr["aria-hidden"] != "true" {
					t.Errorf("row %d: %s not aria-hidden", i, c)
				}
			}
		}
	}
	if strings.Contains(out, "bogus") {
		t.Error("an unknown status leaked into the markup")
	}
}

func TestBarsEscapesAndSanitises(t *testing.T) {
	t.Parallel()
	evil := `<script>alert("x")</script>`
	out, doc := render(t, Bars(BarsView{
		Title: evil,
		Unit:  `"><b>`,
		Rows: []Row{
			{Label: evil, Num: 1, Den: 2, Href: "javascript:alert(1)"},
			{Label: `a" onmouseover="x`, Num: 1, Den: 2, Href: `/x?a=1&b="2"`},
		},
	}))
	if !strings.Contains(out, "&lt;script&gt;") {
		t.Errorf("label not escaped:\n%s", out)
	}
	if len(doc.all("script")) != 0 || len(doc.all("b")) != 0 {
		t.Errorf("markup injected:\n%s", out)
	}
	links := doc.all("a")
	if len(links) != 2 || strings.HasPrefix(links[0].attr["href"], "javascript:") ||
		links[1].attr["href"] != `/x?a=1&b="2"` {
		t.Errorf("hrefs %q %q", links[0].attr["href"], links[1].attr["href"])
	}
	for _, svg := range doc.all("svg") {
		if _, ok := svg.attr["onmouseover"]; ok {
			t.Error("attribute injected")
		}
	}
	if got := doc.all("svg")[0].attr["aria-label"]; !strings.HasPrefix(got, evil+"：") {
		t.Errorf("aria-label %q", got)
	}
}

func TestBarsEmpty(t *testing.T) {
	t.Parallel()
	_, doc := render(t, Bars(BarsView{Title: "各班"}))
	if len(doc.all("svg")) != 0 || doc.all("p")[0].allText() != "暂无数据" {
		t.Errorf("empty chart: %s", doc.allText())
	}
	_, doc = render(t, Bars(BarsView{Empty: "本学期还没有班级。"}))
	if len(doc.all("figcaption")) != 0 || doc.all("p")[0].allText() != "本学期还没有班级。" {
		t.Errorf("custom empty text: %s", doc.allText())
	}
}

func TestStackModeSplit(t *testing.T) {
	t.Parallel()
	c := coverage.Counts{Students: 40, Met: 17, OnSite: 12, Video: 3, Phone: 2}
	_, doc := render(t, Stack(ModeSplit("家访方式", c)))

	svgs := doc.all("svg")
	if len(svgs) != 5 { // the bar and four legend swatches
		t.Fatalf("%d svgs", len(svgs))
	}
	checkImg(t, svgs[0], "家访方式：实地 12，视频 3，电话 2，未访 23，共 40")
	segs := svgs[0].withClass("chart-seg")
	want := []struct {
		class string
		x, w  string
	}{
		{"tone-on-site", "0", "30"}, {"tone-video", "30", "7.5"}, {"tone-phone", "37.5", "5"}, {"tone-missing", "42.5", "57.5"},
	}
	if len(segs) != len(want) {
		t.Fatalf("%d segments", len(segs))
	}
	for i, s := range segs {
		if !strings.Contains(s.attr["class"], want[i].class) || s.attr["x"] != want[i].x || s.attr["width"] != want[i].w {
			t.Errorf("segment %d: %v, want %+v", i, s.attr, want[i])
		}
	}
	legend := doc.withClass("chart-legend")
	if len(legend) != 1 || legend[0].attr["aria-hidden"] != "true" {
		t.Fatal("legend missing or not aria-hidden")
	}
	var items []string
	for _, li := range legend[0].all("li") {
		items = append(items, li.allText())
	}
	if want := []string{"实地 12 30%", "视频 3 8%", "电话 2 5%", "未访 23 58%", "共 40"}; !slices.Equal(items, want) {
		t.Errorf("legend %q, want %q", items, want)
	}
}

func TestStackTilesAndEdges(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		segs  []Segment
		drawn int // segments with a width
	}{
		{"thirds tile exactly", []Segment{{"a", 1, ToneOnSite}, {"b", 1, ToneVideo}, {"c", 1, TonePhone}}, 3},
		{"zero parts are not drawn", []Segment{{"a", 0, ToneOnSite}, {"b", 5, ToneVideo}, {"c", 0, TonePhone}}, 1},
		{"zero total draws nothing", []Segment{{"a", 0, ToneOnSite}, {"b", 0, ToneMissing}}, 0},
		{"no segments", nil, 0},
		{"negative counts are zero", []Segment{{"a", -4, ToneOnSite}, {"b", 2, Tone("x")}}, 1},
		{"sevenths", []Segment{{"a", 1, ToneOnSite}, {"b", 2, ToneVideo}, {"c", 4, TonePhone}}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, doc := render(t, Stack(StackView{Segments: tt.segs}))
			bar := doc.all("svg")[0]
			segs := bar.withClass("chart-seg")
			if len(segs) != tt.drawn {
				t.Fatalf("%d segments drawn, want %d", len(segs), tt.drawn)
			}
			end := 0.0
			for i, s := range segs {
				x, _ := strconv.ParseFloat(s.attr["x"], 64)
				if x != end {
					t.Errorf("segment %d starts at %v, previous ended at %v", i, x, end)
				}
				end = round2(x + width(t, s))
			}
			if tt.drawn > 0 && end != 100 {
				t.Errorf("segments end at %v, want 100", end)
			}
			for _, s := range doc.withClass("chart-seg") {
				if cl := s.attr["class"]; strings.Contains(cl, "tone-x") {
					t.Errorf("unknown tone leaked: %q", cl)
				}
			}
		})
	}
}

func TestProgress(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v     ProgressView
		width float64
		text  string
		label string
	}{
		{ProgressView{Num: 23, Den: 40, Label: "已访"}, 57.5, "23/40 已访", "已访 23/40，58%"},
		{ProgressView{Num: 40, Den: 40, Label: "已访", Status: coverage.StatusMet}, 100, "40/40 已访", "已访 40/40，100%，已达标"},
		{ProgressView{Num: 0, Den: 0, Label: "已访"}, 0, "0/0 已访", "已访 0/0，—"},
		{ProgressView{Num: 45, Den: 40}, 100, "45/40", "45/40，113%"},
		{ProgressView{Num: 1, Den: 3, Label: "<i>x</i>"}, 33.33, "1/3 <i>x</i>", "<i>x</i> 1/3，33%"},
	}
	for _, tt := range tests {
		_, doc := render(t, Progress(tt.v))
		svgs := doc.all("svg")
		if len(svgs) != 1 {
			t.Fatalf("%d svgs", len(svgs))
		}
		checkImg(t, svgs[0])
		if got := svgs[0].attr["aria-label"]; got != tt.label {
			t.Errorf("%+v: aria-label %q, want %q", tt.v, got, tt.label)
		}
		if fills := svgs[0].withClass("chart-fill"); len(fills) != 1 || width(t, fills[0]) != tt.width {
			t.Errorf("%+v: fill %v, want width %v", tt.v, fills, tt.width)
		}
		if len(doc.all("i")) != 0 {
			t.Errorf("%+v: markup injected", tt.v)
		}
		text := doc.withClass("chart-progress-text")
		if len(text) != 1 || text[0].allText() != tt.text {
			t.Errorf("%+v: text %q, want %q", tt.v, text[0].allText(), tt.text)
		}
	}
}

func TestHelpers(t *testing.T) {
	t.Parallel()
	if ratio(1, 0) != 0 || ratio(5, -1) != 0 || ratio(-1, 5) != 0 || ratio(7, 5) != 1 {
		t.Error("ratio does not clamp")
	}
	for _, tt := range []struct {
		num, den int
		want     string
	}{{23, 40, "57.5"}, {2, 3, "66.67"}, {1, 0, "0"}, {0, 0, "0"}, {3, 3, "100"}} {
		if got := barWidth(tt.num, tt.den); got != tt.want {
			t.Errorf("barWidth(%d, %d) = %s, want %s", tt.num, tt.den, got, tt.want)
		}
	}
	if units(nan()) != "0" {
		t.Error("units(NaN) not 0")
	}
}

func nan() float64 {
	zero := 0.0
	return zero / zero
}
