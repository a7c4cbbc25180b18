package roster

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"xietong/internal/auth"
	"xietong/internal/idcard"
)

// ClassRef is one of the school's classes, as the caller knows them.
type ClassRef struct {
	ID int64
	// Level is the grade, 1–12 (七年级 is 7, 高一 is 10); Number is the
	// class number in the grade.
	Level, Number int
	// Name is the canonical name, e.g. "三年级(2)班".
	Name string
}

// Guardian is a student's guardian.
type Guardian struct {
	Name string
	// Relation is a term of the register: 父亲, 母亲, 祖父, 祖母, 外祖父,
	// 外祖母 … or the word as written if it is another Chinese term (继父),
	// or "监护人" when the sheet does not say (reported as a Change).
	Relation string
	// Phone is 11 digits for a mobile, "0851-1234567" for a landline, or "".
	Phone string
}

// StudentRecord is one clean student row.
type StudentRecord struct {
	// Row is the row number in the sheet.
	Row           int
	Name          string
	StudentNumber string
	// Gender is 男 or 女.
	Gender string
	// BirthDate is a civil date at 00:00 UTC (as package calendar), or nil.
	BirthDate *time.Time
	ClassID   int64
	// ClassName is the class's canonical name (ClassRef.Name).
	ClassName                  string
	IDNumber                   string
	Township, Village, Address string
	LeftBehind, Hardship       bool
	Migrant, Disabled, Orphan  bool
	// Guardians are in the order of the sheet's guardian columns, at most two.
	Guardians []Guardian
}

// StaffRole is one duty a staff member holds in the school: a role, and
// for auth.SchoolOffice the office.
type StaffRole struct {
	Role   auth.Role
	Office auth.Office
}

// Label returns the duty's Chinese name: "班主任", "德育处".
func (r StaffRole) Label() string {
	if r.Role == auth.SchoolOffice {
		return r.Office.Label()
	}
	return r.Role.Label()
}

// StaffRecord is one clean staff row. A person may take several rows (one
// per class taught, say): rows with the same phone and name are the same
// person, for the pipeline to merge.
type StaffRecord struct {
	Row      int
	Name     string
	Phone    string
	Username string
	Roles    []StaffRole
	// Classes are the classes listed in 任教班级: the classes led by a
	// 班主任, and the classes where Subjects are taught.
	Classes  []ClassRef
	Subjects []string
}

// RowError is a cell, or a row, that cannot be imported.
type RowError struct {
	// Row is the row number in the sheet.
	Row int
	// Column is the column's header as in the file ("" when the error is
	// about a field without a column); Field is its field.
	Column string
	Field  Field
	// Message is Chinese and says what is wrong; it may quote the cell.
	Message string
	col     int
}

func (e RowError) String() string {
	if e.Column == "" {
		return fmt.Sprintf("第 %d 行：%s", e.Row, e.Message)
	}
	return fmt.Sprintf("第 %d 行「%s」：%s", e.Row, e.Column, e.Message)
}

// Change is one kind of rewrite made to the values, so that none is made
// silently. For a field with a few distinct values (班级, 性别, 是否, 关系,
// 职务) each From → To rewrite is its own Change. For a field of personal
// values all rewrites of one Kind are one Change whose From → To is the
// first example; dates and phones are further split by how they were
// written ("2016.3.5" and "20160305" are two Changes).
type Change struct {
	Field Field
	// Kind says what was done: "班级写法", "电话去掉空格和横线" ….
	Kind     string
	From, To string
	Count    int
	// Rows are the first few rows changed (at most 5).
	Rows []int
}

func (c Change) String() string {
	from := c.From
	if from == "" {
		from = "（空）"
	}
	return fmt.Sprintf("%s：%s → %s ×%d", c.Kind, from, c.To, c.Count)
}

