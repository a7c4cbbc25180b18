package demo

import (
	"context"
	"math/rand/v2"
	"time"

	"xietong/internal/calendar"
	"xietong/internal/inspection"
	"xietong/internal/store"
)

// Findings a supervisor writes for an item that fell short, and the
// overall summaries of last year's reports.
var (
	demoFindings = []string{
		"台账资料不完整，部分活动缺少照片与签到表。",
		"记录与实际开展情况基本相符，但部分班级落实不到位。",
		"有计划无总结，过程性材料不足。",
		"特殊群体学生家访记录不够具体，跟进措施不明确。",
		"家长意见回应不够及时，部分意见未形成闭环。",
	}
	demoSummaries = []string{
		"学校高度重视协同育人工作，机制健全，家访和家校沟通扎实，台账规范。建议进一步丰富社会实践活动。",
		"各项工作基本落实，但过程性资料不够完整，部分活动频次不足，需在整改中补齐。",
		"学校协同育人工作有亮点，家长学校运行良好；问题台账跟进不够及时，需加强。",
	}
)

// writeInspections writes the supervisors' year (R23), fixed by each
// school's place in the plan and a random draw of its own (so that the
// plan's other draws are untouched): last school year most schools were
// inspected in the spring term on the year's rubric (the county plan's
// default), scored item by item with findings where they fell short, and
// the report released (some closed); this year a third of the schools are
// scheduled, the first school on the demo's today, so that a supervisor
// can inspect it; this year's rubric is left to be fixed at the first
// scores. Each released inspection has its rectification
// (writeRectifications).
func (w *writer) writeInspections(ctx context.Context, years []calendar.SchoolYear, userIDs []int64) error {
	if len(years) < 2 || len(years[0].Terms) < 2 {
		return nil
	}
	last, this := years[0], years[1]
	sup := userIDs[userSupervisor]
	rb, err := w.tx.YearRubric(ctx, w.countyID, last.ID, inspection.DefaultRubric())
	if err != nil {
		return err
	}
	at := func(d time.Time, hour int) time.Time {
		return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, calendar.Shanghai)
	}
	spring := last.Terms[1]
	office := w.officeAccounts(userIDs)
	for si := range w.p.schools {
		rng := rand.New(rand.NewPCG(500, uint64(si)))
		school := w.schoolIDs[si]
		if si%7 != 6 {
			day := calendar.AddDays(spring.Start, 30+(si*5)%70)
			id, err := w.tx.CreateInspection(ctx, w.countyID, sup, store.InspectionFields{SchoolID: school, SchoolYearID: last.ID,
				Kind: inspection.KindAnnual, ScheduledOn: day, Team: []int64{sup}, Head: sup, Note: "请学校备齐本学年协同育人工作台账与佐证材料。"})
			if err != nil {
				return err
			}
			if err := w.tx.SetInspectionState(ctx, w.countyID, id, 1, inspection.Scheduled, inspection.InProgress, sup, "", at(day, 9)); err != nil {
				return err
			}
			scores := make([]store.ScoreInput, len(rb.Items))
			for i, it := range rb.Items {
				pct := 55 + rng.IntN(46)
				tenths := (it.Max * pct / 100) / 5 * 5 // half points
				scores[i] = store.ScoreInput{ItemID: it.ID, Tenths: &tenths}
				if pct < 75 {
					scores[i].Findings = demoFindings[rng.IntN(len(demoFindings))]
				}
			}
			if err := w.tx.SaveInspectionScores(ctx, w.countyID, id, sup, demoSummaries[si%len(demoSummaries)], scores); err != nil {
				return err
			}
			steps := []struct {
				from, to inspection.State
				at       time.Time
			}{
				{inspection.InProgress, inspection.Scored, at(day, 16)},
				{inspection.Scored, inspection.Released, at(calendar.AddDays(day, 7), 10)},
			}
			if si%4 == 0 {
				steps = append(steps, struct {
					from, to inspection.State
					at       time.Time
				}{inspection.Released, inspection.Closed, at(calendar.AddDays(day, 40), 10)})
			}
			for k, st := range steps {
				if err := w.tx.SetInspectionState(ctx, w.countyID, id, 2+k, st.from, st.to, sup, "", st.at); err != nil {
					return err
				}
			}
			if err := w.writeRectifications(ctx, si, id, school, sup, office[si], day, si%4 == 0); err != nil {
				return err
			}
		}
		if si%3 == 0 {
			f := store.InspectionFields{SchoolID: school, SchoolYearID: this.ID, Kind: inspection.KindAnnual,
				ScheduledOn: calendar.AddDays(demoToday, si/3*7), Team: []int64{sup}, Head: sup}
			if si == 3 {
				f.Kind, f.Topic = inspection.KindSpecial, "寒暑假关爱家访专项"
			}
			if !this.Contains(f.ScheduledOn) {
				continue
			}
			if _, err := w.tx.CreateInspection(ctx, w.countyID, sup, f); err != nil {
				return err
			}
		}
	}
	return nil
}
