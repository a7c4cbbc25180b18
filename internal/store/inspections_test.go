package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"xietong/internal/calendar"
	"xietong/internal/inspection"
	"xietong/internal/store"
)

// TestInspections: the supervisor schedules two schools with a team of
// supervisors (anyone else refused); the lists filter by year, state and
// school; a school's staff read their own only once released; a stale edit
// is a conflict; the year's view says who is done, planned or neither.
func TestInspections(t *testing.T) {
	t.Parallel()
	st, db := seeded(t)
	ctx := context.Background()
	if _, err := db.Pool.Exec(ctx, `TRUNCATE inspections CASCADE`); err != nil {
		t.Fatal(err)
	}
	county := one[int64](t, db, `SELECT id FROM counties LIMIT 1`)
	sup := one[int64](t, db, `SELECT id FROM users WHERE username = 'supervisor'`)
	teacher := one[int64](t, db, `SELECT id FROM users WHERE username = 'teacher'`)
	year := one[int64](t, db, `SELECT id FROM school_years WHERE county_id = $1 AND start_year = 2026`, county)
	schoolA := one[int64](t, db, `SELECT id FROM schools ORDER BY code LIMIT 1`)
	schoolB := one[int64](t, db, `SELECT id FROM schools ORDER BY code OFFSET 1 LIMIT 1`)
	if _, err := db.Pool.Exec(ctx, `INSERT INTO inspection_rubrics (county_id, school_year_id, title) VALUES ($1, $2, '细则')
		ON CONFLICT DO NOTHING`, county, year); err != nil {
		t.Fatal(err)
	}
	schedule := func(school int64, team ...int64) (int64, error) {
		var id int64
		err := st.InTx(ctx, func(tx *store.Store) error {
			var err error
			id, err = tx.CreateInspection(ctx, county, sup, store.InspectionFields{SchoolID: school, SchoolYearID: year,
				Kind: inspection.KindAnnual, ScheduledOn: calendar.D(2026, 12, 10), Team: team, Head: team[0], Note: "带好台账"})
			return err
		})
		return id, err
	}
	if _, err := schedule(schoolA, sup, teacher); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a teacher on the team: %v, want ErrNotFound", err)
	}
	if n := one[int](t, db, `SELECT count(*) FROM inspections`); n != 0 {
		t.Errorf("a refused team left %d inspections", n)
	}
	a, err := schedule(schoolA, sup)
	if err != nil {
		t.Fatal(err)
	}
	b, err := schedule(schoolB, sup)
	if err != nil {
		t.Fatal(err)
	}
	county_ := store.InspectionScope{CountyID: county}
	got, err := st.GetInspection(ctx, county_, a)
	if err != nil || got.State != inspection.Scheduled || len(got.Members) != 1 || !got.Members[0].Head || got.HeadName == "" ||
		got.SchoolName == "" || got.StartYear != 2026 {
		t.Fatalf("the inspection as scheduled: %+v %v", got, err)
	}
	ownSchool := store.InspectionScope{CountyID: county, SchoolID: schoolA, ReleasedOnly: true}
	if _, err := st.GetInspection(ctx, ownSchool, a); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the school reads its unreleased inspection: %v", err)
	}
	if _, err := st.GetInspection(ctx, store.InspectionScope{CountyID: county + 1000}, a); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another county reads it: %v", err)
	}

	// A stale edit, then a good one.
	f := store.InspectionFields{SchoolID: schoolA, SchoolYearID: year, Kind: inspection.KindSpecial, Topic: "家访专项",
		ScheduledOn: calendar.D(2026, 12, 12), Team: []int64{sup}, Head: sup}
	if err := st.InTx(ctx, func(tx *store.Store) error { return tx.UpdateInspection(ctx, county, a, 7, f) }); !errors.Is(err, store.ErrConflict) {
		t.Errorf("a stale edit: %v", err)
	}
	if err := st.InTx(ctx, func(tx *store.Store) error { return tx.UpdateInspection(ctx, county, a, 1, f) }); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.GetInspection(ctx, county_, a); got.Kind != inspection.KindSpecial || got.Version != 2 || got.Topic != "家访专项" {
		t.Errorf("after the edit: %+v", got)
	}

	// A through to released; the school now sees it, and only it.
	steps := []inspection.State{inspection.Scheduled, inspection.InProgress, inspection.Scored, inspection.Released}
	for i := 1; i < len(steps); i++ {
		if err := st.SetInspectionState(ctx, county, a, i+1, steps[i-1], steps[i], sup, "", time.Time{}); err != nil {
			t.Fatalf("%s → %s: %v", steps[i-1], steps[i], err)
		}
	}
	if err := st.SetInspectionState(ctx, county, a, 5, inspection.Scored, inspection.Released, sup, "", time.Time{}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("a step from a state it left: %v", err)
	}
	got, err = st.GetInspection(ctx, ownSchool, a)
	if err != nil || got.ReleasedAt == nil || got.RubricID == nil {
		t.Fatalf("the school reads its released inspection: %+v %v", got, err)
	}
	if err := st.InTx(ctx, func(tx *store.Store) error { return tx.UpdateInspection(ctx, county, a, got.Version, f) }); !errors.Is(err, store.ErrConflict) {
		t.Errorf("rescheduling a released inspection: %v", err)
	}
	rows, total, err := st.ListInspections(ctx, store.InspectionFilter{Scope: ownSchool})
	if err != nil || total != 1 || len(rows) != 1 || rows[0].ID != a {
		t.Errorf("the school's list: %d %v", total, err)
	}
	for _, c := range []struct {
		name string
		f    store.InspectionFilter
		want int
	}{
		{"the county's year", store.InspectionFilter{Scope: county_, SchoolYearID: year}, 2},
		{"released", store.InspectionFilter{Scope: county_, State: "released"}, 1},
		{"special", store.InspectionFilter{Scope: county_, Kind: inspection.KindSpecial}, 1},
		{"school B", store.InspectionFilter{Scope: county_, School: schoolB}, 1},
		{"by topic", store.InspectionFilter{Scope: county_, Q: "家访"}, 1},
		{"a like pattern is text", store.InspectionFilter{Scope: county_, Q: "%"}, 0},
		{"sorted by state", store.InspectionFilter{Scope: county_, Sort: "state", Desc: true}, 2},
		{"no county", store.InspectionFilter{}, 0},
	} {
		if _, n, err := st.ListInspections(ctx, c.f); err != nil || n != c.want {
			t.Errorf("%s: %d, %v; want %d", c.name, n, err, c.want)
		}
	}

	// B cancelled: the year's view has A done, B neither.
	if err := st.SetInspectionState(ctx, county, b, 1, inspection.Scheduled, inspection.Cancelled, sup, "学校停电", time.Time{}); err != nil {
		t.Fatal(err)
	}
	yr, err := st.InspectionYear(ctx, county, year)
	if err != nil {
		t.Fatal(err)
	}
	by := map[int64]store.SchoolInspectionYear{}
	for _, r := range yr {
		by[r.SchoolID] = r
	}
	if by[schoolA].Done != 1 || by[schoolA].Planned != 0 || by[schoolB].Done != 0 || by[schoolB].Planned != 0 || by[schoolB].Next != nil {
		t.Errorf("the year: %+v", yr)
	}
	if got, _ := st.GetInspection(ctx, county_, b); got.CancelReason != "学校停电" {
		t.Errorf("the cancellation's reason: %q", got.CancelReason)
	}
	sups, err := st.Supervisors(ctx, county)
	if err != nil || len(sups) == 0 {
		t.Errorf("supervisors: %v %v", sups, err)
	}
}
