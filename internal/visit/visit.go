// Package visit holds the pure rules of home visits (家访) and the problem
// ledger (问题台账): the codes and Chinese labels of modes, kinds, problem
// categories, risk levels and statuses; which visit window is open on a day
// and which term a visit counts towards; the author's 7-day edit window and
// the ledger's "overdue" rule. No SQL, no HTTP.
package visit

import (
	"slices"
	"time"

	"xietong/internal/calendar"
	"xietong/internal/codes"
)

// Modes of a visit, in the plan's order: 实地 on site first ("以实地家访为主").
var Modes = codes.List{{Code: "onsite", Label: "实地"}, {Code: "video", Label: "视频"}, {Code: "phone", Label: "电话"}}

// Kinds of a visit.
var Kinds = codes.List{
	{Code: "pre_term", Label: "学期前全员家访"},
	{Code: "vacation", Label: "寒暑假关爱家访"},
	{Code: "routine", Label: "日常家访"},
	{Code: "follow_up", Label: "回访"},
}

// Categories are the problems a visit may find (plan 三(二)1).
var Categories = codes.List{
	{Code: "negative_mood", Label: "消极心理"},
	{Code: "parent_child", Label: "亲子关系紧张"},
	{Code: "teacher_student", Label: "师生关系不佳"},
	{Code: "peer", Label: "同伴关系不佳"},
	{Code: "living", Label: "生活环境不利"},
	{Code: "homework", Label: "作业焦虑"},
	{Code: "internet", Label: "沉迷网络"},
	{Code: "other", Label: "其他"},
}

// Risks are the ledger's risk levels.
var Risks = codes.List{{Code: "normal", Label: "一般"}, {Code: "watch", Label: "关注"}, {Code: "key", Label: "重点"}}

// Statuses of a ledger entry: 待处理 → 跟进中 → 已化解 / 已转介.
var Statuses = codes.List{{Code: "open", Label: "待处理"}, {Code: "following", Label: "跟进中"}, {Code: "resolved", Label: "已化解"}, {Code: "referred", Label: "已转介"}}

// ModeLabel, KindLabel, CategoryLabel, RiskLabel and StatusLabel name a code.
func ModeLabel(c string) string     { return Modes.Label(c) }
func KindLabel(c string) string     { return Kinds.Label(c) }
func CategoryLabel(c string) string { return Categories.Label(c) }
func RiskLabel(c string) string     { return Risks.Label(c) }
func StatusLabel(c string) string   { return Statuses.Label(c) }

// ValidMode, ValidKind, ValidCategory, ValidRisk and ValidStatus check a code.
func ValidMode(c string) bool     { return Modes.Valid(c) }
func ValidKind(c string) bool     { return Kinds.Valid(c) }
func ValidCategory(c string) bool { return Categories.Valid(c) }
func ValidRisk(c string) bool     { return Risks.Valid(c) }
func ValidStatus(c string) bool   { return Statuses.Valid(c) }

// Open reports whether a ledger status still needs work.
func Open(status string) bool { return status == "open" || status == "following" }

// Closing reports whether status closes an entry (已化解 or 已转介).
func Closing(status string) bool { return status == "resolved" || status == "referred" }

// Step is the status a ledger entry in status from moves to on a step of
// kind (closeAs: resolved or referred, for a closing), and whether the step
// may be taken at all:
//
//   - an intervention (处理措施) on an open entry makes it 跟进中;
//   - a closing of an open entry makes it closeAs (已化解 or 已转介);
//   - a reopening of a closed entry makes it 跟进中 again;
//   - an assignment (responsible person, risk, follow-up) keeps the status.
//
// The store writes what this returns; the database does not decide.
func Step(kind, from, closeAs string) (to string, ok bool) {
	switch kind {
	case "intervention":
		return "following", Open(from)
	case "closed":
		return closeAs, Open(from) && Closing(closeAs)
	case "reopened":
		return "following", Closing(from)
	case "assigned":
		return from, ValidStatus(from)
	}
	return "", false
}

// MaxCompanions is how many colleagues may join one visit.
const MaxCompanions = 10

// Companions decides who joins a visit with its author: of the users
// picked, those who may (eligible: the school's active staff this term, and
// for an edited visit also the companions it already has, who stay on it
// after leaving the school), each once, never the author (who leads it).
// unknown reports a pick outside eligible; tooMany more than MaxCompanions.
// This is the only place the rule is written: the database stores the list
// it returns.
func Companions(picked, eligible []int64, author int64) (joined []int64, unknown, tooMany bool) {
	for _, id := range picked {
		switch {
		case !slices.Contains(eligible, id):
			unknown = true
		case id == author || slices.Contains(joined, id):
		default:
			joined = append(joined, id)
		}
	}
	return joined, unknown, len(joined) > MaxCompanions
}

