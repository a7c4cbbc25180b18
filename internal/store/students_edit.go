package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/auth"
)

// ErrStale: the record changed since the form was loaded (optimistic
// locking on students.version). It is also an ErrConflict.
var ErrStale = fmt.Errorf("%w: stale version", ErrConflict)

// GuardianInput is a guardian as a form submits it.
type GuardianInput struct {
	Name     string
	Relation string
	Phone    string
}

// StudentEdit is what an edit form submits. Details is false for users who
// may change only the guardians (a class teacher): the other fields are
// then ignored.
type StudentEdit struct {
	Details       bool
	Name          string
	Gender        string
	BirthDate     *time.Time
	StudentNumber string
	Township      string
	Village       string
	Address       string
	SpecialGroups
	Guardians []GuardianInput
}

// lockStudent loads and locks the student id that sc admits, checking that
// its version is still version.
func (s *Store) lockStudent(ctx context.Context, sc auth.Scope, id int64, version int) (*Student, error) {
	where, args := scopeSQL(sc, 2)
	rows, _ := s.db.Query(ctx, `
		SELECT st.id, st.school_id, st.class_id, st.student_number, st.name, st.gender, st.birth_date,
		       st.township, st.village, st.address, st.status, st.version,
		       st.left_behind, st.hardship, st.migrant, st.disabled, st.orphan
		FROM students st
		WHERE st.id = $1 AND `+where+`
		FOR UPDATE`, append([]any{id}, args...)...)
	cur, err := pgx.CollectOneRow(rows, pgx.RowToAddrOfStructByNameLax[Student])
	if err != nil {
		return nil, fmt.Errorf("store: student %d: %w", id, mapErr(err))
	}
	if cur.Version != version {
		return nil, fmt.Errorf("store: student %d at version %d, form had %d: %w", id, cur.Version, version, ErrStale)
	}
	return cur, nil
}

