package roster

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// colsOf describes a table's mapped columns as "B 学生姓名=name"; a "?"
// marks a guessed field.
func colsOf(t Table) []string {
	var out []string
	for _, c := range t.Columns {
		if c.Field == "" {
			continue
		}
		g := ""
		if c.Guessed {
			g = "?"
		}
		out = append(out, c.Letter+" "+c.Header+"="+string(c.Field)+g)
	}
	return out
}

// rowsOf lists a table's rows as "row: cell|cell".
func rowsOf(t Table) []string {
	var out []string
	for _, r := range t.Rows {
		out = append(out, strings.Join(append([]string{strconv.Itoa(r.Row) + ":"}, r.Cells...), "|"))
	}
	return out
}

func mustLocate(t *testing.T, sheets []Sheet, k Kind) Table {
	t.Helper()
	tb, err := Locate(sheets, k)
	if err != nil {
		t.Fatalf("Locate: %v", err)
	}
	return tb
}

func checkTable(t *testing.T, tb Table, sheet string, header int, cols, rows, notes []string) {
	t.Helper()
	if tb.Sheet != sheet || tb.HeaderRow != header {
		t.Errorf("table on %q row %d, want %q row %d", tb.Sheet, tb.HeaderRow, sheet, header)
	}
	if got := colsOf(tb); !slices.Equal(got, cols) {
		t.Errorf("columns\n got %q\nwant %q", got, cols)
	}
	if rows != nil {
		if got := rowsOf(tb); !slices.Equal(got, rows) {
			t.Errorf("rows\n got %q\nwant %q", got, rows)
		}
	}
	if !slices.Equal(tb.Notes, notes) {
		t.Errorf("notes\n got %q\nwant %q", tb.Notes, notes)
	}
}

func TestLocateTitleHeaderFooter(t *testing.T) {
	t.Parallel()
	s := Sheet{Name: "花名册", Rows: [][]string{
		{"XX县城关镇第一小学2026年秋季学期学生花名册"},
		nil,
		{"学校：城关一小", "", "", "", "填表日期：2026.9.1"},
		{"序号", "学生姓名", "全国学籍号", "班别", "联系电话", "备注"},
		{"1", "张三", "G1", "三(2)班", "13812345678"},
		nil,
		{"2", "李四", "G2", "三(2)班", "13912345678", "转入"},
		{"3"},
		{"合计：2人"},
		{"填表人：赵老师", "", "审核人：钱校长"},
	}, Merges: []Range{{Cell{0, 0}, Cell{0, 5}}}}
	tb := mustLocate(t, []Sheet{s}, Students)
	checkTable(t, tb, "花名册", 4,
		[]string{"B 学生姓名=name?", "C 全国学籍号=student_number?", "D 班别=class?", "E 联系电话=guardian1_phone?"},
		[]string{"5:|1|张三|G1|三(2)班|13812345678|", "7:|2|李四|G2|三(2)班|13912345678|转入", "8:|3|||||"},
		[]string{"表头在第 4 行，上面的 3 行（标题等）未导入", "第 9 行起是表尾（填表人、审核人、合计等），未导入"})
	if tb.Kind != Students || tb.XLSX {
		t.Errorf("kind %v, xlsx %v", tb.Kind, tb.XLSX)
	}
}

func TestLocatePicksTheRosterSheet(t *testing.T) {
	t.Parallel()
	instructions := Sheet{Name: "填写说明", Rows: [][]string{
		{"填写说明"}, {"1. 姓名：必填"}, {"2. 学籍号：G加身份证号"}, {"3. 班级：如 三年级(2)班"},
	}}
	example := Sheet{Name: "示例", Rows: [][]string{{"姓名", "备注"}, {"张三", "示例"}}}
	roster := Sheet{Name: "学生名单", Rows: [][]string{{"姓名", "学籍号", "性别", "班级"}, {"张三", "G1", "男", "三(2)班"}}}
	hidden := Sheet{Name: "旧名单", Hidden: true, Rows: [][]string{
		{"姓名", "学籍号", "性别", "班级", "出生日期", "家庭住址"}, {"王五", "G3", "男", "三(1)班", "", ""},
	}}
	tb := mustLocate(t, []Sheet{instructions, example, hidden, roster}, Students)
	if tb.Sheet != "学生名单" {
		t.Errorf("picked %q, want the visible roster over instructions, an example and a hidden sheet", tb.Sheet)
	}
	tb = mustLocate(t, []Sheet{instructions, hidden}, Students)
	if tb.Sheet != "旧名单" {
		t.Errorf("picked %q, want the hidden roster when no visible sheet has one", tb.Sheet)
	}
}

