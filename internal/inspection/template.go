package inspection

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"xietong/internal/calendar"
)

// RubricItem is one item of a rubric template (评分细则): its group (一级指标),
// what is checked, the maximum, the scoring guide, and the duties of the
// catalogue (R01–R22) whose records it draws on.
type RubricItem struct {
	Group, Title string
	Max          Points
	Guide        string
	Duties       []string
}

// RubricDuties are the duties a rubric item may draw on: R01–R22 (R23 is
// the inspection itself).
var RubricDuties = func() []string {
	out := make([]string, 22)
	for i := range out {
		out[i] = "R" + strconv.Itoa(101 + i)[1:]
	}
	return out
}()

var dutySep = regexp.MustCompile(`[\s,，、;；]+`)

// ParseDuties reads the duties typed for an item ("R01 R21", "r1，R02"),
// in catalogue order without repeats; bad lists the codes that are none of
// RubricDuties.
func ParseDuties(s string) (duties, bad []string) {
	for _, f := range dutySep.Split(strings.TrimSpace(s), -1) {
		if f == "" {
			continue
		}
		code := strings.ToUpper(f)
		if n, err := strconv.Atoi(strings.TrimPrefix(code, "R")); err == nil && strings.HasPrefix(code, "R") && n >= 1 && n <= 99 {
			code = "R" + strconv.Itoa(100 + n)[1:]
		}
		if !slices.Contains(RubricDuties, code) {
			bad = append(bad, f)
			continue
		}
		if !slices.Contains(duties, code) {
			duties = append(duties, code)
		}
	}
	slices.Sort(duties)
	return duties, bad
}

// RowError is a refusal of one item of a template being saved: its row
// (from 0) and field, in Chinese.
type RowError struct {
	Row            int
	Field, Message string
}

// CheckRubric says what is wrong with a template's items: at least one
// item; each with a group and a title within their lengths, a maximum
// between 0.1 and 100 points, a guide of at most 1000 characters.
func CheckRubric(items []RubricItem) []RowError {
	var out []RowError
	if len(items) == 0 {
		return []RowError{{Row: -1, Field: "", Message: "评分细则至少要有一项"}}
	}
	for i, it := range items {
		fail := func(field, msg string) { out = append(out, RowError{Row: i, Field: field, Message: msg}) }
		switch g := strings.TrimSpace(it.Group); {
		case g == "":
			fail("group", "请填写一级指标")
		case utf8.RuneCountInString(g) > 40:
			fail("group", "一级指标不能超过 40 个字")
		}
		switch t := strings.TrimSpace(it.Title); {
		case t == "":
			fail("title", "请填写评分项目")
		case utf8.RuneCountInString(t) > 200:
			fail("title", "评分项目不能超过 200 个字")
		}
		if it.Max <= 0 || it.Max > MaxItemPoints {
			fail("max", "分值应在 0.1 到 100 分之间")
		}
		if utf8.RuneCountInString(it.Guide) > 1000 {
			fail("guide", "评分标准不能超过 1000 个字")
		}
	}
	return out
}

// Total is the full marks of a template's items.
func Total(items []RubricItem) Points {
	var t Points
	for _, it := range items {
		t += it.Max
	}
	return t
}

// RubricEditable reports whether the template of a school year ending on
// yearEnd may still change on today: not once the year has ended, nor once
// an inspection has been scored on it (used): a year's scores stay
// readable against the rubric they were given on.
func RubricEditable(yearEnd, today time.Time, used bool) bool {
	return !used && !calendar.DateOf(today).After(calendar.DateOf(yearEnd))
}

