package workplan

import (
	"testing"
	"time"

	"xietong/internal/activity"
	"xietong/internal/calendar"
)

var term = calendar.Term{ID: 7, Start: calendar.D(2026, 9, 1), End: calendar.D(2027, 1, 22)}

func complete() Plan {
	return Plan{
		State:    Draft,
		Sections: Sections{Guiding: "以立德树人为根本", Goals: "全员家访", Measures: "一、…", Assurance: "成立领导小组"},
		Items:    []Item{{ID: 1, Kind: "law_lecture", Office: "safety", Title: "法治讲座（一）", On: calendar.D(2026, 9, 20)}},
	}
}

func TestNext(t *testing.T) {
	leaderFirst := complete()
	leaderFirst.LeaderFirst = true
	noItems := complete()
	noItems.Items = nil
	noGoals := complete()
	noGoals.Sections.Goals = "  "
	badDate := complete()
	badDate.Items[0].On = calendar.D(2027, 2, 1)
	at := func(p Plan, s State) Plan { p.State = s; return p }
	cases := []struct {
		name    string
		p       Plan
		step    Step
		actor   Actor
		comment string
		want    State
		field   string // "" when the step is allowed; "-" for a refusal without a field
	}{
		{"office submits straight to the bureau", complete(), Submit, ActorOffice, "", Submitted, ""},
		{"office submits to its leader first", leaderFirst, Submit, ActorOffice, "", LeaderReview, ""},
		{"a returned plan is submitted again", at(complete(), Returned), Submit, ActorOffice, "", Submitted, ""},
		{"no items", noItems, Submit, ActorOffice, "", "", "items"},
		{"a section left empty", noGoals, Submit, ActorOffice, "", "", "goals"},
		{"an item after the term", badDate, Submit, ActorOffice, "", "", "items"},
		{"a submitted plan is not submitted twice", at(complete(), Submitted), Submit, ActorOffice, "", "", "-"},
		{"an approved plan is not submitted again", at(complete(), Approved), Submit, ActorOffice, "", "", "-"},
		{"a reviewer does not submit", complete(), Submit, ActorReviewer, "", "", "-"},
		{"leader approves", at(leaderFirst, LeaderReview), LeaderApprove, ActorLeader, "", Submitted, ""},
		{"leader returns with a comment", at(leaderFirst, LeaderReview), LeaderReturn, ActorLeader, "补充实践基地", Returned, ""},
		{"leader returns without a comment", at(leaderFirst, LeaderReview), LeaderReturn, ActorLeader, " ", "", "comment"},
		{"office is not the leader", at(leaderFirst, LeaderReview), LeaderApprove, ActorOffice, "", "", "-"},
		{"reviewer approves", at(complete(), Submitted), Approve, ActorReviewer, "", Approved, ""},
		{"reviewer returns with a comment", at(complete(), Submitted), Return, ActorReviewer, "第三部分过简", Returned, ""},
		{"reviewer returns without a comment", at(complete(), Submitted), Return, ActorReviewer, "", "", "comment"},
		{"reviewer cannot approve a draft", complete(), Approve, ActorReviewer, "", "", "-"},
		{"reviewer cannot approve what the leader still reviews", at(leaderFirst, LeaderReview), Approve, ActorReviewer, "", "", "-"},
		{"a leader is not a reviewer", at(complete(), Submitted), Approve, ActorLeader, "", "", "-"},
		{"unknown step", complete(), Step("publish"), ActorOffice, "", "", "-"},
	}
	for _, c := range cases {
		got, err := Next(c.p, c.step, c.actor, c.comment, term)
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%s: refused: %s", c.name, err.Message)
		case c.field == "" && got != c.want:
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		case c.field != "" && err == nil:
			t.Errorf("%s: allowed (→ %s), want a refusal", c.name, got)
		case c.field != "" && c.field != "-" && err.Field != c.field:
			t.Errorf("%s: refused on field %q (%s), want %q", c.name, err.Field, err.Message, c.field)
		case err != nil && err.Message == "":
			t.Errorf("%s: refusal without a message", c.name)
		}
	}
}

