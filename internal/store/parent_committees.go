package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"xietong/internal/parents"
)

// 家长委员会 (R06, R07): a class's parent committee and the school's. The
// callers pass a class or school the loader has read inside the user's
// scope; every statement repeats the class or school in its WHERE, so a
// member or representative of another class cannot be reached through it.

// CommitteeMember is one member of a class parent committee. StudentID and
// GuardianID are 0 for a person named by hand; ChildName is then "".
type CommitteeMember struct {
	ID         int64  `db:"id"`
	StudentID  int64  `db:"student_id"`
	GuardianID int64  `db:"guardian_id"`
	ChildName  string `db:"child_name"`
	Name       string `db:"name"`
	Relation   string `db:"relation"`
	Phone      string `db:"phone"`
	Head       bool   `db:"head"`
	// ChildLeft: the member's child is no longer enrolled in the class
	// (moved, left school, or not promoted into it).
	ChildLeft bool `db:"child_left"`
}

// Rule is the member as parents.ClassCommitteeProblems reads it.
func (m CommitteeMember) Rule() parents.Member {
	return parents.Member{Name: m.Name, GuardianID: m.GuardianID, Phone: m.Phone, Head: m.Head, ChildLeft: m.ChildLeft}
}

// CommitteeRules maps members to the rule's values.
func CommitteeRules(ms []CommitteeMember) []parents.Member {
	out := make([]parents.Member, 0, len(ms))
	for _, m := range ms {
		out = append(out, m.Rule())
	}
	return out
}

// ClassCommittee is a class's committee; ID 0 when none has been named.
type ClassCommittee struct {
	ID           int64
	ClassID      int64
	SchoolYearID int64
	// Draft: carried over from last year's class, not yet confirmed.
	Draft   bool
	Members []CommitteeMember
}

// memberColumns reads a member of committee k (with its student st).
const memberColumns = `m.id, coalesce(m.student_id, 0) AS student_id, coalesce(m.guardian_id, 0) AS guardian_id,
	coalesce(st.name, '') AS child_name, m.name, m.relation, m.phone, m.head,
	(m.student_id IS NOT NULL AND (st.status <> 'enrolled' OR st.class_id IS DISTINCT FROM k.class_id)) AS child_left`

// ClassCommitteeOf loads a class's committee with its members in the order
// they were named.
func (s *Store) ClassCommitteeOf(ctx context.Context, classID int64) (ClassCommittee, error) {
	c := ClassCommittee{ClassID: classID}
	err := s.db.QueryRow(ctx, `SELECT id, school_year_id, draft FROM class_committees WHERE class_id = $1`, classID).
		Scan(&c.ID, &c.SchoolYearID, &c.Draft)
	if errors.Is(err, pgx.ErrNoRows) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("store: committee of class %d: %w", classID, err)
	}
	rows, err := s.db.Query(ctx, `
		SELECT `+memberColumns+`
		FROM class_committee_members m JOIN class_committees k ON k.id = m.committee_id
		LEFT JOIN students st ON st.id = m.student_id
		WHERE k.id = $1
		ORDER BY m.id`, c.ID)
	if err != nil {
		return c, fmt.Errorf("store: committee members of class %d: %w", classID, err)
	}
	c.Members, err = pgx.CollectRows(rows, pgx.RowToStructByName[CommitteeMember])
	if err != nil {
		return c, fmt.Errorf("store: committee members of class %d: %w", classID, err)
	}
	return c, nil
}

// GuardianChoice is a guardian of an enrolled student of a class, offered
// when naming the class committee.
type GuardianChoice struct {
	GuardianID int64  `db:"guardian_id"`
	StudentID  int64  `db:"student_id"`
	ChildName  string `db:"child_name"`
	Name       string `db:"name"`
	Relation   string `db:"relation"`
	Phone      string `db:"phone"`
}

