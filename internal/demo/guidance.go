package demo

import (
	"context"
	"math/rand/v2"
	"time"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/parents"
	"xietong/internal/store"
)

// demoGuidanceTopics are family-education guidance sessions (家庭教育指导)
// for every parent, a grade or a class.
var demoGuidanceTopics = []string{
	"如何陪伴孩子适应新学期", "做孩子情绪的“稳定器”", "科学规划孩子的课余时间", "远离网络沉迷：家长怎么做",
	"亲子沟通的五个小技巧", "培养孩子良好的阅读习惯", "青春期孩子的心理特点与沟通", "家庭劳动教育从小事做起",
	"寒暑假安全与家庭陪伴", "如何与孩子谈学习压力",
}

// demoGroupTopics are the targeted sessions for each special group (R11).
var demoGroupTopics = map[string]string{
	"left_behind": "隔屏不隔爱：留守儿童的亲情陪伴",
	"hardship":    "困难家庭的家庭教育与资助政策解读",
	"migrant":     "随迁子女融入新环境的家庭支持",
	"disabled":    "残疾儿童的家庭康复与教育支持",
	"orphan":      "孤儿监护人的关爱与陪伴",
}

// demoTrainingTopics are trainings for parents (R22).
var demoTrainingTopics = []struct{ form, topic string }{
	{"topic", "家校社协同育人专题培训"},
	{"class_course", "“家校携手 共育未来”主题班会课"},
	{"topic", "家长如何做好孩子的第一任老师"},
	{"class_course", "“我和爸爸妈妈的约定”主题班会课"},
}

// demoParentSchoolHeads head the demo's parent schools (the principal, as
// the plan has it).
var demoParentSchoolHeads = []string{"王建国", "李秀英", "张志强", "刘红梅", "陈永福", "杨春华", "赵德明"}

var demoGuidanceSpeakers = []string{"心理健康教师 刘芳", "德育处主任 王建国", "县家庭教育讲师团 陈静", "校长 张明", "县妇幼保健院 李医生", "班主任 杨丽"}

// guidanceProfile is how a demo school keeps R09–R11 and R22, by its place
// in the plan (si % 5).
type guidanceProfile struct {
	parentSchool bool
	// quarters: guidance in every quarter of a term; else only its first.
	quarters bool
	// lagging: nothing yet in the current term's running quarter.
	lagging bool
	// groups: the special groups targeted each term ("" none, "left_behind"
	// one, "all" every group the school has students of).
	groups string
	// trainings: per term, oldest first (last autumn, last spring, this
	// autumn).
	trainings [3]int
}

var guidanceProfiles = [5]guidanceProfile{
	{parentSchool: true, quarters: true, groups: "all", trainings: [3]int{1, 1, 1}},                         // keeps the plan
	{parentSchool: true, quarters: true, lagging: true, groups: "left_behind", trainings: [3]int{1, 1, 0}},  // behind this quarter
	{parentSchool: false, quarters: false, groups: "", trainings: [3]int{1, 0, 0}},                          // hardly anything
	{parentSchool: true, quarters: true, groups: "all", trainings: [3]int{1, 1, 2}},                         // more than asked
	{parentSchool: true, quarters: false, lagging: true, groups: "left_behind", trainings: [3]int{1, 1, 0}}, // little this term
}

