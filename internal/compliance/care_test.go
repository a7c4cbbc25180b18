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

// TestUncaredCounts: the counts from the counters equal Uncared applied to
// each student, for every mix of the two groups and both sessions.
func TestUncaredCounts(t *testing.T) {
	for lbOnly := range 3 {
		for hsOnly := range 3 {
			for both := range 3 {
				for _, lbT := range []bool{false, true} {
					for _, hsT := range []bool{false, true} {
						targeted := func(g string) bool { return g == "left_behind" && lbT || g == "hardship" && hsT }
						var wantLB, wantHS, wantAll int
						add := func(n int, c CareCase) {
							if Uncared(c, targeted) {
								wantAll += n
								if c.LeftBehind {
									wantLB += n
								}
								if c.Hardship {
									wantHS += n
								}
							}
						}
						add(lbOnly, CareCase{LeftBehind: true})
						add(hsOnly, CareCase{Hardship: true})
						add(both, CareCase{LeftBehind: true, Hardship: true})
						lb, hs, all := UncaredCounts(lbOnly+both, hsOnly+both, lbOnly+hsOnly+both, lbT, hsT)
						if lb != wantLB || hs != wantHS || all != wantAll {
							t.Errorf("lb-only %d hs-only %d both %d, sessions %v/%v: %d/%d/%d, want %d/%d/%d",
								lbOnly, hsOnly, both, lbT, hsT, lb, hs, all, wantLB, wantHS, wantAll)
						}
					}
				}
			}
		}
	}
}
