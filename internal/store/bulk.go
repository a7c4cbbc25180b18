package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/auth"
)

// The bulk writers below insert many rows in one statement (unnest of
// arrays) or one COPY, for the demo seed and for imports of a school's
// register: thousands of rows take one round trip instead of thousands.
// Each is a single statement, or runs inside InTx, so a failure leaves
// nothing half-written.

// CreateUsers inserts several accounts at once and returns their ids in the
// order of us. A username already taken (or repeated in us, ignoring case)
// is ErrConflict.
func (s *Store) CreateUsers(ctx context.Context, us []NewUser) ([]int64, error) {
	if len(us) == 0 {
		return nil, nil
	}
	var (
		counties = make([]int64, len(us))
		names    = make([]string, len(us))
		displays = make([]string, len(us))
		phones   = make([]*string, len(us))
		hashes   = make([]*string, len(us))
		must     = make([]bool, len(us))
		schools  = make([]*int64, len(us))
	)
	for i, u := range us {
		counties[i], names[i], displays[i], must[i] = u.CountyID, u.Username, u.DisplayName, u.MustChangePassword
		if u.Phone != "" {
			phones[i] = &us[i].Phone
		}
		if u.PasswordHash != "" {
			hashes[i] = &us[i].PasswordHash
		}
		if u.SchoolID != 0 {
			schools[i] = &us[i].SchoolID
		}
	}
	rows, err := s.db.Query(ctx, `
		INSERT INTO users (county_id, username, display_name, phone, password_hash, must_change_password, password_changed_at, school_id)
		SELECT u.county_id, u.username, u.display_name, u.phone, u.hash, u.must,
		       CASE WHEN u.hash IS NULL THEN NULL ELSE now() END, u.school_id
		FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bool[], $7::bigint[])
		     WITH ORDINALITY AS u(county_id, username, display_name, phone, hash, must, school_id, ord)
		ORDER BY u.ord
		RETURNING id, lower(username)`, counties, names, displays, phones, hashes, must, schools)
	if err != nil {
		return nil, fmt.Errorf("store: create %d users: %w", len(us), mapErr(err))
	}
	byName := make(map[string]int64, len(us))
	var (
		id   int64
		name string
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &name}, func() error {
		byName[name] = id
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: create %d users: %w", len(us), mapErr(err))
	}
	ids := make([]int64, len(us))
	for i, u := range us {
		ids[i] = byName[strings.ToLower(u.Username)]
	}
	return ids, nil
}

// RoleGrant is one county or school role to give a user (see AssignRole):
// SchoolID is 0 for a county role, Office is set only for school_office.
type RoleGrant struct {
	UserID   int64
	Role     auth.Role
	SchoolID int64
	Office   auth.Office
}

// AssignRoles inserts several role assignments at once.
func (s *Store) AssignRoles(ctx context.Context, gs []RoleGrant) error {
	if len(gs) == 0 {
		return nil
	}
	var (
		users   = make([]int64, len(gs))
		roles   = make([]string, len(gs))
		schools = make([]*int64, len(gs))
		offices = make([]*string, len(gs))
	)
	for i, g := range gs {
		users[i], roles[i] = g.UserID, string(g.Role)
		if g.SchoolID != 0 {
			schools[i] = &gs[i].SchoolID
		}
		if g.Office != "" {
			o := string(g.Office)
			offices[i] = &o
		}
	}
	_, err := s.db.Exec(ctx, `
		INSERT INTO role_assignments (user_id, role, school_id, office)
		SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[])`, users, roles, schools, offices)
	if err != nil {
		return fmt.Errorf("store: assign %d roles: %w", len(gs), mapErr(err))
	}
	return nil
}

// ClassDuty is one class_staff row: a class teacher or a subject teacher
// (with Subject) of a class for a term.
type ClassDuty struct {
	TermID  int64
	ClassID int64
	UserID  int64
	Duty    auth.Role // auth.ClassTeacher or auth.SubjectTeacher
	Subject string
}

// AssignClassStaffBulk inserts several class duties at once (see
// AssignClassStaff). A second class teacher for a class and term is
// ErrConflict.
func (s *Store) AssignClassStaffBulk(ctx context.Context, ds []ClassDuty) error {
	if len(ds) == 0 {
		return nil
	}
	var (
		terms    = make([]int64, len(ds))
		classes  = make([]int64, len(ds))
		users    = make([]int64, len(ds))
		duties   = make([]string, len(ds))
		subjects = make([]*string, len(ds))
	)
	for i, d := range ds {
		terms[i], classes[i], users[i], duties[i] = d.TermID, d.ClassID, d.UserID, string(d.Duty)
		if d.Subject != "" {
			subjects[i] = &ds[i].Subject
		}
	}
	_, err := s.db.Exec(ctx, `
		INSERT INTO class_staff (term_id, class_id, user_id, duty, subject)
		SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[])`,
		terms, classes, users, duties, subjects)
	if err != nil {
		return fmt.Errorf("store: assign %d class duties: %w", len(ds), mapErr(err))
	}
	return nil
}