// DefaultRubric is the template a county starts from when it has none: the
// county plan's duties R01–R22 in its own sections, 100 points in all. The
// supervisors' office adjusts it for a coming year.
func DefaultRubric() []RubricItem {
	it := func(group, title string, max int, guide string, duties ...string) RubricItem {
		return RubricItem{Group: group, Title: title, Max: Points(max * 10), Guide: guide, Duties: duties}
	}
	const (
		lead     = "一、组织领导"
		visits   = "二、全员家访与问题台账"
		meetings = "三、开学主题班会"
		comms    = "四、家校沟通"
		guidance = "五、家庭教育指导"
		practice = "六、社会实践育人"
		team     = "七、专业队伍建设"
	)
	return []RubricItem{
		it(lead, "建立校级协同育人工作领导小组，机制健全、分工明确", 5, "有领导小组且组长、成员明确得满分；无领导小组不得分。", "R21"),
		it(lead, "结合学校实际制定本学期协同育人工作方案，并经审核通过", 10, "两个学期方案均审核通过得满分；每缺一个学期扣 5 分；方案未经审核通过的酌情扣分。", "R01"),
		it(visits, "开学前一周组织全体班主任和科任教师开展学生全员家访，以实地家访为主", 10, "按家访覆盖率计分：100% 得满分，每低 5 个百分点扣 1 分；实地家访比例偏低的酌情扣分。", "R02"),
		it(visits, "寒暑假对留守儿童、特困家庭各开展一次实地家访", 8, "特殊群体学生实地家访全覆盖得满分，每漏一名扣 0.5 分。", "R03"),
		it(visits, "家访发现的问题及时记录、反馈，建立问题台账并跟进化解", 7, "问题均入台账、跟进及时得满分；超过 7 天未跟进的每条扣 0.5 分。", "R04"),
		it(meetings, "开学第一周各班开展心理健康、安全教育等主题班会", 5, "全部班级第一周开展得满分；按未开展班级比例扣分。", "R05"),
		it(comms, "各班建立家长委员会，明确负责人 1 名", 5, "全部班级家委会健全得满分；按不健全班级比例扣分。", "R06"),
		it(comms, "学校家长委员会：每个年级部 3 名家长代表，3 名负责人（每个年级部 1 人）", 5, "结构符合要求得满分；不符合的酌情扣分。", "R07"),
		it(comms, "每学期至少召开一次全体家长会，收集并及时回应家长意见建议", 6, "每学期召开得 3 分；意见建议回应率 100% 得 3 分，按比例扣分。", "R08"),
		it(comms, "每学期在家长会当天开展 1 次主题讲座", 4, "每学期各 2 分。", "R13"),
		it(guidance, "建立家长学校，挖掘整理家庭教育指导资源", 3, "已建立并有章程、负责人得满分。", "R09"),
		it(guidance, "每季度开展 1 次线上或线下家庭教育指导", 4, "每季度 1 分。", "R10"),
		it(guidance, "对留守儿童、随迁子女、残疾儿童、孤儿和家庭经济困难学生开展针对性指导", 4, "每学期各 2 分。", "R11"),
		it(guidance, "教育局家庭教育讲座及时转发家长群", 4, "3 天内转发率 100% 得满分，按比例扣分。", "R12"),
		it(practice, "利用红色思政基地每学期开展 1 次社会实践教育", 3, "每学期 1.5 分。", "R14"),
		it(practice, "每学期至少开展一次校外实践活动", 2, "每学期 1 分。", "R15"),
		it(practice, "校团委每学期组织至少 1 次校外县内志愿服务", 2, "每学期 1 分。", "R16"),
		it(practice, "每学期邀请法治副校长开展 2 次法治讲座", 2, "每学期 2 次得 1 分，1 次得 0.5 分。", "R17"),
		it(practice, "每学期开展 1 次“校园违禁物品”主题安全教育", 2, "每学期 1 分。", "R18"),
		it(practice, "每学年开展 1 次“民族文化传承”专题教育", 2, "开展得满分。", "R19"),
		it(practice, "开展学校社团活动，培养学生兴趣和实践体验", 2, "每学期有社团活动得 1 分。", "R20"),
		it(team, "每学期开展一次面向全体家长的协同育人专题培训（主题班会课）", 5, "每学期 2.5 分。", "R22"),
	}
}
