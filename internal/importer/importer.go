// Package importer is the roster import pipeline shared by the web pages
// and the command line: a file is read and its table located once
// (package roster), the school's remembered column mapping or the user's
// correction applied, the rows parsed and normalised against the school's
// classes, the result compared with the database (added, updated,
// unchanged, refused rows), and on confirmation applied in one transaction
// through the store's bulk paths. Package roster knows nothing of the
// database; package store nothing of spreadsheets; this package joins them.
package importer

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"xietong/internal/auth"
	"xietong/internal/roster"
	"xietong/internal/store"
)

// Code is the kind's name in URLs and in the database ("students", "staff").
func Code(k roster.Kind) string {
	if k == roster.Staff {
		return store.ImportStaff
	}
	return store.ImportStudents
}

// KindOf reads a kind's Code.
func KindOf(code string) (roster.Kind, bool) {
	switch code {
	case store.ImportStudents:
		return roster.Students, true
	case store.ImportStaff:
		return roster.Staff, true
	}
	return 0, false
}

// Target is the school an import writes into.
type Target struct {
	CountyID   int64
	SchoolID   int64
	SchoolCode string
	// TermID is the current term, for staff's class duties (0: none).
	TermID int64
}

// Read reads an upload and locates the roster of kind k in it. Every
// failure is a *roster.FileError with a Chinese message.
func Read(r io.Reader, filename string, k roster.Kind) (roster.Table, error) {
	sheets, err := roster.Read(r, filename, roster.DefaultLimits())
	if err != nil {
		return roster.Table{}, err
	}
	return roster.Locate(sheets, k)
}

// Column is one column of the table as the preview shows it.
type Column struct {
	Letter  string   `json:"letter"`
	Header  string   `json:"header"`
	Key     string   `json:"key"`
	Field   string   `json:"field"`
	Guessed bool     `json:"guessed"`
	Samples []string `json:"samples"`
}

// RowError is a row that cannot be imported.
type RowError struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

func (e RowError) String() string {
	if e.Column == "" {
		return fmt.Sprintf("第 %d 行：%s", e.Row, e.Message)
	}
	return fmt.Sprintf("第 %d 行「%s」：%s", e.Row, e.Column, e.Message)
}

// Change is one kind of normalisation made, with a count and an example.
type Change struct {
	Field string `json:"field"`
	Kind  string `json:"kind"`
	From  string `json:"from"`
	To    string `json:"to"`
	Count int    `json:"count"`
	Rows  []int  `json:"rows"`
}

func (c Change) String() string {
	from := c.From
	if from == "" {
		from = "（空）"
	}
	return fmt.Sprintf("%s：%s → %s ×%d", c.Kind, from, c.To, c.Count)
}

// maxErrors bounds the row errors kept for the preview: a wrong mapping can
// make every row of a big file wrong, and the first few hundred say enough.
const maxErrors = 500

// Report is what the preview shows and the terminal prints.
type Report struct {
	Kind      string   `json:"kind"`
	Filename  string   `json:"filename"`
	Sheet     string   `json:"sheet"`
	HeaderRow int      `json:"header_row"`
	Notes     []string `json:"notes"`
	Columns   []Column `json:"columns"`
	// Remembered: the school's mapping from its last import was applied.
	Remembered bool `json:"remembered"`
	// Problems are errors about the whole file (a required field without
	// a column, no current term for class duties), in Chinese.
	Problems []string `json:"problems"`
	// Rows read (Total) and left out as blank (Skipped).
	Total   int `json:"total"`
	Skipped int `json:"skipped"`
	// Records are the rows without an error.
	Records int `json:"records"`
	// What applying would do (or did).
	Added        int `json:"added"`
	Updated      int `json:"updated"`
	Unchanged    int `json:"unchanged"`
	ClassChanged int `json:"class_changed"`
	// Staff: the new accounts and their usernames, and class teachers the
	// sheet changes.
	Accounts              []store.NewStaffAccount `json:"accounts"`
	ClassTeachersReplaced int                     `json:"class_teachers_replaced"`
	Errors                []RowError              `json:"errors"`
	// ErrorRows counts rows with an error (Errors may be cut at maxErrors).
	ErrorRows   int `json:"error_rows"`
	errorRows   map[int]bool
	ErrorCount  int      `json:"error_count"`
	Changes     []Change `json:"changes"`
	Untouched   int      `json:"untouched"` // students of the school the file does not list
	AppliedRows int      `json:"applied_rows"`
}