// StudentImport is one student for CopyStudents. ClassID 0 and a zero
// BirthDate are stored as NULL; Status "" means "enrolled".
type StudentImport struct {
	SchoolID      int64
	ClassID       int64
	StudentNumber string
	Name          string
	Gender        string // 男 or 女
	BirthDate     time.Time
	Township      string
	Village       string
	Address       string
	SpecialGroups
	Status string
}

// studentImportColumns are the columns CopyStudents fills, in the order of
// the values it sends.
var studentImportColumns = []string{
	"county_id", "school_id", "class_id", "student_number", "name", "gender", "birth_date",
	"township", "village", "address", "left_behind", "hardship", "migrant", "disabled", "orphan", "status",
}

// CopyStudents inserts students of countyID with COPY and returns the number
// of rows written. A student number already used in the county is
// ErrConflict, and then nothing is written.
func (s *Store) CopyStudents(ctx context.Context, countyID int64, sts []StudentImport) (int64, error) {
	n, err := s.db.CopyFrom(ctx, pgx.Identifier{"students"}, studentImportColumns,
		pgx.CopyFromSlice(len(sts), func(i int) ([]any, error) {
			st := &sts[i]
			var class, birth any
			if st.ClassID != 0 {
				class = st.ClassID
			}
			if !st.BirthDate.IsZero() {
				birth = st.BirthDate
			}
			status := st.Status
			if status == "" {
				status = "enrolled"
			}
			return []any{countyID, st.SchoolID, class, st.StudentNumber, st.Name, st.Gender, birth,
				st.Township, st.Village, st.Address,
				st.LeftBehind, st.Hardship, st.Migrant, st.Disabled, st.Orphan, status}, nil
		}))
	if err != nil {
		return 0, fmt.Errorf("store: copy %d students: %w", len(sts), mapErr(err))
	}
	// Fresh statistics before anything refers to these rows: with the table
	// still looking empty, the foreign-key checks of the guardians and class
	// stays inserted next plan sequential scans, one per row — quadratic,
	// minutes for a county. ANALYZE is allowed inside the transaction.
	if _, err := s.db.Exec(ctx, `ANALYZE students`); err != nil {
		return 0, fmt.Errorf("store: analyze students: %w", err)
	}
	return n, nil
}

// GuardianImport is one guardian for InsertGuardians, naming the student by
// student number: rows copied in bulk have no ids known to the caller.
type GuardianImport struct {
	StudentNumber string
	Position      int // 1 is the first contact
	Name          string
	Relation      string // 父亲, 母亲, 祖父 …
	Phone         string
}

// InsertGuardians inserts guardians of students of countyID, found by
// student number, in one statement, and returns the number of rows
// written. A student number unknown in the county is ErrNotFound and a
// position the student already has is ErrConflict; either way nothing is
// written.
func (s *Store) InsertGuardians(ctx context.Context, countyID int64, gs []GuardianImport) (int64, error) {
	if len(gs) == 0 {
		return 0, nil
	}
	var (
		numbers   = make([]string, len(gs))
		positions = make([]int16, len(gs))
		names     = make([]string, len(gs))
		relations = make([]string, len(gs))
		phones    = make([]string, len(gs))
	)
	for i, g := range gs {
		numbers[i], positions[i], names[i], relations[i], phones[i] = g.StudentNumber, int16(g.Position), g.Name, g.Relation, g.Phone
	}
	var n int64
	err := s.InTx(ctx, func(tx *Store) error {
		tag, err := tx.db.Exec(ctx, `
			INSERT INTO guardians (student_id, position, name, relation, phone)
			SELECT st.id, g.position, g.name, g.relation, g.phone
			FROM unnest($2::text[], $3::smallint[], $4::text[], $5::text[], $6::text[])
			     AS g(student_number, position, name, relation, phone)
			JOIN students st ON st.county_id = $1 AND st.student_number = g.student_number`,
			countyID, numbers, positions, names, relations, phones)
		if err != nil {
			return fmt.Errorf("store: insert %d guardians: %w", len(gs), mapErr(err))
		}
		if n = tag.RowsAffected(); n != int64(len(gs)) {
			return fmt.Errorf("store: insert %d guardians: %d student numbers unknown: %w", len(gs), int64(len(gs))-n, ErrNotFound)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}