// ClassGuardians lists the guardians of the class's enrolled students whose
// child's (or own) name contains q ("" for all), by the child's name in
// pinyin order, at most limit.
func (s *Store) ClassGuardians(ctx context.Context, classID int64, q string, limit int) ([]GuardianChoice, error) {
	rows, err := s.db.Query(ctx, `
		SELECT g.id AS guardian_id, st.id AS student_id, st.name AS child_name, g.name, g.relation, g.phone
		FROM students st JOIN guardians g ON g.student_id = st.id
		WHERE st.class_id = $1 AND st.status = 'enrolled'
		  AND ($2 = '' OR strpos(st.name, $2) > 0 OR strpos(g.name, $2) > 0)
		ORDER BY st.name COLLATE "zh-Hans-x-icu", st.id, g.position
		LIMIT $3`, classID, q, limit)
	if err != nil {
		return nil, fmt.Errorf("store: guardians of class %d: %w", classID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[GuardianChoice])
	if err != nil {
		return nil, fmt.Errorf("store: guardians of class %d: %w", classID, err)
	}
	return out, nil
}

// ClassGuardian is one guardian of an enrolled student of the class;
// ErrNotFound for any other.
func (s *Store) ClassGuardian(ctx context.Context, classID, guardianID int64) (*GuardianChoice, error) {
	rows, _ := s.db.Query(ctx, `
		SELECT g.id AS guardian_id, st.id AS student_id, st.name AS child_name, g.name, g.relation, g.phone
		FROM guardians g JOIN students st ON st.id = g.student_id
		WHERE g.id = $2 AND st.class_id = $1 AND st.status = 'enrolled'`, classID, guardianID)
	g, err := pgx.CollectOneRow(rows, pgx.RowToAddrOfStructByName[GuardianChoice])
	if err != nil {
		return nil, fmt.Errorf("store: guardian %d of class %d: %w", guardianID, classID, mapErr(err))
	}
	return g, nil
}

// NewCommitteeMember is the input of AddClassMember: a guardian
// (GuardianID) of an enrolled student of the class, whose name, relation
// and phone are copied, or a person named by hand (GuardianID 0) with a
// phone the caller has normalised (package phone).
type NewCommitteeMember struct {
	SchoolID, ClassID int64
	GuardianID        int64
	Name, Relation    string
	Phone             string
	Head              bool
}

// ensureClassCommittee returns the id of the class's committee, creating
// it for an active class of schoolID; ErrNotFound for any other class.
func (s *Store) ensureClassCommittee(ctx context.Context, schoolID, classID int64) (int64, error) {
	var id int64
	err := s.db.QueryRow(ctx, `
		WITH ins AS (
			INSERT INTO class_committees (school_id, school_year_id, class_id)
			SELECT c.school_id, g.school_year_id, c.id
			FROM classes c JOIN grades g ON g.id = c.grade_id
			WHERE c.id = $2 AND c.school_id = $1 AND c.archived_at IS NULL
			ON CONFLICT (class_id) DO NOTHING
			RETURNING id)
		SELECT id FROM ins
		UNION ALL
		SELECT id FROM class_committees WHERE class_id = $2 AND school_id = $1`, schoolID, classID).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: committee of class %d: %w", classID, mapErr(err))
	}
	return id, nil
}

// AddClassMember names a member of the class's committee, creating the
// committee on its first member, and returns the member's id. A guardian
// not of an enrolled student of the class is ErrNotFound; the same guardian
// twice is ErrConflict.
func (s *Store) AddClassMember(ctx context.Context, m NewCommitteeMember) (int64, error) {
	var id int64
	err := s.InTx(ctx, func(tx *Store) error {
		kid, err := tx.ensureClassCommittee(ctx, m.SchoolID, m.ClassID)
		if err != nil {
			return err
		}
		if m.GuardianID != 0 {
			err = tx.db.QueryRow(ctx, `
				INSERT INTO class_committee_members (committee_id, student_id, guardian_id, name, relation, phone, head)
				SELECT $1, st.id, g.id, g.name, left(g.relation, 20), g.phone, $4
				FROM guardians g JOIN students st ON st.id = g.student_id
				WHERE g.id = $3 AND st.class_id = $2 AND st.status = 'enrolled'
				RETURNING id`, kid, m.ClassID, m.GuardianID, m.Head).Scan(&id)
		} else {
			err = tx.db.QueryRow(ctx, `
				INSERT INTO class_committee_members (committee_id, name, relation, phone, head)
				VALUES ($1, $2, $3, $4, $5) RETURNING id`, kid, m.Name, m.Relation, m.Phone, m.Head).Scan(&id)
		}
		if err != nil {
			return fmt.Errorf("store: committee member of class %d: %w", m.ClassID, mapErr(err))
		}
		return nil
	})
	return id, err
}