// Result is what parsing a table gives.
type Result[T any] struct {
	// Records are the rows without any error, in sheet order.
	Records []T
	// Errors are every problem, by row then column. A row with an error
	// has no record.
	Errors []RowError
	// Changes are the rewrites made, by field then first appearance.
	Changes []Change
	// Missing are required fields without a column (see Table.Missing).
	// When any is missing nothing is parsed: Records and Errors are empty.
	Missing []Field
	// Total counts the data rows read; Skipped those left out because all
	// their mapped cells are blank (a pre-numbered row with only 序号).
	Total, Skipped int
}

// parser carries what parsing one table needs.
type parser struct {
	t       *Table
	col     map[Field]int
	errs    []RowError
	changes changeLog
	bad     map[int]bool // rows (index into t.Rows) with an error
	classes *classIndex
}

func newParser(t *Table, classes []ClassRef) *parser {
	p := &parser{t: t, col: map[Field]int{}, bad: map[int]bool{}, classes: newClassIndex(classes)}
	p.changes.idx = map[changeKey]int{}
	for i, c := range t.Columns {
		if c.Field != "" {
			p.col[c.Field] = i
		}
	}
	return p
}

// errorValues are the values a formula shows when it fails.
var errorValues = []string{"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA"}

// get returns the cell of field f in row i, and false if the field has no
// column or the cell cannot be used (an error is then recorded).
func (p *parser) get(i int, f Field) (string, bool) {
	c, ok := p.col[f]
	if !ok {
		return "", false
	}
	row := &p.t.Rows[i]
	if slices.Contains(row.Formulas, c) {
		p.fail(i, f, "单元格含公式，请粘贴为数值")
		return "", false
	}
	v := row.Cells[c]
	if len(v) > 0 && v[0] == '#' && slices.Contains(errorValues, v) {
		p.fail(i, f, fmt.Sprintf("单元格是公式错误值 %s，请改正", v))
		return "", false
	}
	return v, true
}

// blank reports whether every mapped cell of row i is blank.
func (p *parser) blank(i int) bool {
	row := &p.t.Rows[i]
	for _, c := range p.col {
		if !isBlank(row.Cells[c]) || slices.Contains(row.Formulas, c) {
			return false
		}
	}
	return true
}

func (p *parser) fail(i int, f Field, msg string) {
	e := RowError{Row: p.t.Rows[i].Row, Field: f, Message: msg, col: -1}
	if c, ok := p.col[f]; ok {
		e.Column, e.col = p.t.Columns[c].Header, c
		if e.Column == "" {
			e.Column = p.t.Columns[c].Letter + " 列"
		}
	}
	p.errs = append(p.errs, e)
	p.bad[i] = true
}

// note records a change of kind to field f in row i.
func (p *parser) note(i int, f Field, kind, from, to string) {
	if kind == "" {
		return
	}
	from = strings.TrimSpace(from)
	var key string
	switch {
	case perValue(f):
		key = from + "\x00" + to
	case f == FBirthDate || f == FPhone || f == FGuardian1Phone || f == FGuardian2Phone:
		key = shape(from) // one Change per way of writing a date or a phone
	}
	p.changes.add(changeKey{f, kind, key}, from, to, p.t.Rows[i].Row)
}

// perValue reports whether changes to f of this kind are listed per value.
func perValue(f Field) bool {
	switch f {
	case FClass, FClasses, FGender, FLeftBehind, FHardship, FMigrant, FDisabled, FOrphan, FRole,
		FGuardian1Relation, FGuardian2Relation:
		return true
	}
	return false
}

// shape reduces a value to its pattern ("138-1234-5678" → "999-9999-9999"),
// so that one Change stands for all values written the same way.
func shape(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9':
			return '9'
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
			return 'a'
		case r > utf8.RuneSelf && r != '年' && r != '月' && r != '日':
			return '字'
		}
		return r
	}, s)
}

type changeKey struct {
	f         Field
	kind, key string
}

type changeLog struct {
	idx  map[changeKey]int
	list []Change
}

func (l *changeLog) add(k changeKey, from, to string, row int) {
	i, ok := l.idx[k]
	if !ok {
		i = len(l.list)
		l.idx[k] = i
		l.list = append(l.list, Change{Field: k.f, Kind: k.kind, From: from, To: to})
	}
	c := &l.list[i]
	c.Count++
	if len(c.Rows) < 5 {
		c.Rows = append(c.Rows, row)
	}
}

