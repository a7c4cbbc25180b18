// Package workplan holds the pure rules of a school's term work plan
// (学校家庭社会协同育人工作方案, county plan 三(一), duty R01): its states and
// who moves it between them, what a submission must hold, what changed
// between two submitted versions, how a planned item is matched with the
// record that fulfilled it, and how last term's plan is carried into the
// next. No SQL, no HTTP.
package workplan

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"xietong/internal/calendar"
	"xietong/internal/codes"
)

// State of a plan: 草稿 → (待校领导审核 →) 已提交 → 已通过, or 已退回 back to
// the school, which edits and submits again.
type State string

const (
	Draft        State = "draft"
	LeaderReview State = "leader_review"
	Submitted    State = "submitted"
	Approved     State = "approved"
	Returned     State = "returned"
	NotSubmitted State = "none" // no plan for the term at all (the bureau's view)
)

const maxTitleRunes = 60

// States in workflow order, with their labels.
var States = codes.List{
	{Code: string(NotSubmitted), Label: "未提交"},
	{Code: string(Draft), Label: "草稿"},
	{Code: string(LeaderReview), Label: "待校领导审核"},
	{Code: string(Submitted), Label: "已提交，待审核"},
	{Code: string(Returned), Label: "已退回"},
	{Code: string(Approved), Label: "已通过"},
}

// Label is the state's Chinese name.
func (s State) Label() string { return States.Label(string(s)) }

// Editable reports whether the school may change the plan's text and items:
// while it is theirs (a draft, or returned to them).
func (s State) Editable() bool { return s == Draft || s == Returned }

// Step is one move of the workflow.
type Step string

const (
	// Submit: the school office sends the plan on (to its leader first when
	// the school asks for that, else to the bureau).
	Submit Step = "submit"
	// LeaderApprove / LeaderReturn: the school leader's review.
	LeaderApprove Step = "leader_approve"
	LeaderReturn  Step = "leader_return"
	// Approve / Return: the bureau's review (股室工作人员 or 督学).
	Approve Step = "approve"
	Return  Step = "return"
)

// Steps label the workflow's moves, as a plan's history shows them.
var Steps = codes.List{
	{Code: string(Submit), Label: "提交"},
	{Code: string(LeaderApprove), Label: "校领导审核通过"},
	{Code: string(LeaderReturn), Label: "校领导退回"},
	{Code: string(Approve), Label: "审核通过"},
	{Code: string(Return), Label: "退回修改"},
}

// Label is the step's Chinese name.
func (s Step) Label() string { return Steps.Label(string(s)) }

// Actor is who takes a step, as the workflow sees it; the policy in
// internal/auth decides who a user is for a given school.
type Actor string

const (
	ActorOffice   Actor = "office"
	ActorLeader   Actor = "leader"
	ActorReviewer Actor = "reviewer"
)

// Plan is what the workflow needs to know of a plan.
type Plan struct {
	State State
	// LeaderFirst: the school asks its leader to approve before the bureau.
	LeaderFirst bool
	Sections    Sections
	Items       []Item
}

// Sections are the plan's four parts, as typed (plain text, rendered
// escaped, paragraphs by blank lines).
type Sections struct {
	Guiding   string // 指导思想
	Goals     string // 工作目标
	Measures  string // 主要措施
	Assurance string // 保障措施
}

// SectionNames label the sections in order.
var SectionNames = [4]string{"指导思想", "工作目标", "主要措施", "保障措施"}

func (s Sections) list() [4]string { return [4]string{s.Guiding, s.Goals, s.Measures, s.Assurance} }

// Item is a planned activity: what kind of record will show it was done, by
// which office, when, and a short title.
type Item struct {
	ID     int64
	Kind   string // a RecordKinds code
	Office string // an auth.Office code
	Title  string
	On     time.Time // the planned date (a week's Monday when planned by week)
}

// RecordKinds are the kinds of record a planned item can be fulfilled by:
// every kind of record the plan asks for.
var RecordKinds = codes.List{
	{Code: "pre_term_visits", Label: "学期前全员家访"},
	{Code: "vacation_visits", Label: "寒暑假关爱家访"},
	{Code: "class_meeting", Label: "主题班会"},
	{Code: "parent_meeting", Label: "家长会"},
	{Code: "parent_committee", Label: "家长委员会"},
	{Code: "guidance", Label: "家庭教育指导"},
	{Code: "training", Label: "协同育人专题培训"},
	{Code: "lecture_forward", Label: "转发教育局讲座"},
	{Code: "base_practice", Label: "实践基地社会实践教育"},
	{Code: "offsite_practice", Label: "校外实践活动"},
	{Code: "volunteer", Label: "志愿服务"},
	{Code: "law_lecture", Label: "法治讲座"},
	{Code: "prohibited_items", Label: "“校园违禁物品”安全教育"},
	{Code: "culture_heritage", Label: "“民族文化传承”专题教育"},
	{Code: "club", Label: "社团活动"},
	{Code: "other_activity", Label: "其他实践活动"},
}