// SetClassHead makes member the committee's only head (head true), or no
// longer a head (false). A member of another class is ErrNotFound.
func (s *Store) SetClassHead(ctx context.Context, classID, memberID int64, head bool) error {
	var tag int64
	err := s.db.QueryRow(ctx, `
		WITH target AS (
			SELECT m.committee_id FROM class_committee_members m JOIN class_committees k ON k.id = m.committee_id
			WHERE m.id = $2 AND k.class_id = $1),
		upd AS (
			UPDATE class_committee_members m SET head = (m.id = $2 AND $3)
			FROM target WHERE m.committee_id = target.committee_id AND (m.id = $2 OR $3)
			RETURNING 1)
		SELECT count(*) FROM target`, classID, memberID, head).Scan(&tag)
	if err != nil {
		return fmt.Errorf("store: head of class %d's committee: %w", classID, err)
	}
	if tag == 0 {
		return fmt.Errorf("store: member %d of class %d's committee: %w", memberID, classID, ErrNotFound)
	}
	return nil
}

// RemoveClassMember takes a member off the class's committee (and off the
// school committee, if a representative) and returns the name removed. A
// member of another class is ErrNotFound.
func (s *Store) RemoveClassMember(ctx context.Context, classID, memberID int64) (string, error) {
	var name string
	err := s.db.QueryRow(ctx, `
		DELETE FROM class_committee_members m USING class_committees k
		WHERE k.id = m.committee_id AND m.id = $2 AND k.class_id = $1
		RETURNING m.name`, classID, memberID).Scan(&name)
	if err != nil {
		return "", fmt.Errorf("store: remove member %d of class %d's committee: %w", memberID, classID, mapErr(err))
	}
	return name, nil
}

// ClassCommitteeStatus is where one class of a school stands on R06.
type ClassCommitteeStatus struct {
	ClassID    int64
	GradeLevel int
	Name       string
	// Exists: a committee was named (it may have no members left).
	Exists   bool
	Draft    bool
	Members  int
	HeadName string   // the head's name, or the first head's
	Problems []string // parents.ClassCommitteeProblems; nil when valid
}

// Valid reports whether the class meets R06: a confirmed committee without
// problems.
func (c ClassCommitteeStatus) Valid() bool { return c.Exists && !c.Draft && len(c.Problems) == 0 }

