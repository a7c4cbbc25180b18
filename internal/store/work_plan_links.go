package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/calendar"
	"xietong/internal/workplan"
)

// The types of record a planned item can be linked to. A new kind of
// record (a feature's table) adds its type here and its branch to
// PlanRecords' query.
const (
	// RecordActivity: a practice and education activity (activities).
	RecordActivity = "activity"
	// RecordClassMeeting: a day's themed class meetings of the school,
	// named by the first of them (class_meetings).
	RecordClassMeeting = "class_meeting"
	// RecordParentMeeting: a parent meeting (parent_meetings).
	RecordParentMeeting = "parent_meeting"
	// RecordPreTerm: the school's pre-term visits of the term (coverage of
	// the pre-term window, whose id is the term's).
	RecordPreTerm = "pre_term"
	// RecordVacation: the school's visits of the vacation that follows the
	// term (coverage of the vacation window).
	RecordVacation = "vacation"
)

var recordTypes = []string{RecordActivity, RecordClassMeeting, RecordParentMeeting, RecordPreTerm, RecordVacation}

// RecordKey is a record's id for workplan.Propose: unique across the
// record types (the type's place in the high bits).
func RecordKey(typ string, id int64) int64 {
	return int64(slices.Index(recordTypes, typ)+1)<<48 | id
}

// ValidRecordType reports whether typ is a type of record PlanRecords lists.
func ValidRecordType(typ string) bool { return slices.Contains(recordTypes, typ) }

// PlanRecord is a record of the school's term that may fulfil a planned
// item: its workplan.Record (ID is RecordKey(Type, RecordID), Kind a
// workplan.RecordKinds code) and what the page shows of it.
type PlanRecord struct {
	workplan.Record
	Type     string
	RecordID int64
	Title    string
}

