package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
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

// ListClassSummaries lists a school's active classes with the class teacher
// of termID and enrolment counts. SpecialGroup counts students in any special
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
func (s *Store) ClassesByIDs(ctx context.Context, ids []int64) ([]Class, error) {
	rows, err := s.db.Query(ctx, `
		SELECT c.id, c.school_id, sc.name AS school_name, g.level AS grade_level, c.name
		FROM classes c JOIN grades g ON g.id = c.grade_id JOIN schools sc ON sc.id = c.school_id
		WHERE c.id = ANY($1) AND c.archived_at IS NULL
		ORDER BY g.level, c.number`, ids)
	if err != nil {
		return nil, fmt.Errorf("store: classes %v: %w", ids, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Class])
	if err != nil {
		return nil, fmt.Errorf("store: classes: %w", err)
	}
	return out, nil
}