// finish sorts the errors and changes.
func (p *parser) finish(k Kind) ([]RowError, []Change) {
	slices.SortStableFunc(p.errs, func(a, b RowError) int {
		return cmp.Or(cmp.Compare(a.Row, b.Row), cmp.Compare(a.col, b.col))
	})
	order := map[Field]int{}
	for i, f := range Fields(k) {
		order[f.Field] = i
	}
	changes := p.changes.list
	slices.SortStableFunc(changes, func(a, b Change) int { return cmp.Compare(order[a.Field], order[b.Field]) })
	return p.errs, changes
}

// ParseStudents reads the student rows of t: each value normalised, the
// class matched to the school's classes, gender and birth date taken from
// the 学籍号 (or 身份证号) when their cells are empty and checked against it
// when not, and 学籍号 and 身份证号 checked to be unique in the file.
func ParseStudents(t Table, classes []ClassRef) Result[StudentRecord] {
	var res Result[StudentRecord]
	if res.Missing = t.Missing(); len(res.Missing) > 0 {
		return res
	}
	p := newParser(&t, classes)
	recs := make([]StudentRecord, len(t.Rows))
	keep := make([]bool, len(t.Rows))
	numbers := map[string]int{}
	ids := map[string]int{}
	for i := range t.Rows {
		if p.blank(i) {
			res.Skipped++
			continue
		}
		res.Total++
		keep[i] = true
		recs[i] = p.student(i)
		r := &recs[i]
		if r.StudentNumber != "" {
			p.unique(numbers, r.StudentNumber, i, FStudentNumber, "学籍号")
		}
		if r.IDNumber != "" {
			p.unique(ids, r.IDNumber, i, FIDNumber, "身份证号")
		}
	}
	for i := range recs {
		if keep[i] && !p.bad[i] {
			res.Records = append(res.Records, recs[i])
		}
	}
	res.Errors, res.Changes = p.finish(Students)
	return res
}

// unique records v as seen in row i, and an error in both rows if an
// earlier row has it.
func (p *parser) unique(seen map[string]int, v string, i int, f Field, label string) {
	j, dup := seen[v]
	if !dup {
		seen[v] = i
		return
	}
	p.fail(j, f, fmt.Sprintf("%s与第 %d 行重复", label, p.t.Rows[i].Row))
	p.fail(i, f, fmt.Sprintf("%s与第 %d 行重复", label, p.t.Rows[j].Row))
}

