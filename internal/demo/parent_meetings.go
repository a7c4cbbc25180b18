package demo

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"time"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/parents"
	"xietong/internal/store"
)

// demoOpinions are what parents say at a meeting, with the answer a school
// gives: category, owner office, opinion, response.
var demoOpinions = []struct{ category, owner, body, response string }{
	{"homework", "academic", "作业量偏大，孩子经常写到晚上十点以后", "教务处已要求各班统筹作业总量，书面作业控制在规定时长内，每周抽查。"},
	{"homework", "academic", "希望周末少布置书面作业，多安排阅读和运动", "周末作业以阅读、运动和家务劳动为主，书面作业不超过一小时。"},
	{"homework", "academic", "家长群里布置作业太多，家长批改压力大", "学校明确作业由教师批改，不要求家长批改作业。"},
	{"safety", "safety", "放学时校门口车辆拥堵，孩子过马路不安全", "安全办已联系交警在放学时段值守，学校安排值周教师在校门口维持秩序。"},
	{"safety", "safety", "希望加强防溺水安全教育", "学校每学期开展防溺水专题教育，暑假前向家长发放告家长书。"},
	{"safety", "safety", "校车座位紧张，希望增加车次", "已与运营公司协商，下月起早晚各增加一个班次。"},
	{"safety", "safety", "希望学校开展防欺凌教育", "德育处本学期开展防欺凌主题班会，并设立心理咨询室值班。"},
	{"canteen", "general", "食堂饭菜偏咸，孩子吃不惯", "已与食堂沟通调整口味，家长可报名参加食堂开放日。"},
	{"canteen", "general", "希望公布每周食谱", "每周食谱已在学校公众号和校门口公示栏公布。"},
	{"canteen", "general", "午餐时间太短，孩子吃不完", "午餐时间已调整为四十分钟，低年级错峰就餐。"},
	{"home_school", "moral", "希望班主任多和家长沟通孩子在校情况", "各班每月至少与每位家长沟通一次，重点学生每周联系。"},
	{"home_school", "moral", "家长会时间能否安排在周末，方便外出务工的家长", "下学期起家长会安排在周末，同时提供线上参会方式。"},
	{"home_school", "moral", "留守孩子的家长在外地，希望多视频家访", "学校对留守儿童每学期至少一次视频家访，班主任定期与家长视频沟通。"},
	{"home_school", "moral", "希望家长学校多讲讲青春期教育", "家长学校本学期安排青春期心理健康专题讲座两次。"},
	{"activities", "moral", "希望多组织亲子活动", "学校将在春季运动会增设亲子项目，并组织亲子阅读活动。"},
	{"activities", "league", "希望多开展社会实践和研学活动", "本学期组织学生到红色教育基地开展研学实践。"},
	{"activities", "academic", "希望增加体育锻炼时间", "学校保证每天校园体育活动一小时，大课间增加跳绳和球类活动。"},
	{"activities", "league", "希望开设更多兴趣社团", "新学期新增书法、编程、足球三个社团，学生自愿报名。"},
	{"teaching", "academic", "数学课进度有些快，部分孩子跟不上", "已安排课后服务时段分层辅导，任课教师加强个别指导。"},
	{"teaching", "academic", "希望加强英语口语训练", "英语组每周开设一节口语课，并开展英语角活动。"},
	{"teaching", "growth", "孩子近期情绪低落，希望老师多关注", "学生成长发展中心已安排心理老师跟进，班主任与家长保持联系。"},
	{"teaching", "academic", "希望课后服务内容更丰富", "课后服务增加阅读、艺术、体育等项目，学生可按兴趣选择。"},
	{"other", "general", "学校的收费项目希望更加公开透明", "所有收费项目均按规定公示，家长可在校门口公示栏查看。"},
	{"other", "general", "希望学校开放图书室给周末的学生", "周六上午图书室对学生开放，由值班教师管理。"},
	{"other", "growth", "孩子沉迷手机，家长管不住，希望学校帮忙", "学生成长发展中心将开展“远离网络沉迷”家庭教育指导，并提供家长沟通建议。"},
	{"canteen", "general", "希望提供早餐", "学校正与供餐单位协商，拟于下学期为寄宿生提供早餐。"},
	{"safety", "safety", "希望上下学时段校门口有老师值守", "学校已安排行政值日和值周教师每天在校门口值守。"},
	{"home_school", "moral", "希望学校定期反馈孩子的在校表现", "各班每月通过家校联系册反馈学生在校表现。"},
}