// OK reports whether the import may be confirmed: all or nothing, so no
// error at all.
func (r *Report) OK() bool {
	return len(r.Problems) == 0 && r.ErrorCount == 0 && r.Records > 0
}

// Prepared is a parsed upload ready to confirm.
type Prepared struct {
	Table   roster.Table
	Mapping roster.Mapping
	Report  Report
	Payload Payload
}

// Payload is what confirmation writes, kept server-side between preview
// and confirmation.
type Payload struct {
	Students []store.StudentRow   `json:"students,omitempty"`
	Columns  store.StudentColumns `json:"columns"`
	Staff    []store.StaffPerson  `json:"staff,omitempty"`
}

// Prepare maps, parses and plans table for t. mapping nil applies the
// school's remembered mapping (Report.Remembered says whether it matched
// any column); a mapping the user chose is applied as given. A mapping
// that cannot be applied is a *roster.MappingError.
func Prepare(ctx context.Context, st *store.Store, t Target, table roster.Table, mapping roster.Mapping) (*Prepared, error) {
	p := &Prepared{Table: table}
	kind := Code(table.Kind)
	if mapping == nil {
		saved, err := st.RosterMapping(ctx, t.SchoolID, kind)
		if err != nil {
			return nil, err
		}
		m := roster.Mapping{}
		for _, c := range table.Columns {
			if f, ok := saved[c.Key]; ok {
				m[c.Key] = roster.Field(f)
			}
		}
		if len(m) > 0 {
			if err := p.Table.Apply(m); err == nil {
				p.Report.Remembered = true
			}
		}
	} else if err := p.Table.Apply(mapping); err != nil {
		return nil, err
	}
	p.Mapping = p.Table.Mapping()
	classes, err := st.ImportClasses(ctx, t.SchoolID)
	if err != nil {
		return nil, err
	}
	refs := make([]roster.ClassRef, len(classes))
	for i, c := range classes {
		refs[i] = roster.ClassRef{ID: c.ID, Level: c.Level, Number: c.Number, Name: c.Name}
	}
	r := &p.Report
	r.Kind, r.Sheet, r.HeaderRow, r.Notes = kind, p.Table.Sheet, p.Table.HeaderRow, p.Table.Notes
	r.Columns = columns(&p.Table)
	var rowErrs []roster.RowError
	var changes []roster.Change
	var missing []roster.Field
	switch table.Kind {
	case roster.Students:
		res := roster.ParseStudents(p.Table, refs)
		r.Total, r.Skipped, rowErrs, changes, missing = res.Total, res.Skipped, res.Errors, res.Changes, res.Missing
		p.Payload.Students, p.Payload.Columns = studentRows(res.Records), studentColumns(&p.Table)
		r.Records = len(res.Records)
	case roster.Staff:
		res := roster.ParseStaff(p.Table, refs)
		r.Total, r.Skipped, rowErrs, changes, missing = res.Total, res.Skipped, res.Errors, res.Changes, res.Missing
		var extra []roster.RowError
		p.Payload.Staff, extra = staffPeople(res.Records)
		rowErrs = append(rowErrs, extra...)
		r.Records = len(res.Records) - len(extra)
		if t.TermID == 0 && hasDuties(p.Payload.Staff) {
			r.Problems = append(r.Problems, "校历中没有当前学期，无法安排班主任和任课班级。请先请管理员设置校历。")
		}
	}
	for _, f := range missing {
		r.Problems = append(r.Problems, fmt.Sprintf("缺少必填的「%s」列：请在下面的对应关系中为它选择一列，或在文件中加上这一列", roster.Label(table.Kind, f)))
	}
	if len(classes) == 0 && (table.Kind == roster.Students || hasClassColumn(&p.Table)) {
		r.Problems = append(r.Problems, "本校还没有班级。请先在「班级与教师」页面建好本学年的班级，再导入。")
	}
	for _, c := range changes {
		r.Changes = append(r.Changes, Change{Field: string(c.Field), Kind: c.Kind, From: c.From, To: c.To, Count: c.Count, Rows: c.Rows})
	}
	for _, e := range rowErrs {
		r.addError(RowError{Row: e.Row, Column: e.Column, Message: e.Message})
	}
	if len(missing) > 0 || r.Records == 0 {
		r.sortErrors()
		return p, nil
	}
	// Compare with the database: counts, and rows it refuses.
	switch table.Kind {
	case roster.Students:
		plan, err := st.PlanStudentImport(ctx, t.CountyID, t.SchoolID, p.Payload.Students, p.Payload.Columns)
		if err != nil {
			return nil, err
		}
		r.Added, r.Updated, r.Unchanged, r.ClassChanged = plan.Added, plan.Updated, plan.Unchanged, plan.ClassChanged
		for _, c := range plan.Conflicts {
			r.addError(RowError{Row: c.Row, Column: columnHeader(&p.Table, roster.FStudentNumber, c.Column), Message: c.Message})
		}
	case roster.Staff:
		if len(r.Problems) > 0 {
			break
		}
		plan, err := st.PlanStaffImport(ctx, t.CountyID, t.SchoolID, t.SchoolCode, t.TermID, p.Payload.Staff)
		if err != nil {
			return nil, err
		}
		r.Added, r.Updated, r.Unchanged, r.Accounts, r.ClassTeachersReplaced = plan.Added, plan.Updated, plan.Unchanged, plan.Accounts, plan.ClassTeachersReplaced
		for _, c := range plan.Conflicts {
			f := roster.FPhone
			if c.Column == "用户名" {
				f = roster.FUsername
			}
			r.addError(RowError{Row: c.Row, Column: columnHeader(&p.Table, f, c.Column), Message: c.Message})
		}
	}
	r.sortErrors()
	return p, nil
}