// ActivityKind is the kind of record (a RecordKinds code) that a practice
// and education activity of kind code (activity.Kinds) is: the kinds the
// plan names one by one are themselves; the plan's other kinds
// (共青团/少先队活动, 劳动教育, 实践教学 …) are 其他实践活动.
func ActivityKind(code string) string {
	if RecordKinds.Valid(code) {
		return code
	}
	return "other_activity"
}

// Error is a refusal with a Chinese message and, when it concerns one
// field, that field's form name.
type Error struct {
	Field, Message string
}

func (e *Error) Error() string { return e.Message }

func refuse(field, msg string) *Error { return &Error{Field: field, Message: msg} }

// Next returns the state that step leads to from p's state when taken by
// actor, with comment (required when returning a plan). It refuses a step
// the state does not allow, an actor who may not take it, and a submission
// that is not complete (see ValidateSubmission).
func Next(p Plan, step Step, actor Actor, comment string, term calendar.Term) (State, *Error) {
	switch step {
	case Submit:
		if actor != ActorOffice {
			return "", refuse("", "只有学校科室可以提交工作方案")
		}
		if !p.State.Editable() {
			return "", refuse("", "工作方案当前为“"+p.State.Label()+"”，不能再次提交")
		}
		if err := ValidateSubmission(p, term); err != nil {
			return "", err
		}
		if p.LeaderFirst {
			return LeaderReview, nil
		}
		return Submitted, nil
	case LeaderApprove, LeaderReturn:
		if actor != ActorLeader {
			return "", refuse("", "只有校领导可以审核本校的工作方案")
		}
		if p.State != LeaderReview {
			return "", refuse("", "工作方案当前为“"+p.State.Label()+"”，不在校领导审核中")
		}
		if step == LeaderApprove {
			return Submitted, nil
		}
		if strings.TrimSpace(comment) == "" {
			return "", refuse("comment", "退回时请写明修改意见")
		}
		return Returned, nil
	case Approve, Return:
		if actor != ActorReviewer {
			return "", refuse("", "只有教育局审核人员可以审核工作方案")
		}
		if p.State != Submitted {
			return "", refuse("", "工作方案当前为“"+p.State.Label()+"”，不在待审核状态")
		}
		if step == Approve {
			return Approved, nil
		}
		if strings.TrimSpace(comment) == "" {
			return "", refuse("comment", "退回时请写明修改意见")
		}
		return Returned, nil
	}
	return "", refuse("", "未知的操作")
}

// ValidateSubmission checks what a submitted plan must hold: every section
// written, at least one planned item, each item complete and dated in the
// term (its pre-term week included, for the all-student visits).
func ValidateSubmission(p Plan, term calendar.Term) *Error {
	for i, s := range p.Sections.list() {
		if strings.TrimSpace(s) == "" {
			return refuse(sectionField(i), "请填写“"+SectionNames[i]+"”后再提交")
		}
	}
	if len(p.Items) == 0 {
		return refuse("items", "工作方案至少要有一项计划活动才能提交")
	}
	for _, it := range p.Items {
		if e := ValidateItem(it, term); e != nil {
			return refuse("items", "计划活动“"+it.Title+"”："+e.Message)
		}
	}
	return nil
}

func sectionField(i int) string {
	return [4]string{"guiding", "goals", "measures", "assurance"}[i]
}

// ValidateItem checks one planned item: a known kind, an office, a title
// of at most 60 characters, and a date in the term or its pre-term week.
func ValidateItem(it Item, term calendar.Term) *Error {
	switch {
	case !RecordKinds.Valid(it.Kind):
		return refuse("kind", "请选择活动类别")
	case it.Office == "":
		return refuse("office", "请选择负责科室")
	case strings.TrimSpace(it.Title) == "":
		return refuse("title", "请填写活动名称")
	case len([]rune(it.Title)) > maxTitleRunes:
		return refuse("title", "活动名称最多 60 个字")
	case it.On.IsZero():
		return refuse("on", "请填写计划日期")
	}
	w := calendar.TermWindow(term)
	w.Start = calendar.PreTermWindow(term).Start
	if !w.Contains(it.On) {
		return refuse("on", "计划日期不在本学期内（"+w.LongLabel()+"）")
	}
	return nil
}

// Changes is what differs between two versions of a plan, for the reviewer.
type Changes struct {
	// Sections: the names of the sections whose text changed.
	Sections []string
	Added    []Item
	Removed  []Item
	// Moved: items kept (same kind, office and title) whose date changed;
	// each pair is (before, after).
	Moved [][2]Item
}

// Empty reports whether nothing changed.
func (c Changes) Empty() bool {
	return len(c.Sections) == 0 && len(c.Added) == 0 && len(c.Removed) == 0 && len(c.Moved) == 0
}