// student reads row i.
func (p *parser) student(i int) StudentRecord {
	r := StudentRecord{Row: p.t.Rows[i].Row}
	text := func(f Field, norm func(string) (string, string, string)) string {
		raw, ok := p.get(i, f)
		if !ok {
			return ""
		}
		v, kind, msg := norm(raw)
		if msg != "" {
			p.fail(i, f, msg)
			return ""
		}
		p.note(i, f, kind, raw, v)
		return v
	}
	required := func(f Field, v string) {
		if v == "" && !p.hasError(i, f) {
			p.fail(i, f, "缺少"+Label(Students, f))
		}
	}
	r.Name = text(FName, normName)
	required(FName, r.Name)
	r.StudentNumber = text(FStudentNumber, normStudentNumber)
	required(FStudentNumber, r.StudentNumber)
	r.IDNumber = text(FIDNumber, normIDNumber)
	r.Township = text(FTownship, func(s string) (string, string, string) { return normText(s, "乡镇", 40) })
	r.Village = text(FVillage, func(s string) (string, string, string) { return normText(s, "村（社区）", 60) })
	r.Address = text(FAddress, func(s string) (string, string, string) { return normText(s, "家庭住址", 200) })

	// The identity number that gender and birth date are read from.
	id, src := r.IDNumber, "身份证号"
	if id == "" {
		id, src = idOfStudentNumber(r.StudentNumber), "学籍号"
	}
	r.Gender = text(FGender, normGender)
	if id != "" {
		g := "女"
		if idcard.Male(id) {
			g = "男"
		}
		switch {
		case r.Gender == "" && !p.hasError(i, FGender):
			r.Gender = g
			p.note(i, FGender, "由"+src+"得出", "", g)
		case r.Gender != "" && r.Gender != g:
			p.fail(i, FGender, fmt.Sprintf("性别「%s」与%s不符（%s显示为%s）", r.Gender, src, src, g))
		}
	}
	if r.Gender == "" && !p.hasError(i, FGender) && !p.hasError(i, FStudentNumber) && !p.hasError(i, FIDNumber) {
		if _, ok := p.col[FGender]; ok {
			p.fail(i, FGender, "缺少性别")
		} else {
			p.fail(i, FGender, "缺少性别：学籍号不是 G 加身份证号，无法得出性别，请加一列性别")
		}
	}
	if raw, ok := p.get(i, FBirthDate); ok {
		d, kind, msg := normDate(raw, p.t.XLSX, p.t.Date1904)
		switch {
		case msg != "":
			p.fail(i, FBirthDate, msg)
		case !d.IsZero():
			p.note(i, FBirthDate, kind, raw, d.Format(time.DateOnly))
			r.BirthDate = &d
		}
	}
	if id != "" {
		b, _ := idcard.BirthDate(id)
		switch {
		case r.BirthDate == nil && !p.hasError(i, FBirthDate):
			r.BirthDate = &b
			p.note(i, FBirthDate, "由"+src+"得出", "", b.Format(time.DateOnly))
		case r.BirthDate != nil && !r.BirthDate.Equal(b):
			p.fail(i, FBirthDate, fmt.Sprintf("出生日期 %s 与%s中的 %s 不一致", r.BirthDate.Format(time.DateOnly), src, b.Format(time.DateOnly)))
		}
	}
	if raw, ok := p.get(i, FClass); ok {
		v, _ := fold(raw)
		if v == "" {
			p.fail(i, FClass, "缺少班级")
		} else if ref, msg := p.classes.match(v); msg != "" {
			p.fail(i, FClass, msg)
		} else {
			r.ClassID, r.ClassName = ref.ID, ref.Name
			if strings.TrimSpace(raw) != ref.Name {
				p.note(i, FClass, kindClass, raw, ref.Name)
			}
		}
	}
	for _, f := range []struct {
		field Field
		dst   *bool
	}{{FLeftBehind, &r.LeftBehind}, {FHardship, &r.Hardship}, {FMigrant, &r.Migrant}, {FDisabled, &r.Disabled}, {FOrphan, &r.Orphan}} {
		raw, ok := p.get(i, f.field)
		if !ok {
			continue
		}
		v, kind, msg := normYesNo(raw)
		if msg != "" {
			p.fail(i, f.field, msg)
			continue
		}
		*f.dst = v
		to := "否"
		if v {
			to = "是"
		}
		p.note(i, f.field, kind, raw, to)
	}
	for n := 1; n <= 2; n++ {
		if g, ok := p.guardian(i, n); ok {
			r.Guardians = append(r.Guardians, g)
		}
	}
	return r
}

// hasError reports whether row i already has an error on field f.
func (p *parser) hasError(i int, f Field) bool {
	row := p.t.Rows[i].Row
	for j := len(p.errs) - 1; j >= 0 && p.errs[j].Row == row; j-- {
		if p.errs[j].Field == f {
			return true
		}
	}
	return false
}

