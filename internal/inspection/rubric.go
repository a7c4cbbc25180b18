package inspection

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Points is a score or an item's maximum in tenths of a point: supervisors
// give half points (8.5), and tenths add up exactly where floats would not.
type Points int

// MaxItemPoints bounds one item's maximum (100 points).
const MaxItemPoints Points = 1000

// String writes the points as the sheet shows them: "8", "8.5".
func (p Points) String() string {
	neg := p < 0
	if neg {
		p = -p
	}
	s := strconv.Itoa(int(p / 10))
	if r := p % 10; r != 0 {
		s += "." + strconv.Itoa(int(r))
	}
	if neg {
		return "-" + s
	}
	return s
}

// ParsePoints reads a score as typed: "8", "8.5", "８．５" (full-width, as a
// Chinese keyboard gives), at most one decimal. ok is false for anything
// else, a negative number included.
func ParsePoints(s string) (Points, bool) {
	s = strings.TrimSpace(strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '．' || r == '。':
			return '.'
		}
		return r
	}, s))
	if s == "" || utf8.RuneCountInString(s) > 6 {
		return 0, false
	}
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" || (dot && len(frac) != 1) {
		return 0, false
	}
	n, err := strconv.Atoi(whole)
	if err != nil || n < 0 || strings.ContainsAny(whole, "+-") {
		return 0, false
	}
	p := Points(n * 10)
	if dot {
		d, err := strconv.Atoi(frac)
		if err != nil || d < 0 {
			return 0, false
		}
		p += Points(d)
	}
	return p, true
}

// CheckScore says why score is refused for an item of maximum max, or "":
// a score lies in 0..max.
func CheckScore(score, max Points) string {
	switch {
	case score < 0:
		return "得分不能为负数"
	case score > max:
		return "得分不能超过该项分值 " + max.String() + " 分"
	}
	return ""
}

// Item is one rubric item as the score sheet needs it.
type Item struct {
	ID    int64
	Group string
	Title string
	Max   Points
	// Duties are the catalogue duties (R01–R22) the item draws on.
	Duties []string
}

// Sheet is an inspection's score sheet: the rubric's items and the scores
// given so far (by item id; an item without one is unscored).
type Sheet struct {
	Items  []Item
	Scores map[int64]Points
}

// Tally is what a sheet adds up to.
type Tally struct {
	// Total is the sum of the valid scores given; Max the sum of every
	// item's maximum (the rubric's full marks).
	Total, Max Points
	// Scored, Unscored and Invalid count items: Invalid are scores outside
	// 0..max (a rubric item whose maximum was lowered under a given score),
	// left out of Total.
	Scored, Unscored, Invalid int
}

// Complete reports whether every item carries a valid score.
func (t Tally) Complete() bool { return t.Unscored == 0 && t.Invalid == 0 && t.Scored > 0 }

// Percent is Total of Max on a hundred, rounded down to a whole number; 0
// for an empty rubric.
func (t Tally) Percent() int {
	if t.Max <= 0 {
		return 0
	}
	return int(t.Total * 100 / t.Max)
}

// Tally adds the sheet up.
func (s Sheet) Tally() Tally {
	var t Tally
	for _, it := range s.Items {
		t.Max += it.Max
		p, ok := s.Scores[it.ID]
		switch {
		case !ok:
			t.Unscored++
		case CheckScore(p, it.Max) != "":
			t.Invalid++
		default:
			t.Scored++
			t.Total += p
		}
	}
	return t
}

// GroupTotals are a sheet's tallies per group, in the order the groups
// first appear.
func (s Sheet) GroupTotals() []GroupTally {
	var out []GroupTally
	at := map[string]int{}
	for _, it := range s.Items {
		i, ok := at[it.Group]
		if !ok {
			i = len(out)
			at[it.Group] = i
			out = append(out, GroupTally{Group: it.Group, Sheet: Sheet{Scores: s.Scores}})
		}
		out[i].Sheet.Items = append(out[i].Sheet.Items, it)
	}
	for i := range out {
		out[i].Tally = out[i].Sheet.Tally()
	}
	return out
}

// GroupTally is one group's part of a sheet.
type GroupTally struct {
	Group string
	Sheet Sheet
	Tally Tally
}

// Grade is the rating the percentage earns, as the county's inspection
// reports word it: 优秀 at 90 and above, 良好 at 80, 合格 at 60, else 不合格.
func Grade(percent int) string {
	switch {
	case percent >= 90:
		return "优秀"
	case percent >= 80:
		return "良好"
	case percent >= 60:
		return "合格"
	}
	return "不合格"
}

func itoa(n int) string { return strconv.Itoa(n) }
