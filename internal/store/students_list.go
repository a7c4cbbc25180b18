package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"xietong/internal/auth"
)

// SpecialGroupOption names a special-group flag for filters and forms.
type SpecialGroupOption struct {
	Key   string // the column, also the filter value
	Label string
}

// SpecialGroupOptions lists the flags in display order. The keys are the
// only column names a filter may put into SQL.
var SpecialGroupOptions = []SpecialGroupOption{
	{"left_behind", "留守儿童"},
	{"hardship", "特困家庭"},
	{"migrant", "随迁子女"},
	{"disabled", "残疾儿童"},
	{"orphan", "孤儿"},
}

func groupColumn(key string) (string, bool) {
	for _, o := range SpecialGroupOptions {
		if o.Key == key {
			return "st." + o.Key, true
		}
	}
	return "", false
}

// Student statuses.
const (
	StatusEnrolled  = "enrolled"
	StatusLeft      = "left"
	StatusGraduated = "graduated"
)

// StudentFilter narrows the student list. Zero values mean "any"; the
// user's Scope always applies on top, so a filter can only narrow.
type StudentFilter struct {
	CountyID int64
	Q        string // part of a name or of a student number
	SchoolID int64
	ClassID  int64
	Gender   string // 男, 女 or ""
	Group    string // a SpecialGroupOptions key; callers pass "" for users who may not see flags
	Status   string // StatusEnrolled (default), StatusLeft, StatusGraduated
	Sort     string // name (default, pinyin), number, class
	Desc     bool
	Limit    int
	Offset   int
}

// StudentSorts is the allowlist of sort keys, the default first.
var StudentSorts = []string{"name", "number", "class"}

// orderBy maps a sort key to its ORDER BY clause; never request text.
func (f StudentFilter) orderBy() string {
	dir := "ASC"
	if f.Desc {
		dir = "DESC"
	}
	const name = `st.name COLLATE "zh-Hans-x-icu" `
	switch f.Sort {
	case "number":
		return "st.student_number " + dir
	case "class":
		return "sc.code " + dir + ", g.level " + dir + " NULLS LAST, c.number " + dir + " NULLS LAST, " + name + "ASC, st.student_number"
	}
	return name + dir + ", st.student_number " + dir
}

// where builds the WHERE clause of f under sc, with its arguments.
func (f StudentFilter) where(sc auth.Scope) (string, []any) {
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	conds := []string{"st.county_id = " + arg(f.CountyID)}
	scope, sargs := scopeSQL(sc, len(args)+1)
	args = append(args, sargs...)
	conds = append(conds, scope)
	status := f.Status
	if status != StatusLeft && status != StatusGraduated {
		status = StatusEnrolled
	}
	conds = append(conds, "st.status = "+arg(status))
	if f.Q != "" {
		q := arg(f.Q)
		conds = append(conds, "(strpos(st.name, "+q+") > 0 OR strpos(upper(st.student_number), upper("+q+")) > 0)")
	}
	if f.SchoolID != 0 {
		conds = append(conds, "st.school_id = "+arg(f.SchoolID))
	}
	if f.ClassID != 0 {
		conds = append(conds, "st.class_id = "+arg(f.ClassID))
	}
	if f.Gender == "男" || f.Gender == "女" {
		conds = append(conds, "st.gender = "+arg(f.Gender))
	}
	if col, ok := groupColumn(f.Group); ok {
		conds = append(conds, col)
	}
	return strings.Join(conds, " AND "), args
}

// fullAddressSQL is the home address in one string. Registers often hold the
// whole address in the address column already; then it is not prefixed again.
const fullAddressSQL = `CASE WHEN starts_with(st.address, st.township || st.village) THEN st.address
	ELSE st.township || st.village || st.address END`

// FullAddress is fullAddressSQL in Go, for a loaded Student.
func FullAddress(township, village, address string) string {
	if strings.HasPrefix(address, township+village) {
		return address
	}
	return township + village + address
}

// studentListFrom joins what a list row shows: the school, the class with
// its grade, and the first guardian.
const studentListFrom = `
	FROM students st
	JOIN schools sc ON sc.id = st.school_id
	LEFT JOIN classes c ON c.id = st.class_id
	LEFT JOIN grades g ON g.id = c.grade_id
	LEFT JOIN guardians gu ON gu.student_id = st.id AND gu.position = 1`