func TestLocateGroupHeaderAndMergedCells(t *testing.T) {
	t.Parallel()
	s := Sheet{Name: "名单", Rows: [][]string{
		{"三年级学生花名册"},
		{"姓名", "学籍号", "班级(必填)", "监护人信息", "", "", "是否留守儿童"},
		{"", "", "", "姓名", "关系", "电话"},
		{"张三", "G1", "三(2)班", "张大山", "父亲", "13812345678", "是"},
		{"李四", "G2", "", "李大海", "父亲", "13912345678", "否"},
		{"王五", "G3", "", "王小花", "母亲", "13712345678"},
		{"一年级(1)班"},
		{"赵六", "G4", "一(1)班", "赵大", "父亲", "13612345678"},
		{"姓名", "学籍号", "班级", "姓名", "关系", "电话"},
		{"钱七", "G5", "一(1)班"},
		{"姓 名", "学籍号", "班级（必填）", "姓名", "关系", "电话", "是否留守儿童"},
	}, Merges: []Range{
		{Cell{0, 0}, Cell{0, 6}},
		{Cell{1, 0}, Cell{2, 0}}, {Cell{1, 1}, Cell{2, 1}}, {Cell{1, 2}, Cell{2, 2}},
		{Cell{1, 3}, Cell{1, 5}}, {Cell{1, 6}, Cell{2, 6}},
		{Cell{3, 2}, Cell{5, 2}},
		{Cell{6, 0}, Cell{6, 6}},
	}}
	tb := mustLocate(t, []Sheet{s}, Students)
	checkTable(t, tb, "名单", 3,
		[]string{"A 姓名=name?", "B 学籍号=student_number?", "C 班级(必填)=class?",
			"D 监护人信息/姓名=guardian1_name?", "E 监护人信息/关系=guardian1_relation?", "F 监护人信息/电话=guardian1_phone?",
			"G 是否留守儿童=left_behind?"},
		[]string{
			"4:|张三|G1|三(2)班|张大山|父亲|13812345678|是",
			"5:|李四|G2|三(2)班|李大海|父亲|13912345678|否",
			"6:|王五|G3|三(2)班|王小花|母亲|13712345678|",
			"8:|赵六|G4|一(1)班|赵大|父亲|13612345678|",
			"10:|钱七|G5|一(1)班||||",
		},
		[]string{
			"表头在第 3 行，上面的 2 行（标题等）未导入",
			"合并单元格的值已填入它所跨的每一格：C4:C6「三(2)班」",
			"第 9、11 行重复了表头，已跳过",
			"第 7 行是横跨整行的合并单元格（分组标题或说明），已跳过",
		})
}

