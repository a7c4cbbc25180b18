package store_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/store"
	"xietong/internal/visit"
)

// TestLedgerCountersMatchRecount drives a random mix of the writes that
// touch the ledger — visits with problems (siblings too), edits of a visit's
// problems, interventions, closing, reopening, reassignment, a student
// moving school with their entries, deleted visits and entries — and after
// every step compares ledger_counts with ledger_counts_recount(), and the
// health the coverage pages read with a grouped scan of the ledger.
func TestLedgerCountersMatchRecount(t *testing.T) {
	t.Parallel()
	f := newVisitFixture(t)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(4, 2))
	county := one[int64](t, f.db, `SELECT county_id FROM schools WHERE id = $1`, f.school)
	students := []int64{f.a1, f.a2, f.b1}
	cats := visit.Categories.Codes()
	today := calendar.D(2026, 11, 20)
	var visits []int64

	snapshot := func() map[int64][6]int {
		t.Helper()
		rows, err := f.db.Pool.Query(ctx, `SELECT class_id, problems, entries, pending, following, resolved, referred FROM ledger_counts
			WHERE problems > 0 OR entries > 0`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[int64][6]int{}
		for rows.Next() {
			var id int64
			var c [6]int
			if err := rows.Scan(&id, &c[0], &c[1], &c[2], &c[3], &c[4], &c[5]); err != nil {
				t.Fatal(err)
			}
			out[id] = c
		}
		return out
	}
	check := func(step int, what string) {
		t.Helper()
		kept := snapshot()
		tx, err := f.db.Pool.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx)
		if _, err := tx.Exec(ctx, `SELECT ledger_counts_recount()`); err != nil {
			t.Fatal(err)
		}
		rows, err := tx.Query(ctx, `SELECT class_id, problems, entries, pending, following, resolved, referred FROM ledger_counts`)
		if err != nil {
			t.Fatal(err)
		}
		recount := map[int64][6]int{}
		for rows.Next() {
			var id int64
			var c [6]int
			if err := rows.Scan(&id, &c[0], &c[1], &c[2], &c[3], &c[4], &c[5]); err != nil {
				t.Fatal(err)
			}
			recount[id] = c
		}
		if rows.Err() != nil {
			t.Fatal(rows.Err())
		}
		if len(kept) != len(recount) {
			t.Fatalf("step %d (%s): counters for %d classes, recount %d: %v vs %v", step, what, len(kept), len(recount), kept, recount)
		}
		for id, c := range recount {
			if kept[id] != c {
				t.Fatalf("step %d (%s): class %d counters %v, recount %v", step, what, id, kept[id], c)
			}
		}
		// Overdue and the next deadline, read live, agree with visit.Overdue.
		health, err := f.st.CountyLedgerHealth(ctx, county, 0, today)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int64]int{}
		bySchool := map[int64][6]int{}
		srows, err := f.db.Pool.Query(ctx, `SELECT school_id, (SELECT count(*) FROM ledger_visits lv JOIN ledger_entries x ON x.id = lv.entry_id WHERE x.school_id = e.school_id)::int,
			count(*)::int, count(*) FILTER (WHERE status = 'open')::int, count(*) FILTER (WHERE status = 'following')::int,
			count(*) FILTER (WHERE status = 'resolved')::int, count(*) FILTER (WHERE status = 'referred')::int
			FROM ledger_entries e GROUP BY school_id`)
		if err != nil {
			t.Fatal(err)
		}
		for srows.Next() {
			var id int64
			var c [6]int
			if err := srows.Scan(&id, &c[0], &c[1], &c[2], &c[3], &c[4], &c[5]); err != nil {
				t.Fatal(err)
			}
			bySchool[id] = c
		}
		erows, err := f.db.Pool.Query(ctx, `SELECT school_id, status, last_action_on, follow_up_on FROM ledger_entries`)
		if err != nil {
			t.Fatal(err)
		}
		for erows.Next() {
			var school int64
			var status string
			var last time.Time
			var fu *time.Time
			if err := erows.Scan(&school, &status, &last, &fu); err != nil {
				t.Fatal(err)
			}
			if visit.Overdue(status, last, fu, today) {
				want[school]++
			}
		}
		if len(health) != len(bySchool) {
			t.Fatalf("step %d (%s): health of %d schools, %d have entries", step, what, len(health), len(bySchool))
		}
		for _, h := range health {
			if h.Overdue != want[h.SchoolID] {
				t.Fatalf("step %d (%s): school %d overdue %d, want %d", step, what, h.SchoolID, h.Overdue, want[h.SchoolID])
			}
			if c := bySchool[h.SchoolID]; h.Problems != c[0] || h.Entries != c[1] || h.Pending != c[2] || h.Following != c[3] ||
				h.Resolved != c[4] || h.Referred != c[5] {
				t.Fatalf("step %d (%s): health %+v, grouped scan %v", step, what, h, c)
			}
		}
	}

	for step := range 160 {
		today = calendar.AddDays(today, rng.IntN(2))
		var what string
		switch op := rng.IntN(12); {
		case op < 4:
			what = "visit"
			sts := []int64{students[rng.IntN(2)]}
			if rng.IntN(3) == 0 {
				sts = append(sts, f.b1)
			}
			var probs []string
			for range rng.IntN(3) {
				probs = append(probs, cats[rng.IntN(len(cats))])
			}
			school := one[int64](t, f.db, `SELECT school_id FROM students WHERE id = $1`, sts[0])
			if len(sts) > 1 && one[int64](t, f.db, `SELECT school_id FROM students WHERE id = $1`, sts[1]) != school {
				sts = sts[:1]
			}
			err := f.st.InTx(ctx, func(tx *store.Store) error {
				id, _, err := tx.CreateVisit(ctx, store.NewVisit{
					SchoolID: school, AuthorID: f.teacherA, StudentIDs: sts, CurrentTermID: f.termID,
					VisitFields: store.VisitFields{Date: today, Mode: "onsite", Kind: "routine", Met: "母亲",
						Problems: uniqStrings(probs), OtherProblem: "其他", TermID: f.termID},
				})
				visits = append(visits, id)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		case op < 5 && len(visits) > 0:
			what = "edit problems"
			id := visits[rng.IntN(len(visits))]
			old, err := f.st.VisitByID(ctx, auth.NoteScope{SchoolID: one[int64](t, f.db, `SELECT school_id FROM visits WHERE id = $1`, id), WholeSchool: true}, id, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			nf := old.VisitFields
			nf.Problems = uniqStrings(append(nf.Problems, cats[rng.IntN(len(cats))]))
			if err := f.st.InTx(ctx, func(tx *store.Store) error {
				_, _, _, err := tx.UpdateVisit(ctx, old, store.VisitChange{VisitID: id, EditorID: f.teacherA, Version: old.Version, Fields: nf}, f.termID)
				return err
			}); err != nil {
				t.Fatal(err)
			}
		case op < 9:
			what = "ledger step"
			var id int64
			var version int
			var status string
			if err := f.db.Pool.QueryRow(ctx, `SELECT id, version, status FROM ledger_entries ORDER BY random() LIMIT 1`).Scan(&id, &version, &status); err != nil {
				continue
			}
			st := store.LedgerStep{EntryID: id, Version: version, From: status, ActorID: f.teacherA, On: today, Note: "跟进"}
			fu := calendar.AddDays(today, rng.IntN(10))
			switch {
			case status == "open" || status == "following":
				switch rng.IntN(3) {
				case 0:
					st.Kind, st.FollowUp = "intervention", &fu
				case 1:
					st.Kind, st.Status = "closed", []string{"resolved", "referred"}[rng.IntN(2)]
				default:
					st.Kind, st.FollowUp, st.Risk = "assigned", &fu, "watch"
				}
			default:
				st.Kind = "reopened"
			}
			err := f.st.InTx(ctx, func(tx *store.Store) error { return tx.StepLedger(ctx, st) })
			if err != nil && !errors.Is(err, store.ErrConflict) {
				t.Fatal(err)
			}
		case op < 10:
			what = "move school"
			to := f.school
			if one[int64](t, f.db, `SELECT school_id FROM students WHERE id = $1`, f.b1) == f.school {
				to = f.other
			}
			class := one[int64](t, f.db, `SELECT id FROM classes WHERE school_id = $1 ORDER BY id LIMIT 1`, to)
			// As a transfer does: the student's open entries go along.
			f.exec(t, `UPDATE students SET school_id = $2, class_id = $3 WHERE id = $1`, f.b1, to, class)
			f.exec(t, `UPDATE ledger_entries SET school_id = $2, class_id = $3 WHERE student_id = $1 AND status IN ('open', 'following')`, f.b1, to, class)
		case op < 11 && len(visits) > 0:
			what = "delete visit"
			i := rng.IntN(len(visits))
			id := visits[i]
			// Entries it opened go with it (a correction of a mistake).
			f.exec(t, `DELETE FROM ledger_entries WHERE source_visit_id = $1`, id)
			f.exec(t, `DELETE FROM visits WHERE id = $1`, id)
			visits = append(visits[:i], visits[i+1:]...)
		default:
			what = "delete entry"
			f.exec(t, `DELETE FROM ledger_entries WHERE id = (SELECT id FROM ledger_entries ORDER BY random() LIMIT 1)`)
		}
		check(step, what)
	}
	if n := one[int](t, f.db, `SELECT coalesce(sum(entries), 0) FROM ledger_counts`); n == 0 {
		t.Fatal("the mix opened no ledger entries")
	}
	// A TRUNCATE fires no row triggers; the counters are recounted after it.
	f.exec(t, `TRUNCATE ledger_entries CASCADE`)
	if n := one[int](t, f.db, `SELECT count(*) FROM ledger_counts WHERE problems > 0 OR entries > 0`); n != 0 {
		t.Errorf("after TRUNCATE %d classes still counted", n)
	}
}

func uniqStrings(v []string) []string {
	v = slices.Clone(v)
	slices.Sort(v)
	return slices.Compact(v)
}

func (f visitFixture) exec(t *testing.T, sql string, args ...any) {
	t.Helper()
	if _, err := f.db.Pool.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}
