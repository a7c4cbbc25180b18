package roster

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Table is the roster found in a file: the header row, its columns with the
// field each holds, and the data rows below it.
type Table struct {
	Kind Kind
	// Sheet names the sheet the table is on.
	Sheet string
	// HeaderRow is the header's row number as Excel shows it (1-based);
	// for a two-row header it is the lower row.
	HeaderRow int
	// Columns are the sheet's columns from A on: Columns[i].Index == i and
	// SourceRow.Cells[i] is the cell under it.
	Columns []Column
	// Rows are the data rows between the header and the footer, blank rows
	// and repeated header rows left out, merged cells filled in.
	Rows []SourceRow
	// Notes say in Chinese what Locate did that the user should know: the
	// rows it skipped, the merged cells it filled, the columns it could not
	// tell apart. The preview shows them.
	Notes []string
	// XLSX and Date1904 are those of the sheet (see Sheet).
	XLSX, Date1904 bool
}

// Column is one column of a table.
type Column struct {
	// Index is the 0-based column; Letter its name ("C").
	Index  int
	Letter string
	// Header is the header text as written, trimmed; a column under a
	// merged group header reads "监护人信息/姓名".
	Header string
	// Key identifies the column in a Mapping: Header, "Header#2" for the
	// second column with the same header, "列C" for a blank header.
	Key string
	// Field is what the column holds, "" for a column that is not read.
	Field Field
	// Guessed is set when Locate chose Field from the header, cleared when
	// a Mapping set it: the preview asks the user to check guessed ones.
	Guessed bool
}

// SourceRow is one data row.
type SourceRow struct {
	// Row is the row number as Excel shows it.
	Row int
	// Cells[i] is the cell in Columns[i], as read (not yet normalised).
	Cells []string
	// Formulas lists the columns whose cell is a formula with no saved
	// value; Parse reports them if the column is read.
	Formulas []int
}

// Mapping says which field each column holds, by Column.Key: "" ignores a
// column. It is what the preview's drop-downs edit, and what the pipeline
// stores per school (as JSON) to apply to that school's next file: columns
// are matched by header text, so a reordered sheet maps the same.
type Mapping map[string]Field

// MappingError is a Mapping that cannot be applied; Message is Chinese.
type MappingError struct{ Message string }

func (e *MappingError) Error() string { return "roster: " + e.Message }

// headerScan is how many rows from the top may hold the header: title
// rows, a school name, a date line and blank rows come first.
const headerScan = 30

// Locate finds the roster of kind k in the sheets: the sheet and row whose
// headers name the most fields (required ones count triple), visible sheets
// before hidden ones, earlier before later on a tie. It maps the columns
// and collects the data rows. A required field without a column is not an
// error here (the user may map it): see Table.Missing. No roster at all, or
// a header with nothing under it, is a *FileError.
func Locate(sheets []Sheet, k Kind) (Table, error) {
	if k != Students && k != Staff {
		return Table{}, fileErr(nil, "未知的名单类型")
	}
	best, ok := findHeader(sheets, k)
	if !ok {
		other := otherKind(k)
		if _, ok := findHeader(sheets, other); ok {
			return Table{}, fileErr(nil, "这份文件看起来是%s，不是%s。请到对应的导入页面上传", other, k)
		}
		var req []string
		for _, f := range Fields(k) {
			if f.Required {
				req = append(req, "「"+f.Label+"」")
			}
		}
		return Table{}, fileErr(nil, "没有找到%s的表头。请确认表格前 %d 行中有一行列名，包括%s等列", k, headerScan, strings.Join(req, ""))
	}
	t := buildTable(sheets[best.sheet], best, k)
	if len(t.Rows) == 0 {
		return Table{}, fileErr(nil, "工作表「%s」的表头（第 %d 行）下面没有数据", t.Sheet, t.HeaderRow)
	}
	return t, nil
}

// candidate is a possible header row.
type candidate struct {
	sheet, row int
	score      int
	headers    []string // display headers
	fields     []Field
	notes      []string
}

func findHeader(sheets []Sheet, k Kind) (candidate, bool) {
	var best candidate
	for _, hidden := range []bool{false, true} {
		for si, s := range sheets {
			if s.Hidden != hidden {
				continue
			}
			fill := newFiller(s)
			for r := 0; r < min(len(s.Rows), headerScan); r++ {
				if rowBlank(s.Rows[r]) {
					continue
				}
				headers, norms := headerTexts(s, fill, r)
				fields, notes := guessColumns(k, norms, headers)
				other, _ := guessColumns(otherKind(k), norms, headers)
				if sig := signature(fields); sig == 0 || sig < signature(other) {
					continue // not this kind of roster, or more like the other kind
				}
				if sc := score(k, fields); sc > best.score {
					best = candidate{sheet: si, row: r, score: sc, headers: headers, fields: fields, notes: notes}
				}
			}
		}
		if best.score > 0 {
			return best, true
		}
	}
	return best, false
}

