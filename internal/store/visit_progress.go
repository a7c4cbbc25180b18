package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/auth"
)

// StatusRow is a student of a class with their visits in a window.
type StatusRow struct {
	ID     int64  `db:"id"`
	Name   string `db:"name"`
	Gender string `db:"gender"`
	Visits int    `db:"visits"`
	Onsite bool   `db:"onsite"`
	Video  bool   `db:"video"`
	Phone  bool   `db:"phone"`
	LastID *int64 `db:"last_id"`
	SpecialGroups
}

// ClassesVisitStatus is ClassesByIDs with, for each class, its enrolled
// students (that sc admits) and their visits dated inside [from, to]: not
// yet visited first, then in pinyin order (statuses[i] belongs to
// classes[i]). One round trip: the teacher's page, the most used one, made
// one for the classes and one per class. Each class's students are asked
// for whether or not the caller may then show the class: sc limits them.
func (s *Store) ClassesVisitStatus(ctx context.Context, sc auth.Scope, ids []int64, from, to time.Time) (classes []Class, statuses [][]StatusRow, err error) {
	b := &pgx.Batch{}
	b.Queue(classesByIDsSQL, ids)
	for _, id := range ids {
		q, args := classVisitStatusSQL(sc, id, from, to)
		b.Queue(q, args...)
	}
	br := s.db.SendBatch(ctx, b)
	defer br.Close()
	rows, err := br.Query()
	if err == nil {
		classes, err = pgx.CollectRows(rows, pgx.RowToStructByName[Class])
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store: classes %v: %w", ids, err)
	}
	byID := make(map[int64][]StatusRow, len(ids))
	for _, id := range ids {
		rows, err := br.Query()
		if err == nil {
			byID[id], err = scanStatusRows(rows)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("store: visit status of class %d: %w", id, err)
		}
	}
	if err := br.Close(); err != nil {
		return nil, nil, fmt.Errorf("store: visit status of classes %v: %w", ids, err)
	}
	statuses = make([][]StatusRow, len(classes))
	for i, c := range classes {
		statuses[i] = byID[c.ID]
	}
	return classes, statuses, nil
}

// classVisitStatusSQL is one class's status query with its arguments.
func classVisitStatusSQL(sc auth.Scope, classID int64, from, to time.Time) (string, []any) {
	where, args := scopeSQL(sc, 4)
	return `
		SELECT st.id, st.name, st.gender, a.visits, a.onsite, a.video, a.phone, a.last_id,
		       st.left_behind, st.hardship, st.migrant, st.disabled, st.orphan
		FROM students st
		CROSS JOIN LATERAL (
			-- Per student, from the covering index (migrations/00021):
			-- no join of every visit to be sorted and grouped after.
			SELECT count(*)::int AS visits,
			       coalesce(bool_or(vs.mode = 'onsite'), false) AS onsite,
			       coalesce(bool_or(vs.mode = 'video'), false) AS video,
			       coalesce(bool_or(vs.mode = 'phone'), false) AS phone,
			       max(vs.visit_id) AS last_id
			FROM visit_students vs WHERE vs.student_id = st.id AND vs.visit_date BETWEEN $2 AND $3
		) a
		WHERE st.class_id = $1 AND st.status = 'enrolled' AND ` + where + `
		ORDER BY a.visits > 0, st.name COLLATE "zh-Hans-x-icu", st.student_number`,
		append([]any{classID, from, to}, args...)
}

// scanStatusRows reads classVisitStatusSQL's rows. Scanned by hand: the
// teacher's page is the most used one, and matching columns to fields by
// name took a tenth of its CPU.
func scanStatusRows(rows pgx.Rows) ([]StatusRow, error) {
	var out []StatusRow
	var r StatusRow
	_, err := pgx.ForEachRow(rows, []any{&r.ID, &r.Name, &r.Gender, &r.Visits, &r.Onsite, &r.Video, &r.Phone, &r.LastID,
		&r.LeftBehind, &r.Hardship, &r.Migrant, &r.Disabled, &r.Orphan}, func() error {
		out = append(out, r)
		r.LastID = nil
		return nil
	})
	return out, err
}

// ClassProgress is one class's visit progress in a window.
type ClassProgress struct {
	ID       int64  `db:"id"`
	Name     string `db:"name"`
	Teacher  string `db:"teacher"`
	Students int    `db:"students"`
	Visited  int    `db:"visited"`
}

// SchoolVisitProgress lists a school's classes with enrolled and visited
// students in [from, to]: two grouped scans, no query per class.
func (s *Store) SchoolVisitProgress(ctx context.Context, schoolID, termID int64, from, to time.Time) ([]ClassProgress, error) {
	rows, err := s.db.Query(ctx, `
		WITH enrolled AS (
			SELECT class_id, count(*)::int AS n FROM students WHERE school_id = $1 AND status = 'enrolled' GROUP BY class_id
		), visited AS (
			SELECT st.class_id, count(DISTINCT vs.student_id)::int AS n
			FROM visit_students vs JOIN students st ON st.id = vs.student_id AND st.status = 'enrolled' AND st.school_id = $1
			WHERE vs.school_id = $1 AND vs.visit_date BETWEEN $3 AND $4
			GROUP BY st.class_id
		)
		SELECT c.id, c.name, coalesce(u.display_name, '') AS teacher,
		       coalesce(e.n, 0) AS students, coalesce(vi.n, 0) AS visited
		FROM classes c JOIN grades g ON g.id = c.grade_id
		LEFT JOIN class_staff cs ON cs.class_id = c.id AND cs.term_id = $2 AND cs.duty = 'class_teacher'
		LEFT JOIN users u ON u.id = cs.user_id
		LEFT JOIN enrolled e ON e.class_id = c.id
		LEFT JOIN visited vi ON vi.class_id = c.id
		WHERE c.school_id = $1 AND c.archived_at IS NULL
		ORDER BY g.level, c.number`, schoolID, termID, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: visit progress of school %d: %w", schoolID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[ClassProgress])
	if err != nil {
		return nil, fmt.Errorf("store: visit progress of school %d: %w", schoolID, err)
	}
	return out, nil
}
