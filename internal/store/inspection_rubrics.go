package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/inspection"
)

// Rubric is a county's rubric template (评分细则) for one school year, with
// its items in order.
type Rubric struct {
	ID           int64     `db:"id"`
	SchoolYearID int64     `db:"school_year_id"`
	Title        string    `db:"title"`
	Version      int       `db:"version"`
	UpdatedAt    time.Time `db:"updated_at"`
	UpdatedBy    string    `db:"updated_by"`
	// Used: an inspection has been scored on it (rubric_id set), so it is
	// no longer edited.
	Used  bool         `db:"used"`
	Items []RubricItem `db:"-"`
}

// RubricItem is an item of a template as stored.
type RubricItem struct {
	ID       int64    `db:"id"`
	Position int      `db:"position"`
	Group    string   `db:"group_name"`
	Title    string   `db:"title"`
	Max      int      `db:"max_tenths"`
	Guide    string   `db:"guide"`
	Duties   []string `db:"duties"`
}

// Rule is the item as the domain rules see it.
func (it RubricItem) Rule() inspection.Item {
	return inspection.Item{ID: it.ID, Group: it.Group, Title: it.Title, Max: inspection.Points(it.Max), Duties: it.Duties}
}

// RubricByID loads a template of the county with its items.
func (s *Store) RubricByID(ctx context.Context, countyID, id int64) (*Rubric, error) {
	rows, _ := s.db.Query(ctx, `
		SELECT r.id, r.school_year_id, r.title, r.version, r.updated_at, coalesce(u.display_name, '') AS updated_by,
			EXISTS (SELECT 1 FROM inspections i WHERE i.rubric_id = r.id) AS used
		FROM inspection_rubrics r LEFT JOIN users u ON u.id = r.updated_by
		WHERE r.id = $1 AND r.county_id = $2`, id, countyID)
	rb, err := pgx.CollectOneRow(rows, pgx.RowToAddrOfStructByName[Rubric])
	if err != nil {
		return nil, fmt.Errorf("store: rubric %d: %w", id, mapErr(err))
	}
	rows, err = s.db.Query(ctx, `
		SELECT id, position, group_name, title, max_tenths, guide, duties FROM inspection_rubric_items
		WHERE rubric_id = $1 ORDER BY position`, id)
	if err != nil {
		return nil, fmt.Errorf("store: items of rubric %d: %w", id, err)
	}
	if rb.Items, err = pgx.CollectRows(rows, pgx.RowToStructByName[RubricItem]); err != nil {
		return nil, fmt.Errorf("store: items of rubric %d: %w", id, err)
	}
	return rb, nil
}

// RubricOfYear is the county's template for a school year as stored, or,
// when the year has none yet, the one it would start from (ID 0, version
// 0): the latest earlier year's items, a later year's when there is none
// earlier, else defaults. A read: YearRubric stores it.
func (s *Store) RubricOfYear(ctx context.Context, countyID, schoolYearID int64, defaults []inspection.RubricItem) (*Rubric, error) {
	var id int64
	var near *int64
	err := s.db.QueryRow(ctx, `
		SELECT coalesce((SELECT id FROM inspection_rubrics WHERE county_id = $1 AND school_year_id = $2), 0),
			(SELECT r.id FROM inspection_rubrics r JOIN school_years o ON o.id = r.school_year_id, school_years y
			 WHERE r.county_id = $1 AND y.id = $2 AND o.id <> y.id
			 ORDER BY o.start_year > y.start_year, abs(o.start_year - y.start_year) LIMIT 1)`, countyID, schoolYearID).Scan(&id, &near)
	if err != nil {
		return nil, fmt.Errorf("store: rubric of year %d: %w", schoolYearID, err)
	}
	if id != 0 {
		return s.RubricByID(ctx, countyID, id)
	}
	out := &Rubric{SchoolYearID: schoolYearID}
	if near != nil {
		from, err := s.RubricByID(ctx, countyID, *near)
		if err != nil {
			return nil, err
		}
		out.Items = from.Items
		for i := range out.Items {
			out.Items[i].ID = 0
		}
		return out, nil
	}
	for i, it := range defaults {
		out.Items = append(out.Items, RubricItem{Position: i + 1, Group: it.Group, Title: it.Title, Max: int(it.Max), Guide: it.Guide, Duties: it.Duties})
	}
	return out, nil
}

