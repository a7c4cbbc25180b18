package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/workplan"
)

// Plan is a school's work plan for a term (工作方案, R01). Its state is
// what workplan.Next last decided.
type Plan struct {
	ID, SchoolID, TermID int64
	SchoolName           string
	Township             string
	State                workplan.State
	LeaderFirst          bool
	Sections             workplan.Sections
	CreatedBy            int64
	CreatedAt, UpdatedAt time.Time
	// SubmittedAt: when it last reached the bureau (nil before).
	SubmittedAt *time.Time
}

// Workflow is what workplan.Next needs of the plan.
func (p *Plan) Workflow(items []workplan.Item) workplan.Plan {
	return workplan.Plan{State: p.State, LeaderFirst: p.LeaderFirst, Sections: p.Sections, Items: items}
}

const planColumns = `p.id, p.school_id, p.term_id, sc.name, sc.township, p.state, p.leader_first,
	p.guiding, p.goals, p.measures, p.assurance, p.created_by, p.created_at, p.updated_at, p.submitted_at
	FROM work_plans p JOIN schools sc ON sc.id = p.school_id`

func scanPlan(row pgx.Row) (*Plan, error) {
	var p Plan
	var state string
	err := row.Scan(&p.ID, &p.SchoolID, &p.TermID, &p.SchoolName, &p.Township, &state, &p.LeaderFirst,
		&p.Sections.Guiding, &p.Sections.Goals, &p.Sections.Measures, &p.Sections.Assurance,
		&p.CreatedBy, &p.CreatedAt, &p.UpdatedAt, &p.SubmittedAt)
	if err != nil {
		return nil, err
	}
	p.State = workplan.State(state)
	return &p, nil
}

// PlanByID loads a plan of a school of the county (plans hold no child's
// data; the policy says whose school it is).
func (s *Store) PlanByID(ctx context.Context, countyID, id int64) (*Plan, error) {
	p, err := scanPlan(s.db.QueryRow(ctx, `SELECT `+planColumns+` WHERE p.id = $1 AND sc.county_id = $2`, id, countyID))
	if err != nil {
		return nil, fmt.Errorf("store: plan %d: %w", id, mapErr(err))
	}
	return p, nil
}

// LockPlan loads a plan and locks its row until the transaction ends, so
// that the decision taken on it (workplan.Next, State.Editable) holds when
// the change is written. Call it on the Store given by InTx.
func (s *Store) LockPlan(ctx context.Context, countyID, id int64) (*Plan, error) {
	p, err := scanPlan(s.db.QueryRow(ctx, `SELECT `+planColumns+` WHERE p.id = $1 AND sc.county_id = $2 FOR UPDATE OF p`, id, countyID))
	if err != nil {
		return nil, fmt.Errorf("store: lock plan %d: %w", id, mapErr(err))
	}
	return p, nil
}

// PlanOf loads the school's plan for the term; ErrNotFound if it has none.
func (s *Store) PlanOf(ctx context.Context, schoolID, termID int64) (*Plan, error) {
	p, err := scanPlan(s.db.QueryRow(ctx, `SELECT `+planColumns+` WHERE p.school_id = $1 AND p.term_id = $2`, schoolID, termID))
	if err != nil {
		return nil, fmt.Errorf("store: plan of school %d term %d: %w", schoolID, termID, mapErr(err))
	}
	return p, nil
}

// NewPlan is the input of CreatePlan: a draft, possibly with the sections
// and items carried over from last term's plan (workplan.CarryOver).
type NewPlan struct {
	SchoolID, TermID, CreatedBy int64
	LeaderFirst                 bool
	Sections                    workplan.Sections
	Items                       []workplan.Item
	At                          time.Time
}

