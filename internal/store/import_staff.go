package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"xietong/internal/auth"
)

// StaffPerson is one person of a staff import, their rows merged (a
// teacher may take one row per class).
type StaffPerson struct {
	// Row is the person's first row in the sheet, for messages.
	Row      int
	Name     string
	Phone    string
	Username string // "" when the sheet has none
	Roles    []RoleGrant
	Duties   []StaffDuty
}

// StaffDuty is a class duty of the current term from the sheet.
type StaffDuty struct {
	ClassID   int64
	ClassName string
	Duty      auth.Role // auth.ClassTeacher or auth.SubjectTeacher
	Subject   string    // subjects, joined with 、
}

// NewStaffAccount is an account a staff import creates.
type NewStaffAccount struct {
	Row      int    `json:"row"`
	Name     string `json:"name"`
	Username string `json:"username"`
}

// StaffImportPlan is what a staff import does, or would do: Added are new
// accounts, Updated existing ones given a new role, duty, name or phone,
// Unchanged the rest.
type StaffImportPlan struct {
	Added, Updated, Unchanged int
	// Accounts lists the new accounts with the username each gets.
	Accounts []NewStaffAccount
	// ClassTeachersReplaced counts classes whose class teacher of the term
	// the sheet changed.
	ClassTeachersReplaced int
	Conflicts             []ImportConflict
}

// staffMatch is the plan for one person.
type staffMatch struct {
	userID   int64  // 0: a new account
	username string // for a new account
	conflict string
}

// matchStaff finds each person's account. The rule (documented for the
// offices in the template's instructions): a row with a 用户名 is that
// account, which must belong to this school; a row without one is the
// school's account with the same phone and name; otherwise a new account
// is made, named by the 用户名 given or else by the phone number (the
// school code and the phone when the number is taken).
func (s *Store) matchStaff(ctx context.Context, countyID, schoolID int64, schoolCode string, people []StaffPerson) ([]staffMatch, error) {
	out := make([]staffMatch, len(people))
	taken := map[string]bool{}
	for i, p := range people {
		m := &out[i]
		var (
			id       int64
			school   *int64
			name     string
			county   int64
			username string
		)
		if p.Username != "" {
			err := s.db.QueryRow(ctx, `SELECT id, school_id, display_name, county_id FROM users WHERE lower(username) = lower($1)`, p.Username).
				Scan(&id, &school, &name, &county)
			switch {
			case errors.Is(err, pgx.ErrNoRows):
				if taken[strings.ToLower(p.Username)] {
					m.conflict = "用户名「" + p.Username + "」在表中重复"
				}
				m.username = p.Username
				taken[strings.ToLower(p.Username)] = true
			case err != nil:
				return nil, fmt.Errorf("store: match staff: %w", err)
			case county != countyID || school == nil || *school != schoolID:
				m.conflict = "用户名「" + p.Username + "」已被其他学校或教育局的账号使用，请换一个或留空"
			default:
				m.userID = id
			}
			continue
		}
		rows, err := s.db.Query(ctx, `
			SELECT id, display_name FROM users WHERE school_id = $1 AND phone = $2 ORDER BY (display_name = $3) DESC, id`,
			schoolID, p.Phone, p.Name)
		if err != nil {
			return nil, fmt.Errorf("store: match staff: %w", err)
		}
		var ids []int64
		var names []string
		_, err = pgx.ForEachRow(rows, []any{&id, &name}, func() error {
			ids, names = append(ids, id), append(names, name)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("store: match staff: %w", err)
		}
		switch {
		case len(ids) > 0 && names[0] == p.Name:
			m.userID = ids[0]
			continue
		case len(ids) > 0:
			m.conflict = "手机号已用于本校账号「" + names[0] + "」，但姓名不同；如是同一人请填写用户名"
			continue
		}
		for _, candidate := range []string{p.Phone, schoolCode + "-" + p.Phone} {
			if !usernameOK(candidate) || taken[strings.ToLower(candidate)] {
				continue
			}
			err := s.db.QueryRow(ctx, `SELECT username FROM users WHERE lower(username) = lower($1)`, candidate).Scan(&username)
			if errors.Is(err, pgx.ErrNoRows) {
				m.username = candidate
				break
			}
			if err != nil {
				return nil, fmt.Errorf("store: match staff: %w", err)
			}
		}
		if m.username == "" {
			m.conflict = "无法用手机号生成用户名（已被占用），请在「用户名」列填写"
			continue
		}
		taken[strings.ToLower(m.username)] = true
	}
	return out, nil
}

func usernameOK(u string) bool {
	if len(u) < 2 || len(u) > 40 {
		return false
	}
	for _, r := range u {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '.' || r == '-') {
			return false
		}
	}
	return true
}