func otherKind(k Kind) Kind {
	if k == Staff {
		return Students
	}
	return Staff
}

// signature counts the columns that only one kind of roster has: a
// student's 学籍号, class or flags; a staff member's 职务, 学科 or 任教班级.
// 姓名 and 电话 are on both, so a staff list is not taken for a student
// roster, nor the other way round.
func signature(fields []Field) int {
	n := 0
	for _, f := range fields {
		switch f {
		case "", FName, FPhone, FGuardian1Phone, FGuardian2Phone:
		default:
			n++
		}
	}
	return n
}

// score rates a header row: 3 for each required field, 1 for any other. A
// row without the name column, or with nothing else, is not a header.
func score(k Kind, fields []Field) int {
	hasName, n, total := false, 0, 0
	for _, f := range fields {
		if f == "" {
			continue
		}
		n++
		if f == FName {
			hasName = true
		}
		if fi, _ := fieldInfo(k, f); fi.Required {
			total += 3
		} else {
			total++
		}
	}
	if !hasName || n < 2 {
		return 0
	}
	return total
}

// filler answers, for a cell of the header area inside a merged range, the
// value of the range's top-left cell.
type filler struct {
	s      Sheet
	ranges []Range
}

// newFiller prepares the ranges that reach the rows a header may be in.
func newFiller(s Sheet) *filler {
	f := &filler{s: s}
	for _, m := range s.Merges {
		if m.First.Row <= headerScan {
			f.ranges = append(f.ranges, m)
		}
	}
	return f
}

// at returns the cell (r, c) with merges filled, and the range it is in.
func (f *filler) at(r, c int) (string, *Range) {
	for i := range f.ranges {
		m := &f.ranges[i]
		if r >= m.First.Row && r <= m.Last.Row && c >= m.First.Col && c <= m.Last.Col {
			return cell(f.s.Rows, m.First.Row, m.First.Col), m
		}
	}
	return cell(f.s.Rows, r, c), nil
}

func cell(rows [][]string, r, c int) string {
	if r < 0 || r >= len(rows) || c < 0 || c >= len(rows[r]) {
		return ""
	}
	return rows[r][c]
}

// width is the number of columns of the sheet's widest row.
func width(rows [][]string) int {
	w := 0
	for _, r := range rows {
		w = max(w, len(r))
	}
	return w
}

// headerTexts returns the display header and the normalised header of each
// column if row r is the header. A merged cell above the row spanning a
// few columns ("监护人信息" over 姓名, 关系, 电话) is a group header and is
// put in front; one spanning most of the sheet is a title and is not.
func headerTexts(s Sheet, fill *filler, r int) (display, norm []string) {
	w := len(s.Rows[r])
	if r > 0 {
		w = max(w, len(s.Rows[r-1]))
	}
	sheetW := width(s.Rows[:min(len(s.Rows), r+headerScan)])
	display = make([]string, w)
	norm = make([]string, w)
	for c := 0; c < w; c++ {
		v, _ := fill.at(r, c)
		v = strings.Join(strings.Fields(v), " ")
		if r > 0 {
			up, m := fill.at(r-1, c)
			up = strings.Join(strings.Fields(up), " ")
			if m != nil && m.Last.Row == r-1 && m.Last.Col > m.First.Col && (m.Last.Col-m.First.Col+1)*5 < sheetW*4 && up != "" && up != v {
				if v == "" {
					v = up
				} else {
					display[c] = up + "/" + v
					norm[c] = normaliseHeader(up + v)
					continue
				}
			}
		}
		display[c] = v
		norm[c] = normaliseHeader(v)
	}
	return display, norm
}