func TestEditable(t *testing.T) {
	for _, s := range []State{Draft, Returned} {
		if !s.Editable() {
			t.Errorf("%s should be editable", s)
		}
	}
	for _, s := range []State{LeaderReview, Submitted, Approved} {
		if s.Editable() {
			t.Errorf("%s should not be editable", s)
		}
	}
	for _, c := range States {
		if State(c.Code).Label() == c.Code {
			t.Errorf("%s has no label", c.Code)
		}
	}
}

// TestStepLabels: every step the workflow takes has a Chinese name for
// the plan's history.
func TestStepLabels(t *testing.T) {
	for _, s := range []Step{Submit, LeaderApprove, LeaderReturn, Approve, Return} {
		if s.Label() == string(s) || s.Label() == "" {
			t.Errorf("step %s has no label", s)
		}
	}
}

// TestActivityKind: every kind of activity is a kind of record a planned
// item can name; the plan's own kinds keep their name, the others are
// 其他实践活动.
func TestActivityKind(t *testing.T) {
	for _, c := range activity.Kinds {
		k := ActivityKind(c.Code)
		if !RecordKinds.Valid(k) {
			t.Errorf("activity kind %s is record kind %q, not in RecordKinds", c.Code, k)
		}
	}
	for code, want := range map[string]string{"law_lecture": "law_lecture", "base_practice": "base_practice", "club": "club", "labour": "other_activity", "science": "other_activity"} {
		if got := ActivityKind(code); got != want {
			t.Errorf("ActivityKind(%s) = %s, want %s", code, got, want)
		}
	}
}

func TestValidateItem(t *testing.T) {
	ok := Item{Kind: "club", Office: "moral", Title: "书法社", On: calendar.D(2026, 8, 25)}
	if e := ValidateItem(ok, term); e != nil {
		t.Errorf("an item in the pre-term week is valid: %s", e.Message)
	}
	cases := map[string]func(*Item){
		"kind":   func(i *Item) { i.Kind = "party" },
		"office": func(i *Item) { i.Office = "" },
		"title":  func(i *Item) { i.Title = "" },
		"on":     func(i *Item) { i.On = calendar.D(2026, 8, 24) },
	}
	for field, mutate := range cases {
		it := ok
		mutate(&it)
		if e := ValidateItem(it, term); e == nil || e.Field != field {
			t.Errorf("%s: got %v", field, e)
		}
	}
	long := ok
	long.Title = string(make([]rune, 61))
	if e := ValidateItem(long, term); e == nil || e.Field != "title" {
		t.Errorf("a 61-character title is refused, got %v", e)
	}
}

func TestDiff(t *testing.T) {
	d := calendar.D
	before := complete()
	before.Items = []Item{
		{ID: 1, Kind: "law_lecture", Office: "safety", Title: "法治讲座", On: d(2026, 9, 20)},
		{ID: 2, Kind: "law_lecture", Office: "safety", Title: "法治讲座", On: d(2026, 11, 20)},
		{ID: 3, Kind: "club", Office: "moral", Title: "书法社", On: d(2026, 10, 1)},
	}
	after := before
	after.Sections.Measures = "一、… 二、…"
	after.Items = []Item{
		{ID: 11, Kind: "law_lecture", Office: "safety", Title: "法治讲座", On: d(2026, 9, 20)},
		{ID: 12, Kind: "law_lecture", Office: "safety", Title: "法治讲座", On: d(2026, 12, 1)},
		{ID: 13, Kind: "volunteer", Office: "league", Title: "敬老院志愿服务", On: d(2026, 10, 10)},
	}
	c := Diff(before, after)
	if len(c.Sections) != 1 || c.Sections[0] != "主要措施" {
		t.Errorf("Sections = %v", c.Sections)
	}
	if len(c.Added) != 1 || c.Added[0].ID != 13 {
		t.Errorf("Added = %+v", c.Added)
	}
	if len(c.Removed) != 1 || c.Removed[0].ID != 3 {
		t.Errorf("Removed = %+v", c.Removed)
	}
	if len(c.Moved) != 1 || c.Moved[0][0].ID != 2 || c.Moved[0][1].ID != 12 {
		t.Errorf("Moved = %+v", c.Moved)
	}
	if c.Empty() || !Diff(before, before).Empty() {
		t.Error("Empty is wrong")
	}
}