// guardian reads guardian n (1 or 2) of row i. A guardian with a phone or
// relation but no name is an error; one without a relation takes it from
// the column header ("父亲姓名") or is recorded as "监护人".
func (p *parser) guardian(i, n int) (Guardian, bool) {
	nameF, relF, phoneF := inSlot(FGuardian1Name, n), inSlot(FGuardian1Relation, n), inSlot(FGuardian1Phone, n)
	read := func(f Field, norm func(string) (string, string, string)) (string, bool) {
		raw, ok := p.get(i, f)
		if !ok {
			return "", !p.hasError(i, f)
		}
		v, kind, msg := norm(raw)
		if msg != "" {
			p.fail(i, f, msg)
			return "", false
		}
		p.note(i, f, kind, raw, v)
		return v, true
	}
	name, ok1 := read(nameF, normName)
	rel, ok2 := read(relF, normRelation)
	phone, ok3 := read(phoneF, normPhone)
	if !ok1 || !ok2 || !ok3 {
		return Guardian{}, false
	}
	if name == "" && rel == "" && phone == "" {
		return Guardian{}, false
	}
	if name == "" {
		p.fail(i, nameF, fmt.Sprintf("有监护人%d的关系或电话，但没有姓名", n))
		return Guardian{}, false
	}
	if rel == "" {
		for _, f := range []Field{nameF, phoneF} {
			if c, ok := p.col[f]; ok {
				if rel = relationOfHeader(p.t.Columns[c].Header); rel != "" {
					p.note(i, relF, "由列名「"+p.t.Columns[c].Header+"」得出", "", rel)
					break
				}
			}
		}
	}
	if rel == "" {
		rel = "监护人"
		p.note(i, relF, kindNoRelation, "", rel)
	}
	return Guardian{Name: name, Relation: rel, Phone: phone}, true
}

// classIndex matches what a sheet writes to the school's classes.
type classIndex struct {
	byName map[string]ClassRef
	// byGrade maps level*100+number to the index of the class in list, or
	// -1 when two classes share it (then only the exact name matches).
	byGrade map[int]int
	list    []ClassRef
	cache   map[string]classHit
}

type classHit struct {
	ref ClassRef
	msg string
}

func newClassIndex(classes []ClassRef) *classIndex {
	ix := &classIndex{byName: map[string]ClassRef{}, byGrade: map[int]int{}, list: classes, cache: map[string]classHit{}}
	for i, c := range classes {
		n, _ := fold(c.Name)
		ix.byName[removeSpaces(n)] = c
		k := c.Level*100 + c.Number
		if _, dup := ix.byGrade[k]; dup {
			ix.byGrade[k] = -1
		} else {
			ix.byGrade[k] = i
		}
	}
	return ix
}

// match finds the class written v (folded), or says why it cannot.
func (ix *classIndex) match(v string) (ClassRef, string) {
	if h, ok := ix.cache[v]; ok {
		return h.ref, h.msg
	}
	h := ix.lookup(v)
	ix.cache[v] = h
	return h.ref, h.msg
}

func (ix *classIndex) lookup(v string) classHit {
	if c, ok := ix.byName[removeSpaces(v)]; ok {
		return classHit{ref: c}
	}
	level, number, ok := parseClass(v)
	if !ok {
		return classHit{msg: fmt.Sprintf("无法识别班级「%s」，请写成 三年级(2)班 这样", v)}
	}
	return ix.byLevel(v, level, number)
}

func (ix *classIndex) byLevel(v string, level, number int) classHit {
	i, ok := ix.byGrade[level*100+number]
	switch {
	case !ok:
		return classHit{msg: fmt.Sprintf("本校没有班级「%s」", v)}
	case i < 0:
		return classHit{msg: fmt.Sprintf("班级「%s」对应本校多个班级，请写出完整的班级名称", v)}
	}
	return classHit{ref: ix.list[i]}
}

// listSeparators split a cell holding several classes, roles or subjects.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		switch r {
		case '、', ',', '，', ';', '；', '/', '／', '|', ' ', '\n', '\t', '＋', '+':
			return true
		}
		return false
	})
}

// matchClasses reads a list of classes: "三(1)班、三(2)班", and the
// shortened "三年级1、2班" where a class without a grade is in the grade
// of the one before it.
func (ix *classIndex) matchClasses(raw string) ([]ClassRef, []string, string) {
	v, _ := fold(raw)
	var out []ClassRef
	var written []string
	level := 0
	for _, tok := range splitList(v) {
		var h classHit
		if c, ok := ix.byName[tok]; ok {
			h = classHit{ref: c}
		} else if lv, n, ok := parseClass(tok); ok {
			h = ix.byLevel(tok, lv, n)
		} else if n, ok := classNumberOnly(tok); ok && level > 0 {
			h = ix.byLevel(tok, level, n)
		} else {
			return nil, nil, fmt.Sprintf("无法识别班级「%s」，请写成 三(1)班、三(2)班 这样", tok)
		}
		if h.msg != "" {
			return nil, nil, h.msg
		}
		level = h.ref.Level
		if !slices.ContainsFunc(out, func(c ClassRef) bool { return c.ID == h.ref.ID }) {
			out = append(out, h.ref)
			written = append(written, tok)
		}
	}
	return out, written, ""
}

