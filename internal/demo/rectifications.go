package demo

import (
	"context"
	"time"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/inspection"
	"xietong/internal/store"
)

// demoRectifications are the problems last year's supervisors asked the
// schools to rectify.
var demoRectifications = []struct{ problem, office string }{
	{"家访记录不完整，部分留守儿童假期家访缺少照片与家长签字。", string(auth.OfficeMoral)},
	{"家长会意见建议未逐条回应，未形成答复台账。", string(auth.OfficeMoral)},
	{"法治讲座未按计划开展，缺少过程性材料。", string(auth.OfficeSafety)},
	{"家长学校授课记录不全，本学期仅开展一次指导。", string(auth.OfficeMoral)},
}

// writeRectifications gives one of last year's released inspections its
// rectification (#18 item 4), set a week after the visit with a month to
// report: in a closed inspection every item was reported and accepted
// before it closed; in every third school still open one item is owed
// long past its deadline; in every fifth a report waits for the
// supervisor; the rest were accepted.
func (w *writer) writeRectifications(ctx context.Context, si int, inspectionID, schoolID, sup, office int64, day time.Time, closed bool) error {
	if office == 0 {
		return nil
	}
	at := func(d time.Time) time.Time {
		return time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, calendar.Shanghai)
	}
	n := 1 + si%2
	for k := range n {
		r := demoRectifications[(si+k)%len(demoRectifications)]
		id, err := w.tx.CreateRectification(ctx, store.NewRectification{InspectionID: inspectionID, SchoolID: schoolID,
			Problem: r.problem, OwnerOffice: r.office, Deadline: calendar.AddDays(day, 37), By: sup})
		if err != nil {
			return err
		}
		owed := !closed && si%3 == 0 && k == 0
		if owed {
			continue
		}
		if err := w.tx.StepRectification(ctx, store.RectStep{ID: id, Version: 1, From: inspection.RectOpen, To: inspection.RectSubmitted,
			Step: inspection.Report, Body: "已按要求完成整改，补齐相关台账与佐证材料。", By: office, At: at(calendar.AddDays(day, 20+k))}); err != nil {
			return err
		}
		if !closed && si%5 == 0 {
			continue // waits for the supervisor
		}
		if err := w.tx.StepRectification(ctx, store.RectStep{ID: id, Version: 2, From: inspection.RectSubmitted, To: inspection.RectAccepted,
			Step: inspection.Accept, Body: "整改到位。", By: sup, At: at(calendar.AddDays(day, 25+k))}); err != nil {
			return err
		}
	}
	return nil
}
