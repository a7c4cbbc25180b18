package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/store"
	"xietong/internal/visit"
)

// streamVisits draws the home visits and the ledger.
const streamVisits = 0x5eed_0004

// demoToday is the demo's "today" (the server tests' clock too): inside
// the first term of 2026—2027, three months after its pre-term visits.
var demoToday = calendar.D(2026, 11, 29)

// Texts of the generated visits: short, plausible, varied.
var (
	metTexts   = []string{"母亲", "父亲", "父母", "祖母", "祖父", "外婆", "祖父母", "姑姑"}
	studyTexts = []string{"作业能按时完成，数学计算较粗心。", "学习习惯较好，喜欢阅读。", "上课注意力不够集中，需要家长督促。",
		"成绩中等，语文进步明显。", "英语基础较弱，家长无力辅导。", "学习主动，作业书写工整。"}
	lifeTexts = []string{"作息规律，能帮家里做家务。", "周末常看手机到很晚。", "饮食正常，身体健康。",
		"由祖辈照顾，生活起居基本能自理。", "住校生，周末回家。", "家里离学校较远，步行上学约40分钟。"}
	mindTexts = []string{"性格开朗，和同学相处融洽。", "比较内向，不愿主动表达。", "近期情绪有些低落。",
		"自信心不足，遇到困难容易放弃。", "乐于助人，有集体荣誉感。"}
	familyTexts = []string{"父母在外务工，由祖父母照看。", "父母在县城工作，家庭和睦。", "单亲家庭，母亲独自抚养。",
		"家中有两个孩子，经济条件一般。", "父亲务农，母亲在镇上打零工。", "家庭经济困难，享受低保。"}
	adviceTexts = []string{"每天固定时间检查作业，多鼓励少批评。", "控制孩子使用手机的时间，周末多陪伴。",
		"多与孩子沟通，关注情绪变化。", "保持与班主任的联系，及时反馈孩子在家表现。", "培养孩子阅读习惯，每天阅读半小时。"}
	requestTexts = []string{"希望老师多关注孩子的学习。", "希望学校加强课后服务。", "无。", "希望了解孩子在校表现。",
		"希望学校帮助申请资助。"}
	interventionTexts = []string{"与学生个别谈心，了解近况。", "电话联系家长，沟通在家表现。", "请心理老师进行辅导。",
		"安排同学结对帮扶。", "约家长到校面谈，共同制定改进计划。", "再次家访，了解家庭情况变化。", "在班会课上开展相关主题教育。"}
	closingTexts = []string{"学生情绪稳定，与家长沟通顺畅，问题已化解。", "经多次沟通，亲子关系明显改善。",
		"学生作息恢复正常，成绩有所提高。", "已申请资助，家庭困难有所缓解。"}
	referralTexts = []string{"已转介县心理健康教育中心跟进。", "已转介乡镇社工站持续关注。"}
)