// writeGuidance records every school's parent school (most of them) and a
// school year of family-education guidance and trainings for parents, from
// last autumn to the demo's today, fixed by the school's place in the plan
// (guidanceProfiles) with its own random source: some schools keep the
// plan, some lag this quarter, some have no parent school, some have no
// training this term; targeted sessions go to the special groups the
// school has students of.
func (w *writer) writeGuidance(ctx context.Context, years []calendar.SchoolYear, classIDs, userIDs []int64) error {
	if len(years) < 2 || len(years[0].Terms) < 2 || len(years[1].Terms) == 0 {
		return nil
	}
	cal := calendar.NewCalendar(years...)
	terms := []calendar.Term{years[0].Terms[0], years[0].Terms[1], years[1].Terms[0]}
	office := map[int]int64{}
	for _, g := range w.p.grants {
		if g.school >= 0 && g.role == auth.SchoolOffice && (g.office == auth.OfficeMoral || office[g.school] == 0) {
			office[g.school] = userIDs[g.user]
		}
	}
	k := 0
	for si, sc := range w.p.schools {
		first := k
		groups := map[string]int{}
		enrolled := 0
		for _, g := range sc.grades {
			k += len(g.classes)
			for _, c := range g.classes {
				enrolled += max(len(c.students), c.size)
				for _, st := range c.students {
					for _, code := range parents.SpecialGroups {
						if hasGroup(st.groups, code) {
							groups[code]++
						}
					}
				}
			}
		}
		author, ok := office[si]
		if !ok || len(sc.grades) == 0 {
			continue
		}
		rng := rand.New(rand.NewPCG(600, uint64(si)))
		prof := guidanceProfiles[si%len(guidanceProfiles)]
		if prof.parentSchool {
			if err := w.tx.SaveParentSchool(ctx, w.schoolIDs[si], author, store.ParentSchoolFields{
				EstablishedOn: calendar.D(2015+si%8, 9, 1), Head: demoParentSchoolHeads[si%len(demoParentSchoolHeads)], Teachers: "德育处主任、心理健康教师、各年级部主任、家长志愿者代表"}); err != nil {
				return err
			}
		}
		add := func(kind, form string, term calendar.Term, d time.Time, topic, audience string, level int, class int64, attending int) error {
			if d.After(demoToday) || !term.Contains(d) {
				return nil
			}
			f := store.GuidanceFields{TermID: term.ID, Form: form, HeldOn: d, Mode: parents.Modes[rng.IntN(len(parents.Modes))].Code,
				Topic: topic, Speaker: demoGuidanceSpeakers[rng.IntN(len(demoGuidanceSpeakers))], Audience: audience,
				GradeLevel: level, ClassID: class, Attending: max(attending, 1)}
			if f.Mode == "offline" {
				f.Invited = f.Attending + rng.IntN(f.Attending/5+2)
			}
			_, err := w.tx.CreateGuidance(ctx, store.NewGuidance{GuidanceFields: f, SchoolID: w.schoolIDs[si], AuthorID: author, Kind: kind})
			return err
		}
		for ti, term := range terms {
			current := ti == len(terms)-1
			qs := cal.QuartersOfTerm(term)
			if !prof.quarters && len(qs) > 1 {
				qs = qs[:1]
			}
			for qi, q := range qs {
				if prof.lagging && current && q.Contains(demoToday) {
					continue
				}
				d := calendar.AddDays(q.Start, rng.IntN(max(q.Days()-3, 1)))
				topic := demoGuidanceTopics[(si+ti*3+qi)%len(demoGuidanceTopics)]
				audience, level, class := "all", 0, int64(0)
				switch rng.IntN(4) {
				case 0:
					g := sc.grades[rng.IntN(len(sc.grades))]
					audience, level = "grade", g.level
				case 1:
					if current {
						audience, class = "class", classIDs[first+rng.IntN(k-first)]
					}
				}
				attending := enrolled * (60 + rng.IntN(30)) / 100
				switch audience {
				case "grade":
					attending = enrolled / len(sc.grades) * 8 / 10
				case "class":
					attending = 30 + rng.IntN(15)
				}
				if err := add(parents.KindGuidance, "", term, d, topic, audience, level, class, attending); err != nil {
					return err
				}
			}
			for _, code := range parents.SpecialGroups {
				if groups[code] == 0 || prof.groups == "" || (prof.groups == "left_behind" && code != "left_behind") {
					continue
				}
				if current && prof.lagging && code != "left_behind" {
					continue
				}
				d := calendar.AddDays(term.Start, 20+rng.IntN(60))
				if err := add(parents.KindGuidance, "", term, d, demoGroupTopics[code], code, 0, 0, groups[code]*(70+rng.IntN(25))/100); err != nil {
					return err
				}
			}
			for n := 0; n < prof.trainings[ti]; n++ {
				t := demoTrainingTopics[(si+ti+n)%len(demoTrainingTopics)]
				d := calendar.AddDays(term.Start, 30+n*25+rng.IntN(20))
				if err := add(parents.KindTraining, t.form, term, d, t.topic, "all", 0, 0, enrolled*(70+rng.IntN(25))/100); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// hasGroup reports whether a student's flags include the special group
// code (a parents.SpecialGroups code).
func hasGroup(g store.SpecialGroups, code string) bool {
	switch code {
	case "left_behind":
		return g.LeftBehind
	case "hardship":
		return g.Hardship
	case "migrant":
		return g.Migrant
	case "disabled":
		return g.Disabled
	case "orphan":
		return g.Orphan
	}
	return false
}