// SchoolCommitteeSummary lists every active class of the school in the
// school year with its committee's state, reading the committees and
// members of the school year by the (school, year) index. It carries names
// only (no phone, no child): county roles may see it.
func (s *Store) SchoolCommitteeSummary(ctx context.Context, schoolID, yearID int64) ([]ClassCommitteeStatus, error) {
	rows, err := s.db.Query(ctx, `
		SELECT k.class_id, `+memberColumns+`
		FROM class_committees k
		JOIN class_committee_members m ON m.committee_id = k.id
		LEFT JOIN students st ON st.id = m.student_id
		WHERE k.school_id = $1 AND k.school_year_id = $2
		ORDER BY k.class_id, m.id`, schoolID, yearID)
	if err != nil {
		return nil, fmt.Errorf("store: committee members of school %d: %w", schoolID, err)
	}
	members := map[int64][]CommitteeMember{}
	var classID int64
	var m CommitteeMember
	_, err = pgx.ForEachRow(rows, []any{&classID, &m.ID, &m.StudentID, &m.GuardianID, &m.ChildName, &m.Name, &m.Relation, &m.Phone, &m.Head, &m.ChildLeft}, func() error {
		members[classID] = append(members[classID], m)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: committee members of school %d: %w", schoolID, err)
	}
	rows, err = s.db.Query(ctx, `
		SELECT c.id, g.level, c.name, k.id IS NOT NULL, coalesce(k.draft, false)
		FROM classes c
		JOIN grades g ON g.id = c.grade_id
		LEFT JOIN class_committees k ON k.class_id = c.id
		WHERE c.school_id = $1 AND c.archived_at IS NULL AND g.school_year_id = $2
		ORDER BY g.level, c.number`, schoolID, yearID)
	if err != nil {
		return nil, fmt.Errorf("store: committees of school %d: %w", schoolID, err)
	}
	var out []ClassCommitteeStatus
	var cs ClassCommitteeStatus
	_, err = pgx.ForEachRow(rows, []any{&cs.ClassID, &cs.GradeLevel, &cs.Name, &cs.Exists, &cs.Draft}, func() error {
		r := cs
		ms := members[r.ClassID]
		r.Members = len(ms)
		for _, m := range ms {
			if m.Head {
				r.HeadName = m.Name
				break
			}
		}
		r.Problems = parents.ClassCommitteeProblems(CommitteeRules(ms))
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: committees of school %d: %w", schoolID, err)
	}
	return out, nil
}

// SchoolRep is a representative on the school parent committee, with the
// class and grade division they come from (DivisionID 0: their grade is in
// no division now).
type SchoolRep struct {
	ID           int64  `db:"id"`
	MemberID     int64  `db:"member_id"`
	Name         string `db:"name"`
	Relation     string `db:"relation"`
	Phone        string `db:"phone"`
	ClassName    string `db:"class_name"`
	GradeLevel   int    `db:"grade_level"`
	DivisionID   int64  `db:"division_id"`
	DivisionName string `db:"division_name"`
	Head         bool   `db:"head"`
}

// SchoolCommittee is the school's parent committee of a school year: the
// school's grade divisions of that year, in their order, and the
// representatives.
type SchoolCommittee struct {
	Divisions []parents.Division
	Reps      []SchoolRep
}

// Problems is the make-up check (parents.SchoolCommitteeProblems).
func (c SchoolCommittee) Problems() []string {
	reps := make([]parents.Rep, 0, len(c.Reps))
	for _, r := range c.Reps {
		reps = append(reps, parents.Rep{DivisionID: r.DivisionID, Name: r.Name, Head: r.Head})
	}
	return parents.SchoolCommitteeProblems(c.Divisions, reps)
}

// repFrom joins a member m to its committee k, class c, grade g and
// division d.
const repFrom = `class_committee_members m
	JOIN class_committees k ON k.id = m.committee_id
	JOIN classes c ON c.id = k.class_id
	JOIN grades g ON g.id = c.grade_id
	LEFT JOIN grade_divisions d ON d.id = g.grade_division_id`

// SchoolCommitteeOf loads the school committee of a school year.
func (s *Store) SchoolCommitteeOf(ctx context.Context, schoolID, yearID int64) (SchoolCommittee, error) {
	var c SchoolCommittee
	divs, err := s.ListGradeDivisions(ctx, schoolID, yearID)
	if err != nil {
		return c, err
	}
	for _, d := range divs {
		c.Divisions = append(c.Divisions, parents.Division{ID: d.ID, Name: d.Name})
	}
	rows, err := s.db.Query(ctx, `
		SELECT r.id, m.id AS member_id, m.name, m.relation, m.phone, c.name AS class_name, g.level AS grade_level,
		       coalesce(d.id, 0) AS division_id, coalesce(d.name, '') AS division_name, r.head
		FROM school_committee_reps r JOIN `+repFrom+` ON m.id = r.member_id
		WHERE r.school_id = $1 AND r.school_year_id = $2
		ORDER BY d.id NULLS LAST, g.level, c.number, r.id`, schoolID, yearID)
	if err != nil {
		return c, fmt.Errorf("store: school committee of school %d: %w", schoolID, err)
	}
	c.Reps, err = pgx.CollectRows(rows, pgx.RowToStructByName[SchoolRep])
	if err != nil {
		return c, fmt.Errorf("store: school committee of school %d: %w", schoolID, err)
	}
	return c, nil
}

// RepCandidates lists the members of the school's class committees of the
// school year who are not representatives yet, by division, grade and
// class: those the school committee is composed from.
func (s *Store) RepCandidates(ctx context.Context, schoolID, yearID int64) ([]SchoolRep, error) {
	rows, err := s.db.Query(ctx, `
		SELECT 0::bigint AS id, m.id AS member_id, m.name, m.relation, m.phone, c.name AS class_name, g.level AS grade_level,
		       coalesce(d.id, 0) AS division_id, coalesce(d.name, '') AS division_name, m.head
		FROM `+repFrom+`
		WHERE k.school_id = $1 AND k.school_year_id = $2 AND c.archived_at IS NULL
		  AND NOT EXISTS (SELECT 1 FROM school_committee_reps r WHERE r.member_id = m.id AND r.school_id = $1 AND r.school_year_id = $2)
		ORDER BY d.id NULLS LAST, g.level, c.number, m.head DESC, m.id`, schoolID, yearID)
	if err != nil {
		return nil, fmt.Errorf("store: committee candidates of school %d: %w", schoolID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[SchoolRep])
	if err != nil {
		return nil, fmt.Errorf("store: committee candidates of school %d: %w", schoolID, err)
	}
	return out, nil
}

// AddSchoolRep puts a class committee member of the school's year on the
// school committee and returns the representative's id. A member of
// another school or year is ErrNotFound; one already on it ErrConflict.
func (s *Store) AddSchoolRep(ctx context.Context, schoolID, yearID, memberID int64, head bool) (int64, error) {
	var id int64
	err := s.db.QueryRow(ctx, `
		INSERT INTO school_committee_reps (school_id, school_year_id, member_id, head)
		SELECT k.school_id, k.school_year_id, m.id, $4
		FROM class_committee_members m JOIN class_committees k ON k.id = m.committee_id
		WHERE m.id = $3 AND k.school_id = $1 AND k.school_year_id = $2
		RETURNING id`, schoolID, yearID, memberID, head).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: school committee rep %d of school %d: %w", memberID, schoolID, mapErr(err))
	}
	return id, nil
}

// SetSchoolRepHead makes a representative the only head of their grade
// division (head true), or no longer a head (false). A representative of
// another school or year is ErrNotFound.
func (s *Store) SetSchoolRepHead(ctx context.Context, schoolID, yearID, repID int64, head bool) error {
	var n int64
	err := s.db.QueryRow(ctx, `
		WITH reps AS (
			SELECT r.id, coalesce(g.grade_division_id, 0) AS division
			FROM school_committee_reps r JOIN `+repFrom+` ON m.id = r.member_id
			WHERE r.school_id = $1 AND r.school_year_id = $2),
		target AS (SELECT division FROM reps WHERE id = $3),
		upd AS (
			UPDATE school_committee_reps r SET head = (r.id = $3 AND $4)
			FROM reps, target
			WHERE reps.id = r.id AND reps.division = target.division AND (r.id = $3 OR $4)
			RETURNING 1)
		SELECT count(*) FROM target`, schoolID, yearID, repID, head).Scan(&n)
	if err != nil {
		return fmt.Errorf("store: head of school %d's committee: %w", schoolID, err)
	}
	if n == 0 {
		return fmt.Errorf("store: rep %d of school %d: %w", repID, schoolID, ErrNotFound)
	}
	return nil
}

// RemoveSchoolRep takes a representative off the school committee (they
// stay on their class's) and returns their name.
func (s *Store) RemoveSchoolRep(ctx context.Context, schoolID, yearID, repID int64) (string, error) {
	var name string
	err := s.db.QueryRow(ctx, `
		DELETE FROM school_committee_reps r USING class_committee_members m
		WHERE m.id = r.member_id AND r.id = $3 AND r.school_id = $1 AND r.school_year_id = $2
		RETURNING m.name`, schoolID, yearID, repID).Scan(&name)
	if err != nil {
		return "", fmt.Errorf("store: remove rep %d of school %d: %w", repID, schoolID, mapErr(err))
	}
	return name, nil
}

// ClassSchoolYear is the school year a class belongs to (through its grade).
func (s *Store) ClassSchoolYear(ctx context.Context, classID int64) (int64, error) {
	var id int64
	err := s.db.QueryRow(ctx, `SELECT g.school_year_id FROM classes c JOIN grades g ON g.id = c.grade_id WHERE c.id = $1`, classID).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: school year of class %d: %w", classID, mapErr(err))
	}
	return id, nil
}

// CarrySource is last school year's committee a class's new committee may
// start from: the one most of whose members' children are in the class now.
type CarrySource struct {
	CommitteeID int64
	ClassName   string
	Members     int
	Staying     int // members whose child is enrolled in the class now
}

// CarrySourceFor finds the committee of the previous school year (same
// school) most of whose members' children are now enrolled in the class;
// nil if none of them is.
func (s *Store) CarrySourceFor(ctx context.Context, schoolID, classID int64) (*CarrySource, error) {
	rows, _ := s.db.Query(ctx, `
		WITH this AS (
			SELECT y.county_id, y.start_year FROM classes c JOIN grades g ON g.id = c.grade_id
			JOIN school_years y ON y.id = g.school_year_id
			WHERE c.id = $2 AND c.school_id = $1)
		SELECT k.id AS committee_id, c.name AS class_name, count(m.id)::int AS members,
		       (count(*) FILTER (WHERE st.class_id = $2 AND st.status = 'enrolled'))::int AS staying
		FROM this
		JOIN school_years py ON py.county_id = this.county_id AND py.start_year = this.start_year - 1
		JOIN class_committees k ON k.school_id = $1 AND k.school_year_id = py.id
		JOIN classes c ON c.id = k.class_id
		JOIN class_committee_members m ON m.committee_id = k.id
		LEFT JOIN students st ON st.id = m.student_id
		GROUP BY k.id, c.name
		HAVING count(*) FILTER (WHERE st.class_id = $2 AND st.status = 'enrolled') > 0
		ORDER BY staying DESC, k.id
		LIMIT 1`, schoolID, classID)
	src, err := pgx.CollectOneRow(rows, pgx.RowToAddrOfStructByName[CarrySource])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: committee to carry over to class %d: %w", classID, err)
	}
	return src, nil
}

