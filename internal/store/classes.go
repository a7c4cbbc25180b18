package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"xietong/internal/grade"
)

// ClassSummary is a class with its teacher and counts, as the school page lists it.
type ClassSummary struct {
	ID           int64  `db:"id"`
	SchoolID     int64  `db:"school_id"`
	GradeLevel   int    `db:"grade_level"`
	GradeName    string `db:"grade_name"`
	Name         string `db:"name"`
	TeacherName  string `db:"teacher_name"`
	Students     int    `db:"students"`
	SpecialGroup int    `db:"special_group"`
}

// ListClassSummaries lists a school's active classes of the school year of
// termID (the current term; earlier years' classes are history) with the
// class teacher of termID and enrolment counts. SpecialGroup counts students in any special
// group; callers that may not see flags must not show it.
func (s *Store) ListClassSummaries(ctx context.Context, schoolID, termID int64) ([]ClassSummary, error) {
	rows, err := s.db.Query(ctx, `
		SELECT c.id, c.school_id, g.level AS grade_level, g.name AS grade_name, c.name,
		       coalesce(u.display_name, '') AS teacher_name,
		       count(st.id)::int AS students,
		       count(st.id) FILTER (WHERE st.left_behind OR st.hardship OR st.migrant OR st.disabled OR st.orphan)::int AS special_group
		FROM classes c
		JOIN grades g ON g.id = c.grade_id
		LEFT JOIN class_staff cs ON cs.class_id = c.id AND cs.term_id = $2 AND cs.duty = 'class_teacher'
		LEFT JOIN users u ON u.id = cs.user_id
		LEFT JOIN students st ON st.class_id = c.id AND st.status = 'enrolled'
		WHERE c.school_id = $1 AND c.archived_at IS NULL
		  AND g.school_year_id = (SELECT school_year_id FROM terms WHERE id = $2)
		GROUP BY c.id, g.level, g.name, u.display_name
		ORDER BY g.level, c.number`, schoolID, termID)
	if err != nil {
		return nil, fmt.Errorf("store: classes of school %d: %w", schoolID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[ClassSummary])
	if err != nil {
		return nil, fmt.Errorf("store: classes of school %d: %w", schoolID, err)
	}
	return out, nil
}

// Class is one class with its school.
type Class struct {
	ID         int64  `db:"id"`
	SchoolID   int64  `db:"school_id"`
	SchoolName string `db:"school_name"`
	GradeLevel int    `db:"grade_level"`
	Name       string `db:"name"`
}

// ClassByID loads an active class.
func (s *Store) ClassByID(ctx context.Context, id int64) (*Class, error) {
	rows, _ := s.db.Query(ctx, `
		SELECT c.id, c.school_id, sc.name AS school_name, g.level AS grade_level, c.name
		FROM classes c JOIN grades g ON g.id = c.grade_id JOIN schools sc ON sc.id = c.school_id
		WHERE c.id = $1 AND c.archived_at IS NULL`, id)
	c, err := pgx.CollectOneRow(rows, pgx.RowToAddrOfStructByName[Class])
	if err != nil {
		return nil, fmt.Errorf("store: class %d: %w", id, mapErr(err))
	}
	return c, nil
}

// ClassesByIDs loads several classes, ordered by grade and number.
//
// The school and grade are looked up per class: as joins, the generic plan
// (database.Open) hashed every grade and school of the county for the one
// to three classes a teacher has, on every page view.
func (s *Store) ClassesByIDs(ctx context.Context, ids []int64) ([]Class, error) {
	rows, err := s.db.Query(ctx, classesByIDsSQL, ids)
	if err != nil {
		return nil, fmt.Errorf("store: classes %v: %w", ids, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Class])
	if err != nil {
		return nil, fmt.Errorf("store: classes: %w", err)
	}
	return out, nil
}

// classesByIDsSQL is ClassesByIDs' query, $1 the ids.
const classesByIDsSQL = `
	SELECT c.id, c.school_id, (SELECT sc.name FROM schools sc WHERE sc.id = c.school_id) AS school_name,
	       (SELECT g.level FROM grades g WHERE g.id = c.grade_id) AS grade_level, c.name
	FROM classes c
	WHERE c.id = ANY($1) AND c.archived_at IS NULL
	ORDER BY grade_level, c.number`

// ClassRecord is a class as the school's class list shows it, archived or
// not.
type ClassRecord struct {
	ID         int64  `db:"id"`
	GradeID    int64  `db:"grade_id"`
	GradeLevel int    `db:"grade_level"`
	Number     int    `db:"number"`
	Name       string `db:"name"`
	Archived   bool   `db:"archived"`
	Students   int    `db:"students"`
}

// ListClasses lists a school's classes of a school year by grade and
// number, with their enrolled students.
func (s *Store) ListClasses(ctx context.Context, schoolID, schoolYearID int64) ([]ClassRecord, error) {
	rows, err := s.db.Query(ctx, `
		SELECT c.id, c.grade_id, g.level AS grade_level, c.number, c.name, c.archived_at IS NOT NULL AS archived,
		       (SELECT count(*) FROM students st WHERE st.class_id = c.id AND st.status = 'enrolled')::int AS students
		FROM classes c JOIN grades g ON g.id = c.grade_id
		WHERE c.school_id = $1 AND g.school_year_id = $2
		ORDER BY g.level, c.number`, schoolID, schoolYearID)
	if err != nil {
		return nil, fmt.Errorf("store: classes of school %d: %w", schoolID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[ClassRecord])
	if err != nil {
		return nil, fmt.Errorf("store: classes of school %d: %w", schoolID, err)
	}
	return out, nil
}

// CreateSchoolClass adds class number to a grade of the school, named after
// the grade ("三年级(2)班"), and returns its id. A grade of another school is
// ErrNotFound; a number the grade already has is ErrConflict.
func (s *Store) CreateSchoolClass(ctx context.Context, schoolID, gradeID int64, number int) (int64, error) {
	var level int
	if err := s.db.QueryRow(ctx, `SELECT level FROM grades WHERE id = $1 AND school_id = $2`, gradeID, schoolID).Scan(&level); err != nil {
		return 0, fmt.Errorf("store: grade %d of school %d: %w", gradeID, schoolID, mapErr(err))
	}
	return s.CreateClass(ctx, NewClass{GradeID: gradeID, Number: number, Name: grade.ClassName(level, number)})
}

// ArchiveClasses archives the school's classes ids, as the roll-over does
// to a graduated year's: kept with their records, out of every list of
// active classes. The demo keeps last school year's classes, which exist
// for the committees carried over from them, this way.
func (s *Store) ArchiveClasses(ctx context.Context, schoolID int64, ids []int64) error {
	if _, err := s.db.Exec(ctx, `UPDATE classes SET archived_at = now() WHERE school_id = $1 AND id = ANY($2) AND archived_at IS NULL`, schoolID, ids); err != nil {
		return fmt.Errorf("store: archive %d classes of school %d: %w", len(ids), schoolID, err)
	}
	return nil
}