// classNumberOnly reads "2", "2班", "(2)班", "二班".
func classNumberOnly(tok string) (int, bool) {
	tok = strings.TrimSuffix(tok, "班")
	if strings.HasPrefix(tok, "(") && strings.HasSuffix(tok, ")") {
		tok = tok[1 : len(tok)-1]
	}
	n, size, _ := readNumber(tok)
	return n, size > 0 && size == len(tok) && n > 0
}

// roleWords maps the ways schools write a duty to the duty.
var roleWords = func() map[string]StaffRole {
	m := map[string]StaffRole{}
	add := func(r StaffRole, words ...string) {
		for _, w := range words {
			m[w] = r
		}
	}
	office := func(o auth.Office) StaffRole { return StaffRole{Role: auth.SchoolOffice, Office: o} }
	add(StaffRole{Role: auth.ClassTeacher}, "班主任", "副班主任")
	add(StaffRole{Role: auth.SubjectTeacher}, "科任教师", "科任老师", "科任", "任课教师", "任课老师", "教师", "老师", "专任教师", "学科教师")
	add(StaffRole{Role: auth.SchoolLeader}, "校领导", "校级领导", "校长", "副校长", "执行校长", "书记", "党支部书记", "副书记", "党总支书记")
	add(office(auth.OfficeMoral), "德育处", "德育处主任", "德育处副主任", "德育主任", "德育干事", "政教处", "政教处主任", "政教主任")
	add(office(auth.OfficeSafety), "安全办", "安全办主任", "安全办公室", "安全主任")
	add(office(auth.OfficeAcademic), "教务处", "教务处主任", "教务主任", "教导处", "教导主任", "教导处主任")
	add(office(auth.OfficeLeague), "校团委", "团委", "团委书记", "校团委书记")
	add(office(auth.OfficeUnion), "工会", "工会主席", "校工会")
	add(office(auth.OfficeGrowth), "学生成长发展中心", "成长中心", "学生发展中心", "成长发展中心", "学生成长中心")
	add(office(auth.OfficeGeneral), "办公室", "办公室主任", "校办", "校办主任")
	return m
}()

// parseRoles reads a list of duties: "班主任、德育处", "德育主任兼班主任".
func parseRoles(raw string) ([]StaffRole, []string, string) {
	v, _ := fold(raw)
	v = strings.ReplaceAll(v, "兼", "、")
	var out []StaffRole
	var written []string
	for _, tok := range splitList(v) {
		r, ok := roleWords[tok]
		if !ok {
			return nil, nil, fmt.Sprintf("无法识别职务「%s」，可填：班主任、科任教师、校领导、德育处、安全办、教务处、校团委、工会、学生成长发展中心、办公室", tok)
		}
		if !slices.Contains(out, r) {
			out = append(out, r)
			written = append(written, tok)
		}
	}
	return out, written, ""
}

