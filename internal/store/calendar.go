package store

import (
	"context"
	"fmt"
	"time"

	"xietong/internal/calendar"
)

// LoadCalendar loads the county's school years with their terms and
// vacations in one query.
func (s *Store) LoadCalendar(ctx context.Context, countyID int64) (calendar.Calendar, error) {
	rows, err := s.db.Query(ctx, `
		SELECT y.id, y.start_year, y.starts_on, y.ends_on, 'term' AS kind, t.id, t.ordinal::text, t.starts_on, t.ends_on
		FROM school_years y JOIN terms t ON t.school_year_id = y.id WHERE y.county_id = $1
		UNION ALL
		SELECT y.id, y.start_year, y.starts_on, y.ends_on, 'vacation', v.id, v.kind, v.starts_on, v.ends_on
		FROM school_years y JOIN vacations v ON v.school_year_id = y.id WHERE y.county_id = $1
		ORDER BY 1`, countyID)
	if err != nil {
		return calendar.Calendar{}, fmt.Errorf("store: calendar: %w", err)
	}
	defer rows.Close()
	years := map[int64]*calendar.SchoolYear{}
	var order []int64
	for rows.Next() {
		var (
			yid, id     int64
			startYear   int
			ys, ye      time.Time
			kind, which string
			start, end  time.Time
		)
		if err := rows.Scan(&yid, &startYear, &ys, &ye, &kind, &id, &which, &start, &end); err != nil {
			return calendar.Calendar{}, fmt.Errorf("store: calendar: %w", err)
		}
		y, ok := years[yid]
		if !ok {
			y = &calendar.SchoolYear{ID: yid, StartYear: startYear, Start: ys, End: ye}
			years[yid] = y
			order = append(order, yid)
		}
		if kind == "term" {
			o := calendar.FirstTerm
			if which == "2" {
				o = calendar.SecondTerm
			}
			y.Terms = append(y.Terms, calendar.Term{ID: id, SchoolYearID: yid, Ordinal: o, Start: start, End: end})
		} else {
			y.Vacations = append(y.Vacations, calendar.Vacation{ID: id, SchoolYearID: yid, Kind: calendar.VacationKind(which), Start: start, End: end})
		}
	}
	if err := rows.Err(); err != nil {
		return calendar.Calendar{}, fmt.Errorf("store: calendar: %w", err)
	}
	list := make([]calendar.SchoolYear, 0, len(order))
	for _, id := range order {
		list = append(list, *years[id])
	}
	return calendar.NewCalendar(list...), nil
}

// CreateSchoolYear inserts a school year with its terms and vacations and
// returns it with the new ids.
func (s *Store) CreateSchoolYear(ctx context.Context, countyID int64, y calendar.SchoolYear) (calendar.SchoolYear, error) {
	err := s.InTx(ctx, func(tx *Store) error {
		if err := tx.db.QueryRow(ctx, `
			INSERT INTO school_years (county_id, start_year, starts_on, ends_on) VALUES ($1, $2, $3, $4) RETURNING id`,
			countyID, y.StartYear, y.Start, y.End).Scan(&y.ID); err != nil {
			return fmt.Errorf("store: school year %d: %w", y.StartYear, mapErr(err))
		}
		for i := range y.Terms {
			t := &y.Terms[i]
			t.SchoolYearID = y.ID
			if err := tx.db.QueryRow(ctx, `INSERT INTO terms (school_year_id, ordinal, starts_on, ends_on) VALUES ($1, $2, $3, $4) RETURNING id`,
				y.ID, int(t.Ordinal), t.Start, t.End).Scan(&t.ID); err != nil {
				return fmt.Errorf("store: term: %w", mapErr(err))
			}
		}
		for i := range y.Vacations {
			v := &y.Vacations[i]
			v.SchoolYearID = y.ID
			if err := tx.db.QueryRow(ctx, `INSERT INTO vacations (school_year_id, kind, starts_on, ends_on) VALUES ($1, $2, $3, $4) RETURNING id`,
				y.ID, string(v.Kind), v.Start, v.End).Scan(&v.ID); err != nil {
				return fmt.Errorf("store: vacation: %w", mapErr(err))
			}
		}
		return tx.syncCountingWindows(ctx, countyID, y.ID)
	})
	return y, err
}

// SchoolYearVersion returns the version of a school year of the county,
// which its edit form carries for optimistic locking.
func (s *Store) SchoolYearVersion(ctx context.Context, countyID, id int64) (int, error) {
	var v int
	err := s.db.QueryRow(ctx, `SELECT version FROM school_years WHERE id = $1 AND county_id = $2`, id, countyID).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("store: school year %d: %w", id, mapErr(err))
	}
	return v, nil
}

// UpdateSchoolYear changes the dates of a school year, its terms and its
// vacations if the year is still at version (ErrConflict otherwise). The
// start year, and so the year's name, does not change. Terms and vacations
// keep their ids, so staff assignments made for a term stay with it.
func (s *Store) UpdateSchoolYear(ctx context.Context, countyID int64, y calendar.SchoolYear, version int) error {
	return s.InTx(ctx, func(tx *Store) error {
		tag, err := tx.db.Exec(ctx, `
			UPDATE school_years SET starts_on = $3, ends_on = $4, version = version + 1
			WHERE id = $1 AND county_id = $2 AND version = $5`, y.ID, countyID, y.Start, y.End, version)
		if err != nil {
			return fmt.Errorf("store: update school year %d: %w", y.ID, mapErr(err))
		}
		if tag.RowsAffected() == 0 {
			return tx.staleOrMissing(ctx, `SELECT 1 FROM school_years WHERE id = $1 AND county_id = $2`, y.ID, countyID, "school year")
		}
		for _, t := range y.Terms {
			if _, err := tx.db.Exec(ctx, `
				INSERT INTO terms (school_year_id, ordinal, starts_on, ends_on) VALUES ($1, $2, $3, $4)
				ON CONFLICT (school_year_id, ordinal) DO UPDATE SET starts_on = EXCLUDED.starts_on, ends_on = EXCLUDED.ends_on`,
				y.ID, int(t.Ordinal), t.Start, t.End); err != nil {
				return fmt.Errorf("store: update term: %w", mapErr(err))
			}
		}
		for _, v := range y.Vacations {
			if _, err := tx.db.Exec(ctx, `
				INSERT INTO vacations (school_year_id, kind, starts_on, ends_on) VALUES ($1, $2, $3, $4)
				ON CONFLICT (school_year_id, kind) DO UPDATE SET starts_on = EXCLUDED.starts_on, ends_on = EXCLUDED.ends_on`,
				y.ID, string(v.Kind), v.Start, v.End); err != nil {
				return fmt.Errorf("store: update vacation: %w", mapErr(err))
			}
		}
		return tx.syncCountingWindows(ctx, countyID, y.ID)
	})
}
