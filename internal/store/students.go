package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/auth"
)

// scopeSQL returns a WHERE fragment restricting the students aliased st to
// sc, with its arguments numbered from n. Every query over students goes
// through it: the second lock behind the policy check.
func scopeSQL(sc auth.Scope, n int) (string, []any) {
	if sc.Nothing() {
		return "false", nil
	}
	// Only the conditions that apply are written: optional ones ("$1 OR
	// …") make PostgreSQL plan the query afresh on every call.
	switch {
	case sc.All:
		return "true", nil
	case sc.ClassIDs != nil:
		return fmt.Sprintf("(st.school_id = $%d AND st.class_id = ANY($%d::bigint[]))", n, n+1), []any{sc.SchoolID, sc.ClassIDs}
	default:
		return fmt.Sprintf("st.school_id = $%d", n), []any{sc.SchoolID}
	}
}

// SpecialGroups are a student's special-group flags.
type SpecialGroups struct {
	LeftBehind bool `db:"left_behind"`
	Hardship   bool `db:"hardship"`
	Migrant    bool `db:"migrant"`
	Disabled   bool `db:"disabled"`
	Orphan     bool `db:"orphan"`
}

// Labels lists the set flags in Chinese.
func (g SpecialGroups) Labels() []string {
	var out []string
	for _, f := range []struct {
		on    bool
		label string
	}{{g.LeftBehind, "留守儿童"}, {g.Hardship, "特困家庭"}, {g.Migrant, "随迁子女"}, {g.Disabled, "残疾儿童"}, {g.Orphan, "孤儿"}} {
		if f.on {
			out = append(out, f.label)
		}
	}
	return out
}

// Any reports whether any flag is set.
func (g SpecialGroups) Any() bool {
	return g.LeftBehind || g.Hardship || g.Migrant || g.Disabled || g.Orphan
}

// RosterRow is a student as a class roster lists them.
type RosterRow struct {
	ID            int64  `db:"id"`
	StudentNumber string `db:"student_number"`
	Name          string `db:"name"`
	Gender        string `db:"gender"`
	GuardianName  string `db:"guardian_name"`
	GuardianPhone string `db:"guardian_phone"`
	SpecialGroups
}

// ClassRoster lists the enrolled students of a class that sc admits, in
// pinyin order of name.
func (s *Store) ClassRoster(ctx context.Context, sc auth.Scope, classID int64) ([]RosterRow, error) {
	where, args := scopeSQL(sc, 2)
	rows, err := s.db.Query(ctx, `
		SELECT st.id, st.student_number, st.name, st.gender,
		       coalesce(g.name, '') AS guardian_name, coalesce(g.phone, '') AS guardian_phone,
		       st.left_behind, st.hardship, st.migrant, st.disabled, st.orphan
		FROM students st
		LEFT JOIN guardians g ON g.student_id = st.id AND g.position = 1
		WHERE st.class_id = $1 AND st.status = 'enrolled' AND `+where+`
		ORDER BY st.name COLLATE "zh-Hans-x-icu", st.student_number`, append([]any{classID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: roster of class %d: %w", classID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[RosterRow])
	if err != nil {
		return nil, fmt.Errorf("store: roster of class %d: %w", classID, err)
	}
	return out, nil
}

// Guardian is a student's guardian.
type Guardian struct {
	ID       int64  `db:"id"`
	Position int    `db:"position"`
	Name     string `db:"name"`
	Relation string `db:"relation"`
	Phone    string `db:"phone"`
}

// Student is one student's full record.
type Student struct {
	ID            int64      `db:"id"`
	SchoolID      int64      `db:"school_id"`
	SchoolName    string     `db:"school_name"`
	ClassID       *int64     `db:"class_id"`
	ClassName     string     `db:"class_name"`
	StudentNumber string     `db:"student_number"`
	Name          string     `db:"name"`
	Gender        string     `db:"gender"`
	BirthDate     *time.Time `db:"birth_date"`
	Township      string     `db:"township"`
	Village       string     `db:"village"`
	Address       string     `db:"address"`
	Status        string     `db:"status"`
	Version       int        `db:"version"`
	SpecialGroups
	Guardians []Guardian `db:"-"`
}

// StudentByID loads a student that sc admits; any other id is ErrNotFound.
func (s *Store) StudentByID(ctx context.Context, sc auth.Scope, id int64) (*Student, error) {
	st, err := s.StudentRecord(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	grows, err := s.db.Query(ctx, `SELECT id, position, name, relation, phone FROM guardians WHERE student_id = $1 ORDER BY position`, id)
	if err != nil {
		return nil, fmt.Errorf("store: guardians of %d: %w", id, err)
	}
	st.Guardians, err = pgx.CollectRows(grows, pgx.RowToStructByName[Guardian])
	if err != nil {
		return nil, fmt.Errorf("store: guardians of %d: %w", id, err)
	}
	return st, nil
}

// StudentPlace is where a student sc admits is enrolled: the id, school,
// class and status of a Student and nothing else. The visit POST needs no
// more to authorise the write, and reading the whole record on every POST
// cost it as much as the check.
func (s *Store) StudentPlace(ctx context.Context, sc auth.Scope, id int64) (*Student, error) {
	where, args := scopeSQL(sc, 2)
	st := Student{ID: id}
	err := s.db.QueryRow(ctx, `SELECT st.school_id, st.class_id, st.status FROM students st WHERE st.id = $1 AND `+where,
		append([]any{id}, args...)...).Scan(&st.SchoolID, &st.ClassID, &st.Status)
	if err != nil {
		return nil, fmt.Errorf("store: student %d: %w", id, mapErr(err))
	}
	return &st, nil
}

// StudentRecord is StudentByID without the guardians, for pages that only
// need the student's name, school and class (the visit form, and every
// visit POST). Scanned by position: matching nineteen columns to fields by
// name cost the visit POST as much Go time as writing the visit.
func (s *Store) StudentRecord(ctx context.Context, sc auth.Scope, id int64) (*Student, error) {
	where, args := scopeSQL(sc, 2)
	var st Student
	err := s.db.QueryRow(ctx, `
		SELECT st.id, st.school_id, sc.name AS school_name, st.class_id, coalesce(c.name, '') AS class_name,
		       st.student_number, st.name, st.gender, st.birth_date, st.township, st.village, st.address,
		       st.status, st.version, st.left_behind, st.hardship, st.migrant, st.disabled, st.orphan
		FROM students st
		JOIN schools sc ON sc.id = st.school_id
		LEFT JOIN classes c ON c.id = st.class_id
		WHERE st.id = $1 AND `+where, append([]any{id}, args...)...).Scan(
		&st.ID, &st.SchoolID, &st.SchoolName, &st.ClassID, &st.ClassName,
		&st.StudentNumber, &st.Name, &st.Gender, &st.BirthDate, &st.Township, &st.Village, &st.Address,
		&st.Status, &st.Version, &st.LeftBehind, &st.Hardship, &st.Migrant, &st.Disabled, &st.Orphan)
	if err != nil {
		return nil, fmt.Errorf("store: student %d: %w", id, mapErr(err))
	}
	return &st, nil
}