// CarryOverClassCommittee copies the members of last year's committee from
// (heads too) into a draft committee of the class, to be confirmed by the
// class teacher; the members whose children are not in the class show as
// such (ChildLeft). A class whose committee has members already is
// ErrConflict; from not of the school ErrNotFound. It returns the members
// copied.
func (s *Store) CarryOverClassCommittee(ctx context.Context, schoolID, classID, from int64) (int, error) {
	var n int
	err := s.InTx(ctx, func(tx *Store) error {
		kid, err := tx.ensureClassCommittee(ctx, schoolID, classID)
		if err != nil {
			return err
		}
		var has bool
		if err := tx.db.QueryRow(ctx, `
			SELECT EXISTS (SELECT 1 FROM class_committee_members WHERE committee_id = $1)
			FROM class_committees WHERE id = $1 FOR UPDATE`, kid).Scan(&has); err != nil {
			return fmt.Errorf("store: committee of class %d: %w", classID, err)
		}
		if has {
			return fmt.Errorf("store: class %d has a committee: %w", classID, ErrConflict)
		}
		tag, err := tx.db.Exec(ctx, `
			UPDATE class_committees k SET draft = true, carried_from = f.id
			FROM class_committees f
			WHERE k.id = $1 AND f.id = $2 AND f.school_id = $3 AND f.class_id <> k.class_id`, kid, from, schoolID)
		if err != nil {
			return fmt.Errorf("store: carry committee %d over to class %d: %w", from, classID, err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("store: committee %d to carry over: %w", from, ErrNotFound)
		}
		tag, err = tx.db.Exec(ctx, `
			INSERT INTO class_committee_members (committee_id, student_id, guardian_id, name, relation, phone, head)
			SELECT $1, student_id, guardian_id, name, relation, phone, head
			FROM class_committee_members WHERE committee_id = $2 ORDER BY id`, kid, from)
		if err != nil {
			return fmt.Errorf("store: carry committee %d over to class %d: %w", from, classID, mapErr(err))
		}
		n = int(tag.RowsAffected())
		return nil
	})
	return n, err
}

// ConfirmClassCommittee ends a carried-over committee's draft: from now on
// it counts for R06. It reports whether there was a draft to confirm.
func (s *Store) ConfirmClassCommittee(ctx context.Context, classID int64) (bool, error) {
	tag, err := s.db.Exec(ctx, `UPDATE class_committees SET draft = false WHERE class_id = $1 AND draft`, classID)
	if err != nil {
		return false, fmt.Errorf("store: confirm committee of class %d: %w", classID, err)
	}
	return tag.RowsAffected() == 1, nil
}

// CommitteeImport is a class committee written at once with its members
// (InsertClassCommittees), for the demo seed: thousands of classes take
// two statements instead of one per member.
type CommitteeImport struct {
	ClassID int64
	Members []MemberImport
}

// MemberImport is a member of a CommitteeImport: the guardian at Position
// (1-based) of the student numbered StudentNumber in the county, whose
// name, relation and phone are copied, or, with no StudentNumber, a person
// named by hand with a phone.
type MemberImport struct {
	StudentNumber string
	Position      int
	Name, Phone   string
	Relation      string
	Head          bool
}

// InsertClassCommittees creates the committees of cs (each class once, of
// the county, its school year the class's) with their members in the order
// given, heads as given — a committee may be written broken, as the demo
// wants some — and returns the committees' ids in the order of cs. A class
// that has a committee already is ErrConflict; an unknown student number
// or guardian position ErrNotFound.
func (s *Store) InsertClassCommittees(ctx context.Context, countyID int64, cs []CommitteeImport) ([]int64, error) {
	if len(cs) == 0 {
		return nil, nil
	}
	classIDs := make([]int64, len(cs))
	var (
		classOf                           []int64
		numbers, names, relations, phones []string
		positions                         []int16
		heads                             []bool
	)
	for i, c := range cs {
		classIDs[i] = c.ClassID
		for _, m := range c.Members {
			classOf = append(classOf, c.ClassID)
			numbers, positions = append(numbers, m.StudentNumber), append(positions, int16(m.Position))
			names, relations, phones = append(names, m.Name), append(relations, m.Relation), append(phones, m.Phone)
			heads = append(heads, m.Head)
		}
	}
	ids := make([]int64, len(cs))
	err := s.InTx(ctx, func(tx *Store) error {
		rows, err := tx.db.Query(ctx, `
			INSERT INTO class_committees (school_id, school_year_id, class_id)
			SELECT c.school_id, g.school_year_id, c.id
			FROM unnest($2::bigint[]) AS x(class_id)
			JOIN classes c ON c.id = x.class_id JOIN grades g ON g.id = c.grade_id JOIN schools sc ON sc.id = c.school_id
			WHERE sc.county_id = $1
			RETURNING id, class_id`, countyID, classIDs)
		if err != nil {
			return fmt.Errorf("store: insert %d committees: %w", len(cs), mapErr(err))
		}
		byClass := make(map[int64]int64, len(cs))
		var id, class int64
		if _, err := pgx.ForEachRow(rows, []any{&id, &class}, func() error {
			byClass[class] = id
			return nil
		}); err != nil {
			return fmt.Errorf("store: insert %d committees: %w", len(cs), mapErr(err))
		}
		for i, c := range cs {
			if ids[i] = byClass[c.ClassID]; ids[i] == 0 {
				return fmt.Errorf("store: committee of class %d: %w", c.ClassID, ErrNotFound)
			}
		}
		tag, err := tx.db.Exec(ctx, `
			INSERT INTO class_committee_members (committee_id, student_id, guardian_id, name, relation, phone, head)
			SELECT k.id, st.id, g.id, coalesce(g.name, x.name), left(coalesce(g.relation, x.relation), 20), coalesce(g.phone, x.phone), x.head
			FROM unnest($2::bigint[], $3::text[], $4::smallint[], $5::text[], $6::text[], $7::text[], $8::bool[])
			     WITH ORDINALITY AS x(class_id, student_number, position, name, relation, phone, head, ord)
			JOIN class_committees k ON k.class_id = x.class_id
			LEFT JOIN students st ON x.student_number <> '' AND st.county_id = $1 AND st.student_number = x.student_number
			LEFT JOIN guardians g ON g.student_id = st.id AND g.position = x.position
			WHERE x.student_number = '' OR g.id IS NOT NULL
			ORDER BY x.ord`, countyID, classOf, numbers, positions, names, relations, phones, heads)
		if err != nil {
			return fmt.Errorf("store: insert %d committee members: %w", len(classOf), mapErr(err))
		}
		if n := tag.RowsAffected(); n != int64(len(classOf)) {
			return fmt.Errorf("store: insert %d committee members: %d guardians unknown: %w", len(classOf), int64(len(classOf))-n, ErrNotFound)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}