// CreatePlan starts the school's plan for the term as a draft and returns
// its id; a plan the school already has for the term is ErrConflict.
func (s *Store) CreatePlan(ctx context.Context, n NewPlan) (int64, error) {
	var id int64
	err := s.InTx(ctx, func(tx *Store) error {
		err := tx.db.QueryRow(ctx, `
			INSERT INTO work_plans (school_id, term_id, leader_first, guiding, goals, measures, assurance, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			n.SchoolID, n.TermID, n.LeaderFirst, n.Sections.Guiding, n.Sections.Goals, n.Sections.Measures, n.Sections.Assurance,
			n.CreatedBy, n.At).Scan(&id)
		if err != nil {
			return fmt.Errorf("store: create plan of school %d: %w", n.SchoolID, mapErr(err))
		}
		for _, it := range n.Items {
			if _, err := tx.AddPlanItem(ctx, id, it); err != nil {
				return err
			}
		}
		return nil
	})
	return id, err
}

// UpdatePlanSections writes the plan's four sections and whether its
// leader approves first. The caller has locked the plan (LockPlan) and
// checked that it is editable.
func (s *Store) UpdatePlanSections(ctx context.Context, planID int64, sec workplan.Sections, leaderFirst bool, at time.Time) error {
	tag, err := s.db.Exec(ctx, `
		UPDATE work_plans SET guiding = $2, goals = $3, measures = $4, assurance = $5, leader_first = $6, updated_at = $7
		WHERE id = $1`, planID, sec.Guiding, sec.Goals, sec.Measures, sec.Assurance, leaderFirst, at)
	if err != nil {
		return fmt.Errorf("store: plan %d sections: %w", planID, mapErr(err))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store: plan %d sections: %w", planID, ErrNotFound)
	}
	return nil
}

// PlanItems lists a plan's items by date.
func (s *Store) PlanItems(ctx context.Context, planID int64) ([]workplan.Item, error) {
	rows, err := s.db.Query(ctx, `
		SELECT id, kind, office, title, planned_on FROM work_plan_items WHERE plan_id = $1 ORDER BY planned_on, id`, planID)
	if err != nil {
		return nil, fmt.Errorf("store: items of plan %d: %w", planID, err)
	}
	var out []workplan.Item
	var it workplan.Item
	_, err = pgx.ForEachRow(rows, []any{&it.ID, &it.Kind, &it.Office, &it.Title, &it.On}, func() error {
		out = append(out, it)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: items of plan %d: %w", planID, err)
	}
	return out, nil
}

// AddPlanItem adds a planned item and returns its id. The caller has
// checked it (workplan.ValidateItem); an unknown kind or office is refused
// here too.
func (s *Store) AddPlanItem(ctx context.Context, planID int64, it workplan.Item) (int64, error) {
	if !workplan.RecordKinds.Valid(it.Kind) || !auth.Office(it.Office).Valid() {
		return 0, fmt.Errorf("store: plan item kind %q office %q", it.Kind, it.Office)
	}
	var id int64
	err := s.db.QueryRow(ctx, `
		INSERT INTO work_plan_items (plan_id, kind, office, title, planned_on) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		planID, it.Kind, it.Office, it.Title, calendar.DateOf(it.On)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: item of plan %d: %w", planID, mapErr(err))
	}
	return id, nil
}

// RemovePlanItem removes an item of the plan; one of another plan is
// ErrNotFound.
func (s *Store) RemovePlanItem(ctx context.Context, planID, itemID int64) error {
	tag, err := s.db.Exec(ctx, `DELETE FROM work_plan_items WHERE id = $1 AND plan_id = $2`, itemID, planID)
	if err != nil {
		return fmt.Errorf("store: remove item %d of plan %d: %w", itemID, planID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store: remove item %d of plan %d: %w", itemID, planID, ErrNotFound)
	}
	return nil
}

// PlanStep is one move of the workflow as workplan.Next decided it.
type PlanStep struct {
	PlanID, ActorID int64
	ActorRole       auth.Role
	Step            workplan.Step
	From, To        workplan.State
	Comment         string
	At              time.Time
	// Snapshot: on a submission, the plan as sent (a new version).
	Snapshot *workplan.Plan
}

// snapshot is a version's JSON: sections and items, dates as civil dates.
type snapshotItem struct {
	Kind   string `json:"kind"`
	Office string `json:"office"`
	Title  string `json:"title"`
	On     string `json:"on"`
}

type snapshotSections struct {
	Guiding   string `json:"guiding"`
	Goals     string `json:"goals"`
	Measures  string `json:"measures"`
	Assurance string `json:"assurance"`
}

// RecordPlanStep writes a step: the plan's new state (refused as
// ErrConflict when the plan is no longer in st.From, a step taken twice),
// the event, and on a submission the version. The time it reached the
// bureau is kept for WaitDays.
func (s *Store) RecordPlanStep(ctx context.Context, st PlanStep) error {
	return s.InTx(ctx, func(tx *Store) error {
		tag, err := tx.db.Exec(ctx, `
			UPDATE work_plans SET state = $2, updated_at = $4,
				submitted_at = CASE WHEN $2 = 'submitted' THEN $4 ELSE submitted_at END
			WHERE id = $1 AND state = $3`, st.PlanID, string(st.To), string(st.From), st.At)
		if err != nil {
			return fmt.Errorf("store: plan %d step %s: %w", st.PlanID, st.Step, mapErr(err))
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("store: plan %d step %s: %w", st.PlanID, st.Step, ErrConflict)
		}
		if _, err := tx.db.Exec(ctx, `
			INSERT INTO work_plan_events (plan_id, actor_id, actor_role, step, from_state, to_state, comment, at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			st.PlanID, st.ActorID, string(st.ActorRole), string(st.Step), string(st.From), string(st.To), st.Comment, st.At); err != nil {
			return fmt.Errorf("store: plan %d event: %w", st.PlanID, mapErr(err))
		}
		if st.Snapshot == nil {
			return nil
		}
		sec := st.Snapshot.Sections
		secJS, err := json.Marshal(snapshotSections{sec.Guiding, sec.Goals, sec.Measures, sec.Assurance})
		if err != nil {
			return fmt.Errorf("store: plan %d version: %w", st.PlanID, err)
		}
		items := make([]snapshotItem, 0, len(st.Snapshot.Items))
		for _, it := range st.Snapshot.Items {
			items = append(items, snapshotItem{it.Kind, it.Office, it.Title, calendar.DateOf(it.On).Format(time.DateOnly)})
		}
		itemsJS, err := json.Marshal(items)
		if err != nil {
			return fmt.Errorf("store: plan %d version: %w", st.PlanID, err)
		}
		if _, err := tx.db.Exec(ctx, `
			INSERT INTO work_plan_versions (plan_id, number, sections, items, submitted_by, submitted_at)
			SELECT $1, coalesce(max(number), 0) + 1, $2, $3, $4, $5 FROM work_plan_versions WHERE plan_id = $1`,
			st.PlanID, secJS, itemsJS, st.ActorID, st.At); err != nil {
			return fmt.Errorf("store: plan %d version: %w", st.PlanID, mapErr(err))
		}
		return nil
	})
}

// PlanVersion is one submission of a plan as it was sent.
type PlanVersion struct {
	Number      int
	Plan        workplan.Plan // Sections and Items only
	SubmittedBy string
	SubmittedAt time.Time
}

// PlanVersions lists a plan's submissions, the latest first.
func (s *Store) PlanVersions(ctx context.Context, planID int64) ([]PlanVersion, error) {
	rows, err := s.db.Query(ctx, `
		SELECT v.number, v.sections, v.items, u.display_name, v.submitted_at
		FROM work_plan_versions v JOIN users u ON u.id = v.submitted_by
		WHERE v.plan_id = $1 ORDER BY v.number DESC`, planID)
	if err != nil {
		return nil, fmt.Errorf("store: versions of plan %d: %w", planID, err)
	}
	var out []PlanVersion
	var v PlanVersion
	var secJS, itemsJS []byte
	_, err = pgx.ForEachRow(rows, []any{&v.Number, &secJS, &itemsJS, &v.SubmittedBy, &v.SubmittedAt}, func() error {
		var sec snapshotSections
		var items []snapshotItem
		if err := json.Unmarshal(secJS, &sec); err != nil {
			return err
		}
		if err := json.Unmarshal(itemsJS, &items); err != nil {
			return err
		}
		r := v
		r.Plan = workplan.Plan{Sections: workplan.Sections{Guiding: sec.Guiding, Goals: sec.Goals, Measures: sec.Measures, Assurance: sec.Assurance}}
		for _, it := range items {
			on, err := calendar.ParseDate(it.On)
			if err != nil {
				return err
			}
			r.Plan.Items = append(r.Plan.Items, workplan.Item{Kind: it.Kind, Office: it.Office, Title: it.Title, On: on})
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: versions of plan %d: %w", planID, err)
	}
	return out, nil
}

// PlanEvent is one step of a plan's history.
type PlanEvent struct {
	ActorName string
	ActorRole auth.Role
	Step      workplan.Step
	From, To  workplan.State
	Comment   string
	At        time.Time
}

// PlanEvents lists a plan's history, the latest first.
func (s *Store) PlanEvents(ctx context.Context, planID int64) ([]PlanEvent, error) {
	rows, err := s.db.Query(ctx, `
		SELECT u.display_name, e.actor_role, e.step, e.from_state, e.to_state, e.comment, e.at
		FROM work_plan_events e JOIN users u ON u.id = e.actor_id
		WHERE e.plan_id = $1 ORDER BY e.at DESC, e.id DESC`, planID)
	if err != nil {
		return nil, fmt.Errorf("store: history of plan %d: %w", planID, err)
	}
	var out []PlanEvent
	var e PlanEvent
	var role, step, from, to string
	_, err = pgx.ForEachRow(rows, []any{&e.ActorName, &role, &step, &from, &to, &e.Comment, &e.At}, func() error {
		r := e
		r.ActorRole, r.Step, r.From, r.To = auth.Role(role), workplan.Step(step), workplan.State(from), workplan.State(to)
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: history of plan %d: %w", planID, err)
	}
	return out, nil
}

// PlanStateRow is where one school of the county stands on its plan for a
// term, for the bureau's page: State is workplan.NotSubmitted (PlanID 0)
// when the school has none.
type PlanStateRow struct {
	SchoolID    int64
	SchoolName  string
	Township    string
	PlanID      int64
	State       workplan.State
	Items       int
	SubmittedAt *time.Time
	UpdatedAt   *time.Time
}

// TermPlanStates lists every active school of the county with its plan's
// state for the term, by school code. It reads the plans by the term index
// and counts items by the plan index.
func (s *Store) TermPlanStates(ctx context.Context, countyID, termID int64) ([]PlanStateRow, error) {
	rows, err := s.db.Query(ctx, `
		SELECT sc.id, sc.name, sc.township, coalesce(p.id, 0), coalesce(p.state, $3),
		       coalesce((SELECT count(*) FROM work_plan_items i WHERE i.plan_id = p.id), 0)::int,
		       p.submitted_at, p.updated_at
		FROM schools sc
		LEFT JOIN work_plans p ON p.school_id = sc.id AND p.term_id = $2
		WHERE sc.county_id = $1 AND sc.archived_at IS NULL
		ORDER BY sc.code`, countyID, termID, string(workplan.NotSubmitted))
	if err != nil {
		return nil, fmt.Errorf("store: plan states of term %d: %w", termID, err)
	}
	var out []PlanStateRow
	var r PlanStateRow
	var state string
	_, err = pgx.ForEachRow(rows, []any{&r.SchoolID, &r.SchoolName, &r.Township, &r.PlanID, &state, &r.Items, &r.SubmittedAt, &r.UpdatedAt}, func() error {
		row := r
		row.State = workplan.State(state)
		// pgx may write a later row's time through the same pointer.
		row.SubmittedAt, row.UpdatedAt = copyTime(r.SubmittedAt), copyTime(r.UpdatedAt)
		out = append(out, row)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: plan states of term %d: %w", termID, err)
	}
	return out, nil
}

func copyTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	c := *t
	return &c
}
