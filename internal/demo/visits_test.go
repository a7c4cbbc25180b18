package demo_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/dbtest"
	"xietong/internal/demo"
	"xietong/internal/store"
)

// TestSeedVisits: the default county's visits and ledger look like a
// county in the middle of its work, and take little time to write.
func TestSeedVisits(t *testing.T) {
	t.Parallel()
	db := dbtest.New(t)
	st := store.New(db.Pool)
	start := time.Now()
	if _, err := demo.Seed(context.Background(), st, demo.Options{}); err != nil {
		t.Fatal(err)
	}
	t.Logf("seeded in %s", time.Since(start).Round(time.Millisecond))

	// This term's pre-term visits: about 85% of students, varying by school.
	const preTerm = `visit_date BETWEEN '2026-08-25' AND '2026-08-31'`
	students := count(t, st, `SELECT count(*) FROM students WHERE status = 'enrolled'`)
	visited := count(t, st, `SELECT count(DISTINCT student_id) FROM visit_students WHERE `+preTerm)
	share := float64(visited) / float64(students)
	t.Logf("pre-term visits: %d of %d students (%.1f%%)", visited, students, 100*share)
	if share < 0.78 || share > 0.92 {
		t.Errorf("pre-term share %.1f%%, want about 85%%", 100*share)
	}
	spread := count(t, st, `
		SELECT (max(p) - min(p))::int FROM (
			SELECT 100 * count(DISTINCT vs.student_id) FILTER (WHERE vs.`+preTerm+`) / count(DISTINCT s.id) AS p
			FROM students s LEFT JOIN visit_students vs ON vs.student_id = s.id GROUP BY s.school_id) x`)
	if spread < 10 {
		t.Errorf("schools differ by %d points only", spread)
	}
	// Modes: mostly on site.
	if onsite := count(t, st, `SELECT 100 * count(*) FILTER (WHERE mode = 'onsite') / count(*) FROM visits WHERE `+preTerm); onsite < 65 || onsite > 85 {
		t.Errorf("on-site share %d%%", onsite)
	}
	// Last winter: flagged children only, mostly on site.
	winter := `visit_date BETWEEN '2026-01-23' AND '2026-02-22'`
	if n := count(t, st, `SELECT count(*) FROM visit_students vs JOIN students s ON s.id = vs.student_id WHERE vs.`+winter+` AND NOT (s.left_behind OR s.hardship)`); n != 0 {
		t.Errorf("%d winter visits of children in no care group", n)
	}
	flagged := count(t, st, `SELECT count(*) FROM students WHERE left_behind OR hardship`)
	wv := count(t, st, `SELECT count(DISTINCT student_id) FROM visit_students WHERE mode = 'onsite' AND `+winter)
	if r := float64(wv) / float64(flagged); r < 0.75 || r > 0.95 {
		t.Errorf("winter on-site visits of flagged children %.2f", r)
	}
	// Every visit problem has its entry, every status occurs, some overdue.
	if n := count(t, st, `SELECT count(*) FROM visits v WHERE cardinality(v.problems) > 0 AND NOT EXISTS (SELECT 1 FROM ledger_visits lv WHERE lv.visit_id = v.id)`); n != 0 {
		t.Errorf("%d visit problems without a ledger entry", n)
	}
	entries := count(t, st, `SELECT count(*) FROM ledger_entries`)
	visits := count(t, st, `SELECT count(*) FROM visits`)
	if r := float64(entries) / float64(visits); r < 0.06 || r > 0.16 {
		t.Errorf("%d entries for %d visits", entries, visits)
	}
	for _, s := range []string{"open", "following", "resolved", "referred"} {
		if n := count(t, st, `SELECT count(*) FROM ledger_entries WHERE status = $1`, s); n == 0 {
			t.Errorf("no entry in status %s", s)
		}
	}
	overdue := count(t, st, `SELECT count(*) FROM ledger_entries WHERE status IN ('open', 'following') AND (last_action_on < date '2026-11-29' - 7 OR follow_up_on < '2026-11-29')`)
	open := count(t, st, `SELECT count(*) FROM ledger_entries WHERE status IN ('open', 'following')`)
	if overdue == 0 || overdue == open {
		t.Errorf("%d of %d open entries overdue, want some", overdue, open)
	}
	if n := count(t, st, `SELECT count(*) FROM ledger_entries e WHERE status IN ('following', 'resolved', 'referred') AND NOT EXISTS (SELECT 1 FROM ledger_actions a WHERE a.entry_id = e.id AND a.kind = 'intervention')`); n != 0 {
		t.Errorf("%d entries past 待处理 without an intervention", n)
	}
	if n := count(t, st, `SELECT count(*) FROM visits WHERE visit_date > '2026-11-29'`); n != 0 {
		t.Errorf("%d visits in the future", n)
	}
	// The demo teacher has students left to visit.
	if n := count(t, st, `
		SELECT count(*) FROM students s JOIN class_staff cs ON cs.class_id = s.class_id AND cs.duty = 'class_teacher'
		JOIN users u ON u.id = cs.user_id AND u.username = 'teacher'
		WHERE cs.term_id = (SELECT min(term_id) FROM class_staff) AND NOT EXISTS (SELECT 1 FROM visit_students vs WHERE vs.student_id = s.id AND vs.`+preTerm+`)`); n < 3 {
		t.Errorf("the demo class has %d students not yet visited, want at least 3", n)
	}
}

func TestSeedVisitsDeterministic(t *testing.T) {
	t.Parallel()
	opt := demo.Options{Schools: 3, Students: 400, Seed: 9}
	rows := func() []string {
		db := dbtest.New(t)
		st := store.New(db.Pool)
		if _, err := demo.Seed(context.Background(), st, opt); err != nil {
			t.Fatal(err)
		}
		r, _ := st.Pool.Query(context.Background(), `
			SELECT s.student_number || v.visit_date || v.mode || v.kind || array_to_string(v.problems, ',') || v.study ||
			       coalesce((SELECT string_agg(e.status || e.risk, ',') FROM ledger_entries e WHERE e.source_visit_id = v.id), '')
			FROM visits v JOIN visit_students vs ON vs.visit_id = v.id JOIN students s ON s.id = vs.student_id
			ORDER BY 1`)
		out, err := pgx.CollectRows(r, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	a, b := rows(), rows()
	if len(a) == 0 || !slices.Equal(a, b) {
		t.Errorf("two seeds differ (%d and %d visits)", len(a), len(b))
	}
}
