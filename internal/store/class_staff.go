package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"xietong/internal/auth"
)

// ClassDutyRow is one teacher's duty in a class for a term (班主任 or 科任).
type ClassDutyRow struct {
	ID       int64  `db:"id"`
	ClassID  int64  `db:"class_id"`
	UserID   int64  `db:"user_id"`
	UserName string `db:"user_name"`
	Duty     string `db:"duty"`
	Subject  string `db:"subject"`
}

// ListClassDuties lists the class and subject teachers of a school's
// classes for a term, class teachers first.
func (s *Store) ListClassDuties(ctx context.Context, schoolID, termID int64) ([]ClassDutyRow, error) {
	rows, err := s.db.Query(ctx, `
		SELECT cs.id, cs.class_id, cs.user_id, u.display_name AS user_name, cs.duty, coalesce(cs.subject, '') AS subject
		FROM class_staff cs JOIN classes c ON c.id = cs.class_id JOIN users u ON u.id = cs.user_id
		WHERE c.school_id = $1 AND cs.term_id = $2
		ORDER BY cs.class_id, cs.duty, cs.subject, u.display_name`, schoolID, termID)
	if err != nil {
		return nil, fmt.Errorf("store: class duties of school %d: %w", schoolID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[ClassDutyRow])
	if err != nil {
		return nil, fmt.Errorf("store: class duties of school %d: %w", schoolID, err)
	}
	return out, nil
}

// ClassDutyInput is the input of SetClassDuty.
type ClassDutyInput struct {
	SchoolID int64
	TermID   int64
	ClassID  int64
	UserID   int64
	Duty     auth.Role // ClassTeacher or SubjectTeacher
	Subject  string    // required for a subject teacher
}

// SetClassDuty assigns a teacher to a class for a term and returns the
// duty's id. The class must be an active class of the school, the term one
// of the class's school year, and the teacher an enabled account of the
// school; anything else is ErrNotFound. A class teacher replaces the
// class's previous one for that term; the same subject teacher twice is
// ErrConflict. The teacher's next request sees the duty (loadPrincipal
// reloads assignments on every request).
func (s *Store) SetClassDuty(ctx context.Context, in ClassDutyInput) (int64, error) {
	var ok bool
	err := s.db.QueryRow(ctx, `
		SELECT EXISTS (
			SELECT 1 FROM classes c JOIN grades g ON g.id = c.grade_id JOIN terms t ON t.school_year_id = g.school_year_id
			WHERE c.id = $1 AND c.school_id = $2 AND c.archived_at IS NULL AND t.id = $3)
		   AND EXISTS (SELECT 1 FROM users u WHERE u.id = $4 AND u.school_id = $2 AND u.disabled_at IS NULL)`,
		in.ClassID, in.SchoolID, in.TermID, in.UserID).Scan(&ok)
	if err != nil {
		return 0, fmt.Errorf("store: class duty: %w", err)
	}
	if !ok {
		return 0, fmt.Errorf("store: class duty %d/%d: %w", in.ClassID, in.UserID, ErrNotFound)
	}
	if in.Duty == auth.ClassTeacher {
		if _, err := s.db.Exec(ctx, `DELETE FROM class_staff WHERE term_id = $1 AND class_id = $2 AND duty = 'class_teacher'`,
			in.TermID, in.ClassID); err != nil {
			return 0, fmt.Errorf("store: replace class teacher: %w", err)
		}
	}
	var subj any
	if in.Duty == auth.SubjectTeacher {
		subj = in.Subject
	}
	var id int64
	err = s.db.QueryRow(ctx, `
		INSERT INTO class_staff (term_id, class_id, user_id, duty, subject) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		in.TermID, in.ClassID, in.UserID, string(in.Duty), subj).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: class duty %d/%d: %w", in.ClassID, in.UserID, mapErr(err))
	}
	return id, nil
}

// RemoveClassDuty ends a teacher's duty in a class of the school. A duty of
// another school is ErrNotFound.
func (s *Store) RemoveClassDuty(ctx context.Context, schoolID, dutyID int64) error {
	tag, err := s.db.Exec(ctx, `
		DELETE FROM class_staff cs USING classes c WHERE cs.id = $1 AND c.id = cs.class_id AND c.school_id = $2`, dutyID, schoolID)
	if err != nil {
		return fmt.Errorf("store: remove class duty %d: %w", dutyID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store: remove class duty %d: %w", dutyID, ErrNotFound)
	}
	return nil
}