// demoLectures are the themed lectures given on a meeting day (R13).
var demoLectures = []struct{ speaker, topic string }{
	{"法治副校长", "预防未成年人违法犯罪"},
	{"心理健康教师", "青春期孩子的心理特点与沟通"},
	{"县妇幼保健院医生", "儿童营养与健康"},
	{"德育处主任", "家校共育 静待花开"},
	{"派出所民警", "防溺水与交通安全"},
}

// demoLinkToken is a parents' link token, random as the server makes them.
func demoLinkToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// writeParentMeetings records a school year of parent meetings (R08, R13)
// with their opinions, fixed by each school's place in the plan and drawing
// nothing from the plan's random source: last spring's whole-school meeting
// and this autumn's (by class), a grade's meeting in some schools, and
// class meetings (the demo teacher's class among them). Schools answer in
// four ways by their place: everything answered and most published, most
// answered, lagging, and hardly answered with parents' opinions from the
// link still waiting to be accepted.
func (w *writer) writeParentMeetings(ctx context.Context, years []calendar.SchoolYear, classIDs, userIDs []int64) error {
	if len(years) < 2 || len(years[0].Terms) < 2 || len(years[1].Terms) == 0 {
		return nil
	}
	spring, autumn := years[0].Terms[1], years[1].Terms[0]
	office := map[int]int64{}
	for _, g := range w.p.grants {
		if g.school >= 0 && g.role == auth.SchoolOffice && g.office == auth.OfficeMoral {
			office[g.school] = userIDs[g.user]
		}
	}
	k := 0
	for si, sc := range w.p.schools {
		author, ok := office[si]
		first := k
		for _, g := range sc.grades {
			k += len(g.classes)
		}
		if !ok {
			continue
		}
		profile := si % 4
		lecture := demoLectures[si%len(demoLectures)]
		var counts []parents.Attendance
		total := 0
		j := first
		for _, g := range sc.grades {
			for ci, c := range g.classes {
				n := len(c.students)
				if n == 0 {
					n = c.size
				}
				counts = append(counts, parents.Attendance{ClassID: classIDs[j], Invited: n, Attending: max(n-(si+ci)%5-profile, 0)})
				total += n
				j++
			}
		}
		// Last spring's whole-school meeting, by its totals (last year's
		// classes are not in the demo).
		m := store.MeetingFields{TermID: spring.ID, Scope: parents.ScopeSchool, HeldOn: calendar.AddDays(spring.Start, 49+si%10),
			Organisers: []string{"moral", "safety", "growth"}, Topic: "春季家长会：安全教育与家校共育",
			Invited: total, Attending: total * (90 - 5*profile) / 100}
		if profile != 3 {
			m.LectureSpeaker, m.LectureTopic = lecture.speaker, lecture.topic
		}
		if err := w.demoMeeting(ctx, si, author, m, 18+si%9, min(profile, 2), 1); err != nil {
			return err
		}
		// This autumn's, by class.
		m = store.MeetingFields{TermID: autumn.ID, Scope: parents.ScopeSchool, HeldOn: calendar.AddDays(autumn.Start, 44+si%7),
			Organisers: []string{"moral", "safety", "growth", "division"}, Topic: "秋季学期家长会：习惯养成与心理健康", Classes: counts}
		m.Invited, m.Attending = parents.SumAttendance(counts)
		if profile%2 == 0 {
			l := demoLectures[(si+1)%len(demoLectures)]
			m.LectureSpeaker, m.LectureTopic = l.speaker, l.topic
		}
		if err := w.demoMeeting(ctx, si, author, m, 12+(si*7)%19, profile, 2); err != nil {
			return err
		}
		// A grade's meeting for the top grade in half the schools.
		if si%2 == 0 && len(sc.grades) > 0 {
			g := sc.grades[len(sc.grades)-1]
			size := 0
			for _, c := range g.classes {
				size += max(len(c.students), c.size)
			}
			m = store.MeetingFields{TermID: autumn.ID, Scope: parents.ScopeGrade, GradeLevel: g.level, HeldOn: calendar.AddDays(autumn.Start, 70),
				Organisers: []string{"division", "moral"}, Topic: g.name + "家长会：毕业年级学业规划", Invited: size, Attending: size * 9 / 10}
			if err := w.demoMeeting(ctx, si, author, m, 4+si%4, profile, 3); err != nil {
				return err
			}
		}
		// Class meetings: a few classes, and the demo teacher's.
		j = first
		for _, g := range sc.grades {
			for ci, c := range g.classes {
				classID := classIDs[j]
				j++
				teacher := int64(0)
				for _, d := range c.staff {
					if d.duty == auth.ClassTeacher {
						teacher = userIDs[d.user]
					}
				}
				isDemo := si == 0 && g.level == demoLevel && c.number == demoClass
				if teacher == 0 || (!isDemo && (j-first)%6 != 1) {
					continue
				}
				n := max(len(c.students), c.size)
				m = store.MeetingFields{TermID: autumn.ID, Scope: parents.ScopeClass, ClassID: classID, HeldOn: calendar.AddDays(autumn.Start, 60+ci%5),
					Organisers: []string{"division"}, Topic: c.name + "家长会：期中学习情况交流", Invited: n, Attending: max(n-2-ci%3, 0)}
				if err := w.demoMeeting(ctx, si, teacher, m, 3+ci%3, profile, 4+ci); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// demoMeeting writes one meeting with n opinions; profile says how far the
// school has answered them (0 all, 3 hardly), salt varies the opinions
// between a school's meetings.
func (w *writer) demoMeeting(ctx context.Context, si int, author int64, m store.MeetingFields, n, profile, salt int) error {
	id, err := w.tx.CreateParentMeeting(ctx, store.NewParentMeeting{MeetingFields: m, SchoolID: w.schoolIDs[si], AuthorID: author, LinkToken: demoLinkToken()})
	if err != nil {
		return fmt.Errorf("demo: parent meeting of school %d: %w", si, err)
	}
	day := time.Date(m.HeldOn.Year(), m.HeldOn.Month(), m.HeldOn.Day(), 19, 0, 0, 0, calendar.Shanghai)
	rows := make([]store.OpinionRow, 0, n)
	for i := range n {
		o := demoOpinions[(si*5+salt*11+i*7)%len(demoOpinions)]
		r := store.OpinionRow{Body: o.body, Category: o.category, OwnerOffice: o.owner, Source: "staff", CreatedBy: author,
			CreatedAt: day.Add(time.Duration(i) * time.Minute), State: parents.Pending}
		if i%3 == 1 {
			r.Source = "paste"
		}
		// Parents' opinions from the link: every fourth.
		if i%4 == 3 {
			r.Source, r.CreatedBy, r.Device = "link", 0, fmt.Sprintf("demo-%d-%d-%d", si, salt, i/2)
		}
		answered := false
		switch profile {
		case 0:
			answered = true
		case 1:
			answered = i%10 < 7
		case 2:
			answered = i%10 < 3
		case 3:
			answered = i%10 == 0
		}
		switch {
		case answered:
			r.State, r.Response, r.RespondedBy = parents.Answered, o.response, author
			if profile == 0 || i%2 == 0 {
				r.State = parents.Published
			}
		case r.Source == "link" && profile >= 2:
			r.State = parents.Received // waiting for the office to accept it
		case r.Source == "link" && i%8 == 7:
			r.State = parents.Rejected
		}
		rows = append(rows, r)
	}
	return w.tx.InsertOpinions(ctx, id, rows)
}
