package compliance

import (
	"testing"
	"time"

	"xietong/internal/calendar"
)

var (
	d    = calendar.D
	term = calendar.Term{ID: 1, Start: d(2026, 9, 1), End: d(2027, 1, 22)}
)

func TestEvaluate(t *testing.T) {
	visits := Rule{ID: "R02", Measure: Share, Period: PerTerm, Window: calendar.KindPreTerm, Threshold: 100, Unit: "名学生"}
	meetings := Rule{ID: "R05", Measure: Share, Period: PerTerm, Window: calendar.KindFirstWeek, Threshold: 100, Unit: "个班"}
	law := Rule{ID: "R17", Measure: Count, Period: PerTerm, Threshold: 2, Unit: "次"}
	committee := Rule{ID: "R07", Measure: Valid, Period: Standing}
	plan := Rule{ID: "R01", Measure: Workflow, Period: PerTerm}
	opinions := Rule{ID: "R08", Measure: Answered, Period: PerTerm, Threshold: 100}
	highOnly := Rule{ID: "RX", Measure: Count, Period: PerTerm, Threshold: 1, Unit: "次", Stages: []string{"高中"}}
	avail := func(f Figures) Figures { f.Available = true; return f }
	cases := []struct {
		name   string
		r      Rule
		stage  string
		f      Figures
		today  time.Time
		want   Status
		figure string
	}{
		{"pre-term visits complete", visits, "小学", avail(Figures{Num: 40, Den: 40}), d(2026, 8, 28), Met, "40/40 名学生（100%）"},
		{"pre-term week running, its last week", visits, "小学", avail(Figures{Num: 10, Den: 40}), d(2026, 8, 25), DueSoon, "10/40 名学生（25%）"},
		{"pre-term week closed, one child missing", visits, "小学", avail(Figures{Num: 39, Den: 40}), d(2026, 9, 1), Overdue, "39/40 名学生（98%）"},
		{"before the window opens", visits, "小学", avail(Figures{Num: 0, Den: 40}), d(2026, 8, 1), InProgress, "0/40 名学生（0%）"},
		{"class meetings during the first week", meetings, "小学", avail(Figures{Num: 37, Den: 41}), d(2026, 9, 3), DueSoon, "37/41 个班（90%）"},
		{"law lectures mid-term", law, "初中", avail(Figures{Count: 1}), d(2026, 10, 15), InProgress, "1/2 次"},
		{"law lectures in the last week", law, "初中", avail(Figures{Count: 1}), d(2027, 1, 18), DueSoon, "1/2 次"},
		{"law lectures after the term", law, "初中", avail(Figures{Count: 1}), d(2027, 1, 23), Overdue, "1/2 次"},
		{"law lectures done", law, "初中", avail(Figures{Count: 3}), d(2026, 10, 15), Met, "3/2 次"},
		{"standing committee broken", committee, "初中", avail(Figures{OK: false, Problems: []string{"初中部 缺 1 名代表"}}), d(2026, 10, 15), Overdue, "不符合要求"},
		{"standing committee valid", committee, "初中", avail(Figures{OK: true}), d(2026, 10, 15), Met, "符合要求"},
		{"plan returned", plan, "初中", avail(Figures{State: "已退回"}), d(2026, 10, 15), InProgress, "已退回"},
		{"opinions half answered", opinions, "初中", avail(Figures{Count: 1, Num: 15, Den: 30}), d(2026, 10, 15), InProgress, "1 次，已回应 15/30 条"},
		{"a meeting with no opinions", opinions, "初中", avail(Figures{Count: 1}), d(2026, 10, 15), Met, "1 次"},
		{"no meeting yet", opinions, "初中", avail(Figures{}), d(2027, 1, 23), Overdue, "0 次"},
		{"records not in the system yet", law, "初中", Figures{Count: 5}, d(2026, 10, 15), NA, NoRecords},
		{"not for this stage", highOnly, "小学", avail(Figures{Count: 0}), d(2026, 10, 15), NA, "—"},
		{"for this stage", highOnly, "高中", avail(Figures{Count: 1}), d(2026, 10, 15), Met, "1/1 次"},
		{"nobody to visit", visits, "小学", avail(Figures{Den: 0}), d(2026, 9, 10), NA, "无需统计"},
	}
	for _, c := range cases {
		w := c.r.TermWindow(term)
		got := Evaluate(c.r, c.stage, w, c.f, c.today)
		if got.Status != c.want || got.Figure != c.figure {
			t.Errorf("%s: %s %q, want %s %q", c.name, got.Status, got.Figure, c.want, c.figure)
		}
	}
}

func TestVersion(t *testing.T) {
	v1 := Rule{ID: "R17", Threshold: 2, From: d(2025, 9, 1)}
	v2 := Rule{ID: "R17", Threshold: 3, From: d(2027, 2, 1)}
	cases := []struct {
		start time.Time
		want  int
	}{
		{d(2026, 9, 1), 2},  // judged by the rule in force when the term began
		{d(2027, 2, 22), 3}, // the next term takes the new threshold
		{d(2027, 2, 1), 3},  // a version starting on the period's first day judges it
		{d(2024, 9, 1), 2},  // before the first version: the earliest
	}
	for _, c := range cases {
		got, ok := Version([]Rule{v2, v1}, c.start)
		if !ok || got.Threshold != c.want {
			t.Errorf("period from %s: threshold %d, want %d", c.start.Format(time.DateOnly), got.Threshold, c.want)
		}
	}
	if _, ok := Version(nil, d(2026, 9, 1)); ok {
		t.Error("no versions, no rule")
	}
}

func TestTermWindow(t *testing.T) {
	if w := (Rule{Window: calendar.KindPreTerm}).TermWindow(term); !w.Start.Equal(d(2026, 8, 25)) || !w.End.Equal(d(2026, 8, 31)) {
		t.Errorf("pre-term: %s", w.Label())
	}
	if w := (Rule{Window: calendar.KindFirstWeek}).TermWindow(term); !w.End.Equal(d(2026, 9, 7)) {
		t.Errorf("first week: %s", w.Label())
	}
	if w := (Rule{}).TermWindow(term); !w.End.Equal(term.End) {
		t.Errorf("term: %s", w.Label())
	}
}

func TestStatusLabelsAndSymbols(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range Statuses {
		s := Status(c.Code)
		if s.Label() == c.Code || s.Symbol() == "" || seen[s.Symbol()] {
			t.Errorf("%s: label %q symbol %q (each status needs its own symbol: not colour alone)", c.Code, s.Label(), s.Symbol())
		}
		seen[s.Symbol()] = true
	}
}
