package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"xietong/internal/calendar"
	"xietong/internal/dbtest"
	"xietong/internal/store"
)

// BenchmarkCountyCoverage loads a county at the scale of make bench
// (100 schools, 2,400 classes, 60,000 students, 1,000,000 visit_students
// rows over the 2025 and 2026 school years) with generate_series, the
// coverage triggers off and one coverage_rebuild afterwards, then measures
// the reads behind the county and school coverage pages. For comparison it
// also measures the aggregate over visits that the counters replace.
func BenchmarkCountyCoverage(b *testing.B) {
	ctx := context.Background()
	db := dbtest.New(b)
	st := store.New(db.Pool)
	county, err := st.CreateCounty(ctx, "基准县")
	if err != nil {
		b.Fatal(err)
	}
	var year calendar.SchoolYear
	for _, start := range []int{2025, 2026} {
		if year, err = st.CreateSchoolYear(ctx, county, calendar.DefaultYear(start)); err != nil {
			b.Fatal(err)
		}
	}
	term, _ := year.Term(calendar.FirstTerm) // autumn 2026: its pre-term week is the "current" window
	// One connection without the pool's statement timeout: the load takes
	// longer than any request may.
	conn, err := db.Pool.Acquire(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Release()
	start := time.Now()
	for _, q := range []string{
		`SET statement_timeout = 0`,
		`ALTER TABLE students DISABLE TRIGGER USER`,
		`ALTER TABLE visit_students DISABLE TRIGGER USER`,
		`INSERT INTO schools (county_id, code, name, stage, township, rural)
		 SELECT $1, 'B' || lpad(i::text, 4, '0'), '基准学校' || i, 'primary', '乡镇' || (i % 12), i % 3 > 0
		 FROM generate_series(1, 100) i`,
		`INSERT INTO grades (school_id, school_year_id, level, name)
		 SELECT s.id, $2, l, l || '年级' FROM schools s CROSS JOIN generate_series(1, 6) l WHERE s.county_id = $1`,
		`INSERT INTO classes (school_id, grade_id, number, name)
		 SELECT g.school_id, g.id, n, g.name || '(' || n || ')班' FROM grades g CROSS JOIN generate_series(1, 4) n
		 JOIN schools s ON s.id = g.school_id WHERE s.county_id = $1`,
		`INSERT INTO students (county_id, school_id, class_id, student_number, name, gender, left_behind, hardship)
		 SELECT $1, c.school_id, c.id, 'N' || lpad((c.id * 100 + k)::text, 10, '0'), '学生' || (c.id * 100 + k),
		        CASE WHEN k % 2 = 0 THEN '男' ELSE '女' END, (c.id * 7 + k) % 7 = 0, (c.id * 11 + k) % 19 = 0
		 FROM classes c CROSS JOIN generate_series(1, 25) k JOIN schools s ON s.id = c.school_id WHERE s.county_id = $1`,
		`INSERT INTO users (county_id, username, display_name) VALUES ($1, 'bench', '基准教师')`,
		// 1,000,000 visits spread over two school years (four terms and
		// their vacations), 40% of them in pre-term weeks.
		`INSERT INTO visits (school_id, class_id, author_id, visit_date, mode, kind)
		 SELECT st.school_id, st.class_id, (SELECT id FROM users WHERE username = 'bench'),
		        CASE WHEN i % 5 < 2 THEN (ARRAY[date '2025-08-25', date '2026-02-16', date '2026-08-25', date '2027-02-15'])[1 + (i % 4)::int] + ((i / 7) % 7)::int
		             ELSE date '2025-08-20' + ((i * 7919) % 690)::int END,
		        (ARRAY['onsite', 'onsite', 'onsite', 'video', 'phone'])[1 + ((i / 3) % 5)::int], 'routine'
		 FROM generate_series(0::bigint, 999999) i
		 JOIN students st ON st.id = (SELECT min(id) FROM students) + (i * 104729) % 60000`,
		`INSERT INTO visit_students (visit_id, student_id, school_id, class_id, visit_date, mode)
		 SELECT v.id, st.id, st.school_id, st.class_id, v.visit_date, v.mode
		 FROM visits v JOIN students st
		   ON st.id = (SELECT min(id) FROM students) + ((v.id - (SELECT min(id) FROM visits)) * 104729::bigint) % 60000`,
		`ALTER TABLE students ENABLE TRIGGER USER`,
		`ALTER TABLE visit_students ENABLE TRIGGER USER`,
		`ANALYZE`,
	} {
		var args []any
		switch {
		case strings.Contains(q, "$2"):
			args = []any{county, year.ID}
		case strings.Contains(q, "$1"):
			args = []any{county}
		}
		if _, err := conn.Exec(ctx, q, args...); err != nil {
			b.Fatalf("%.60s…: %v", q, err)
		}
	}
	loaded := time.Since(start)
	start = time.Now()
	if _, err := conn.Exec(ctx, `SELECT coverage_rebuild()`); err != nil {
		b.Fatal(err)
	}
	rebuilt := time.Since(start)
	if _, err := conn.Exec(ctx, `ANALYZE coverage_students; ANALYZE coverage_classes; RESET statement_timeout`); err != nil {
		b.Fatal(err)
	}
	b.Logf("load %s, coverage_rebuild %s, %d visit_students rows", loaded.Round(time.Millisecond),
		rebuilt.Round(time.Millisecond), count(b, db, `SELECT count(*) FROM visit_students`))
	w := store.WindowKey{Kind: calendar.KindPreTerm, ID: term.ID}
	var school int64
	if err := db.Pool.QueryRow(ctx, `SELECT id FROM schools WHERE county_id = $1 ORDER BY code LIMIT 1`, county).Scan(&school); err != nil {
		b.Fatal(err)
	}

	b.Run("county", func(b *testing.B) {
		for b.Loop() {
			rows, err := st.CountyCoverage(ctx, county, w)
			if err != nil || len(rows) != 100 {
				b.Fatal(len(rows), err)
			}
		}
	})
	b.Run("county+ledger", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.CountyCoverage(ctx, county, w); err != nil {
				b.Fatal(err)
			}
			if _, err := st.CountyLedgerHealth(ctx, county, 0, calendar.D(2026, 11, 29)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("school", func(b *testing.B) {
		for b.Loop() {
			rows, err := st.SchoolClassCoverage(ctx, school, w, term.ID)
			if err != nil || len(rows) != 24 {
				b.Fatal(len(rows), err)
			}
		}
	})
	b.Run("class-students", func(b *testing.B) {
		var class int64
		if err := db.Pool.QueryRow(ctx, `SELECT min(id) FROM classes WHERE school_id = $1`, school).Scan(&class); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := st.ClassStudentCoverage(ctx, scopeAll(), class, w, false, false); err != nil {
				b.Fatal(err)
			}
		}
	})
	// A write with the triggers on: one visit of one student, visits and
	// visit_students in one statement (its own transaction), the student's
	// and class's counters kept current.
	b.Run("visit-insert", func(b *testing.B) {
		var student, author int64
		if err := db.Pool.QueryRow(ctx, `SELECT min(id), (SELECT id FROM users WHERE username = 'bench') FROM students`).Scan(&student, &author); err != nil {
			b.Fatal(err)
		}
		date := calendar.AddDays(term.Start, -3)
		for b.Loop() {
			if _, err := db.Pool.Exec(ctx, `
				WITH v AS (
					INSERT INTO visits (school_id, class_id, author_id, visit_date, mode, kind)
					SELECT school_id, class_id, $2, $3, 'video', 'pre_term' FROM students WHERE id = $1 RETURNING id
				)
				INSERT INTO visit_students (visit_id, student_id, school_id, class_id, visit_date, mode)
				SELECT v.id, st.id, st.school_id, st.class_id, $3, 'video' FROM v, students st WHERE st.id = $1`,
				student, author, date); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The aggregate the counters replace: distinct students visited per
	// school in the pre-term week, from visit_students.
	b.Run("on-the-fly-aggregate", func(b *testing.B) {
		win := calendar.PreTermWindow(term)
		for b.Loop() {
			rows, err := db.Pool.Query(ctx, `
				SELECT st.school_id, count(DISTINCT vs.student_id)
				FROM visit_students vs JOIN students st ON st.id = vs.student_id AND st.status = 'enrolled'
				WHERE vs.visit_date BETWEEN $1 AND $2 GROUP BY st.school_id`, win.Start, win.End)
			if err != nil {
				b.Fatal(err)
			}
			rows.Close()
			if rows.Err() != nil {
				b.Fatal(rows.Err())
			}
		}
	})
}

func count(b *testing.B, db *dbtest.DB, q string) int {
	b.Helper()
	var n int
	if err := db.Pool.QueryRow(context.Background(), q).Scan(&n); err != nil {
		b.Fatal(err)
	}
	return n
}