func TestLocateGuardianGroups(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		headers []string
		cols    []string
		notes   []string
	}{
		{"father and mother", []string{"姓名", "学籍号", "父亲姓名", "父亲电话", "母亲姓名", "母亲电话"},
			[]string{"A 姓名=name?", "B 学籍号=student_number?", "C 父亲姓名=guardian1_name?", "D 父亲电话=guardian1_phone?",
				"E 母亲姓名=guardian2_name?", "F 母亲电话=guardian2_phone?"}, nil},
		{"repeated unnamed groups", []string{"姓名", "学籍号", "监护人", "关系", "联系电话", "监护人", "关系", "联系电话"},
			[]string{"A 姓名=name?", "B 学籍号=student_number?", "C 监护人=guardian1_name?", "D 关系=guardian1_relation?",
				"E 联系电话=guardian1_phone?", "F 监护人=guardian2_name?", "G 关系=guardian2_relation?", "H 联系电话=guardian2_phone?"}, nil},
		{"numbered out of order", []string{"姓名", "学籍号", "第二监护人", "第二监护人电话", "监护人(一)姓名", "监护人1电话"},
			[]string{"A 姓名=name?", "B 学籍号=student_number?", "C 第二监护人=guardian2_name?", "D 第二监护人电话=guardian2_phone?",
				"E 监护人(一)姓名=guardian1_name?", "F 监护人1电话=guardian1_phone?"}, nil},
		{"a bare phone", []string{"姓名", "学籍号", "家长姓名", "联系电话"},
			[]string{"A 姓名=name?", "B 学籍号=student_number?", "C 家长姓名=guardian1_name?", "D 联系电话=guardian1_phone?"}, nil},
		{"three guardians", []string{"姓名", "学籍号", "父亲姓名", "母亲姓名", "监护人姓名"},
			[]string{"A 姓名=name?", "B 学籍号=student_number?", "C 父亲姓名=guardian1_name?", "D 母亲姓名=guardian2_name?"},
			[]string{"E 列「监护人姓名」是第三位监护人的信息，最多导入两位监护人，此列未使用"}},
		{"the same header twice", []string{"姓名", "学籍号", "班级", "学生姓名"},
			[]string{"A 姓名=name?", "B 学籍号=student_number?", "C 班级=class?"},
			[]string{"D 列「学生姓名」与 A 列「姓名」都像是「姓名」，只用了 A 列；如需改用，请在下拉框中选择"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := Sheet{Name: "表", Rows: [][]string{tt.headers, make([]string, len(tt.headers))}}
			s.Rows[1][0] = "张三"
			tb := mustLocate(t, []Sheet{s}, Students)
			checkTable(t, tb, "表", 1, tt.cols, nil, tt.notes)
		})
	}
}

func TestLocateKeysAndFormulas(t *testing.T) {
	t.Parallel()
	s := Sheet{Name: "表", XLSX: true, Date1904: true, Rows: [][]string{
		{"姓名", "", "学籍号", "备注", "备注"},
		{"张三", "x", "", "", "", "溢出"},
	}, Formulas: []Cell{{1, 2}, {0, 3}}, Cut: 1002}
	tb := mustLocate(t, []Sheet{s}, Students)
	var keys []string
	for _, c := range tb.Columns {
		keys = append(keys, c.Key)
	}
	if want := []string{"姓名", "列B", "学籍号", "备注", "备注#2", "列F"}; !slices.Equal(keys, want) {
		t.Errorf("keys %q, want %q", keys, want)
	}
	if got := tb.Rows[0].Formulas; !slices.Equal(got, []int{2}) {
		t.Errorf("formulas %v, want column 2", got)
	}
	if !tb.XLSX || !tb.Date1904 {
		t.Error("sheet flags not carried")
	}
	if want := "第 1002 行之前连续很多行是空行，其后的内容没有读取"; !slices.Contains(tb.Notes, want) {
		t.Errorf("notes %q lack %q", tb.Notes, want)
	}
}

func TestLocateErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		sheets []Sheet
		k      Kind
		want   string
	}{
		{"wrong header", []Sheet{{Name: "x", Rows: [][]string{{"a", "b", "c"}, {"1", "2", "3"}}}}, Students,
			"没有找到学生花名册的表头。请确认表格前 30 行中有一行列名，包括「姓名」「学籍号」「性别」「班级」等列"},
		{"name alone", []Sheet{{Name: "x", Rows: [][]string{{"姓名", "备注"}, {"张三", ""}}}}, Students, "没有找到学生花名册的表头"},
		{"header too low", []Sheet{{Name: "x", Rows: append(make([][]string, 30), []string{"姓名", "学籍号"}, []string{"张三", "G1"})}}, Students, "没有找到"},
		{"staff file as students", []Sheet{{Name: "x", Rows: [][]string{{"姓名", "手机号", "职务"}, {"张三", "13812345678", "班主任"}}}}, Students,
			"这份文件看起来是教职工名单，不是学生花名册"},
		{"students file as staff", []Sheet{{Name: "x", Rows: [][]string{{"姓名", "学籍号", "班级"}, {"张三", "G1", "三(2)班"}}}}, Staff,
			"这份文件看起来是学生花名册，不是教职工名单"},
		{"no data", []Sheet{{Name: "名单", Rows: [][]string{{"姓名", "学籍号", "班级"}, nil, {"填表人：赵"}}}}, Students,
			"工作表「名单」的表头（第 1 行）下面没有数据"},
		{"no sheets", nil, Students, "没有找到"},
		{"unknown kind", []Sheet{{Name: "x", Rows: [][]string{{"姓名"}}}}, Kind(9), "未知的名单类型"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Locate(tt.sheets, tt.k)
			wantFileError(t, err, tt.want)
		})
	}
}

func TestFooterAndHelpers(t *testing.T) {
	t.Parallel()
	for _, row := range [][]string{{"填表人：张三"}, {"", "审核人:"}, {"制表日期 2026.9.1"}, {"合计", "35人"}, {"备注：转入学生另附"},
		{"注：带*为必填"}, {"校长签字："}, {"以上信息属实"}, {"日期"}, {"（学校盖章）"}} {
		if !isFooter(row) {
			t.Errorf("isFooter(%q) = false", row)
		}
	}
	for _, row := range [][]string{{"1", "张三"}, {"注意力"}, {"日期写在这里的学生"}, {""}, nil, {"张三", "填表人"}} {
		if isFooter(row) {
			t.Errorf("isFooter(%q) = true", row)
		}
	}
	if got := rowList([]int{5, 9, 10, 11, 12, 30}); got != "5、9–12、30" {
		t.Errorf("rowList = %q", got)
	}
	if clip("一二三四五", 3) != "一二三…" || clip("一二", 3) != "一二" {
		t.Error("clip")
	}
}

func TestApplyMapping(t *testing.T) {
	t.Parallel()
	base := func() Table {
		return mustLocate(t, []Sheet{{Name: "表", Rows: [][]string{
			{"姓名", "学号", "班级", "家长", "电话", "备注"},
			{"张三", "G1", "三(2)班", "张大山", "13812345678", "x"},
		}}}, Students)
	}
	tb := base()
	if got, want := tb.Missing(), []Field{FStudentNumber, FGender}; !slices.Equal(got, want) {
		t.Fatalf("missing %v, want %v", got, want)
	}
	m := tb.Mapping()
	if want := (Mapping{"姓名": FName, "学号": "", "班级": FClass, "家长": FGuardian1Name, "电话": FGuardian1Phone, "备注": ""}); !reflect.DeepEqual(m, want) {
		t.Fatalf("mapping %v, want %v", m, want)
	}
	// The user maps 学号, moves the guardian's name to 备注 (the guessed
	// column loses it), and ignores the phone; a key for a column this file
	// lacks is ignored.
	if err := tb.Apply(Mapping{"学号": FStudentNumber, "备注": FGuardian1Name, "电话": "", "出生日期": FBirthDate}); err != nil {
		t.Fatal(err)
	}
	if got, want := colsOf(tb), []string{"A 姓名=name?", "B 学号=student_number", "C 班级=class?", "F 备注=guardian1_name"}; !slices.Equal(got, want) {
		t.Errorf("after Apply %q, want %q", got, want)
	}
	if len(tb.Missing()) != 0 {
		t.Errorf("missing %v after Apply", tb.Missing())
	}
	// Stored as JSON and applied to the school's next file.
	js, err := json.Marshal(tb.Mapping())
	if err != nil {
		t.Fatal(err)
	}
	var stored Mapping
	if err := json.Unmarshal(js, &stored); err != nil {
		t.Fatal(err)
	}
	next := base()
	if err := next.Apply(stored); err != nil {
		t.Fatal(err)
	}
	if got, want := colsOf(next), []string{"A 姓名=name", "B 学号=student_number", "C 班级=class", "F 备注=guardian1_name"}; !slices.Equal(got, want) {
		t.Errorf("stored mapping applied: %q, want %q", got, want)
	}
	for _, bad := range []struct {
		m    Mapping
		want string
	}{
		{Mapping{"学号": "student_no"}, "列「学号」对应的字段「student_no」不存在"},
		{Mapping{"学号": FName, "姓名": FName}, "A 列和 B 列都对应了「姓名」，一个字段只能对应一列"},
		{Mapping{"学号": FRole}, "不存在"},
	} {
		tb := base()
		before := colsOf(tb)
		err := tb.Apply(bad.m)
		var me *MappingError
		if !errors.As(err, &me) || me.Message != bad.want && !strings.Contains(me.Message, bad.want) {
			t.Errorf("Apply(%v) = %v, want %q", bad.m, err, bad.want)
		}
		if !slices.Equal(colsOf(tb), before) {
			t.Errorf("a failed Apply changed the table")
		}
	}
}

