package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/inspection"
)

// InspectionScore is an item's score and findings as stored. Tenths is nil
// while the item is unscored.
type InspectionScore struct {
	ItemID    int64     `db:"item_id"`
	Tenths    *int      `db:"score_tenths"`
	Findings  string    `db:"findings"`
	UpdatedBy string    `db:"updated_by"`
	UpdatedAt time.Time `db:"updated_at"`
}

// InspectionScores are an inspection's scores by rubric item.
func (s *Store) InspectionScores(ctx context.Context, inspectionID int64) (map[int64]InspectionScore, error) {
	rows, err := s.db.Query(ctx, `
		SELECT sc.item_id, sc.score_tenths, sc.findings, u.display_name AS updated_by, sc.updated_at
		FROM inspection_scores sc JOIN users u ON u.id = sc.updated_by WHERE sc.inspection_id = $1`, inspectionID)
	if err != nil {
		return nil, fmt.Errorf("store: scores of inspection %d: %w", inspectionID, err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[InspectionScore])
	if err != nil {
		return nil, fmt.Errorf("store: scores of inspection %d: %w", inspectionID, err)
	}
	out := make(map[int64]InspectionScore, len(list))
	for _, sc := range list {
		out[sc.ItemID] = sc
	}
	return out, nil
}

// ScoreSheet is the inspection's score sheet for the domain rules: the
// rubric's items and the scores given.
func ScoreSheet(items []RubricItem, scores map[int64]InspectionScore) inspection.Sheet {
	sh := inspection.Sheet{Scores: map[int64]inspection.Points{}}
	for _, it := range items {
		sh.Items = append(sh.Items, it.Rule())
		if sc, ok := scores[it.ID]; ok && sc.Tenths != nil {
			sh.Scores[it.ID] = inspection.Points(*sc.Tenths)
		}
	}
	return sh
}

// ScoreInput is one item's score (nil: unscored) and findings as typed;
// the caller checked it against the item (inspection.CheckScore).
type ScoreInput struct {
	ItemID   int64
	Tenths   *int
	Findings string
}

// SaveInspectionScores writes the scores and findings given, and the
// team's overall summary, on an inspection still being scored (scheduled
// or in progress) whose rubric holds the items: an item of another rubric
// is ErrNotFound, an inspection no longer scorable ErrConflict, and
// nothing is written. An item whose score and findings did not change
// keeps who last wrote it. Use it inside InTx.
func (s *Store) SaveInspectionScores(ctx context.Context, countyID, inspectionID, by int64, summary string, scores []ScoreInput) error {
	tag, err := s.db.Exec(ctx, `
		UPDATE inspections i SET summary = $3, updated_at = now() FROM schools sc
		WHERE i.id = $1 AND sc.id = i.school_id AND sc.county_id = $2 AND i.state IN ('scheduled', 'in_progress') AND i.rubric_id IS NOT NULL`,
		inspectionID, countyID, summary)
	if err != nil {
		return fmt.Errorf("store: scores of inspection %d: %w", inspectionID, err)
	}
	if tag.RowsAffected() == 0 {
		return s.staleOrMissing(ctx, `SELECT 1 FROM inspections i JOIN schools sc ON sc.id = i.school_id WHERE i.id = $1 AND sc.county_id = $2`,
			inspectionID, countyID, "inspection")
	}
	items := make([]int64, len(scores))
	tenths := make([]*int, len(scores))
	findings := make([]string, len(scores))
	for i, sc := range scores {
		items[i], tenths[i], findings[i] = sc.ItemID, sc.Tenths, sc.Findings
	}
	_, err = s.db.Exec(ctx, `
		INSERT INTO inspection_scores (inspection_id, item_id, score_tenths, findings, updated_by)
		SELECT $1, x.item, x.tenths, x.findings, $2
		FROM unnest($3::bigint[], $4::int[], $5::text[]) AS x(item, tenths, findings)
		JOIN inspection_rubric_items it ON it.id = x.item AND it.rubric_id = (SELECT rubric_id FROM inspections WHERE id = $1)
		ON CONFLICT (inspection_id, item_id) DO UPDATE SET score_tenths = excluded.score_tenths, findings = excluded.findings,
			updated_by = excluded.updated_by, updated_at = now()
		WHERE inspection_scores.score_tenths IS DISTINCT FROM excluded.score_tenths OR inspection_scores.findings <> excluded.findings`,
		inspectionID, by, items, tenths, findings)
	if err != nil {
		return fmt.Errorf("store: scores of inspection %d: %w", inspectionID, mapErr(err))
	}
	var known int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM inspection_rubric_items
		WHERE id = ANY($2) AND rubric_id = (SELECT rubric_id FROM inspections WHERE id = $1)`, inspectionID, items).Scan(&known); err != nil {
		return fmt.Errorf("store: scores of inspection %d: %w", inspectionID, err)
	}
	if known != len(items) {
		return fmt.Errorf("store: scores of inspection %d: an item of another rubric: %w", inspectionID, ErrNotFound)
	}
	return nil
}
