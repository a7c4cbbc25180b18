package activity

import (
	"slices"
	"testing"
	"time"

	"xietong/internal/calendar"
)

func TestDuties(t *testing.T) {
	cases := []struct {
		name string
		a    Activity
		want []string
	}{
		{"red base visit", Activity{Kind: "base_practice", OffCampus: true, InCounty: true, BaseKind: "red"}, []string{"R14", "R15"}},
		{"labour base is not R14", Activity{Kind: "labour", OffCampus: true, BaseKind: "labour"}, []string{"R15"}},
		{"volunteer in county", Activity{Kind: "volunteer", OffCampus: true, InCounty: true}, []string{"R15", "R16"}},
		{"volunteer on campus", Activity{Kind: "volunteer"}, nil},
		{"volunteer outside the county", Activity{Kind: "volunteer", OffCampus: true}, []string{"R15"}},
		{"law lecture", Activity{Kind: "law_lecture"}, []string{"R17"}},
		{"prohibited items", Activity{Kind: "prohibited_items"}, []string{"R18"}},
		{"culture", Activity{Kind: "culture_heritage"}, []string{"R19"}},
		{"club", Activity{Kind: "club"}, []string{"R20"}},
		{"science on campus", Activity{Kind: "science"}, nil},
	}
	for _, c := range cases {
		if got := Duties(c.a); !slices.Equal(got, c.want) {
			t.Errorf("%s: Duties = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestKindsHaveLabels(t *testing.T) {
	for _, l := range []struct {
		name string
		n    int
		ok   func(string) bool
	}{{"Kinds", len(Kinds), Kinds.Valid}, {"BaseKinds", len(BaseKinds), BaseKinds.Valid}, {"Themes", len(Themes), Themes.Valid}} {
		if l.n == 0 {
			t.Errorf("%s is empty", l.name)
		}
	}
	for _, c := range Kinds {
		if c.Label == "" || c.Label == c.Code {
			t.Errorf("kind %s has no Chinese label", c.Code)
		}
	}
}

var term = calendar.Term{ID: 1, Start: calendar.D(2026, 9, 1), End: calendar.D(2027, 1, 22)}

func TestValidateDate(t *testing.T) {
	today := calendar.D(2026, 10, 10)
	cases := []struct {
		d    time.Time
		bad  bool
		name string
	}{
		{calendar.D(2026, 9, 1), false, "first day"},
		{calendar.D(2026, 10, 10), false, "today"},
		{calendar.D(2026, 10, 11), true, "tomorrow"},
		{calendar.D(2026, 8, 31), true, "before term"},
	}
	for _, c := range cases {
		if got := ValidateDate(term, c.d, today); (got != "") != c.bad {
			t.Errorf("%s: ValidateDate = %q", c.name, got)
		}
	}
}

func TestBaseOpen(t *testing.T) {
	from, to := calendar.D(2026, 1, 1), calendar.D(2026, 12, 31)
	if !BaseOpen(from, to, calendar.D(2026, 12, 31)) || BaseOpen(from, to, calendar.D(2027, 1, 1)) || BaseOpen(from, to, calendar.D(2025, 12, 31)) {
		t.Error("a closed agreement covers its first and last day only")
	}
	if !BaseOpen(time.Time{}, time.Time{}, calendar.D(2030, 1, 1)) {
		t.Error("an open-ended agreement covers every day")
	}
}

func TestClassMeeting(t *testing.T) {
	first, seventh, eighth := calendar.D(2026, 9, 1), calendar.D(2026, 9, 7), calendar.D(2026, 9, 8)
	cases := []struct {
		name  string
		dates []time.Time
		today time.Time
		want  MeetingState
	}{
		{"before term, none", nil, calendar.D(2026, 8, 20), MeetingWaiting},
		{"first week open, none", nil, seventh, MeetingWaiting},
		{"held on day one", []time.Time{first}, eighth, MeetingHeld},
		{"held on day seven", []time.Time{seventh}, calendar.D(2026, 12, 1), MeetingHeld},
		{"only on day eight", []time.Time{eighth}, calendar.D(2026, 12, 1), MeetingLate},
		{"none, week passed", nil, eighth, MeetingMissed},
		{"a late one and an in-time one", []time.Time{eighth, first}, eighth, MeetingHeld},
		{"last term's meeting does not count", []time.Time{calendar.D(2026, 3, 2)}, eighth, MeetingMissed},
	}
	for _, c := range cases {
		if got := ClassMeeting(term, c.dates, c.today); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
		if c.want.Label() == string(c.want) {
			t.Errorf("%s has no label", c.want)
		}
	}
}