func TestMissing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		k       Kind
		headers []string
		want    []Field
	}{
		{Students, []string{"姓名", "学籍号", "性别", "班级"}, nil},
		{Students, []string{"姓名", "学籍号", "班级"}, nil}, // gender from the 学籍号
		{Students, []string{"姓名", "班级", "身份证号"}, []Field{FStudentNumber}},
		{Students, []string{"姓名", "性别"}, []Field{FStudentNumber, FClass}},
		{Students, []string{"姓名", "学籍号", "班级", "联系电话"}, []Field{FGuardian1Name}},
		{Students, []string{"姓名", "学籍号", "班级", "父亲姓名", "母亲电话"}, []Field{FGuardian2Name}},
		{Staff, []string{"姓名", "手机号", "职务"}, nil},
		{Staff, []string{"姓名", "任教班级"}, []Field{FPhone, FRole}},
	}
	for _, tt := range tests {
		tb := mustLocate(t, []Sheet{{Name: "表", Rows: [][]string{tt.headers, {"张三"}}}}, tt.k)
		if got := tb.Missing(); !slices.Equal(got, tt.want) {
			t.Errorf("%v %q: missing %v, want %v", tt.k, tt.headers, got, tt.want)
		}
	}
	if got := MissingMessage(Students, []Field{FStudentNumber, FGuardian1Name}); got != "缺少必填的列：「学籍号」「监护人1姓名」。请在表格中补上，或在列的下拉框中选择对应的列" {
		t.Errorf("MissingMessage = %q", got)
	}
	if MissingMessage(Staff, nil) != "" {
		t.Error("MissingMessage of nothing")
	}
}

// TestLocateSkipsTemplateExample: the import template's example row (its
// first cell starts with 示例) is left out and said so; a real name is not.
func TestLocateSkipsTemplateExample(t *testing.T) {
	t.Parallel()
	s := Sheet{Name: "学生名单", Rows: [][]string{
		{"姓名", "学籍号", "性别", "班级"},
		{"示例：张小明", "G1", "男", "三年级(2)班"},
		{"李四", "G2", "女", "三(2)班"},
		{"例：王五", "G3", "男", "三(2)班"},
		{"示范", "G4", "男", "三(2)班"},
	}}
	tb := mustLocate(t, []Sheet{s}, Students)
	checkTable(t, tb, "学生名单", 1,
		[]string{"A 姓名=name?", "B 学籍号=student_number?", "C 性别=gender?", "D 班级=class?"},
		[]string{"3:|李四|G2|女|三(2)班", "5:|示范|G4|男|三(2)班"},
		[]string{"第 2、4 行是填写示例，已跳过"})
}