// problemWeights: how often each category is found (other left out: it
// needs a text).
var problemWeights = []struct {
	code string
	w    float64
}{
	{"negative_mood", 25}, {"parent_child", 20}, {"homework", 18}, {"internet", 15},
	{"peer", 8}, {"living", 9}, {"teacher_student", 5},
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func pickProblem(r *rand.Rand) string {
	sum := 0.0
	for _, p := range problemWeights {
		sum += p.w
	}
	x := r.Float64() * sum
	for _, p := range problemWeights {
		if x < p.w {
			return p.code
		}
		x -= p.w
	}
	return problemWeights[0].code
}

func randomDate(r *rand.Rand, from, to time.Time) time.Time {
	n := calendar.DaysBetween(from, to)
	if n <= 0 {
		return calendar.DateOf(from)
	}
	return calendar.AddDays(from, r.IntN(n+1))
}

// visitGen builds the visits and ledger entries of the demo county.
type visitGen struct {
	r      *rand.Rand
	cal    calendar.Calendar
	visits []demoVisit
	// open marks a student's categories with an open entry: a student has
	// at most one open entry per category.
	open map[openKey]bool
	// school and term: the school of the visits being drawn and the
	// current term (whose class teacher becomes an entry's owner).
	school, term int64
}

// demoVisit is a visit to log and, when it finds a problem, what then
// happened to the ledger entry it opens.
type demoVisit struct {
	nv    store.NewVisit
	entry *demoEntry
}

// demoEntry is the later life of a ledger entry: its risk and follow-up
// date as assigned, its interventions, and its closing.
type demoEntry struct {
	category      string
	risk          string
	followUp      *time.Time
	interventions []demoAction
	closed        *demoAction // resolved or referred, with its note
	status        string      // for closed: resolved or referred
}

type demoAction struct {
	on    time.Time
	actor int64
	note  string
}

type openKey struct {
	student  int64
	category string
}

// writeVisits seeds this term's pre-term visits (about 85% done, varying
// by school and class), last winter's vacation visits of left-behind and
// hardship children, some routine visits, and the ledger entries of the
// problems found, in every status, some overdue on demoToday.
func (w *writer) writeVisits(ctx context.Context, years []calendar.SchoolYear, userIDs []int64) error {
	p := w.p
	g := &visitGen{r: rand.New(rand.NewPCG(w.opt.Seed, streamVisits)), cal: calendar.NewCalendar(years...), open: map[openKey]bool{}}
	ids, err := w.tx.StudentIDsByNumber(ctx, w.countyID)
	if err != nil {
		return err
	}
	autumn, ok1 := g.cal.TermAt(calendar.D(currentYear, 10, 1))
	winter, ok2 := g.cal.VacationAt(calendar.D(currentYear, 2, 1))
	if !ok1 || !ok2 {
		return fmt.Errorf("demo: calendar lacks the autumn term or last winter")
	}
	g.school, g.term = 0, autumn.ID
	pre := calendar.PreTermWindow(autumn)
	winterWin := calendar.VacationWindow(winter)
	for si, sc := range p.schools {
		g.school = w.schoolIDs[si]
		// Schools differ: most are close to done, a few lag behind.
		rate := 0.78 + 0.2*g.r.Float64()
		if g.r.Float64() < 0.15 {
			rate = 0.55 + 0.2*g.r.Float64()
		}
		if si == 0 {
			rate = 0.85
		}
		for _, gr := range sc.grades {
			for _, c := range gr.classes {
				var teacher, companion int64
				for _, d := range c.staff {
					switch {
					case d.duty == auth.ClassTeacher:
						teacher = userIDs[d.user]
					case companion == 0 && d.user != userSubject:
						companion = userIDs[d.user]
					}
				}
				classRate := min(rate+0.1*(g.r.Float64()-0.5), 1)
				demoClass := si == 0 && gr.level == demoLevel && c.number == demoClass
				if demoClass {
					// The demo teacher has work left to do.
					classRate = 0.75
				}
				for k, st := range c.students {
					sid := ids[st.number]
					if sid == 0 || teacher == 0 {
						continue
					}
					visited := g.r.Float64() < classRate
					if demoClass && k < 3 {
						visited = false
					}
					if visited {
						g.visit(sid, teacher, companion, randomDate(g.r, pre.Start, pre.End), "pre_term", g.mode(0.75, 0.15))
					}
					if st.groups.LeftBehind || st.groups.Hardship {
						if g.r.Float64() < 0.9 {
							g.visit(sid, teacher, 0, randomDate(g.r, winterWin.Start, calendar.AddDays(winterWin.End, -8)), "vacation", g.mode(0.92, 0.05))
						}
					}
					if g.r.Float64() < 0.04 {
						g.visit(sid, teacher, 0, randomDate(g.r, calendar.D(currentYear, 9, 7), calendar.AddDays(demoToday, -1)), "routine", g.mode(0.5, 0.2))
					}
				}
			}
		}
	}
	return g.write(ctx, w.tx)
}

// write logs the visits through the store's one write path for a visit
// (CreateVisit: visit_log, which opens the ledger entries of the problems
// found) and then takes each entry through the steps a person would
// (StepLedger), in the order drawn, so that a later visit about a problem
// already closed opens a new entry as it would in use.
func (g *visitGen) write(ctx context.Context, tx *store.Store) error {
	for _, v := range g.visits {
		id, out, err := tx.CreateVisit(ctx, v.nv)
		if err != nil {
			return err
		}
		if v.entry == nil {
			continue
		}
		if out.Opened != 1 {
			return fmt.Errorf("demo: visit %d opened %d ledger entries, want 1", id, out.Opened)
		}
		entry, err := tx.LedgerEntryOfVisit(ctx, id, v.nv.StudentIDs[0], v.entry.category)
		if err != nil {
			return err
		}
		if err := v.entry.steps(ctx, tx, entry, v.nv.AuthorID, v.nv.Date); err != nil {
			return err
		}
	}
	return nil
}

// steps applies the entry's assignment, interventions and closing.
func (e *demoEntry) steps(ctx context.Context, tx *store.Store, id, teacher int64, found time.Time) error {
	version, status := 1, "open"
	step := func(st store.LedgerStep) error {
		st.EntryID, st.Version, st.From = id, version, status
		if to, ok := visit.Step(st.Kind, status, st.Status); ok {
			status = to
		}
		version++
		return tx.StepLedger(ctx, st)
	}
	if e.risk != "normal" || e.followUp != nil {
		if err := step(store.LedgerStep{Kind: "assigned", ActorID: teacher, On: found, Risk: e.risk, FollowUp: e.followUp}); err != nil {
			return err
		}
	}
	for _, a := range e.interventions {
		if err := step(store.LedgerStep{Kind: "intervention", ActorID: a.actor, On: a.on, Note: a.note}); err != nil {
			return err
		}
	}
	if c := e.closed; c != nil {
		return step(store.LedgerStep{Kind: "closed", ActorID: c.actor, On: c.on, Note: c.note, Status: e.status})
	}
	return nil
}

// mode draws 实地 with probability onsite, 视频 with video, else 电话.
func (g *visitGen) mode(onsite, video float64) string {
	x := g.r.Float64()
	switch {
	case x < onsite:
		return "onsite"
	case x < onsite+video:
		return "video"
	}
	return "phone"
}

// visit adds a visit and, for about one in nine, a problem with its
// ledger entry in a status that fits its age.
func (g *visitGen) visit(student, teacher, companion int64, date time.Time, kind, mode string) {
	r := g.r
	termID, vacID := visit.Periods(g.cal, date)
	nv := store.NewVisit{
		SchoolID: g.school, AuthorID: teacher, StudentIDs: []int64{student}, CurrentTermID: g.term,
		// Logged on the evening of the visit.
		CreatedAt: time.Date(date.Year(), date.Month(), date.Day(), 18, 0, 0, 0, calendar.Shanghai),
		VisitFields: store.VisitFields{
			Date: date, TermID: termID, VacationID: vacID, Mode: mode, Kind: kind,
			LeaderJoined: r.Float64() < 0.08,
			Met:          pick(r, metTexts), Study: pick(r, studyTexts), Life: pick(r, lifeTexts), Mind: pick(r, mindTexts),
			Family: pick(r, familyTexts), Advice: pick(r, adviceTexts), Requests: pick(r, requestTexts),
		},
	}
	if companion != 0 && companion != teacher && r.Float64() < 0.3 {
		nv.Companions = []int64{companion}
	}
	g.visits = append(g.visits, demoVisit{nv: nv})
	if r.Float64() >= 0.11 {
		return
	}
	cat := pickProblem(r)
	if g.open[openKey{student, cat}] {
		return
	}
	last := &g.visits[len(g.visits)-1]
	last.nv.Problems = []string{cat}
	e := &demoEntry{category: cat, risk: "normal"}
	switch x := r.Float64(); {
	case x < 0.08:
		e.risk = "key"
	case x < 0.3:
		e.risk = "watch"
	}
	age := calendar.DaysBetween(date, demoToday)
	// Older entries are more often closed.
	closedShare, referredShare := 0.35, 0.05
	if age > 120 {
		closedShare, referredShare = 0.6, 0.12
	}
	x := r.Float64()
	steps := 0
	switch {
	case x < closedShare:
		e.status, steps = "resolved", 1+r.IntN(3)
	case x < closedShare+referredShare:
		e.status, steps = "referred", 1+r.IntN(2)
	case x < 0.82:
		e.status, steps = "following", 1+r.IntN(3)
	default:
		e.status = "open"
	}
	lastOn := date
	for i := 0; i < steps; i++ {
		room := calendar.DaysBetween(lastOn, calendar.AddDays(demoToday, -1))
		if room <= 0 {
			break
		}
		lastOn = calendar.AddDays(lastOn, 1+r.IntN(min(room, 20)))
		e.interventions = append(e.interventions, demoAction{on: lastOn, actor: teacher, note: pick(r, interventionTexts)})
	}
	switch e.status {
	case "resolved", "referred":
		closed := calendar.AddDays(lastOn, r.IntN(5))
		if closed.After(demoToday) {
			closed = demoToday
		}
		note := pick(r, closingTexts)
		if e.status == "referred" {
			note = pick(r, referralTexts)
		}
		e.closed = &demoAction{on: closed, actor: teacher, note: note}
	default:
		// A follow-up date a week or three after the last action: some
		// fall before demoToday, and those entries are overdue.
		fu := calendar.AddDays(lastOn, 7+r.IntN(21))
		e.followUp = &fu
		if e.status == "open" && len(e.interventions) > 0 {
			e.status = "following"
		}
		g.open[openKey{student, cat}] = true
	}
	last.entry = e
}