// guessColumns recognises each header and gives every field to at most one
// column. Guardian columns are grouped by whom they name (监护人1, 父亲,
// 家长 …; an unnamed "关系" or "联系电话" joins the last guardian still
// lacking it); numbered groups take their number and the others the free
// slots in order, two at most.
func guessColumns(k Kind, norms, display []string) ([]Field, []string) {
	fields := make([]Field, len(norms))
	var notes []string
	owner := map[Field]int{}
	take := func(c int, f Field) {
		if prev, dup := owner[f]; dup {
			notes = append(notes, fmt.Sprintf("%s 列「%s」与 %s 列「%s」都像是「%s」，只用了 %s 列；如需改用，请在下拉框中选择",
				columnLetter(c), display[c], columnLetter(prev), display[prev], Label(k, f), columnLetter(prev)))
			return
		}
		owner[f] = c
		fields[c] = f
	}
	type group struct {
		who  string
		cols map[Field]int // guardian-1 field → column
		slot int
	}
	var groups []*group
	var last *group
	for c, h := range norms {
		g, ok := recognise(k, h)
		if !ok {
			continue
		}
		if !isGuardianField(g.field) {
			take(c, g.field)
			continue
		}
		sub := slotSub(g.field)
		var grp *group
		if g.who == "" {
			if last != nil {
				if _, has := last.cols[sub]; !has {
					grp = last
				}
			}
		} else {
			for _, x := range groups {
				if _, has := x.cols[sub]; x.who == g.who && !has {
					grp = x
					break
				}
			}
		}
		if grp == nil {
			grp = &group{who: g.who, cols: map[Field]int{}}
			if g.who == "1" || g.who == "2" {
				grp.slot = int(g.who[0] - '0')
			}
			groups = append(groups, grp)
		}
		grp.cols[sub] = c
		last = grp
	}
	usedSlot := map[int]bool{}
	for _, g := range groups {
		if g.slot > 0 {
			if usedSlot[g.slot] {
				g.slot = 0 // a second "监护人1" group: treated as unnumbered
			} else {
				usedSlot[g.slot] = true
			}
		}
	}
	for _, g := range groups {
		if g.slot == 0 {
			for s := 1; s <= 2; s++ {
				if !usedSlot[s] {
					g.slot, usedSlot[s] = s, true
					break
				}
			}
		}
	}
	// Assign in column order so that notes and ownership are deterministic.
	type gc struct {
		col  int
		f    Field
		slot int
	}
	var gcs []gc
	for _, g := range groups {
		for sub, c := range g.cols {
			gcs = append(gcs, gc{c, sub, g.slot})
		}
	}
	slices.SortFunc(gcs, func(a, b gc) int { return a.col - b.col })
	for _, x := range gcs {
		if x.slot == 0 {
			notes = append(notes, fmt.Sprintf("%s 列「%s」是第三位监护人的信息，最多导入两位监护人，此列未使用", columnLetter(x.col), display[x.col]))
			continue
		}
		take(x.col, inSlot(x.f, x.slot))
	}
	return fields, notes
}

// footerWords start the lines under a roster: signatures, dates, totals.
// footerLabels do too, but only as a label ("备注：…", "日期："), since a
// cell may begin with them otherwise.
var (
	footerWords = []string{"填表人", "填报人", "制表人", "审核人", "复核人", "负责人", "经办人", "填表日期", "制表日期", "填报日期",
		"学校盖章", "单位盖章", "盖章", "签字", "签名", "校长签字", "校长签名", "合计", "总计", "共计", "小计", "以上"}
	footerLabels = []string{"注", "审核", "日期", "校长", "说明", "备注", "联系人", "学校", "单位"}
)

// isFooter reports whether a row, by its first non-blank cell, is a footer
// line such as "填表人：张三", "合计：35人" or "备注：…".
func isFooter(cells []string) bool {
	for _, c := range cells {
		if isBlank(c) {
			continue
		}
		h, _ := fold(c)
		h = strings.TrimLeft(removeSpaces(h), "(")
		for _, w := range footerWords {
			if strings.HasPrefix(h, w) {
				return true
			}
		}
		for _, w := range footerLabels {
			if rest, ok := strings.CutPrefix(h, w); ok && (rest == "" || rest[0] == ':') {
				return true
			}
		}
		return false
	}
	return false
}

