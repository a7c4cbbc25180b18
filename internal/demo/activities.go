package demo

import (
	"context"
	"time"

	"xietong/internal/activity"
	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/store"
)

// demoActivity is one practice or education activity a demo school held:
// fixed data, so that the plan's random draws are untouched.
type demoActivity struct {
	kind, title  string
	office       auth.Office
	day          int    // days after the term's first day
	base         string // a demo base's name, "" for none
	place        string
	offCampus    bool
	outOfCounty  bool
	speaker      string
	participants string
	count        int
	club         string // a club activity's club, registered on first use
}

// A complete term of what the county plan asks (R14–R20), as a school that
// keeps to it records it.
var demoFullTerm = []demoActivity{
	{"law_lecture", "法治副校长讲《未成年人保护法》", auth.OfficeSafety, 9, "", "学校报告厅", false, false, "法治副校长 刘志刚", "全校学生", 0, ""},
	{"prohibited_items", "“校园违禁物品”安全教育", auth.OfficeSafety, 16, "", "各班教室", false, false, "", "全校学生", 0, ""},
	{"club", "书法社团活动：楷书基本笔画", auth.OfficeMoral, 23, "", "书法教室", false, false, "", "书法社团成员", 28, "书法社团"},
	{"base_practice", "红色研学：重温革命历史", auth.OfficeMoral, 37, "*red", "", true, false, "", "七年级全体", 0, ""},
	{"volunteer", "“学雷锋”社区志愿服务", auth.OfficeLeague, 44, "", "城关镇社区", true, false, "", "校团委志愿者", 36, ""},
	{"culture_heritage", "蜡染刺绣进课堂：民族文化传承", auth.OfficeUnion, 51, "马场乡非遗传习所", "", true, false, "非遗传承人 杨秀英", "八年级（1）班、（2）班", 92, ""},
	{"club", "篮球社团训练", auth.OfficeMoral, 58, "", "学校篮球场", false, false, "", "篮球社团成员", 24, "篮球社团"},
	{"labour", "劳动教育：校园种植园", auth.OfficeMoral, 65, "", "学校种植园", false, false, "", "五年级全体", 0, ""},
	{"law_lecture", "防欺凌法治讲座", auth.OfficeSafety, 72, "", "学校报告厅", false, false, "法治副校长 刘志刚", "全校学生", 0, ""},
	{"science", "科普进校园：气象小课堂", auth.OfficeAcademic, 79, "", "学校多功能厅", false, false, "县气象局 赵永红", "四至六年级", 0, ""},
}

// demoAdvisors are the clubs' advisors (指导教师).
var demoAdvisors = []string{"王晓燕", "李明", "张华", "刘芳", "陈刚", "杨丽"}

// writeActivities records the autumn term's practice and education
// activities of every school, fixed by the school's place in the plan: a
// fifth of the schools keep the whole plan, the others are behind in their
// own ways (the second rule-of-law lecture missing, nothing off campus, a
// volunteer day outside the county, hardly anything at all), so that the
// lists and the compliance view have something true to show. Only what
// happened by the demo's today is recorded. A club is registered with its
// first session.
func (w *writer) writeActivities(ctx context.Context, year calendar.SchoolYear, userIDs []int64, baseIDs map[string]int64) error {
	if len(year.Terms) == 0 {
		return nil
	}
	term := year.Terms[0]
	office := w.officeAccounts(userIDs) // school index → its office's account
	reds := []string{"王海平故居", "卡法红色教育基地", "县革命烈士陵园"}
	for si := range w.p.schools {
		author, ok := office[si]
		if !ok {
			continue
		}
		clubs := map[string]int64{}
		for ai, a := range demoFullTerm {
			switch si % 5 {
			case 1: // no second lecture, no culture heritage education yet
				if ai == 5 || ai == 8 {
					continue
				}
			case 2: // nothing off campus
				if a.offCampus {
					continue
				}
			case 3: // hardly anything
				if ai != 2 && ai != 7 {
					continue
				}
			case 4: // the volunteer day was outside the county
				if a.kind == "volunteer" {
					a.outOfCounty, a.place = true, "邻县敬老院"
				}
			}
			d := calendar.AddDays(term.Start, a.day+si%4)
			if d.After(demoToday) {
				continue
			}
			clubID := int64(0)
			if a.club != "" {
				if clubs[a.club] == 0 {
					n := a.count
					id, err := w.tx.CreateClub(ctx, w.schoolIDs[si], store.ClubFields{Name: a.club, Advisor: demoAdvisors[(si+len(clubs))%len(demoAdvisors)],
						Members: "自愿报名学生", MemberCount: &n, Active: true})
					if err != nil {
						return err
					}
					clubs[a.club] = id
				}
				clubID = clubs[a.club]
			}
			if err := w.writeActivity(ctx, si, author, term, d, a, reds[si%len(reds)], clubID, baseIDs); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *writer) writeActivity(ctx context.Context, si int, author int64, term calendar.Term, d time.Time, a demoActivity, red string, clubID int64, baseIDs map[string]int64) error {
	f := store.ActivityFields{Kind: a.kind, Title: a.title, Office: string(a.office), HeldOn: d, TermID: term.ID, ClubID: clubID,
		Place: a.place, OffCampus: a.offCampus, InCounty: !a.outOfCounty, Speaker: a.speaker, Participants: a.participants}
	if a.count > 0 {
		n := a.count
		f.ParticipantCount = &n
	}
	baseKind := ""
	if a.base != "" {
		name := a.base
		if name == "*red" {
			name = red
		}
		f.BaseID = baseIDs[name]
		baseKind = baseKindOf(name)
	}
	f.Duties = activity.Duties(activity.Activity{Kind: f.Kind, OffCampus: f.OffCampus, InCounty: f.InCounty, BaseKind: baseKind})
	_, err := w.tx.CreateActivity(ctx, w.schoolIDs[si], author, f)
	return err
}

func baseKindOf(name string) string {
	for _, b := range demoBases {
		if b.name == name {
			return b.kind
		}
	}
	return ""
}
