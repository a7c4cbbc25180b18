package parents

import (
	"strconv"
	"strings"
	"unicode"

	"xietong/internal/codes"
)

// MeetingScopes are whom a parent meeting (家长会, R08) was for: the whole
// school's parents, one grade's, or one class's.
var MeetingScopes = codes.List{
	{Code: "school", Label: "全校"},
	{Code: "grade", Label: "年级"},
	{Code: "class", Label: "班级"},
}

// Meeting scopes by code.
const (
	ScopeSchool = "school"
	ScopeGrade  = "grade"
	ScopeClass  = "class"
)

// MeetingOrganisers are the offices the plan names for parent meetings
// (R08, R13: "德育处、安全办、学生成长发展中心、年级部"). The first three are
// school offices (auth.Office codes); 年级部 is the grade division.
var MeetingOrganisers = codes.List{
	{Code: "moral", Label: "德育处"},
	{Code: "safety", Label: "安全办"},
	{Code: "growth", Label: "学生成长发展中心"},
	{Code: "division", Label: "年级部"},
}

// OpinionSources say how an opinion came in.
var OpinionSources = codes.List{
	{Code: "staff", Label: "教师录入"},
	{Code: "paste", Label: "批量粘贴"},
	{Code: "xlsx", Label: "表格导入"},
	{Code: "link", Label: "家长扫码"},
}

// ValidateAttendance checks a meeting's (or one class's) counts: invited
// parents and those who came. It returns a Chinese message, or "".
func ValidateAttendance(invited, attending int) string {
	switch {
	case invited < 0 || attending < 0:
		return "人数不能为负数"
	case attending > invited:
		return "实到人数（" + strconv.Itoa(attending) + "）不能多于应到人数（" + strconv.Itoa(invited) + "）"
	}
	return ""
}

// Attendance is one class's counts at a whole-school meeting.
type Attendance struct {
	ClassID            int64
	Invited, Attending int
}

// SumAttendance totals the classes' counts: a whole-school meeting's
// counts are its classes' sums.
func SumAttendance(classes []Attendance) (invited, attending int) {
	for _, c := range classes {
		invited += c.Invited
		attending += c.Attending
	}
	return invited, attending
}

// MaxPastedOpinions bounds one pasted list.
const MaxPastedOpinions = 200

// SplitOpinions splits a pasted list into opinions, one per line: blank
// lines dropped, a leading number or bullet ("1.", "2、", "（3）", "-", "•")
// taken off.
func SplitOpinions(s string) []string {
	var out []string
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(stripBullet(strings.TrimSpace(line)))
		if line != "" {
			out = append(out, line)
		}
	}
	return out
}

// stripBullet takes a list marker off the start of a line.
func stripBullet(s string) string {
	for _, b := range []string{"-", "•", "·", "*", "●", "○", "■"} {
		if strings.HasPrefix(s, b) {
			return s[len(b):]
		}
	}
	// （3） (3) ⑶
	for _, p := range [][2]string{{"（", "）"}, {"(", ")"}} {
		if rest, ok := strings.CutPrefix(s, p[0]); ok {
			if i := strings.Index(rest, p[1]); i > 0 && allDigits(rest[:i]) {
				return rest[i+len(p[1]):]
			}
		}
	}
	// 1. 1、 1) 1） 1．
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i > 3 {
		return s
	}
	for _, sep := range []string{".", "、", ")", "）", "．", "，", ","} {
		if rest, ok := strings.CutPrefix(s[i:], sep); ok {
			return rest
		}
	}
	return s
}

func allDigits(s string) bool {
	if s == "" || len(s) > 3 {
		return false
	}
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// MaxOpinionsPerDevice is how many opinions one phone (its cookie) may send
// through one meeting's link: a parent with a few things to say, not a
// flood.
const MaxOpinionsPerDevice = 3

// DeviceMaySend reports whether a device that already sent sent opinions
// through a meeting's link may send another, with the Chinese refusal.
func DeviceMaySend(sent int) (bool, string) {
	if sent >= MaxOpinionsPerDevice {
		return false, "每部手机最多提交 " + strconv.Itoa(MaxOpinionsPerDevice) + " 条意见，感谢您的参与"
	}
	return true, ""
}