// PlanStaffImport says what ApplyStaffImport would do, writing nothing.
func (s *Store) PlanStaffImport(ctx context.Context, countyID, schoolID int64, schoolCode string, termID int64, people []StaffPerson) (StaffImportPlan, error) {
	var plan StaffImportPlan
	err := s.rolledBack(ctx, func(tx *Store) error {
		var err error
		plan, err = tx.applyStaff(ctx, countyID, schoolID, schoolCode, termID, people, nil)
		return err
	})
	return plan, err
}

// ApplyStaffImport creates the accounts and gives the roles and class
// duties (for termID) of people, all or nothing; run it inside InTx with the
// import's audit row. New accounts are managed by the school, get the
// password hash hashes[username] and must change it at first sign-in; an
// account to create without a hash is ErrImportConflict (the sheet or the
// accounts changed since the plan). Existing roles and duties are kept: an
// import adds, it never removes, except that a class's class teacher for the
// term is the one the sheet names.
func (s *Store) ApplyStaffImport(ctx context.Context, countyID, schoolID int64, schoolCode string, termID int64, people []StaffPerson,
	hashes map[string]string) (StaffImportPlan, error) {
	var plan StaffImportPlan
	err := s.InTx(ctx, func(tx *Store) error {
		if err := tx.importLock(ctx, schoolID); err != nil {
			return err
		}
		var err error
		plan, err = tx.applyStaff(ctx, countyID, schoolID, schoolCode, termID, people, hashes)
		if err == nil && len(plan.Conflicts) > 0 {
			err = fmt.Errorf("store: staff import into school %d: %d rows: %w", schoolID, len(plan.Conflicts), ErrImportConflict)
		}
		return err
	})
	return plan, err
}

