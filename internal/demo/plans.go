package demo

import (
	"context"
	"time"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/store"
	"xietong/internal/workplan"
)

// demoPlanItem is one planned activity of a demo plan: fixed data, days
// after the term's first day, near the day the demo's activities were held
// (demoFullTerm) so that plan against done has something true to match.
type demoPlanItem struct {
	kind   string
	office auth.Office
	day    int
	title  string
}

var demoPlanItems = []demoPlanItem{
	{"pre_term_visits", auth.OfficeMoral, -5, "开学前全员家访"},
	{"class_meeting", auth.OfficeMoral, 2, "开学第一周心理健康、安全教育主题班会"},
	{"law_lecture", auth.OfficeSafety, 8, "法治副校长法治讲座（第一次）"},
	{"prohibited_items", auth.OfficeSafety, 15, "“校园违禁物品”安全教育"},
	{"club", auth.OfficeMoral, 22, "社团活动展示"},
	{"base_practice", auth.OfficeMoral, 36, "红色教育基地社会实践"},
	{"volunteer", auth.OfficeLeague, 43, "团员青年县内志愿服务"},
	{"culture_heritage", auth.OfficeUnion, 50, "“民族文化传承”专题教育"},
	{"parent_meeting", auth.OfficeMoral, 56, "期中全体家长会"},
	{"law_lecture", auth.OfficeSafety, 71, "法治副校长法治讲座（第二次）"},
	{"training", auth.OfficeMoral, 84, "家长协同育人专题培训"},
	{"guidance", auth.OfficeGeneral, 98, "期末家庭教育指导（线上）"},
}

// demoSections is the text of a demo plan, as schools write it.
var demoSections = workplan.Sections{
	Guiding: "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的教育方针，落实立德树人根本任务。\n\n" +
		"坚持学校主导、家庭尽责、社会协同，健全学校家庭社会协同育人机制，促进学生身心健康、全面发展。",
	Goals: "1. 学期前全员家访率达到100%，留守儿童、困境儿童家庭实地家访全覆盖。\n" +
		"2. 开学第一周各班召开主题班会。\n" +
		"3. 每学期至少召开一次全体家长会，家长意见建议件件有回应。\n" +
		"4. 每学期开展社会实践、法治教育和安全教育活动。",
	Measures: "（一）抓实家访。班主任、科任教师分片包干，开学前一周完成全员家访，建立问题台账，及时跟进。\n\n" +
		"（二）开好班会和家长会。德育处统一主题，班主任组织实施；家长会由德育处、安全办、学生成长发展中心共同组织。\n\n" +
		"（三）用好社会资源。组织学生到红色教育基地开展社会实践，校团委组织县内志愿服务，安全办邀请法治副校长开展法治讲座。",
	Assurance: "成立由校长任组长的协同育人工作领导小组，德育处具体负责；\n" +
		"将协同育人工作纳入班主任考核，保障活动经费，做好安全预案。",
}

// demoPlanStates: what each school's plan has come to by the demo's today,
// by its place: most approved, some waiting for the bureau (for days), one
// returned with the reviewer's comment, drafts, none at all, and one that
// went through its leader first.
const (
	demoPlanApproved = iota
	demoPlanWaiting
	demoPlanReturned
	demoPlanApproved2
	demoPlanDraft
	demoPlanLeaderFirst
	demoPlanNone
	demoPlanKinds
)

const demoReturnComment = "法治讲座每学期应安排两次，请补充第二次讲座的时间；家长会请写明组织科室。"

// writePlans files each school's work plan (R01) for the autumn term, fixed
// by the school's place and drawing nothing from the plan's random source.
func (w *writer) writePlans(ctx context.Context, year calendar.SchoolYear, userIDs []int64) error {
	if len(year.Terms) == 0 {
		return nil
	}
	term := year.Terms[0]
	office, leader := map[int]int64{}, map[int]int64{}
	for _, g := range w.p.grants {
		switch {
		case g.school < 0:
		case g.role == auth.SchoolOffice && g.office == auth.OfficeMoral:
			office[g.school] = userIDs[g.user]
		case g.role == auth.SchoolLeader:
			leader[g.school] = userIDs[g.user]
		}
	}
	staff := userIDs[userStaff]
	at := func(day, hour int) time.Time {
		d := calendar.AddDays(term.Start, day)
		return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, calendar.Shanghai)
	}
	for si := range w.p.schools {
		author, ok := office[si]
		if !ok {
			continue
		}
		kind := si % demoPlanKinds
		if kind == demoPlanNone {
			continue
		}
		var items []workplan.Item
		for k, it := range demoPlanItems {
			if kind == demoPlanReturned && k == 9 { // the second lecture the reviewer asks for
				continue
			}
			items = append(items, workplan.Item{Kind: it.kind, Office: string(it.office), Title: it.title,
				On: calendar.AddDays(term.Start, it.day+si%3)})
		}
		sec := demoSections
		if kind == demoPlanDraft {
			sec.Assurance = "" // still being written
			items = items[:5]
		}
		id, err := w.tx.CreatePlan(ctx, store.NewPlan{SchoolID: w.schoolIDs[si], TermID: term.ID, CreatedBy: author,
			LeaderFirst: kind == demoPlanLeaderFirst, Sections: sec, Items: items, At: at(-12, 9)})
		if err != nil {
			return err
		}
		if kind == demoPlanDraft {
			continue
		}
		snap := workplan.Plan{Sections: sec, Items: items}
		step := func(s workplan.Step, by int64, role auth.Role, from, to workplan.State, comment string, when time.Time, snapshot bool) error {
			ps := store.PlanStep{PlanID: id, ActorID: by, ActorRole: role, Step: s, From: from, To: to, Comment: comment, At: when}
			if snapshot {
				ps.Snapshot = &snap
			}
			return w.tx.RecordPlanStep(ctx, ps)
		}
		submitted := at(-3+si%4, 16)
		switch kind {
		case demoPlanWaiting:
			// Sent late, still waiting on the demo's today.
			submitted = time.Date(demoToday.Year(), demoToday.Month(), demoToday.Day(), 10, 0, 0, 0, calendar.Shanghai).AddDate(0, 0, -(2 + si%9))
			err = step(workplan.Submit, author, auth.SchoolOffice, workplan.Draft, workplan.Submitted, "", submitted, true)
		case demoPlanReturned:
			err = step(workplan.Submit, author, auth.SchoolOffice, workplan.Draft, workplan.Submitted, "", submitted, true)
			if err == nil {
				err = step(workplan.Return, staff, auth.BureauStaff, workplan.Submitted, workplan.Returned, demoReturnComment, submitted.AddDate(0, 0, 6), false)
			}
		case demoPlanLeaderFirst:
			err = step(workplan.Submit, author, auth.SchoolOffice, workplan.Draft, workplan.LeaderReview, "", submitted, true)
			if err == nil {
				err = step(workplan.LeaderApprove, leader[si], auth.SchoolLeader, workplan.LeaderReview, workplan.Submitted, "同意报送。", submitted.AddDate(0, 0, 1), false)
			}
			if err == nil {
				err = step(workplan.Approve, staff, auth.BureauStaff, workplan.Submitted, workplan.Approved, "", submitted.AddDate(0, 0, 5), false)
			}
		default: // approved
			err = step(workplan.Submit, author, auth.SchoolOffice, workplan.Draft, workplan.Submitted, "", submitted, true)
			if err == nil {
				err = step(workplan.Approve, staff, auth.BureauStaff, workplan.Submitted, workplan.Approved, "", submitted.AddDate(0, 0, 4+si%3), false)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}