// StudentListRow is a student as the list shows them. Contacts are raw
// here: the handler masks them (privacy.MaskPhone, MaskAddress), and shows
// SpecialGroups only to users who may see them.
type StudentListRow struct {
	ID            int64  `db:"id"`
	SchoolID      int64  `db:"school_id"`
	SchoolName    string `db:"school_name"`
	ClassID       *int64 `db:"class_id"`
	ClassName     string `db:"class_name"`
	StudentNumber string `db:"student_number"`
	Name          string `db:"name"`
	Gender        string `db:"gender"`
	Address       string `db:"address"`
	Status        string `db:"status"`
	GuardianName  string `db:"guardian_name"`
	GuardianPhone string `db:"guardian_phone"`
	SpecialGroups
}

// ListStudents returns one page of the students that f selects within sc,
// and how many there are in all.
func (s *Store) ListStudents(ctx context.Context, sc auth.Scope, f StudentFilter) ([]StudentListRow, int, error) {
	where, args := f.where(sc)
	var total int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM students st WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count students: %w", err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	args = append(args, limit, max(f.Offset, 0))
	rows, err := s.db.Query(ctx, `
		SELECT st.id, st.school_id, sc.name AS school_name, st.class_id, coalesce(c.name, '') AS class_name,
		       st.student_number, st.name, st.gender, `+fullAddressSQL+` AS address, st.status,
		       coalesce(gu.name, '') AS guardian_name, coalesce(gu.phone, '') AS guardian_phone,
		       st.left_behind, st.hardship, st.migrant, st.disabled, st.orphan`+studentListFrom+`
		WHERE `+where+`
		ORDER BY `+f.orderBy()+`
		LIMIT $`+strconv.Itoa(len(args)-1)+` OFFSET $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list students: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[StudentListRow])
	if err != nil {
		return nil, 0, fmt.Errorf("store: list students: %w", err)
	}
	return out, total, nil
}

// ClassOption is a class as a filter or a transfer form offers it.
type ClassOption struct {
	ID         int64  `db:"id"`
	SchoolID   int64  `db:"school_id"`
	SchoolName string `db:"school_name"`
	Name       string `db:"name"`
}

// ClassesInScope lists the active classes of the county whose students sc
// may see (optionally of one school), in school, grade and number order.
func (s *Store) ClassesInScope(ctx context.Context, countyID int64, sc auth.Scope, schoolID int64) ([]ClassOption, error) {
	if sc.Nothing() {
		return nil, nil
	}
	var classes any
	if sc.ClassIDs != nil {
		classes = sc.ClassIDs
	}
	rows, err := s.db.Query(ctx, `
		SELECT c.id, c.school_id, sc.name AS school_name, c.name
		FROM classes c JOIN grades g ON g.id = c.grade_id JOIN schools sc ON sc.id = c.school_id
		WHERE sc.county_id = $1 AND c.archived_at IS NULL AND sc.archived_at IS NULL
		  AND ($2::bool OR (c.school_id = $3 AND ($4::bigint[] IS NULL OR c.id = ANY($4))))
		  AND ($5::bigint = 0 OR c.school_id = $5)
		ORDER BY sc.code, g.level, c.number`, countyID, sc.All, sc.SchoolID, classes, schoolID)
	if err != nil {
		return nil, fmt.Errorf("store: classes in scope: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[ClassOption])
	if err != nil {
		return nil, fmt.Errorf("store: classes in scope: %w", err)
	}
	return out, nil
}

// ClassesOfSchool lists a school's active classes (for a transfer form, the
// ledger's class filter): class names only, no children, so it needs no
// scope. A query of its own: ClassesInScope's optional conditions make the
// planner plan it afresh on every call.
func (s *Store) ClassesOfSchool(ctx context.Context, countyID, schoolID int64) ([]ClassOption, error) {
	rows, err := s.db.Query(ctx, classesOfSchoolSQL, schoolID, countyID)
	if err != nil {
		return nil, fmt.Errorf("store: classes of school %d: %w", schoolID, err)
	}
	out, err := collectClassOptions(rows)
	if err != nil {
		return nil, fmt.Errorf("store: classes of school %d: %w", schoolID, err)
	}
	return out, nil
}

// collectClassOptions reads the rows of classesOfSchoolSQL by position:
// the ledger list reads a school's classes on every view, and matching
// them to fields by reflection cost more than the query's own decoding.
func collectClassOptions(rows pgx.Rows) ([]ClassOption, error) {
	var out []ClassOption
	var c ClassOption
	_, err := pgx.ForEachRow(rows, []any{&c.ID, &c.SchoolID, &c.SchoolName, &c.Name}, func() error {
		out = append(out, c)
		return nil
	})
	return out, err
}

// classesOfSchoolSQL is ClassesOfSchool's query ($1 the school, $2 the
// county), its columns in ClassOption's order. The grade is looked up per
// class (see ClassesByIDs).
const classesOfSchoolSQL = `
	SELECT c.id, c.school_id, sc.name AS school_name, c.name
	FROM schools sc JOIN classes c ON c.school_id = sc.id
	WHERE sc.id = $1 AND sc.county_id = $2 AND c.archived_at IS NULL AND sc.archived_at IS NULL
	ORDER BY (SELECT g.level FROM grades g WHERE g.id = c.grade_id), c.number`

// SchoolOption is a school as a select offers it.
type SchoolOption struct {
	ID   int64  `db:"id"`
	Code string `db:"code"`
	Name string `db:"name"`
}

// SchoolOptions lists the county's active schools by code.
func (s *Store) SchoolOptions(ctx context.Context, countyID int64) ([]SchoolOption, error) {
	rows, err := s.db.Query(ctx, `SELECT id, code, name FROM schools WHERE county_id = $1 AND archived_at IS NULL ORDER BY code`, countyID)
	if err != nil {
		return nil, fmt.Errorf("store: school options: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[SchoolOption])
	if err != nil {
		return nil, fmt.Errorf("store: school options: %w", err)
	}
	return out, nil
}

// RosterExportRow is one row of a roster export, filled in place by
// EachRosterRow (one struct for the whole export, no per-row allocation
// beyond the strings themselves).
type RosterExportRow struct {
	SchoolName       string
	ClassName        string
	StudentNumber    string
	Name             string
	Gender           string
	BirthDate        *string
	Address          string
	GuardianName     string
	GuardianRelation string
	GuardianPhone    string
	SpecialGroups
}

// EachRosterRow streams the enrolled students that f selects within sc, in
// school, class and pinyin order, calling fn for each row as it arrives from
// the database: a county of 100,000 students is never held in memory.
// f.Q, Sort and paging are ignored.
func (s *Store) EachRosterRow(ctx context.Context, sc auth.Scope, f StudentFilter, fn func(*RosterExportRow) error) error {
	f.Status, f.Q, f.Sort, f.Desc = StatusEnrolled, "", "class", false
	where, args := f.where(sc)
	rows, err := s.db.Query(ctx, `
		SELECT sc.name, coalesce(c.name, ''), st.student_number, st.name, st.gender, to_char(st.birth_date, 'YYYY-MM-DD'),
		       `+fullAddressSQL+`,
		       coalesce(gu.name, ''), coalesce(gu.relation, ''), coalesce(gu.phone, ''),
		       st.left_behind, st.hardship, st.migrant, st.disabled, st.orphan`+studentListFrom+`
		WHERE `+where+`
		ORDER BY `+f.orderBy(), args...)
	if err != nil {
		return fmt.Errorf("store: roster export: %w", err)
	}
	defer rows.Close()
	var r RosterExportRow
	dest := []any{&r.SchoolName, &r.ClassName, &r.StudentNumber, &r.Name, &r.Gender, &r.BirthDate, &r.Address,
		&r.GuardianName, &r.GuardianRelation, &r.GuardianPhone,
		&r.LeftBehind, &r.Hardship, &r.Migrant, &r.Disabled, &r.Orphan}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("store: roster export: %w", err)
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: roster export: %w", err)
	}
	return nil
}