// YearRubric is the county's template for a school year. A year without
// one gets one at its first read: a copy of the latest earlier year's
// (a later year's when there is none earlier), else defaults
// (inspection.DefaultRubric). Use it inside InTx.
func (s *Store) YearRubric(ctx context.Context, countyID, schoolYearID int64, defaults []inspection.RubricItem) (*Rubric, error) {
	var id int64
	err := s.db.QueryRow(ctx, `SELECT id FROM inspection_rubrics WHERE county_id = $1 AND school_year_id = $2`, countyID, schoolYearID).Scan(&id)
	if err == nil {
		return s.RubricByID(ctx, countyID, id)
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("store: rubric of year %d: %w", schoolYearID, err)
	}
	var from *int64
	err = s.db.QueryRow(ctx, `
		INSERT INTO inspection_rubrics (county_id, school_year_id, title)
		SELECT $1, y.id, y.start_year || '—' || (y.start_year + 1) || '学年协同育人督导评分细则' FROM school_years y
		WHERE y.id = $2 AND y.county_id = $1
		ON CONFLICT (county_id, school_year_id) DO UPDATE SET title = inspection_rubrics.title
		RETURNING id, (SELECT r.id FROM inspection_rubrics r JOIN school_years o ON o.id = r.school_year_id, school_years y
			WHERE r.county_id = $1 AND y.id = $2 AND o.id <> y.id
			ORDER BY o.start_year > y.start_year, abs(o.start_year - y.start_year) LIMIT 1)`, countyID, schoolYearID).Scan(&id, &from)
	if err != nil {
		return nil, fmt.Errorf("store: rubric of year %d: %w", schoolYearID, mapErr(err))
	}
	var n int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM inspection_rubric_items WHERE rubric_id = $1`, id).Scan(&n); err != nil {
		return nil, fmt.Errorf("store: rubric of year %d: %w", schoolYearID, err)
	}
	if n == 0 {
		if from != nil {
			_, err = s.db.Exec(ctx, `
				INSERT INTO inspection_rubric_items (rubric_id, position, group_name, title, max_tenths, guide, duties)
				SELECT $1, position, group_name, title, max_tenths, guide, duties FROM inspection_rubric_items WHERE rubric_id = $2`, id, *from)
		} else {
			err = s.insertRubricItems(ctx, id, defaults)
		}
		if err != nil {
			return nil, fmt.Errorf("store: rubric of year %d: %w", schoolYearID, err)
		}
	}
	return s.RubricByID(ctx, countyID, id)
}

func (s *Store) insertRubricItems(ctx context.Context, rubricID int64, items []inspection.RubricItem) error {
	rows := make([][]any, len(items))
	for i, it := range items {
		rows[i] = []any{rubricID, i + 1, it.Group, it.Title, int(it.Max), it.Guide, nonNilStrings(it.Duties)}
	}
	_, err := s.db.CopyFrom(ctx, pgx.Identifier{"inspection_rubric_items"},
		[]string{"rubric_id", "position", "group_name", "title", "max_tenths", "guide", "duties"}, pgx.CopyFromRows(rows))
	return mapErr(err)
}

// SaveRubric replaces a template's title and items if it is still at
// version and no inspection has been scored on it (the caller checked
// inspection.RubricEditable for the year, and the items with
// inspection.CheckRubric). A stale version or a template in use is
// ErrConflict. Use it inside InTx.
func (s *Store) SaveRubric(ctx context.Context, countyID, id int64, version int, title string, items []inspection.RubricItem, by int64) error {
	tag, err := s.db.Exec(ctx, `
		UPDATE inspection_rubrics r SET title = $4, version = version + 1, updated_by = $5, updated_at = now()
		WHERE r.id = $1 AND r.county_id = $2 AND r.version = $3
		  AND NOT EXISTS (SELECT 1 FROM inspections i WHERE i.rubric_id = r.id)`, id, countyID, version, title, by)
	if err != nil {
		return fmt.Errorf("store: save rubric %d: %w", id, mapErr(err))
	}
	if tag.RowsAffected() == 0 {
		return s.staleOrMissing(ctx, `SELECT 1 FROM inspection_rubrics WHERE id = $1 AND county_id = $2`, id, countyID, "rubric")
	}
	if _, err := s.db.Exec(ctx, `DELETE FROM inspection_rubric_items WHERE rubric_id = $1`, id); err != nil {
		return fmt.Errorf("store: save rubric %d: %w", id, err)
	}
	if err := s.insertRubricItems(ctx, id, items); err != nil {
		return fmt.Errorf("store: save rubric %d: %w", id, err)
	}
	return nil
}