// PlanRecords lists the school's records of the term that planned items
// can be matched with (workplan.Propose), by date: its activities, its days
// of themed class meetings, its parent meetings (once for each organising
// office), and its pre-term and following vacation visits when any were
// made. This one query is where a new kind of record joins plan against
// done. Each branch reads its table's (school, term) index.
func (s *Store) PlanRecords(ctx context.Context, schoolID int64, term calendar.Term) ([]PlanRecord, error) {
	rows, err := s.db.Query(ctx, `
		SELECT 'activity', a.id, a.kind, a.office, a.held_on, a.title, 0, 0
		FROM activities a WHERE a.school_id = $1 AND a.term_id = $2
		UNION ALL
		SELECT 'class_meeting', min(m.id), 'class_meeting', 'moral', m.held_on, '', count(*)::int, 0
		FROM class_meetings m WHERE m.school_id = $1 AND m.term_id = $2 GROUP BY m.held_on
		UNION ALL
		SELECT 'parent_meeting', p.id, 'parent_meeting', o.office, p.held_on, p.topic, 0, 0
		FROM parent_meetings p CROSS JOIN LATERAL unnest(p.organisers) AS o(office)
		WHERE p.school_id = $1 AND p.term_id = $2
		UNION ALL
		SELECT w.kind, w.window_id, w.kind, 'moral', CASE WHEN w.kind = 'pre_term' THEN w.ends_on ELSE w.starts_on END, '',
		       CASE WHEN w.kind = 'pre_term' THEN cs.onsite + cs.video + cs.phone ELSE cs.fl_onsite END,
		       CASE WHEN w.kind = 'pre_term' THEN cs.enrolled ELSE cs.fl END
		FROM coverage_windows w
		JOIN coverage_schools cs ON cs.window_kind = w.kind AND cs.window_id = w.window_id AND cs.school_id = $1
		WHERE ((w.kind = 'pre_term' AND w.window_id = $2) OR (w.kind = 'vacation' AND w.starts_on BETWEEN $3 AND $4))
		  AND cs.onsite + cs.video + cs.phone > 0
		ORDER BY 5, 1, 2`, schoolID, term.ID, calendar.DateOf(term.End), calendar.AddDays(term.End, workplan.MatchDays))
	if err != nil {
		return nil, fmt.Errorf("store: plan records of school %d: %w", schoolID, err)
	}
	var out []PlanRecord
	var r PlanRecord
	var kind, office string
	var n, of int
	_, err = pgx.ForEachRow(rows, []any{&r.Type, &r.RecordID, &kind, &office, &r.On, &r.Title, &n, &of}, func() error {
		rec := r
		rec.ID, rec.Office = RecordKey(r.Type, r.RecordID), office
		switch r.Type {
		case RecordActivity:
			rec.Kind = workplan.ActivityKind(kind)
		case RecordClassMeeting:
			rec.Kind, rec.Title = "class_meeting", strconv.Itoa(n)+" 个班开主题班会"
		case RecordParentMeeting:
			rec.Kind = "parent_meeting"
		case RecordPreTerm:
			rec.Kind, rec.Title = "pre_term_visits", "学期前家访：已访 "+strconv.Itoa(n)+"/"+strconv.Itoa(of)+" 名学生"
		case RecordVacation:
			rec.Kind, rec.Title = "vacation_visits", "假期关爱家访：实地走访 "+strconv.Itoa(n)+"/"+strconv.Itoa(of)+" 名特殊群体学生"
		}
		out = append(out, rec)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: plan records of school %d: %w", schoolID, err)
	}
	return out, nil
}

// PlanLink is the record confirmed as fulfilling a planned item.
type PlanLink struct {
	ItemID   int64
	Type     string
	RecordID int64
	LinkedBy string
	LinkedAt time.Time
}

// Key is the linked record's RecordKey.
func (l PlanLink) Key() int64 { return RecordKey(l.Type, l.RecordID) }

// PlanLinks lists the plan's confirmed links.
func (s *Store) PlanLinks(ctx context.Context, planID int64) ([]PlanLink, error) {
	rows, err := s.db.Query(ctx, `
		SELECT l.item_id, l.record_type, l.record_id, u.display_name, l.linked_at
		FROM work_plan_links l JOIN users u ON u.id = l.linked_by
		WHERE l.plan_id = $1 ORDER BY l.item_id`, planID)
	if err != nil {
		return nil, fmt.Errorf("store: links of plan %d: %w", planID, err)
	}
	var out []PlanLink
	var l PlanLink
	_, err = pgx.ForEachRow(rows, []any{&l.ItemID, &l.Type, &l.RecordID, &l.LinkedBy, &l.LinkedAt}, func() error {
		out = append(out, l)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: links of plan %d: %w", planID, err)
	}
	return out, nil
}

// LinkPlanItem records that the record (typ, recordID) fulfilled the
// plan's item. The caller has checked that the record was proposed for the
// item (workplan.Propose over PlanRecords). An item of another plan is
// ErrNotFound; an item already linked, or a record already fulfilling
// another item, ErrConflict.
func (s *Store) LinkPlanItem(ctx context.Context, planID, itemID int64, typ string, recordID, by int64, at time.Time) error {
	if !ValidRecordType(typ) {
		return fmt.Errorf("store: plan record type %q", typ)
	}
	tag, err := s.db.Exec(ctx, `
		INSERT INTO work_plan_links (item_id, plan_id, record_type, record_id, linked_by, linked_at)
		SELECT i.id, i.plan_id, $3, $4, $5, $6 FROM work_plan_items i WHERE i.id = $2 AND i.plan_id = $1`,
		planID, itemID, typ, recordID, by, at)
	if err != nil {
		return fmt.Errorf("store: link item %d of plan %d: %w", itemID, planID, mapErr(err))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store: link item %d of plan %d: %w", itemID, planID, ErrNotFound)
	}
	return nil
}

// UnlinkPlanItem removes the item's link; an item without one (or of
// another plan) is ErrNotFound.
func (s *Store) UnlinkPlanItem(ctx context.Context, planID, itemID int64) error {
	tag, err := s.db.Exec(ctx, `DELETE FROM work_plan_links WHERE item_id = $1 AND plan_id = $2`, itemID, planID)
	if err != nil {
		return fmt.Errorf("store: unlink item %d of plan %d: %w", itemID, planID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store: unlink item %d of plan %d: %w", itemID, planID, ErrNotFound)
	}
	return nil
}
