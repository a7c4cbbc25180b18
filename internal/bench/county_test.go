package bench

import (
	"context"
	"strings"
	"testing"
	"time"

	"xietong/internal/dbtest"
	"xietong/internal/demo"
	"xietong/internal/store"
)

// County-scale figures of docs/performance.md.
const (
	benchSchools  = 100
	benchStudents = 60000
	benchVisits   = 1_000_000 // visit_students rows over four terms
)

// buildCounty loads the benchmark county: the demo generator at 100 schools
// and 60,000 students in classes of about 25 (≈2,400 classes), then a
// million visits spread over the 2025—2026 and 2026—2027 terms and
// vacations, with ledger entries to match. Bulk rows go in with the
// counting triggers off, then one coverage_rebuild(), one
// ledger_counts_recount() and one todos_rebuild() make the counters and the
// to-dos exact — the path the triggers'
// own tests compare against, and the one a bulk import takes. (Through the
// row triggers, the ledger's 66,000 rows updated 1,900 counter rows in one
// transaction and left that table twenty times its size.)
func buildCounty(b *testing.B, db *dbtest.DB) {
	b.Helper()
	ctx := context.Background()
	st := store.New(db.Pool)
	start := time.Now()
	if _, err := demo.Seed(ctx, st, demo.Options{Schools: benchSchools, Students: benchStudents, ClassSize: 25}); err != nil {
		b.Fatal(err)
	}
	b.Logf("demo county: %s", time.Since(start).Round(time.Millisecond))
	start = time.Now()
	steps := []string{
		// One transaction: a build that fails leaves no half-loaded county
		// with its counting triggers off behind it.
		`BEGIN`,
		// A million rows take longer than the application's statement timeout.
		`SET LOCAL statement_timeout = 0`,
		`ALTER TABLE visit_students DISABLE TRIGGER USER`,
		`ALTER TABLE ledger_entries DISABLE TRIGGER USER`,
		`ALTER TABLE ledger_visits DISABLE TRIGGER USER`,
		// One row per (student, k): a date between 25 Aug 2025 and 28 Nov
		// 2026, a mode (70% on site), a pseudo-random but fixed spread.
		`CREATE TEMP TABLE bench_src AS
		 SELECT nextval(pg_get_serial_sequence('visits', 'id')) AS id,
		        st.id AS student_id, st.school_id, st.class_id,
		        (date '2025-08-25' + (abs(hashint8(st.id * 1000 + k)) % 461)::int) AS d,
		        CASE WHEN abs(hashint8(st.id * 7 + k)) % 10 < 7 THEN 'onsite'
		             WHEN abs(hashint8(st.id * 7 + k)) % 10 < 9 THEN 'video' ELSE 'phone' END AS mode,
		        abs(hashint8(st.id * 13 + k)) % 100 AS roll
		 FROM students st
		 CROSS JOIN generate_series(1, (SELECT ceil($1::numeric / count(*))::int FROM students WHERE status = 'enrolled')) k
		 WHERE st.status = 'enrolled'`,
		`DELETE FROM bench_src WHERE id IN (SELECT id FROM bench_src ORDER BY id
		   OFFSET greatest(0, $1 - (SELECT count(*) FROM visit_students)))`,
		`ALTER TABLE bench_src ADD COLUMN term_id bigint, ADD COLUMN vacation_id bigint, ADD COLUMN author_id bigint`,
		`UPDATE bench_src s SET term_id = t.id FROM terms t WHERE s.d BETWEEN t.starts_on - 7 AND t.ends_on`,
		`UPDATE bench_src s SET vacation_id = v.id FROM vacations v WHERE s.d BETWEEN v.starts_on AND v.ends_on`,
		`UPDATE bench_src s SET author_id = cs.user_id FROM class_staff cs
		 WHERE cs.class_id = s.class_id AND cs.duty = 'class_teacher'`,
		`DELETE FROM bench_src WHERE author_id IS NULL`,
		`INSERT INTO visits (id, school_id, class_id, author_id, visit_date, term_id, vacation_id, mode, kind, met, study, problems)
		 OVERRIDING SYSTEM VALUE
		 SELECT id, school_id, class_id, author_id, d, term_id, vacation_id, mode, 'routine', '母亲', '学习情况稳定',
		        CASE WHEN roll < 3 THEN ARRAY[(ARRAY['negative_mood','parent_child','peer','homework','internet'])[1 + roll % 5]] ELSE '{}' END
		 FROM bench_src`,
		`INSERT INTO visit_students (visit_id, student_id, school_id, class_id, visit_date, mode, term_id, vacation_id)
		 SELECT id, student_id, school_id, class_id, d, mode, term_id, vacation_id FROM bench_src`,
		`INSERT INTO visit_visitors (visit_id, user_id, lead) SELECT id, author_id, true FROM bench_src`,
		// Ledger entries to match: one per (student, category) found, the
		// latest open when it is recent, the others closed.
		`CREATE TEMP TABLE bench_found AS
		 SELECT DISTINCT ON (s.student_id, c) s.id AS visit_id, s.student_id, s.school_id, s.class_id, s.author_id, s.d, c AS category
		 FROM bench_src s CROSS JOIN LATERAL unnest((SELECT problems FROM visits WHERE id = s.id)) c
		 ORDER BY s.student_id, c, s.d DESC`,
		`DELETE FROM bench_found f USING ledger_entries e
		 WHERE e.student_id = f.student_id AND e.category = f.category AND e.status IN ('open', 'following')`,
		`INSERT INTO ledger_entries (school_id, class_id, student_id, category, source_visit_id, found_on, risk, owner_id,
		                            follow_up_on, status, last_action_on, closed_on, closing_note)
		 SELECT school_id, class_id, student_id, category, visit_id, d, 'normal', author_id, d + 7,
		        CASE WHEN d > date '2026-10-01' THEN 'following' ELSE 'resolved' END, d,
		        CASE WHEN d > date '2026-10-01' THEN NULL ELSE d + 14 END,
		        CASE WHEN d > date '2026-10-01' THEN '' ELSE '已与家长沟通，情况好转' END
		 FROM bench_found`,
		`INSERT INTO ledger_visits (entry_id, visit_id, class_id)
		 SELECT e.id, e.source_visit_id, e.class_id FROM ledger_entries e JOIN bench_found f ON f.visit_id = e.source_visit_id AND f.student_id = e.student_id`,
		`ALTER TABLE visit_students ENABLE TRIGGER USER`,
		`ALTER TABLE ledger_entries ENABLE TRIGGER USER`,
		`ALTER TABLE ledger_visits ENABLE TRIGGER USER`,
		`SELECT coverage_rebuild()`,
		`SELECT ledger_counts_recount()`,
		`SELECT todos_rebuild()`,
		// Parent meetings at realistic volume (issue 15): the demo's year of
		// meetings, each whole-school meeting filled up to 30 opinions, two
		// in three answered.
		`INSERT INTO parent_opinions (meeting_id, school_id, term_id, body, category, owner_office, response, state, source,
		                             created_by, created_at, responded_by, responded_at)
		 SELECT m.id, m.school_id, m.term_id, '希望学校多组织亲子活动和社会实践（第 ' || k || ' 条）', 'activities', 'moral',
		        CASE WHEN k % 3 = 0 THEN '' ELSE '学校将在运动会增设亲子项目，并组织研学实践活动。' END,
		        CASE WHEN k % 3 = 0 THEN 'pending' ELSE 'answered' END, 'staff', m.author_id, m.held_on + interval '19 hours',
		        CASE WHEN k % 3 = 0 THEN NULL ELSE m.author_id END, CASE WHEN k % 3 = 0 THEN NULL ELSE m.held_on + interval '3 days' END
		 FROM parent_meetings m CROSS JOIN generate_series(1, 30) k
		 WHERE m.scope = 'school' AND k > (SELECT count(*) FROM parent_opinions o WHERE o.meeting_id = m.id)`,
		`DROP TABLE bench_src`,
		`DROP TABLE bench_found`,
		`COMMIT`,
	}
	conn, err := db.Pool.Acquire(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Release()
	for i, q := range steps {
		var args []any
		if strings.Contains(q, "$1") {
			args = []any{benchVisits}
		}
		if _, err := conn.Exec(ctx, q, args...); err != nil {
			b.Fatalf("step %d: %v\n%s", i, err, q)
		}
	}
	if _, err := db.Pool.Exec(ctx, "VACUUM ANALYZE"); err != nil {
		b.Fatal(err)
	}
	var classes, students, rows, entries, meetings, opinions, committees int
	if err := db.Pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM classes), (SELECT count(*) FROM students),
		(SELECT count(*) FROM visit_students), (SELECT count(*) FROM ledger_entries), (SELECT count(*) FROM parent_meetings),
		(SELECT count(*) FROM parent_opinions), (SELECT count(*) FROM class_committees)`).Scan(&classes, &students, &rows, &entries, &meetings, &opinions, &committees); err != nil {
		b.Fatal(err)
	}
	b.Logf("county: %d schools, %d classes, %d students, %d visit rows, %d ledger entries, %d parent meetings with %d opinions, %d class committees (visits loaded in %s)",
		benchSchools, classes, students, rows, entries, meetings, opinions, committees, time.Since(start).Round(time.Second))
	if rows < benchVisits*99/100 {
		b.Fatalf("only %d visit rows", rows)
	}
}