func (r *Report) addError(e RowError) {
	r.ErrorCount++
	if r.errorRows == nil {
		r.errorRows = map[int]bool{}
	}
	r.errorRows[e.Row] = true
	if len(r.Errors) < maxErrors {
		r.Errors = append(r.Errors, e)
	}
}

func (r *Report) sortErrors() {
	slices.SortStableFunc(r.Errors, func(a, b RowError) int { return a.Row - b.Row })
	// Every row with an error, not only those of the kept list: the summary
	// must agree with the error count beside it.
	r.ErrorRows = len(r.errorRows)
}

// columnHeader is the header of the column holding f, or def.
func columnHeader(t *roster.Table, f roster.Field, def string) string {
	for _, c := range t.Columns {
		if c.Field == f {
			return c.Header
		}
	}
	return def
}

func hasClassColumn(t *roster.Table) bool {
	for _, c := range t.Columns {
		if c.Field == roster.FClasses || c.Field == roster.FClass {
			return true
		}
	}
	return false
}

// columns describes the table's columns with a few values of each, so that
// the user can tell what a column holds when correcting the mapping.
func columns(t *roster.Table) []Column {
	out := make([]Column, len(t.Columns))
	for i, c := range t.Columns {
		col := Column{Letter: c.Letter, Header: c.Header, Key: c.Key, Field: string(c.Field), Guessed: c.Guessed}
		for _, r := range t.Rows {
			if len(col.Samples) == 3 {
				break
			}
			if i < len(r.Cells) {
				if v := strings.TrimSpace(t.Sample(i, r.Cells[i])); v != "" {
					if utf8.RuneCountInString(v) > 16 {
						v = string([]rune(v)[:16]) + "…"
					}
					col.Samples = append(col.Samples, v)
				}
			}
		}
		out[i] = col
	}
	return out
}

func studentColumns(t *roster.Table) store.StudentColumns {
	has := map[roster.Field]bool{}
	for _, c := range t.Columns {
		has[c.Field] = true
	}
	return store.StudentColumns{
		BirthDate: has[roster.FBirthDate], Township: has[roster.FTownship], Village: has[roster.FVillage], Address: has[roster.FAddress],
		LeftBehind: has[roster.FLeftBehind], Hardship: has[roster.FHardship], Migrant: has[roster.FMigrant],
		Disabled: has[roster.FDisabled], Orphan: has[roster.FOrphan],
		Guardians: has[roster.FGuardian1Name] || has[roster.FGuardian2Name],
	}
}