func TestCarryOver(t *testing.T) {
	spring := calendar.Term{ID: 8, Start: calendar.D(2027, 2, 22), End: calendar.D(2027, 7, 2)}
	items := []Item{
		{ID: 1, Kind: "class_meeting", Title: "第一周班会", On: calendar.D(2026, 9, 1)},
		{ID: 2, Kind: "pre_term_visits", Title: "全员家访", On: calendar.D(2026, 8, 27)},
		{ID: 3, Kind: "club", Title: "期末展演", On: calendar.D(2027, 1, 20)},
	}
	got := CarryOver(items, term, spring)
	want := []time.Time{calendar.D(2027, 2, 22), calendar.D(2027, 2, 17), calendar.D(2027, 7, 2)}
	for i := range got {
		if !got[i].On.Equal(want[i]) || got[i].ID != 0 || got[i].Title != items[i].Title {
			t.Errorf("item %d: %+v, want on %s with no id", i, got[i], want[i].Format(time.DateOnly))
		}
	}
	if !items[0].On.Equal(calendar.D(2026, 9, 1)) {
		t.Error("CarryOver changed its input")
	}
}

func TestPropose(t *testing.T) {
	it := Item{ID: 1, Kind: "law_lecture", Office: "safety", On: calendar.D(2026, 10, 10)}
	recs := []Record{
		{ID: 1, Kind: "law_lecture", Office: "safety", On: calendar.D(2026, 10, 20)},
		{ID: 2, Kind: "law_lecture", Office: "safety", On: calendar.D(2026, 10, 12)},
		{ID: 3, Kind: "law_lecture", Office: "moral", On: calendar.D(2026, 10, 10)},
		{ID: 4, Kind: "club", Office: "safety", On: calendar.D(2026, 10, 10)},
		{ID: 5, Kind: "law_lecture", Office: "safety", On: calendar.D(2026, 10, 25)},
		{ID: 6, Kind: "law_lecture", Office: "safety", On: calendar.D(2026, 10, 9)},
	}
	got := Propose(it, recs, map[int64]bool{6: true})
	if len(got) != 2 || got[0].ID != 2 || got[1].ID != 1 {
		t.Errorf("Propose = %+v, want records 2 then 1", got)
	}
	any := it
	any.Office = ""
	if got := Propose(any, recs, nil); len(got) != 4 || got[0].ID != 3 {
		t.Errorf("without an office: %+v", got)
	}
}

func TestSummarize(t *testing.T) {
	today := calendar.D(2026, 11, 1)
	items := []Item{
		{ID: 1, On: calendar.D(2026, 9, 10)},  // linked
		{ID: 2, On: calendar.D(2026, 9, 10)},  // overdue
		{ID: 3, On: calendar.D(2026, 10, 18)}, // 14 days ago: still pending
		{ID: 4, On: calendar.D(2026, 10, 17)}, // 15 days ago: overdue
		{ID: 5, On: calendar.D(2026, 12, 1)},  // pending
	}
	s := Summarize(items, map[int64]bool{1: true}, today)
	if s != (Summary{Planned: 5, Done: 1, Overdue: 2, Pending: 2}) {
		t.Errorf("Summarize = %+v", s)
	}
	if got := s.String(); got != "计划 5 项 · 已完成 1 · 逾期 2 · 未到期 2" {
		t.Errorf("String = %q", got)
	}
	if WaitDays(calendar.D(2026, 10, 27), today) != 5 || WaitDays(today, calendar.D(2026, 10, 1)) != 0 {
		t.Error("WaitDays")
	}
}
