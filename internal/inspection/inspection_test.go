package inspection

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"xietong/internal/calendar"
)

func pts(p Points) *Points { return &p }

func TestParsePoints(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Points
		ok   bool
	}{
		{"8", 80, true},
		{"8.5", 85, true},
		{" 10 ", 100, true},
		{"0", 0, true},
		{"０", 0, true},
		{"８．５", 85, true},
		{"8。5", 85, true},
		{"", 0, false},
		{"-1", 0, false},
		{"+1", 0, false},
		{"8.55", 0, false},
		{"8.", 0, false},
		{".5", 0, false},
		{"八", 0, false},
		{"1e3", 0, false},
		{"1234567", 0, false},
	} {
		got, ok := ParsePoints(c.in)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("ParsePoints(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestPointsString(t *testing.T) {
	for p, want := range map[Points]string{0: "0", 80: "8", 85: "8.5", 1000: "100", 5: "0.5", -15: "-1.5"} {
		if got := p.String(); got != want {
			t.Errorf("Points(%d).String() = %q, want %q", int(p), got, want)
		}
	}
}

func TestCheckScore(t *testing.T) {
	for _, c := range []struct {
		score, max Points
		ok         bool
	}{
		{0, 50, true}, {50, 50, true}, {25, 50, true}, {51, 50, false}, {-1, 50, false},
	} {
		if got := CheckScore(c.score, c.max); (got == "") != c.ok {
			t.Errorf("CheckScore(%v, %v) = %q, want ok %v", c.score, c.max, got, c.ok)
		}
	}
}

func TestTally(t *testing.T) {
	items := []Item{{ID: 1, Group: "组织领导", Max: 50}, {ID: 2, Group: "组织领导", Max: 100}, {ID: 3, Group: "家校共育", Max: 150}}
	for _, c := range []struct {
		name                      string
		scores                    map[int64]Points
		total, max                Points
		scored, unscored, invalid int
		complete                  bool
		percent                   int
	}{
		{"none", nil, 0, 300, 0, 3, 0, false, 0},
		{"some", map[int64]Points{1: 45}, 45, 300, 1, 2, 0, false, 15},
		{"all", map[int64]Points{1: 50, 2: 85, 3: 135}, 270, 300, 3, 0, 0, true, 90},
		{"zero counts as scored", map[int64]Points{1: 0, 2: 0, 3: 0}, 0, 300, 3, 0, 0, true, 0},
		{"over the maximum", map[int64]Points{1: 55, 2: 85, 3: 135}, 220, 300, 2, 0, 1, false, 73},
		{"a score of an item not on the rubric", map[int64]Points{9: 50}, 0, 300, 0, 3, 0, false, 0},
	} {
		got := Sheet{Items: items, Scores: c.scores}.Tally()
		if got.Total != c.total || got.Max != c.max || got.Scored != c.scored || got.Unscored != c.unscored || got.Invalid != c.invalid {
			t.Errorf("%s: %+v", c.name, got)
		}
		if got.Complete() != c.complete || got.Percent() != c.percent {
			t.Errorf("%s: complete %v percent %d, want %v %d", c.name, got.Complete(), got.Percent(), c.complete, c.percent)
		}
	}
	if (Tally{}).Complete() || (Tally{}).Percent() != 0 {
		t.Error("an empty rubric is neither complete nor scored")
	}
	g := Sheet{Items: items, Scores: map[int64]Points{1: 40, 3: 100}}.GroupTotals()
	if len(g) != 2 || g[0].Group != "组织领导" || g[0].Tally.Total != 40 || g[0].Tally.Max != 150 || g[0].Tally.Unscored != 1 ||
		g[1].Tally.Total != 100 || g[1].Tally.Max != 150 {
		t.Errorf("group totals: %+v", g)
	}
}

func TestGrade(t *testing.T) {
	for p, want := range map[int]string{100: "优秀", 90: "优秀", 89: "良好", 80: "良好", 79: "合格", 60: "合格", 59: "不合格", 0: "不合格"} {
		if got := Grade(p); got != want {
			t.Errorf("Grade(%d) = %s, want %s", p, got, want)
		}
	}
}

func TestNext(t *testing.T) {
	items := []Item{{ID: 1, Max: 50}, {ID: 2, Max: 50}}
	full := Sheet{Items: items, Scores: map[int64]Points{1: 40, 2: 45}}
	half := Sheet{Items: items, Scores: map[int64]Points{1: 40}}
	over := Sheet{Items: items, Scores: map[int64]Points{1: 40, 2: 60}}
	accepted := []Rectification{{State: RectAccepted}, {State: RectAccepted}}
	pending := []Rectification{{State: RectAccepted}, {State: RectSubmitted}}
	for _, c := range []struct {
		name   string
		f      Facts
		step   Step
		actor  Actor
		reason string
		want   State // "" refused
	}{
		{"start", Facts{State: Scheduled}, Start, ActorSupervisor, "", InProgress},
		{"start twice", Facts{State: InProgress}, Start, ActorSupervisor, "", ""},
		{"the school cannot start", Facts{State: Scheduled}, Start, ActorSchool, "", ""},
		{"a reader cannot start", Facts{State: Scheduled}, Start, ActorReader, "", ""},
		{"finish", Facts{State: InProgress, Sheet: full}, Finish, ActorSupervisor, "", Scored},
		{"finish from scheduled", Facts{State: Scheduled, Sheet: full}, Finish, ActorSupervisor, "", Scored},
		{"finish unscored", Facts{State: InProgress, Sheet: half}, Finish, ActorSupervisor, "", ""},
		{"finish over the maximum", Facts{State: InProgress, Sheet: over}, Finish, ActorSupervisor, "", ""},
		{"finish an empty rubric", Facts{State: InProgress}, Finish, ActorSupervisor, "", Scored},
		{"finish released", Facts{State: Released, Sheet: full}, Finish, ActorSupervisor, "", ""},
		{"reopen", Facts{State: Scored}, Reopen, ActorSupervisor, "", InProgress},
		{"reopen released", Facts{State: Released}, Reopen, ActorSupervisor, "", ""},
		{"release", Facts{State: Scored}, Release, ActorSupervisor, "", Released},
		{"release unscored", Facts{State: InProgress}, Release, ActorSupervisor, "", ""},
		{"the school cannot release", Facts{State: Scored}, Release, ActorSchool, "", ""},
		{"close, all accepted", Facts{State: Released, Rectifications: accepted}, Close, ActorSupervisor, "", Closed},
		{"close, none asked", Facts{State: Released}, Close, ActorSupervisor, "", Closed},
		{"close, one waiting", Facts{State: Released, Rectifications: pending}, Close, ActorSupervisor, "", ""},
		{"close before release", Facts{State: Scored}, Close, ActorSupervisor, "", ""},
		{"cancel", Facts{State: Scheduled}, Cancel, ActorSupervisor, "学校停课", Cancelled},
		{"cancel in progress", Facts{State: InProgress}, Cancel, ActorSupervisor, "改期", Cancelled},
		{"cancel without a reason", Facts{State: Scheduled}, Cancel, ActorSupervisor, "  ", ""},
		{"cancel scored", Facts{State: Scored}, Cancel, ActorSupervisor, "x", ""},
		{"cancel twice", Facts{State: Cancelled}, Cancel, ActorSupervisor, "x", ""},
		{"an unknown step", Facts{State: Scheduled}, Step("jump"), ActorSupervisor, "", ""},
	} {
		got, err := Next(c.f, c.step, c.actor, c.reason)
		if got != c.want || (err == nil) != (c.want != "") || (err != nil && err.Message == "") {
			t.Errorf("%s: %q, %v; want %q", c.name, got, err, c.want)
		}
	}
}

func TestStates(t *testing.T) {
	for _, c := range []struct {
		s                             State
		done, school, schedule, score bool
	}{
		{Scheduled, false, false, true, true},
		{InProgress, false, false, true, true},
		{Scored, true, false, false, false},
		{Released, true, true, false, false},
		{Closed, true, true, false, false},
		{Cancelled, false, false, false, false},
	} {
		if c.s.Done() != c.done || c.s.VisibleToSchool() != c.school || c.s.Schedulable() != c.schedule || c.s.Scorable() != c.score {
			t.Errorf("%s: done %v school %v schedulable %v scorable %v", c.s, c.s.Done(), c.s.VisibleToSchool(), c.s.Schedulable(), c.s.Scorable())
		}
		if !c.s.Valid() || c.s.Label() == string(c.s) {
			t.Errorf("%s has no label", c.s)
		}
	}
	if State("x").Valid() {
		t.Error("an unknown state is valid")
	}
}

func TestClosable(t *testing.T) {
	for _, c := range []struct {
		name  string
		items []Rectification
		ok    bool
		open  int
	}{
		{"none asked", nil, true, 0},
		{"all accepted", []Rectification{{State: RectAccepted}}, true, 0},
		{"one open", []Rectification{{State: RectAccepted}, {State: RectOpen}}, false, 1},
		{"returned and waiting", []Rectification{{State: RectReturned}, {State: RectSubmitted}}, false, 2},
	} {
		if ok, open := Closable(c.items); ok != c.ok || open != c.open {
			t.Errorf("%s: %v %d", c.name, ok, open)
		}
	}
}

func TestLateness(t *testing.T) {
	sh := calendar.Shanghai
	deadline := calendar.D(2026, time.December, 15)
	at := func(d, h, m int) time.Time { return time.Date(2026, time.December, d, h, m, 0, 0, sh) }
	for _, c := range []struct {
		name    string
		it      Rectification
		now     time.Time
		late    int
		overdue bool
	}{
		{"open, before", Rectification{State: RectOpen, Deadline: deadline}, at(14, 12, 0), 0, false},
		{"open, the deadline's last minute", Rectification{State: RectOpen, Deadline: deadline}, at(15, 23, 59), 0, false},
		{"open, the next morning in Shanghai", Rectification{State: RectOpen, Deadline: deadline}, at(16, 0, 1), 1, true},
		// 16:30 UTC on the 15th is 00:30 on the 16th in Shanghai.
		{"open, judged in Shanghai not UTC", Rectification{State: RectOpen, Deadline: deadline},
			time.Date(2026, time.December, 15, 16, 30, 0, 0, time.UTC), 1, true},
		{"returned, a week after", Rectification{State: RectReturned, Deadline: deadline, ReportedAt: at(14, 9, 0)}, at(22, 9, 0), 7, true},
		{"reported in time, checked late", Rectification{State: RectSubmitted, Deadline: deadline, ReportedAt: at(15, 22, 0)}, at(20, 9, 0), 0, false},
		{"reported late", Rectification{State: RectSubmitted, Deadline: deadline, ReportedAt: at(18, 9, 0)}, at(20, 9, 0), 3, false},
		{"accepted, reported late", Rectification{State: RectAccepted, Deadline: deadline, ReportedAt: at(17, 9, 0)}, at(30, 9, 0), 2, false},
		{"no deadline", Rectification{State: RectOpen}, at(30, 9, 0), 0, false},
	} {
		if got := DaysLate(c.it, c.now); got != c.late {
			t.Errorf("%s: %d days late, want %d", c.name, got, c.late)
		}
		if got := Overdue(c.it, c.now); got != c.overdue {
			t.Errorf("%s: overdue %v, want %v", c.name, got, c.overdue)
		}
	}
}

func TestNextRect(t *testing.T) {
	for _, c := range []struct {
		name    string
		s       RectState
		step    RectStep
		actor   Actor
		comment string
		want    RectState
	}{
		{"report", RectOpen, Report, ActorSchool, "", RectSubmitted},
		{"report again after return", RectReturned, Report, ActorSchool, "", RectSubmitted},
		{"report twice", RectSubmitted, Report, ActorSchool, "", ""},
		{"the supervisor cannot report", RectOpen, Report, ActorSupervisor, "", ""},
		{"accept", RectSubmitted, Accept, ActorSupervisor, "", RectAccepted},
		{"accept unreported", RectOpen, Accept, ActorSupervisor, "", ""},
		{"the school cannot accept", RectSubmitted, Accept, ActorSchool, "", ""},
		{"return", RectSubmitted, Return, ActorSupervisor, "照片不清楚", RectReturned},
		{"return without a comment", RectSubmitted, Return, ActorSupervisor, " ", ""},
		{"report accepted", RectAccepted, Report, ActorSchool, "", ""},
	} {
		got, err := NextRect(c.s, c.step, c.actor, c.comment)
		if got != c.want || (err == nil) != (c.want != "") {
			t.Errorf("%s: %q, %v; want %q", c.name, got, err, c.want)
		}
	}
}

func TestCheckSchedule(t *testing.T) {
	today := calendar.D(2026, time.November, 29)
	ok := Schedule{Kind: KindAnnual, On: calendar.D(2026, time.December, 10), Team: []int64{3, 4}, Head: 4}
	with := func(f func(*Schedule)) Schedule { s := ok; s.Team = slices.Clone(ok.Team); f(&s); return s }
	for _, c := range []struct {
		name          string
		s             Schedule
		inYear, moved bool
		fields        []string
	}{
		{"fine", ok, true, true, nil},
		{"today", with(func(s *Schedule) { s.On = today }), true, true, nil},
		{"an unknown kind", with(func(s *Schedule) { s.Kind = "surprise" }), true, true, []string{"kind"}},
		{"special without a subject", with(func(s *Schedule) { s.Kind = KindSpecial }), true, true, []string{"topic"}},
		{"special with one", with(func(s *Schedule) { s.Kind, s.Topic = KindSpecial, "家访专项" }), true, true, nil},
		{"no date", with(func(s *Schedule) { s.On = time.Time{} }), false, true, []string{"scheduled_on"}},
		{"outside the calendar", ok, false, true, []string{"scheduled_on"}},
		{"yesterday, new", with(func(s *Schedule) { s.On = calendar.AddDays(today, -1) }), true, true, []string{"scheduled_on"}},
		{"yesterday, kept on an edit", with(func(s *Schedule) { s.On = calendar.AddDays(today, -1) }), true, false, nil},
		{"no team", with(func(s *Schedule) { s.Team, s.Head = nil, 0 }), true, true, []string{"team"}},
		{"a head not on the team", with(func(s *Schedule) { s.Head = 9 }), true, true, []string{"head"}},
	} {
		var got []string
		for _, e := range CheckSchedule(c.s, c.inYear, c.moved, today) {
			got = append(got, e.Field)
			if e.Message == "" {
				t.Errorf("%s: %s without a message", c.name, e.Field)
			}
		}
		if !slices.Equal(got, c.fields) {
			t.Errorf("%s: %v, want %v", c.name, got, c.fields)
		}
	}
}

func TestDefaultRubric(t *testing.T) {
	items := DefaultRubric()
	if got := Total(items); got != 1000 {
		t.Errorf("the default rubric totals %s points, want 100", got)
	}
	if errs := CheckRubric(items); len(errs) != 0 {
		t.Errorf("the default rubric fails its own check: %v", errs)
	}
	covered := map[string]bool{}
	for _, it := range items {
		for _, d := range it.Duties {
			covered[d] = true
		}
	}
	for _, d := range RubricDuties {
		if !covered[d] {
			t.Errorf("no item of the default rubric draws on %s", d)
		}
	}
	if len(RubricDuties) != 22 || RubricDuties[0] != "R01" || RubricDuties[21] != "R22" {
		t.Errorf("rubric duties: %v", RubricDuties)
	}
}

func TestParseDuties(t *testing.T) {
	for _, c := range []struct {
		in        string
		want, bad []string
	}{
		{"R01 R21", []string{"R01", "R21"}, nil},
		{"r21，R1、R01", []string{"R01", "R21"}, nil},
		{"", nil, nil},
		{"R23 X9 R02", []string{"R02"}, []string{"R23", "X9"}},
		{"R0", nil, []string{"R0"}},
	} {
		got, bad := ParseDuties(c.in)
		if !slices.Equal(got, c.want) || !slices.Equal(bad, c.bad) {
			t.Errorf("ParseDuties(%q) = %v, %v; want %v, %v", c.in, got, bad, c.want, c.bad)
		}
	}
}

func TestCheckRubric(t *testing.T) {
	good := RubricItem{Group: "组织领导", Title: "领导小组", Max: 50}
	long := string(make([]rune, 201))
	for _, c := range []struct {
		name  string
		items []RubricItem
		want  []string // row:field
	}{
		{"fine", []RubricItem{good}, nil},
		{"empty", nil, []string{"-1:"}},
		{"no group, no title", []RubricItem{good, {Max: 10}}, []string{"1:group", "1:title"}},
		{"zero points", []RubricItem{{Group: "g", Title: "t"}}, []string{"0:max"}},
		{"over 100 points", []RubricItem{{Group: "g", Title: "t", Max: 1001}}, []string{"0:max"}},
		{"a title too long", []RubricItem{{Group: "g", Title: long, Max: 10}}, []string{"0:title"}},
	} {
		var got []string
		for _, e := range CheckRubric(c.items) {
			got = append(got, strconv.Itoa(e.Row)+":"+e.Field)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestRubricEditable(t *testing.T) {
	end := calendar.D(2027, time.August, 31)
	for _, c := range []struct {
		name  string
		today time.Time
		used  bool
		want  bool
	}{
		{"a coming year", calendar.D(2026, time.November, 29), false, true},
		{"the year's last day", end, false, true},
		{"the year over", calendar.D(2027, time.September, 1), false, false},
		{"scored on", calendar.D(2026, time.November, 29), true, false},
	} {
		if got := RubricEditable(end, c.today, c.used); got != c.want {
			t.Errorf("%s: %v", c.name, got)
		}
	}
}