// MaxPhotos is how many photos one visit may carry.
const MaxPhotos = 5

// AuthorEditDays is how long the author may edit a visit after logging it;
// afterwards only the school office corrects it.
const AuthorEditDays = 7

// AuthorMayEdit reports whether a visit logged at created may still be
// edited by its author at now: for AuthorEditDays × 24 hours.
func AuthorMayEdit(created, now time.Time) bool {
	return now.Before(created.Add(AuthorEditDays * 24 * time.Hour))
}

// StaleDays is the ledger's promptness rule (R04): an open entry with no
// action for more than this many days is overdue.
const StaleDays = 7

// Overdue reports whether a ledger entry is overdue on the civil date
// today: it is open (待处理 or 跟进中) and either its last action was more
// than StaleDays days ago or its follow-up date has passed.
func Overdue(status string, lastAction time.Time, followUp *time.Time, today time.Time) bool {
	if !Open(status) {
		return false
	}
	if calendar.DaysBetween(lastAction, today) > StaleDays {
		return true
	}
	return followUp != nil && calendar.DateOf(*followUp).Before(calendar.DateOf(today))
}

// Window is the visit window a class page shows: the period whose visits
// count, what it is called, and the kind of visit to suggest.
type Window struct {
	calendar.Window
	// Name is e.g. "2027年春季学期开学前家访".
	Name string
	// Kind is the visit kind to suggest on the form.
	Kind string
	// TermID is the term the window belongs to (0 in a vacation).
	TermID int64
}

// Label is the banner: "2027年春季学期开学前家访：2月15日—2月21日".
func (w Window) Label() string { return w.Name + "：" + w.Window.Label() }

// WindowAt picks the visit window open on the civil date today:
//
//  1. the pre-term week of the next term (学期前全员家访, R02), when today
//     lies in it — it wins over the vacation it overlaps;
//  2. else the vacation today lies in (寒暑假关爱家访, R03);
//  3. else the current term (日常家访), reaching back to its pre-term week,
//     so that during the term the page still shows who has been visited
//     since the term's all-student visits, late ones included.
//
// It reports false only for a calendar with no terms at all.
func WindowAt(cal calendar.Calendar, today time.Time) (Window, bool) {
	today = calendar.DateOf(today)
	if t, ok := cal.NextTerm(today); ok {
		if pw := calendar.PreTermWindow(t); pw.Contains(today) {
			return Window{Window: pw, Name: termName(cal, t) + "开学前家访", Kind: "pre_term", TermID: t.ID}, true
		}
	}
	if v, ok := cal.VacationAt(today); ok {
		name := v.Kind.Label() + "关爱家访"
		if y, ok := cal.Year(v.SchoolYearID); ok {
			name = v.Name(y.StartYear) + "关爱家访"
		}
		return Window{Window: calendar.VacationWindow(v), Name: name, Kind: "vacation"}, true
	}
	t, ok := cal.CurrentTerm(today)
	if !ok {
		return Window{}, false
	}
	w := calendar.TermWindow(t)
	w.Start = calendar.PreTermWindow(t).Start
	return Window{Window: w, Name: termName(cal, t) + "家访", Kind: "routine", TermID: t.ID}, true
}

func termName(cal calendar.Calendar, t calendar.Term) string {
	if y, ok := cal.YearOf(t); ok {
		return t.SeasonLabel(y.StartYear)
	}
	return t.Ordinal.Label()
}

// Periods says which term a visit on the civil date d counts towards (the
// term containing d, or the term whose pre-term week contains d) and which
// vacation d lies in; a zero id means none.
func Periods(cal calendar.Calendar, d time.Time) (termID, vacationID int64) {
	d = calendar.DateOf(d)
	if t, ok := cal.TermAt(d); ok {
		termID = t.ID
	} else if t, ok := cal.NextTerm(d); ok && calendar.PreTermWindow(t).Contains(d) {
		termID = t.ID
	}
	if v, ok := cal.VacationAt(d); ok {
		vacationID = v.ID
	}
	return termID, vacationID
}

// EarliestDate is the first date a visit logged on today may carry: the
// start of the pre-term week of the current term (the vacation after a term
// belongs to it), so that a late entry for the term's all-student visits
// or the vacation's visits is possible, and an entry for a past term is not.
func EarliestDate(cal calendar.Calendar, today time.Time) time.Time {
	if t, ok := cal.CurrentTerm(today); ok {
		return calendar.PreTermWindow(t).Start
	}
	return calendar.AddDays(today, -30)
}