// buildTable collects the data rows under the chosen header.
func buildTable(s Sheet, c candidate, k Kind) Table {
	t := Table{Kind: k, Sheet: s.Name, HeaderRow: c.row + 1, XLSX: s.XLSX, Date1904: s.Date1904}
	if c.row > 0 {
		t.Notes = append(t.Notes, fmt.Sprintf("表头在第 %d 行，上面的 %d 行（标题等）未导入", c.row+1, c.row))
	}
	t.Notes = append(t.Notes, c.notes...)
	w := len(c.headers)
	end := len(s.Rows)
	footer := 0
	for r := c.row + 1; r < len(s.Rows); r++ {
		if isFooter(s.Rows[r]) {
			end, footer = r, r+1
			break
		}
		w = max(w, len(s.Rows[r]))
	}
	seen := map[string]int{}
	for i := 0; i < w; i++ {
		h := ""
		if i < len(c.headers) {
			h = c.headers[i]
		}
		key := h
		if h == "" {
			key = "列" + columnLetter(i)
		} else if n := seen[h]; n > 0 {
			key = fmt.Sprintf("%s#%d", h, n+1)
		}
		seen[h]++
		col := Column{Index: i, Letter: columnLetter(i), Header: h, Key: key}
		if i < len(c.fields) && c.fields[i] != "" {
			col.Field, col.Guessed = c.fields[i], true
		}
		t.Columns = append(t.Columns, col)
	}
	formulas := map[int][]int{}
	for _, f := range s.Formulas {
		if f.Row > c.row && f.Row < end && f.Col < w {
			formulas[f.Row] = append(formulas[f.Row], f.Col)
		}
	}
	// The merged ranges reaching into the data, by first row, swept down
	// the rows: a cell inside one takes the value of its top-left cell.
	var merges []Range
	var filled []string
	for _, m := range s.Merges {
		if m.Last.Row <= c.row || m.First.Row >= end || m.First.Col >= w {
			continue
		}
		merges = append(merges, m)
		if m.First.Row > c.row && m.Last.Row > m.First.Row {
			v, _ := fold(cell(s.Rows, m.First.Row, m.First.Col))
			filled = append(filled, fmt.Sprintf("%s%d:%s%d「%s」", columnLetter(m.First.Col), m.First.Row+1,
				columnLetter(min(m.Last.Col, w-1)), min(m.Last.Row, end-1)+1, clip(v, 20)))
		}
	}
	slices.SortStableFunc(merges, func(a, b Range) int { return a.First.Row - b.First.Row })
	if len(filled) > 0 {
		t.Notes = append(t.Notes, "合并单元格的值已填入它所跨的每一格："+strings.Join(filled, "、"))
	}
	var active []Range
	next := 0
	var repeated, separators, examples []int
	for r := c.row + 1; r < end; r++ {
		for next < len(merges) && merges[next].First.Row <= r {
			active = append(active, merges[next])
			next++
		}
		active = slices.DeleteFunc(active, func(m Range) bool { return m.Last.Row < r })
		row := s.Rows[r]
		if rowBlank(row) && len(active) == 0 {
			continue
		}
		cells := make([]string, w)
		copy(cells, row)
		spans := false
		for _, m := range active {
			v := cell(s.Rows, m.First.Row, m.First.Col)
			for i := m.First.Col; i <= m.Last.Col && i < w; i++ {
				cells[i] = v
			}
			if (m.Last.Col-m.First.Col+1)*2 > w {
				spans = true
			}
		}
		if spans {
			if !rowBlank(cells) {
				separators = append(separators, r+1)
			}
			continue
		}
		if rowBlank(cells) {
			continue
		}
		if repeatsHeader(cells, c.headers) {
			repeated = append(repeated, r+1)
			continue
		}
		if isExample(cells) {
			examples = append(examples, r+1)
			continue
		}
		t.Rows = append(t.Rows, SourceRow{Row: r + 1, Cells: cells, Formulas: formulas[r]})
	}
	if len(repeated) > 0 {
		t.Notes = append(t.Notes, fmt.Sprintf("第 %s 行重复了表头，已跳过", rowList(repeated)))
	}
	if len(examples) > 0 {
		t.Notes = append(t.Notes, fmt.Sprintf("第 %s 行是填写示例，已跳过", rowList(examples)))
	}
	if len(separators) > 0 {
		t.Notes = append(t.Notes, fmt.Sprintf("第 %s 行是横跨整行的合并单元格（分组标题或说明），已跳过", rowList(separators)))
	}
	if footer > 0 {
		t.Notes = append(t.Notes, fmt.Sprintf("第 %d 行起是表尾（填表人、审核人、合计等），未导入", footer))
	}
	if s.Cut > 0 {
		t.Notes = append(t.Notes, fmt.Sprintf("第 %d 行之前连续很多行是空行，其后的内容没有读取", s.Cut))
	}
	return t
}

// isExample reports whether a data row is a filled-in example, as our
// template's second row is: its first non-blank cell starts with 示例 (or
// 例：). No name, student number or phone starts so.
func isExample(cells []string) bool {
	for _, c := range cells {
		v, _ := fold(c)
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		return strings.HasPrefix(v, "示例") || strings.HasPrefix(v, "例:")
	}
	return false
}

