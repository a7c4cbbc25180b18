package parents

import (
	"slices"
	"testing"
	"time"

	"xietong/internal/calendar"
)

func TestClassCommitteeProblems(t *testing.T) {
	cases := []struct {
		name    string
		members []Member
		want    []string
	}{
		{"none", nil, []string{"尚未组建班级家长委员会"}},
		{"valid", []Member{{Name: "王芳", GuardianID: 1, Head: true}, {Name: "李强", GuardianID: 2}, {Name: "赵敏"}}, nil},
		{"no head", []Member{{Name: "王芳", GuardianID: 1}}, []string{"未指定负责人"}},
		{"two heads", []Member{{Name: "王芳", GuardianID: 1, Head: true}, {Name: "李强", GuardianID: 2, Head: true}}, []string{"2 名负责人"}},
		{"same guardian twice", []Member{{Name: "王芳", GuardianID: 1, Head: true}, {Name: "王芳", GuardianID: 1}}, []string{"成员 王芳 重复"}},
		{"two hand-named people are not duplicates", []Member{{Name: "甲", Head: true}, {Name: "乙"}}, nil},
		{"child left", []Member{{Name: "王芳", GuardianID: 1, Head: true, ChildLeft: true}}, []string{"成员 王芳 的孩子已不在本班"}},
		{"same phone twice (one parent named through each twin)", []Member{{Name: "王芳", GuardianID: 1, Phone: "13800001111", Head: true}, {Name: "王芳", GuardianID: 2, Phone: "13800001111"}}, []string{"成员 王芳 重复"}},
		{"a hand-named person with a guardian's phone", []Member{{Name: "王芳", GuardianID: 1, Phone: "13800001111", Head: true}, {Name: "王芳妈", Phone: "13800001111"}}, []string{"成员 王芳妈 重复"}},
		{"several at once, the head first", []Member{{Name: "王芳", GuardianID: 1, ChildLeft: true}}, []string{"未指定负责人", "成员 王芳 的孩子已不在本班"}},
	}
	for _, c := range cases {
		if got := ClassCommitteeProblems(c.members); !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestAlreadyMember(t *testing.T) {
	members := []Member{{Name: "王芳", GuardianID: 1, Phone: "13800001111"}, {Name: "赵敏", Phone: "0851-8612345"}}
	cases := []struct {
		name      string
		candidate Member
		want      string
	}{
		{"a new guardian", Member{Name: "李强", GuardianID: 2, Phone: "13900002222"}, ""},
		{"the same guardian", Member{Name: "王芳", GuardianID: 1, Phone: "13800001111"}, "王芳 已是本班家委会成员"},
		{"the same phone by hand", Member{Name: "赵敏敏", Phone: "0851-8612345"}, "赵敏 已是本班家委会成员"},
		{"a guardian without phone", Member{Name: "刘洋", GuardianID: 3}, ""},
	}
	for _, c := range cases {
		if got := AlreadyMember(members, c.candidate); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	if got := AlreadyMember(nil, Member{Name: "x"}); got != "" {
		t.Errorf("empty committee: %q", got)
	}
}

func TestSchoolCommitteeProblems(t *testing.T) {
	divs := []Division{{1, "小学部"}, {2, "初中部"}}
	reps := func(div int64, n, heads int) []Rep {
		var out []Rep
		for i := range n {
			out = append(out, Rep{DivisionID: div, Name: "代表", Head: i < heads})
		}
		return out
	}
	cases := []struct {
		name string
		divs []Division
		reps []Rep
		want []string
	}{
		{"valid", divs, slices.Concat(reps(1, 3, 1), reps(2, 3, 1)), nil},
		{"no divisions", nil, nil, []string{"学校尚未设置年级部"}},
		{"empty", divs, nil, []string{"小学部 缺 3 名代表", "小学部 无负责人", "初中部 缺 3 名代表", "初中部 无负责人"}},
		{"one short, no head", divs, slices.Concat(reps(1, 3, 1), reps(2, 2, 0)), []string{"初中部 缺 1 名代表", "初中部 无负责人"}},
		{"one too many, two heads", divs, slices.Concat(reps(1, 4, 2), reps(2, 3, 1)), []string{"小学部 多 1 名代表", "小学部 2 名负责人"}},
		{"a rep of a removed division", divs, slices.Concat(reps(1, 3, 1), reps(2, 3, 1), []Rep{{DivisionID: 9, Name: "张三"}}), []string{"代表 张三 所在年级部已撤销"}},
	}
	for _, c := range cases {
		if got := SchoolCommitteeProblems(c.divs, c.reps); !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestNextOpinion(t *testing.T) {
	cases := []struct {
		from     OpinionState
		step     OpinionStep
		response string
		want     OpinionState
		refused  bool
	}{
		{Received, Accept, "", Pending, false},
		{Received, Reject, "", Rejected, false},
		{Pending, Accept, "", Pending, true},
		{Received, Respond, "好的", Received, true},
		{Pending, Respond, "  ", Pending, true},
		{Pending, Respond, "下周起调整", Answered, false},
		{Answered, Respond, "补充说明", Answered, false},
		{Published, Respond, "更正", Published, false},
		{Pending, Publish, "", Pending, true},
		{Answered, Publish, "", Published, false},
		{Published, Retract, "", Answered, false},
		{Rejected, Accept, "", Rejected, true},
	}
	for _, c := range cases {
		got, msg := NextOpinion(c.from, c.step, c.response)
		if got != c.want || (msg != "") != c.refused {
			t.Errorf("%s %s: %s %q, want %s refused=%v", c.from, c.step, got, msg, c.want, c.refused)
		}
	}
}

func TestAnsweredShare(t *testing.T) {
	a, n := AnsweredShare([]OpinionState{Received, Rejected, Pending, Answered, Published, Pending})
	if a != 2 || n != 4 {
		t.Errorf("AnsweredShare = %d/%d, want 2/4", a, n)
	}
	if a, n := AnsweredShare(nil); a != 0 || n != 0 {
		t.Errorf("no opinions: %d/%d", a, n)
	}
}

func TestValidateOpinionText(t *testing.T) {
	if ValidateOpinionText(" \n ") == "" || ValidateOpinionText(string(make([]rune, 501))) == "" {
		t.Error("empty and over-long texts are refused")
	}
	if msg := ValidateOpinionText("希望增加课后服务"); msg != "" {
		t.Errorf("a normal text is refused: %s", msg)
	}
}

func TestQuarters(t *testing.T) {
	term := calendar.Term{ID: 1, Start: calendar.D(2026, 9, 1), End: calendar.D(2027, 1, 22)}
	cal := calendar.NewCalendar()
	qs := Quarters(cal, term, []time.Time{calendar.D(2026, 9, 30), calendar.D(2026, 10, 1), calendar.D(2026, 10, 2)}, calendar.D(2026, 12, 7))
	if len(qs) != 3 {
		t.Fatalf("%d quarters, want 3", len(qs))
	}
	want := []struct {
		sessions int
		missing  bool
		name     string
	}{{1, false, "2026年第三季度"}, {2, false, "2026年第四季度"}, {0, false, "2027年第一季度"}}
	for i, w := range want {
		if qs[i].Sessions != w.sessions || qs[i].Missing() != w.missing || qs[i].Name != w.name {
			t.Errorf("quarter %d: %+v, want %+v", i, qs[i], w)
		}
	}
	late := Quarters(cal, term, nil, calendar.D(2027, 1, 5))
	if !late[2].Missing() || !late[0].Missing() {
		t.Errorf("a running or past quarter without a session is missing: %+v", late)
	}
}

func TestGroups(t *testing.T) {
	gs := Groups(map[string]int{"left_behind": 12, "hardship": 3}, []string{"left_behind", "all", "left_behind"})
	if len(gs) != len(SpecialGroups) {
		t.Fatalf("%d groups", len(gs))
	}
	for _, g := range gs {
		switch g.Group {
		case "left_behind":
			if g.Sessions != 2 || g.Needed() {
				t.Errorf("left_behind: %+v", g)
			}
		case "hardship":
			if !g.Needed() {
				t.Errorf("hardship has students and no session: %+v", g)
			}
		default:
			if g.Needed() {
				t.Errorf("%s has no students and needs nothing: %+v", g.Group, g)
			}
		}
		if g.Label == g.Group {
			t.Errorf("%s has no label", g.Group)
		}
	}
	if !IsSpecialGroup("orphan") || IsSpecialGroup("all") {
		t.Error("IsSpecialGroup")
	}
}

func TestForwarding(t *testing.T) {
	pub := calendar.D(2026, 11, 2)
	day := func(d int) *time.Time { v := calendar.D(2026, 11, d); return &v }
	cases := []struct {
		fwd   *time.Time
		today time.Time
		want  ForwardState
	}{
		{day(2), calendar.D(2026, 12, 1), ForwardedInTime},
		{day(5), calendar.D(2026, 12, 1), ForwardedInTime},
		{day(6), calendar.D(2026, 12, 1), ForwardedLate},
		{nil, calendar.D(2026, 11, 5), ForwardWaiting},
		{nil, calendar.D(2026, 11, 6), ForwardOverdue},
	}
	for _, c := range cases {
		if got := Forwarding(pub, c.fwd, c.today); got != c.want {
			t.Errorf("forwarded %v, today %s: %s, want %s", c.fwd, c.today.Format(time.DateOnly), got, c.want)
		}
		if c.want.Label() == string(c.want) {
			t.Errorf("%s has no label", c.want)
		}
	}
	if !ForwardedLate.Done() || ForwardOverdue.Done() {
		t.Error("Done")
	}
}

func TestLectureOnMeetingDay(t *testing.T) {
	ms := []time.Time{calendar.D(2026, 9, 20), calendar.D(2026, 11, 15)}
	if !LectureOnMeetingDay(calendar.D(2026, 11, 15), ms) || LectureOnMeetingDay(calendar.D(2026, 11, 16), ms) {
		t.Error("LectureOnMeetingDay")
	}
}

func TestValidateAttendance(t *testing.T) {
	cases := []struct {
		invited, attending int
		bad                bool
	}{
		{40, 38, false}, {40, 40, false}, {0, 0, false}, {40, 41, true}, {-1, 0, true}, {3, -2, true},
	}
	for _, c := range cases {
		if got := ValidateAttendance(c.invited, c.attending); (got != "") != c.bad {
			t.Errorf("ValidateAttendance(%d, %d) = %q", c.invited, c.attending, got)
		}
	}
	if got := ValidateAttendance(40, 41); got != "实到人数（41）不能多于应到人数（40）" {
		t.Errorf("message %q", got)
	}
	in, at := SumAttendance([]Attendance{{1, 40, 38}, {2, 42, 40}, {3, 0, 0}})
	if in != 82 || at != 78 {
		t.Errorf("SumAttendance = %d, %d", in, at)
	}
}

func TestSplitOpinions(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"\n  \n", nil},
		{"希望增加体育活动", []string{"希望增加体育活动"}},
		{"1. 作业太多\r\n2、食堂饭菜偏咸\n\n（3）校门口交通拥堵\n(4)放学时间早", []string{"作业太多", "食堂饭菜偏咸", "校门口交通拥堵", "放学时间早"}},
		{"- 家长群消息太多\n• 希望多开家长会\n10）增加心理课", []string{"家长群消息太多", "希望多开家长会", "增加心理课"}},
		// A number that is part of the text stays.
		{"2026年起增加午休时间\n3个孩子同校接送难", []string{"2026年起增加午休时间", "3个孩子同校接送难"}},
	}
	for _, c := range cases {
		if got := SplitOpinions(c.in); !slices.Equal(got, c.want) {
			t.Errorf("SplitOpinions(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestDeviceMaySend(t *testing.T) {
	for sent, want := range []bool{true, true, true, false, false} {
		if ok, msg := DeviceMaySend(sent); ok != want || (msg == "") != want {
			t.Errorf("DeviceMaySend(%d) = %v, %q", sent, ok, msg)
		}
	}
}

func TestReadOpinionSheet(t *testing.T) {
	long := string(make([]rune, 0))
	for range MaxOpinionRunes + 1 {
		long += "长"
	}
	cases := []struct {
		name     string
		rows     [][]string
		want     []SheetOpinion
		problems int
	}{
		{"no header", [][]string{{"姓名", "电话"}, {"张三", "1"}}, nil, 1},
		{"empty", [][]string{{"意见建议"}, nil, {""}}, nil, 1},
		{"title rows, then the header; blank rows skipped", [][]string{
			{"2026年秋季家长会意见汇总"}, nil,
			{"序号", "类别", "意见建议", "学校回应"},
			{"1", "作业负担", "作业太多", ""},
			nil,
			{"2", "食堂", "饭菜偏咸", "已调整口味"},
			{"3", "不知道", "希望多开家长会"},
		}, []SheetOpinion{
			{Row: 4, Body: "作业太多", Category: "homework"},
			{Row: 6, Body: "饭菜偏咸", Category: "canteen", Response: "已调整口味"},
			{Row: 7, Body: "希望多开家长会", Category: "other"},
		}, 0},
		{"处理意见 is the response", [][]string{{"家长意见", "处理意见"}, {"校门口拥堵", "已安排值守"}},
			[]SheetOpinion{{Row: 2, Body: "校门口拥堵", Category: "other", Response: "已安排值守"}}, 0},
		{"an overlong opinion refuses the sheet", [][]string{{"意见"}, {"好"}, {long}}, nil, 1},
		{"a response without an opinion", [][]string{{"意见", "回应"}, {"", "已处理"}}, nil, 1},
	}
	for _, c := range cases {
		got, problems := ReadOpinionSheet(c.rows)
		if len(problems) != c.problems || !slices.Equal(got, c.want) {
			t.Errorf("%s: %+v %q", c.name, got, problems)
		}
	}
	if _, p := ReadOpinionSheet([][]string{{"意见"}, {long}}); len(p) != 1 || p[0] != "第 2 行：内容最多 500 个字" {
		t.Errorf("row message %q", p)
	}
}