// Diff compares an earlier version with a later one. Items are matched by
// kind, office and title (ids are new in every version); duplicates pair
// off in date order.
func Diff(before, after Plan) Changes {
	var c Changes
	b, a := before.Sections.list(), after.Sections.list()
	for i := range b {
		if strings.TrimSpace(b[i]) != strings.TrimSpace(a[i]) {
			c.Sections = append(c.Sections, SectionNames[i])
		}
	}
	key := func(it Item) string { return it.Kind + "\x00" + it.Office + "\x00" + strings.TrimSpace(it.Title) }
	byDate := func(items []Item) []Item {
		out := slices.Clone(items)
		slices.SortStableFunc(out, func(x, y Item) int { return x.On.Compare(y.On) })
		return out
	}
	left := map[string][]Item{}
	for _, it := range byDate(before.Items) {
		left[key(it)] = append(left[key(it)], it)
	}
	for _, it := range byDate(after.Items) {
		k := key(it)
		if olds := left[k]; len(olds) > 0 {
			old := olds[0]
			left[k] = olds[1:]
			if !calendar.DateOf(old.On).Equal(calendar.DateOf(it.On)) {
				c.Moved = append(c.Moved, [2]Item{old, it})
			}
			continue
		}
		c.Added = append(c.Added, it)
	}
	for _, it := range byDate(before.Items) {
		if rest := left[key(it)]; len(rest) > 0 && rest[0] == it {
			c.Removed = append(c.Removed, it)
			left[key(it)] = rest[1:]
		}
	}
	return c
}

// CarryOver moves last term's items into the next term: each keeps its
// distance in days from its term's start, and an item that would fall after
// the new term's end lands on its last day. Ids are cleared.
func CarryOver(items []Item, from, to calendar.Term) []Item {
	out := make([]Item, 0, len(items))
	for _, it := range items {
		d := calendar.AddDays(to.Start, calendar.DaysBetween(from.Start, it.On))
		if d.After(calendar.DateOf(to.End)) {
			d = calendar.DateOf(to.End)
		}
		it.ID, it.On = 0, d
		out = append(out, it)
	}
	return out
}

// Record is a record that may fulfil a planned item.
type Record struct {
	ID     int64
	Kind   string // a RecordKinds code
	Office string
	On     time.Time
}

// MatchDays is how far from the planned date a record is proposed as the
// one that fulfilled the item: two weeks either way, because a school that
// planned "第三周 法治讲座" and held it in the fifth still did it.
const MatchDays = 14

// Propose lists the records that may fulfil it, nearest date first: the
// same kind, by the same office (any office when the item names none),
// within MatchDays of the planned date, and not already linked to another
// item (taken holds their ids).
func Propose(it Item, records []Record, taken map[int64]bool) []Record {
	var out []Record
	for _, r := range records {
		if r.Kind != it.Kind || taken[r.ID] || (it.Office != "" && r.Office != it.Office) {
			continue
		}
		if d := calendar.DaysBetween(it.On, r.On); d < -MatchDays || d > MatchDays {
			continue
		}
		out = append(out, r)
	}
	slices.SortStableFunc(out, func(a, b Record) int {
		return abs(calendar.DaysBetween(it.On, a.On)) - abs(calendar.DaysBetween(it.On, b.On))
	})
	return out
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// ItemState is where a planned item stands.
type ItemState string

const (
	ItemDone    ItemState = "done"
	ItemOverdue ItemState = "overdue"
	ItemPending ItemState = "pending"
)

// Label is the item state's Chinese name.
func (s ItemState) Label() string {
	switch s {
	case ItemDone:
		return "已完成"
	case ItemOverdue:
		return "逾期"
	case ItemPending:
		return "未到期"
	}
	return string(s)
}

// StateOf says whether an item is done (a record is linked to it), overdue
// (none, and the planned date is more than MatchDays behind today) or
// pending.
func StateOf(it Item, linked bool, today time.Time) ItemState {
	switch {
	case linked:
		return ItemDone
	case calendar.DaysBetween(it.On, today) > MatchDays:
		return ItemOverdue
	}
	return ItemPending
}

// Summary counts a plan's items by state: "计划 18 项 · 已完成 11 · 逾期 3 · 未到期 4".
type Summary struct {
	Planned, Done, Overdue, Pending int
}

// Summarize counts the items; linked holds the ids of items with a record.
func Summarize(items []Item, linked map[int64]bool, today time.Time) Summary {
	s := Summary{Planned: len(items)}
	for _, it := range items {
		switch StateOf(it, linked[it.ID], today) {
		case ItemDone:
			s.Done++
		case ItemOverdue:
			s.Overdue++
		default:
			s.Pending++
		}
	}
	return s
}

// String renders the summary line.
func (s Summary) String() string {
	return "计划 " + itoa(s.Planned) + " 项 · 已完成 " + itoa(s.Done) + " · 逾期 " + itoa(s.Overdue) + " · 未到期 " + itoa(s.Pending)
}

func itoa(n int) string { return strconv.Itoa(n) }

// WaitDays is how many days a submitted plan has waited for the bureau's
// review, for the bureau's list ("已等待 5 天").
func WaitDays(submittedOn, today time.Time) int {
	return max(0, calendar.DaysBetween(submittedOn, today))
}