func studentRows(recs []roster.StudentRecord) []store.StudentRow {
	out := make([]store.StudentRow, len(recs))
	for i, r := range recs {
		out[i] = store.StudentRow{
			Row: r.Row, StudentNumber: r.StudentNumber, Name: r.Name, Gender: r.Gender, BirthDate: r.BirthDate,
			ClassID: r.ClassID, Township: r.Township, Village: r.Village, Address: r.Address,
			SpecialGroups: store.SpecialGroups{LeftBehind: r.LeftBehind, Hardship: r.Hardship, Migrant: r.Migrant, Disabled: r.Disabled, Orphan: r.Orphan},
		}
		for _, g := range r.Guardians {
			out[i].Guardians = append(out[i].Guardians, store.GuardianRow{Name: g.Name, Relation: g.Relation, Phone: g.Phone})
		}
	}
	return out
}

// staffPeople merges the rows of one person (same phone and name) and
// turns roles into school roles and class duties. On a row that names both
// 班主任 and 科任教师 the person leads the first class listed and teaches
// the row's subjects in every class listed; a row with subjects teaches
// them in its classes. Two people leading one class is an error in both
// rows.
func staffPeople(recs []roster.StaffRecord) ([]store.StaffPerson, []roster.RowError) {
	var out []store.StaffPerson
	var errs []roster.RowError
	index := map[string]int{}
	leader := map[int64]int{} // class → index in out
	leaderRow := map[int64]int{}
	for _, r := range recs {
		key := r.Phone + "\x00" + r.Name
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			out = append(out, store.StaffPerson{Row: r.Row, Name: r.Name, Phone: r.Phone})
		}
		p := &out[i]
		if p.Username == "" {
			p.Username = r.Username
		}
		leads, teaches := false, len(r.Subjects) > 0
		for _, role := range r.Roles {
			switch role.Role {
			case auth.ClassTeacher:
				leads = true
			case auth.SubjectTeacher:
				teaches = true
			default:
				g := store.RoleGrant{Role: role.Role, Office: role.Office}
				if !slices.Contains(p.Roles, g) {
					p.Roles = append(p.Roles, g)
				}
			}
		}
		led := r.Classes
		if leads && slices.ContainsFunc(r.Roles, func(x roster.StaffRole) bool { return x.Role == auth.SubjectTeacher }) && len(led) > 1 {
			led = led[:1]
		}
		if leads {
			for _, c := range led {
				if j, dup := leader[c.ID]; dup && j != i {
					msg := fmt.Sprintf("%s的班主任在第 %d 行已填为%s，一个班只能有一位班主任", c.Name, leaderRow[c.ID], out[j].Name)
					errs = append(errs, roster.RowError{Row: r.Row, Column: "任教班级", Message: msg})
					continue
				}
				leader[c.ID], leaderRow[c.ID] = i, r.Row
				d := store.StaffDuty{ClassID: c.ID, ClassName: c.Name, Duty: auth.ClassTeacher}
				if !slices.Contains(p.Duties, d) {
					p.Duties = append(p.Duties, d)
				}
			}
		}
		if teaches && len(r.Subjects) > 0 {
			for _, c := range r.Classes {
				addSubject(p, c, strings.Join(r.Subjects, "、"))
			}
		}
	}
	return out, errs
}

func addSubject(p *store.StaffPerson, c roster.ClassRef, subjects string) {
	for k := range p.Duties {
		d := &p.Duties[k]
		if d.ClassID == c.ID && d.Duty == auth.SubjectTeacher {
			for _, s := range strings.Split(subjects, "、") {
				if !slices.Contains(strings.Split(d.Subject, "、"), s) {
					d.Subject += "、" + s
				}
			}
			return
		}
	}
	p.Duties = append(p.Duties, store.StaffDuty{ClassID: c.ID, ClassName: c.Name, Duty: auth.SubjectTeacher, Subject: subjects})
}

func hasDuties(people []store.StaffPerson) bool {
	for _, p := range people {
		if len(p.Duties) > 0 {
			return true
		}
	}
	return false
}

// Pack gzips v as JSON: the source table and the payload are stored so.
func Pack(v any) ([]byte, error) {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if err := json.NewEncoder(zw).Encode(v); err != nil {
		return nil, fmt.Errorf("importer: pack: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("importer: pack: %w", err)
	}
	return buf.Bytes(), nil
}

// Unpack reverses Pack.
func Unpack(b []byte, v any) error {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("importer: unpack: %w", err)
	}
	defer zr.Close()
	if err := json.NewDecoder(zr).Decode(v); err != nil {
		return fmt.Errorf("importer: unpack: %w", err)
	}
	return nil
}