// repeatsHeader reports whether a data row is the header again (a sheet
// printed in pages, or one block per class). Under a group header the
// row repeats only the lower part ("姓名" of "监护人信息/姓名").
func repeatsHeader(cells, headers []string) bool {
	same, n := 0, 0
	for i, h := range headers {
		if h == "" {
			continue
		}
		n++
		if i >= len(cells) || isBlank(cells[i]) {
			continue
		}
		v := normaliseHeader(cells[i])
		if v == normaliseHeader(h) {
			same++
		} else if k := strings.LastIndex(h, "/"); k >= 0 && v == normaliseHeader(h[k+1:]) {
			same++
		}
	}
	return n >= 2 && same*3 >= n*2
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// rowList writes row numbers compactly: "5、9–12、30".
func rowList(rows []int) string {
	var parts []string
	for i := 0; i < len(rows); {
		j := i
		for j+1 < len(rows) && rows[j+1] == rows[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d–%d", rows[i], rows[j]))
		} else {
			parts = append(parts, fmt.Sprint(rows[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, "、")
}

// Mapping returns the table's current mapping, every column included, for
// the preview and for storing.
func (t *Table) Mapping() Mapping {
	m := make(Mapping, len(t.Columns))
	for _, c := range t.Columns {
		m[c.Key] = c.Field
	}
	return m
}

// Apply sets the columns named in m to the fields m gives them (a user's
// corrections, or the mapping stored from the school's last file).
// Columns m does not name keep their guess, unless m gives their field to
// another column. Keys of m that match no column are ignored, since the
// next file may lack a column. An unknown field, or one field given to two
// columns, is a *MappingError and leaves t unchanged.
func (t *Table) Apply(m Mapping) error {
	fields := make([]Field, len(t.Columns))
	explicit := map[Field]int{}
	for i, c := range t.Columns {
		fields[i] = c.Field
		f, ok := m[c.Key]
		if !ok {
			continue
		}
		if f != "" {
			if _, known := fieldInfo(t.Kind, f); !known {
				return &MappingError{Message: fmt.Sprintf("列「%s」对应的字段「%s」不存在", c.Key, f)}
			}
			if j, dup := explicit[f]; dup {
				return &MappingError{Message: fmt.Sprintf("%s 列和 %s 列都对应了「%s」，一个字段只能对应一列", t.Columns[j].Letter, c.Letter, Label(t.Kind, f))}
			}
			explicit[f] = i
		}
		fields[i] = f
	}
	for i, c := range t.Columns {
		if _, named := m[c.Key]; named || fields[i] == "" {
			continue
		}
		if j, taken := explicit[fields[i]]; taken && j != i {
			fields[i] = ""
		}
	}
	for i := range t.Columns {
		if _, named := m[t.Columns[i].Key]; named {
			t.Columns[i].Guessed = false
		}
		t.Columns[i].Field = fields[i]
	}
	return nil
}

// MissingMessage says in Chinese which required columns a table lacks, for
// the preview: "缺少必填的列：「学籍号」「班级」。请在表格中补上，或在列的
// 下拉框中选择对应的列". It is "" when nothing is missing.
func MissingMessage(k Kind, missing []Field) string {
	if len(missing) == 0 {
		return ""
	}
	var b strings.Builder
	for _, f := range missing {
		b.WriteString("「" + Label(k, f) + "」")
	}
	return "缺少必填的列：" + b.String() + "。请在表格中补上，或在列的下拉框中选择对应的列"
}

// Missing lists the required fields without a column, in Fields order. The
// student gender counts as present when a 学籍号 or 身份证号 column can
// give it. A guardian's phone or relation column without the guardian's
// name column makes that name missing: a guardian is stored by name.
func (t *Table) Missing() []Field {
	has := map[Field]bool{}
	for _, c := range t.Columns {
		if c.Field != "" {
			has[c.Field] = true
		}
	}
	var out []Field
	for _, fi := range Fields(t.Kind) {
		switch {
		case fi.Field == FGender && t.Kind == Students:
			if !has[FGender] && !has[FStudentNumber] && !has[FIDNumber] {
				out = append(out, FGender)
			}
		case fi.Required:
			if !has[fi.Field] {
				out = append(out, fi.Field)
			}
		case t.Kind == Students && (fi.Field == FGuardian1Name || fi.Field == FGuardian2Name):
			rel, ph := FGuardian1Relation, FGuardian1Phone
			if fi.Field == FGuardian2Name {
				rel, ph = FGuardian2Relation, FGuardian2Phone
			}
			if !has[fi.Field] && (has[rel] || has[ph]) {
				out = append(out, fi.Field)
			}
		}
	}
	return out
}
