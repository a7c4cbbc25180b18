package store_test

import (
	"context"
	"errors"
	"testing"

	"xietong/internal/inspection"
	"xietong/internal/store"
)

// TestRubrics: a year without a template gets the defaults; the next year
// starts as a copy of it; saving replaces the items at the current version
// only; once an inspection is scored on a template it is kept as it was.
func TestRubrics(t *testing.T) {
	t.Parallel()
	st, db := seeded(t)
	ctx := context.Background()
	if _, err := db.Pool.Exec(ctx, `TRUNCATE inspections, inspection_rubrics CASCADE`); err != nil {
		t.Fatal(err)
	}
	county := one[int64](t, db, `SELECT id FROM counties LIMIT 1`)
	sup := one[int64](t, db, `SELECT id FROM users WHERE username = 'supervisor'`)
	last := one[int64](t, db, `SELECT id FROM school_years WHERE county_id = $1 AND start_year = 2025`, county)
	this := one[int64](t, db, `SELECT id FROM school_years WHERE county_id = $1 AND start_year = 2026`, county)
	year := func(id int64) *store.Rubric {
		var rb *store.Rubric
		if err := st.InTx(ctx, func(tx *store.Store) error {
			var err error
			rb, err = tx.YearRubric(ctx, county, id, inspection.DefaultRubric())
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return rb
	}
	a := year(last)
	if len(a.Items) != len(inspection.DefaultRubric()) || a.Used || a.Version != 1 || a.Items[0].Position != 1 || len(a.Items[0].Duties) == 0 {
		t.Fatalf("the first year's template: %d items %+v", len(a.Items), a)
	}
	if again := year(last); again.ID != a.ID {
		t.Errorf("a second read made another template")
	}
	items := []inspection.RubricItem{{Group: "组织领导", Title: "领导小组", Max: 400, Duties: []string{"R21"}},
		{Group: "家访", Title: "全员家访", Max: 600, Guide: "按覆盖率", Duties: []string{"R02", "R03"}}}
	save := func(id int64, version int) error {
		return st.InTx(ctx, func(tx *store.Store) error { return tx.SaveRubric(ctx, county, id, version, "新细则", items, sup) })
	}
	if err := save(a.ID, 9); !errors.Is(err, store.ErrConflict) {
		t.Errorf("a stale save: %v", err)
	}
	if err := save(a.ID, 1); err != nil {
		t.Fatal(err)
	}
	a, err := st.RubricByID(ctx, county, a.ID)
	if err != nil || a.Title != "新细则" || a.Version != 2 || len(a.Items) != 2 || a.Items[1].Max != 600 || a.Items[1].Guide != "按覆盖率" || a.UpdatedBy == "" {
		t.Fatalf("after the save: %+v %v", a, err)
	}
	// The next year copies the last one's items.
	b := year(this)
	if b.ID == a.ID || len(b.Items) != 2 || b.Items[0].Title != "领导小组" {
		t.Errorf("the next year's template: %+v", b)
	}
	// Scored on, the template stays as it was.
	if _, err := db.Pool.Exec(ctx, `INSERT INTO inspections (school_id, school_year_id, kind, scheduled_on, state, rubric_id, created_by)
		SELECT id, $1, 'annual', '2026-05-10', 'in_progress', $2, $3 FROM schools ORDER BY id LIMIT 1`, last, a.ID, sup); err != nil {
		t.Fatal(err)
	}
	if a, _ := st.RubricByID(ctx, county, a.ID); !a.Used {
		t.Error("a template scored on is not marked used")
	}
	if err := save(a.ID, 2); !errors.Is(err, store.ErrConflict) {
		t.Errorf("saving a template in use: %v", err)
	}
	if _, err := st.RubricByID(ctx, county+1000, a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another county's read: %v", err)
	}
}

// TestRubricOfYear: reading a year without a template stores nothing and
// offers the nearest year's items, or the defaults.
func TestRubricOfYear(t *testing.T) {
	t.Parallel()
	st, db := seeded(t)
	ctx := context.Background()
	if _, err := db.Pool.Exec(ctx, `TRUNCATE inspections, inspection_rubrics CASCADE`); err != nil {
		t.Fatal(err)
	}
	county := one[int64](t, db, `SELECT id FROM counties LIMIT 1`)
	this := one[int64](t, db, `SELECT id FROM school_years WHERE county_id = $1 AND start_year = 2026`, county)
	last := one[int64](t, db, `SELECT id FROM school_years WHERE county_id = $1 AND start_year = 2025`, county)
	rb, err := st.RubricOfYear(ctx, county, this, inspection.DefaultRubric())
	if err != nil || rb.ID != 0 || len(rb.Items) != len(inspection.DefaultRubric()) {
		t.Fatalf("no template anywhere: %+v %v", rb, err)
	}
	if n := one[int](t, db, `SELECT count(*) FROM inspection_rubrics`); n != 0 {
		t.Errorf("a read stored %d templates", n)
	}
	if _, err := db.Pool.Exec(ctx, `
		WITH r AS (INSERT INTO inspection_rubrics (county_id, school_year_id, title) VALUES ($1, $2, '去年') RETURNING id)
		INSERT INTO inspection_rubric_items (rubric_id, position, group_name, title, max_tenths) SELECT id, 1, '组', '去年的一项', 1000 FROM r`,
		county, last); err != nil {
		t.Fatal(err)
	}
	if rb, err := st.RubricOfYear(ctx, county, this, inspection.DefaultRubric()); err != nil || rb.ID != 0 || len(rb.Items) != 1 || rb.Items[0].Title != "去年的一项" || rb.Items[0].ID != 0 {
		t.Errorf("offered from last year: %+v %v", rb, err)
	}
}
