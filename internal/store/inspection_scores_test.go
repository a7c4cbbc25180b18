package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"xietong/internal/inspection"
	"xietong/internal/store"
)

// TestInspectionScores: scores go to the items of the inspection's own
// rubric only (another rubric's item writes nothing); an unchanged item
// keeps who wrote it; the sheet adds up; a finished inspection takes no
// more scores.
func TestInspectionScores(t *testing.T) {
	t.Parallel()
	st, db := seeded(t)
	ctx := context.Background()
	if _, err := db.Pool.Exec(ctx, `TRUNCATE inspections, inspection_rubrics CASCADE`); err != nil {
		t.Fatal(err)
	}
	county := one[int64](t, db, `SELECT id FROM counties LIMIT 1`)
	sup := one[int64](t, db, `SELECT id FROM users WHERE username = 'supervisor'`)
	admin := one[int64](t, db, `SELECT id FROM users WHERE username = 'admin'`)
	this := one[int64](t, db, `SELECT id FROM school_years WHERE county_id = $1 AND start_year = 2026`, county)
	last := one[int64](t, db, `SELECT id FROM school_years WHERE county_id = $1 AND start_year = 2025`, county)
	school := one[int64](t, db, `SELECT id FROM schools ORDER BY code LIMIT 1`)
	var rb, other *store.Rubric
	var id int64
	err := st.InTx(ctx, func(tx *store.Store) error {
		var err error
		if rb, err = tx.YearRubric(ctx, county, this, inspection.DefaultRubric()); err != nil {
			return err
		}
		if other, err = tx.YearRubric(ctx, county, last, inspection.DefaultRubric()); err != nil {
			return err
		}
		if id, err = tx.CreateInspection(ctx, county, sup, store.InspectionFields{SchoolID: school, SchoolYearID: this, Kind: "annual",
			ScheduledOn: rb.UpdatedAt, Team: []int64{sup}, Head: sup}); err != nil {
			return err
		}
		return tx.SetInspectionState(ctx, county, id, 1, inspection.Scheduled, inspection.InProgress, sup, "", time.Time{})
	})
	if err != nil {
		t.Fatal(err)
	}
	tenths := func(n int) *int { return &n }
	save := func(by int64, scores ...store.ScoreInput) error {
		return st.InTx(ctx, func(tx *store.Store) error {
			return tx.SaveInspectionScores(ctx, county, id, by, "总体较好", scores)
		})
	}
	if err := save(sup, store.ScoreInput{ItemID: rb.Items[0].ID, Tenths: tenths(45)}, store.ScoreInput{ItemID: other.Items[1].ID, Tenths: tenths(10)}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an item of another rubric: %v", err)
	}
	if n := one[int](t, db, `SELECT count(*) FROM inspection_scores`); n != 0 {
		t.Errorf("a refused save wrote %d scores", n)
	}
	if err := save(sup, store.ScoreInput{ItemID: rb.Items[0].ID, Tenths: tenths(45), Findings: "组长空缺"}, store.ScoreInput{ItemID: rb.Items[1].ID, Tenths: tenths(80)}); err != nil {
		t.Fatal(err)
	}
	// The administrator's save changes item 2 only: item 1 keeps its author.
	if err := save(admin, store.ScoreInput{ItemID: rb.Items[0].ID, Tenths: tenths(45), Findings: "组长空缺"}, store.ScoreInput{ItemID: rb.Items[1].ID}); err != nil {
		t.Fatal(err)
	}
	scores, err := st.InspectionScores(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := scores[rb.Items[0].ID], scores[rb.Items[1].ID]; a.Findings != "组长空缺" || a.UpdatedBy == b.UpdatedBy || b.Tenths != nil {
		t.Errorf("after two saves: %+v %+v", a, b)
	}
	if tl := store.ScoreSheet(rb.Items, scores).Tally(); tl.Total != 45 || tl.Scored != 1 || tl.Max != 1000 || tl.Unscored != len(rb.Items)-1 {
		t.Errorf("the sheet: %+v", tl)
	}
	if got, _ := st.GetInspection(ctx, store.InspectionScope{CountyID: county}, id); got.Summary != "总体较好" {
		t.Errorf("the summary: %q", got.Summary)
	}
	if _, err := db.Pool.Exec(ctx, `UPDATE inspections SET state = 'scored' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if err := save(sup, store.ScoreInput{ItemID: rb.Items[0].ID, Tenths: tenths(50)}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("scoring a finished inspection: %v", err)
	}
}