// ParseStaff reads the staff rows of t. A 班主任 must list the class(es)
// led, a 科任教师 the classes and subjects taught. Two rows with one phone
// must name the same person; usernames are unique.
func ParseStaff(t Table, classes []ClassRef) Result[StaffRecord] {
	var res Result[StaffRecord]
	if res.Missing = t.Missing(); len(res.Missing) > 0 {
		return res
	}
	p := newParser(&t, classes)
	recs := make([]StaffRecord, len(t.Rows))
	keep := make([]bool, len(t.Rows))
	phones := map[string]int{}
	users := map[string]int{}
	for i := range t.Rows {
		if p.blank(i) {
			res.Skipped++
			continue
		}
		res.Total++
		keep[i] = true
		recs[i] = p.staff(i)
		r := &recs[i]
		if r.Phone != "" {
			if j, dup := phones[r.Phone]; !dup {
				phones[r.Phone] = i
			} else if recs[j].Name != r.Name && r.Name != "" {
				p.fail(j, FPhone, fmt.Sprintf("手机号与第 %d 行（%s）相同，但姓名不同", t.Rows[i].Row, r.Name))
				p.fail(i, FPhone, fmt.Sprintf("手机号与第 %d 行（%s）相同，但姓名不同", t.Rows[j].Row, recs[j].Name))
			}
		}
		if r.Username != "" {
			u := strings.ToLower(r.Username)
			if j, dup := users[u]; !dup {
				users[u] = i
			} else if recs[j].Phone != r.Phone || recs[j].Name != r.Name {
				p.fail(j, FUsername, fmt.Sprintf("用户名与第 %d 行重复", t.Rows[i].Row))
				p.fail(i, FUsername, fmt.Sprintf("用户名与第 %d 行重复", t.Rows[j].Row))
			}
		}
	}
	for i := range recs {
		if keep[i] && !p.bad[i] {
			res.Records = append(res.Records, recs[i])
		}
	}
	res.Errors, res.Changes = p.finish(Staff)
	return res
}

// staff reads row i.
func (p *parser) staff(i int) StaffRecord {
	r := StaffRecord{Row: p.t.Rows[i].Row}
	text := func(f Field, norm func(string) (string, string, string)) string {
		raw, ok := p.get(i, f)
		if !ok {
			return ""
		}
		v, kind, msg := norm(raw)
		if msg != "" {
			p.fail(i, f, msg)
			return ""
		}
		p.note(i, f, kind, raw, v)
		return v
	}
	r.Name = text(FName, normName)
	if r.Name == "" && !p.hasError(i, FName) {
		p.fail(i, FName, "缺少姓名")
	}
	r.Phone = text(FPhone, normPhone)
	if r.Phone == "" && !p.hasError(i, FPhone) {
		p.fail(i, FPhone, "缺少手机号")
	}
	r.Username = text(FUsername, normUsername)
	if raw, ok := p.get(i, FRole); ok {
		roles, written, msg := parseRoles(raw)
		switch {
		case msg != "":
			p.fail(i, FRole, msg)
		case len(roles) == 0:
			p.fail(i, FRole, "缺少职务")
		}
		for k, role := range roles {
			if written[k] != role.Label() {
				p.note(i, FRole, kindRole, written[k], role.Label())
			}
		}
		r.Roles = roles
	}
	if raw, ok := p.get(i, FClasses); ok {
		cls, written, msg := p.classes.matchClasses(raw)
		if msg != "" {
			p.fail(i, FClasses, msg)
		}
		for k, c := range cls {
			if written[k] != c.Name {
				p.note(i, FClasses, kindClass, written[k], c.Name)
			}
		}
		r.Classes = cls
	}
	if raw, ok := p.get(i, FSubject); ok {
		v, _ := fold(raw)
		for _, s := range splitList(v) {
			if utf8.RuneCountInString(s) > 20 {
				p.fail(i, FSubject, fmt.Sprintf("学科「%s」太长", s))
				break
			}
			if !slices.Contains(r.Subjects, s) {
				r.Subjects = append(r.Subjects, s)
			}
		}
	}
	for _, role := range r.Roles {
		switch {
		case role.Role == auth.ClassTeacher && len(r.Classes) == 0 && !p.hasError(i, FClasses):
			p.fail(i, FClasses, "班主任需填写所带班级")
		case role.Role == auth.SubjectTeacher && len(r.Classes) == 0 && !p.hasError(i, FClasses):
			p.fail(i, FClasses, "科任教师需填写任教班级")
		case role.Role == auth.SubjectTeacher && len(r.Subjects) == 0 && !p.hasError(i, FSubject):
			p.fail(i, FSubject, "科任教师需填写任教学科")
		}
	}
	return r
}
