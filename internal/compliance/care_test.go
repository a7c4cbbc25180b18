package compliance

import "testing"

func TestUncared(t *testing.T) {
	groups := func(gs ...string) func(string) bool {
		return func(g string) bool {
			for _, x := range gs {
				if x == g {
					return true
				}
			}
			return false
		}
	}
	for _, c := range []struct {
		name     string
		c        CareCase
		targeted func(string) bool
		want     bool
	}{
		{"left-behind, no visit, no session", CareCase{LeftBehind: true}, groups(), true},
		{"left-behind visited on site", CareCase{LeftBehind: true, VisitedOnSite: true}, groups(), false},
		{"left-behind, a session for left-behind parents", CareCase{LeftBehind: true}, groups("left_behind"), false},
		{"left-behind, a session for another group only", CareCase{LeftBehind: true}, groups("hardship", "migrant"), true},
		{"hardship, a session for hardship families", CareCase{Hardship: true}, groups("hardship"), false},
		{"both groups, one group's session is enough", CareCase{LeftBehind: true, Hardship: true}, groups("hardship"), false},
		{"both groups, nothing", CareCase{LeftBehind: true, Hardship: true}, groups("disabled"), true},
		{"not flagged is never in it", CareCase{}, groups(), false},
	} {
		if got := Uncared(c.c, c.targeted); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