// UpdateStudent writes e over the student id that sc admits, if the student
// is still at version. It returns the names of the fields that changed —
// names, never values, so that the caller can audit them without copying a
// child's data into the log — and nil when nothing changed (then nothing is
// written and the version stays). Run it with the audit row in one InTx.
//
// Errors: ErrNotFound outside sc; ErrStale when someone saved first;
// ErrConflict when the student number is taken in the county.
func (s *Store) UpdateStudent(ctx context.Context, sc auth.Scope, id int64, version int, e StudentEdit) ([]string, error) {
	var changed []string
	err := s.InTx(ctx, func(tx *Store) error {
		changed = nil // a retried transaction starts again
		cur, err := tx.lockStudent(ctx, sc, id, version)
		if err != nil {
			return err
		}
		gs, err := tx.guardians(ctx, id)
		if err != nil {
			return err
		}
		if e.Details {
			changed = studentChanges(cur, e)
		} else {
			// Keep everything but the guardians.
			e.Name, e.Gender, e.BirthDate, e.StudentNumber = cur.Name, cur.Gender, cur.BirthDate, cur.StudentNumber
			e.Township, e.Village, e.Address, e.SpecialGroups = cur.Township, cur.Village, cur.Address, cur.SpecialGroups
		}
		guardiansChanged := len(gs) != len(e.Guardians)
		for i := 0; !guardiansChanged && i < len(gs); i++ {
			g := e.Guardians[i]
			guardiansChanged = gs[i].Name != g.Name || gs[i].Relation != g.Relation || gs[i].Phone != g.Phone
		}
		if guardiansChanged {
			changed = append(changed, "guardians")
		}
		if len(changed) == 0 {
			return nil
		}
		_, err = tx.db.Exec(ctx, `
			UPDATE students SET name = $2, gender = $3, birth_date = $4, student_number = $5,
			       township = $6, village = $7, address = $8,
			       left_behind = $9, hardship = $10, migrant = $11, disabled = $12, orphan = $13,
			       version = version + 1, updated_at = now()
			WHERE id = $1`,
			id, e.Name, e.Gender, e.BirthDate, e.StudentNumber, e.Township, e.Village, e.Address,
			e.LeftBehind, e.Hardship, e.Migrant, e.Disabled, e.Orphan)
		if err != nil {
			return fmt.Errorf("store: update student %d: %w", id, mapErr(err))
		}
		if guardiansChanged {
			return tx.replaceGuardians(ctx, id, e.Guardians)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return changed, nil
}

// studentChanges names the detail fields that e changes.
func studentChanges(cur *Student, e StudentEdit) []string {
	var out []string
	add := func(name string, differ bool) {
		if differ {
			out = append(out, name)
		}
	}
	add("name", cur.Name != e.Name)
	add("gender", cur.Gender != e.Gender)
	add("birth_date", !sameDate(cur.BirthDate, e.BirthDate))
	add("student_number", cur.StudentNumber != e.StudentNumber)
	add("township", cur.Township != e.Township)
	add("village", cur.Village != e.Village)
	add("address", cur.Address != e.Address)
	add("left_behind", cur.LeftBehind != e.LeftBehind)
	add("hardship", cur.Hardship != e.Hardship)
	add("migrant", cur.Migrant != e.Migrant)
	add("disabled", cur.Disabled != e.Disabled)
	add("orphan", cur.Orphan != e.Orphan)
	return out
}

func sameDate(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Format(time.DateOnly) == b.Format(time.DateOnly)
}

func (s *Store) guardians(ctx context.Context, studentID int64) ([]Guardian, error) {
	rows, err := s.db.Query(ctx, `SELECT id, position, name, relation, phone FROM guardians WHERE student_id = $1 ORDER BY position`, studentID)
	if err != nil {
		return nil, fmt.Errorf("store: guardians of %d: %w", studentID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Guardian])
	if err != nil {
		return nil, fmt.Errorf("store: guardians of %d: %w", studentID, err)
	}
	return out, nil
}

// replaceGuardians writes gs as the student's guardians, numbered from 1 in
// order (lists join position 1 as the first contact).
func (s *Store) replaceGuardians(ctx context.Context, studentID int64, gs []GuardianInput) error {
	if _, err := s.db.Exec(ctx, `DELETE FROM guardians WHERE student_id = $1`, studentID); err != nil {
		return fmt.Errorf("store: guardians of %d: %w", studentID, err)
	}
	if len(gs) == 0 {
		return nil
	}
	names, rels, phones := make([]string, len(gs)), make([]string, len(gs)), make([]string, len(gs))
	for i, g := range gs {
		names[i], rels[i], phones[i] = g.Name, g.Relation, g.Phone
	}
	_, err := s.db.Exec(ctx, `
		INSERT INTO guardians (student_id, position, name, relation, phone)
		SELECT $1, g.ord, g.name, g.relation, g.phone
		FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS g(name, relation, phone, ord)`,
		studentID, names, rels, phones)
	if err != nil {
		return fmt.Errorf("store: guardians of %d: %w", studentID, mapErr(err))
	}
	return nil
}

// Transfer kinds.
const (
	TransferClass  = "class"
	TransferSchool = "school"
	TransferLeave  = "leave"
)

var (
	// ErrNotEnrolled: only an enrolled student can move or leave.
	ErrNotEnrolled = errors.New("store: student is not enrolled")
	// ErrSameClass: the target class is the student's class already.
	ErrSameClass = errors.New("store: already in that class")
	// ErrNoSuchClass: the target class is not an active class of the county.
	ErrNoSuchClass = errors.New("store: no such class")
)

// Move is a transfer or a departure as an office records it.
type Move struct {
	StudentID int64
	Version   int
	ToClassID int64 // 0 for leaving school
	OnDate    time.Time
	Reason    string
	ByUserID  int64
}

// MoveResult says what a move did, in ids (for the audit row).
type MoveResult struct {
	Kind         string
	FromSchoolID int64
	FromClassID  int64
	ToSchoolID   int64
	ToClassID    int64
}

// MoveStudent moves the student that sc admits to another class of the
// county (same school: a class transfer; another school: a school
// transfer), or, with ToClassID 0, records that they left school: status
// 'left', no class, the row kept. The history row and the student change
// commit together; run it with the audit row in one InTx.
//
// Errors: ErrNotFound outside sc; ErrStale; ErrNotEnrolled; ErrSameClass;
// ErrNoSuchClass.
func (s *Store) MoveStudent(ctx context.Context, sc auth.Scope, countyID int64, m Move) (*MoveResult, error) {
	var res MoveResult
	err := s.InTx(ctx, func(tx *Store) error {
		cur, err := tx.lockStudent(ctx, sc, m.StudentID, m.Version)
		if err != nil {
			return err
		}
		if cur.Status != StatusEnrolled || cur.ClassID == nil {
			return fmt.Errorf("store: move student %d: %w", m.StudentID, ErrNotEnrolled)
		}
		res = MoveResult{Kind: TransferLeave, FromSchoolID: cur.SchoolID, FromClassID: *cur.ClassID}
		if m.ToClassID != 0 {
			if m.ToClassID == *cur.ClassID {
				return fmt.Errorf("store: move student %d: %w", m.StudentID, ErrSameClass)
			}
			err := tx.db.QueryRow(ctx, `
				SELECT c.school_id FROM classes c JOIN schools sc ON sc.id = c.school_id
				WHERE c.id = $1 AND sc.county_id = $2 AND c.archived_at IS NULL AND sc.archived_at IS NULL`,
				m.ToClassID, countyID).Scan(&res.ToSchoolID)
			if errors.Is(err, pgx.ErrNoRows) {
				return fmt.Errorf("store: move to class %d: %w", m.ToClassID, ErrNoSuchClass)
			}
			if err != nil {
				return fmt.Errorf("store: move to class %d: %w", m.ToClassID, err)
			}
			res.ToClassID = m.ToClassID
			res.Kind = TransferClass
			if res.ToSchoolID != res.FromSchoolID {
				res.Kind = TransferSchool
			}
			_, err = tx.db.Exec(ctx, `
				UPDATE students SET school_id = $2, class_id = $3, version = version + 1, updated_at = now() WHERE id = $1`,
				m.StudentID, res.ToSchoolID, res.ToClassID)
			if err != nil {
				return fmt.Errorf("store: move student %d: %w", m.StudentID, err)
			}
		} else {
			_, err := tx.db.Exec(ctx, `
				UPDATE students SET status = 'left', class_id = NULL, version = version + 1, updated_at = now() WHERE id = $1`,
				m.StudentID)
			if err != nil {
				return fmt.Errorf("store: student %d leaves: %w", m.StudentID, err)
			}
		}
		// The class stays (student_class_history, kept by the roll-over too)
		// follow the move: the open stay ends on the move's date and a new
		// one begins in the new class.
		if _, err := tx.db.Exec(ctx, `
			UPDATE student_class_history SET to_date = greatest(from_date, $2::date)
			WHERE student_id = $1 AND to_date IS NULL`, m.StudentID, m.OnDate); err != nil {
			return fmt.Errorf("store: close stay of student %d: %w", m.StudentID, err)
		}
		if res.ToClassID != 0 {
			if _, err := tx.db.Exec(ctx, `
				INSERT INTO student_class_history (student_id, class_id, from_date, reason) VALUES ($1, $2, $3, 'transferred')`,
				m.StudentID, res.ToClassID, m.OnDate); err != nil {
				return fmt.Errorf("store: open stay of student %d: %w", m.StudentID, mapErr(err))
			}
		}
		_, err = tx.db.Exec(ctx, `
			INSERT INTO student_transfers (student_id, kind, from_school_id, from_class_id, to_school_id, to_class_id, on_date, reason, by_user_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			m.StudentID, res.Kind, res.FromSchoolID, res.FromClassID, nullInt(res.ToSchoolID), nullInt(res.ToClassID), m.OnDate, m.Reason, m.ByUserID)
		if err != nil {
			return fmt.Errorf("store: history of student %d: %w", m.StudentID, mapErr(err))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &res, nil
}

// TransferRow is one entry of a student's history.
type TransferRow struct {
	ID             int64     `db:"id"`
	Kind           string    `db:"kind"`
	FromSchoolName string    `db:"from_school_name"`
	FromClassName  string    `db:"from_class_name"`
	ToSchoolName   string    `db:"to_school_name"`
	ToClassName    string    `db:"to_class_name"`
	OnDate         time.Time `db:"on_date"`
	Reason         string    `db:"reason"`
	ByName         string    `db:"by_name"`
}

// StudentTransfers lists the moves of the student id that sc admits, newest
// first; a student outside sc has no history (an empty list).
func (s *Store) StudentTransfers(ctx context.Context, sc auth.Scope, id int64) ([]TransferRow, error) {
	where, args := scopeSQL(sc, 2)
	rows, err := s.db.Query(ctx, `
		SELECT t.id, t.kind, fs.name AS from_school_name, coalesce(fc.name, '') AS from_class_name,
		       coalesce(ts.name, '') AS to_school_name, coalesce(tc.name, '') AS to_class_name,
		       t.on_date, t.reason, u.display_name AS by_name
		FROM student_transfers t
		JOIN students st ON st.id = t.student_id
		JOIN schools fs ON fs.id = t.from_school_id
		LEFT JOIN classes fc ON fc.id = t.from_class_id
		LEFT JOIN schools ts ON ts.id = t.to_school_id
		LEFT JOIN classes tc ON tc.id = t.to_class_id
		JOIN users u ON u.id = t.by_user_id
		WHERE t.student_id = $1 AND `+where+`
		ORDER BY t.on_date DESC, t.id DESC`, append([]any{id}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: history of student %d: %w", id, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[TransferRow])
	if err != nil {
		return nil, fmt.Errorf("store: history of student %d: %w", id, err)
	}
	return out, nil
}