// applyStaff writes the import (hashes nil: a plan, run in a transaction
// that is rolled back; new accounts then get no password).
func (s *Store) applyStaff(ctx context.Context, countyID, schoolID int64, schoolCode string, termID int64, people []StaffPerson,
	hashes map[string]string) (StaffImportPlan, error) {
	var plan StaffImportPlan
	matches, err := s.matchStaff(ctx, countyID, schoolID, schoolCode, people)
	if err != nil {
		return plan, err
	}
	for i, m := range matches {
		if m.conflict != "" {
			col := "手机号"
			if people[i].Username != "" || strings.Contains(m.conflict, "用户名") {
				col = "用户名"
			}
			plan.Conflicts = append(plan.Conflicts, ImportConflict{Row: people[i].Row, Column: col, Message: m.conflict})
		}
	}
	if len(plan.Conflicts) > 0 {
		return plan, nil
	}
	for i, p := range people {
		m := matches[i]
		changed := false
		uid := m.userID
		if uid == 0 {
			nu := NewUser{CountyID: countyID, SchoolID: schoolID, Username: m.username, DisplayName: p.Name, Phone: p.Phone, MustChangePassword: true}
			if hashes != nil {
				h, ok := hashes[m.username]
				if !ok {
					return plan, fmt.Errorf("store: staff import: no password for %q: %w", m.username, ErrImportConflict)
				}
				nu.PasswordHash = h
			}
			if uid, err = s.CreateUser(ctx, nu); err != nil {
				return plan, err
			}
			plan.Added++
			plan.Accounts = append(plan.Accounts, NewStaffAccount{Row: p.Row, Name: p.Name, Username: m.username})
		} else {
			tag, err := s.db.Exec(ctx, `
				UPDATE users SET display_name = $2, phone = $3, updated_at = now()
				WHERE id = $1 AND (display_name, coalesce(phone, '')) IS DISTINCT FROM ($2, $3)`, uid, p.Name, p.Phone)
			if err != nil {
				return plan, fmt.Errorf("store: update staff %d: %w", uid, err)
			}
			changed = tag.RowsAffected() > 0
		}
		for _, g := range p.Roles {
			tag, err := s.db.Exec(ctx, `
				INSERT INTO role_assignments (user_id, role, school_id, office) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
				uid, string(g.Role), schoolID, nullText(string(g.Office)))
			if err != nil {
				return plan, fmt.Errorf("store: staff role: %w", mapErr(err))
			}
			changed = changed || tag.RowsAffected() > 0
		}
		for _, d := range p.Duties {
			ok, replaced, err := s.importDuty(ctx, termID, uid, d)
			if err != nil {
				return plan, err
			}
			changed = changed || ok
			if replaced {
				plan.ClassTeachersReplaced++
			}
		}
		switch {
		case m.userID == 0:
		case changed:
			plan.Updated++
		default:
			plan.Unchanged++
		}
	}
	return plan, nil
}

// importDuty gives uid duty d for termID: whether it changed anything, and
// whether it replaced another class teacher.
func (s *Store) importDuty(ctx context.Context, termID, uid int64, d StaffDuty) (changed, replaced bool, err error) {
	if d.Duty == auth.ClassTeacher {
		tag, err := s.db.Exec(ctx, `
			DELETE FROM class_staff WHERE term_id = $1 AND class_id = $2 AND duty = 'class_teacher' AND user_id <> $3`,
			termID, d.ClassID, uid)
		if err != nil {
			return false, false, fmt.Errorf("store: class teacher of %d: %w", d.ClassID, err)
		}
		replaced = tag.RowsAffected() > 0
		tag, err = s.db.Exec(ctx, `
			INSERT INTO class_staff (term_id, class_id, user_id, duty) VALUES ($1, $2, $3, 'class_teacher') ON CONFLICT DO NOTHING`,
			termID, d.ClassID, uid)
		if err != nil {
			return false, false, fmt.Errorf("store: class teacher of %d: %w", d.ClassID, mapErr(err))
		}
		return tag.RowsAffected() > 0, replaced, nil
	}
	var cur string
	err = s.db.QueryRow(ctx, `
		SELECT coalesce(subject, '') FROM class_staff WHERE term_id = $1 AND class_id = $2 AND user_id = $3 AND duty = 'subject_teacher'`,
		termID, d.ClassID, uid).Scan(&cur)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		_, err = s.db.Exec(ctx, `
			INSERT INTO class_staff (term_id, class_id, user_id, duty, subject) VALUES ($1, $2, $3, 'subject_teacher', $4)`,
			termID, d.ClassID, uid, d.Subject)
		if err != nil {
			return false, false, fmt.Errorf("store: subject teacher of %d: %w", d.ClassID, mapErr(err))
		}
		return true, false, nil
	case err != nil:
		return false, false, fmt.Errorf("store: subject teacher of %d: %w", d.ClassID, err)
	}
	merged := mergeSubjects(cur, d.Subject)
	if merged == cur {
		return false, false, nil
	}
	_, err = s.db.Exec(ctx, `
		UPDATE class_staff SET subject = $4 WHERE term_id = $1 AND class_id = $2 AND user_id = $3 AND duty = 'subject_teacher'`,
		termID, d.ClassID, uid, merged)
	if err != nil {
		return false, false, fmt.Errorf("store: subject teacher of %d: %w", d.ClassID, err)
	}
	return true, false, nil
}

// mergeSubjects adds the subjects of add (joined with 、) to cur's.
func mergeSubjects(cur, add string) string {
	var out []string
	for _, s := range strings.Split(cur+"、"+add, "、") {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return strings.Join(out, "、")
}

func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}
