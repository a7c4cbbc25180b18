package roster

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The corpus: rosters as schools keep them, not as our template would
// have them. Each file is built here, saved into the test's temporary
// directory and read back as an upload, and the exact records, errors,
// changes and notes are checked.

// person returns a valid identity number for a birth date and a sequence
// number (odd for a boy, even for a girl).
func person(t *testing.T, birth string, seq int) string {
	t.Helper()
	return idn(t, fmt.Sprintf("522301%s%03d", birth, seq))
}

// personX returns a boy's identity number ending in X.
func personX(t *testing.T, birth string) string {
	t.Helper()
	for seq := 1; seq < 1000; seq += 2 {
		if id := person(t, birth, seq); id[17] == 'X' {
			return id
		}
	}
	t.Fatal("no identity number ending in X")
	return ""
}

// importStudents reads, locates and parses a file as the pipeline will.
func importStudents(t *testing.T, name string, data []byte) (Table, Result[StudentRecord]) {
	t.Helper()
	sheets, err := Read(saveFile(t, name, data), name, DefaultLimits())
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	tb, err := Locate(sheets, Students)
	if err != nil {
		t.Fatalf("Locate: %v", err)
	}
	return tb, ParseStudents(tb, testClasses)
}

func TestCorpusSchoolWorkbook(t *testing.T) {
	t.Parallel()
	zhang := person(t, "20160305", 1)
	li := person(t, "20160412", 2)
	wang := person(t, "20150101", 3)
	zhao := person(t, "20150601", 4)
	qian := person(t, "20150701", 6)
	sun := person(t, "20150801", 7)
	zhou := person(t, "20150901", 8)
	wu := person(t, "20151001", 9)
	feng := person(t, "20160228", 11)
	chen := person(t, "20160301", 13)
	date := time.Date(2016, 4, 12, 0, 0, 0, 0, time.UTC)
	data := buildXLSX(t,
		tsheet{name: "填写说明", rows: [][]any{
			{"填写说明"}, {"1. 姓名：必填"}, {"2. 班级：如 三年级(2)班"}, {"3. 是否留守儿童：填 是 或 否"},
		}},
		tsheet{name: "三年级花名册", rows: [][]any{
			{"城关镇第一小学2026年秋季学期三年级学生花名册"},
			{"学校（盖章）：", nil, nil, nil, nil, nil, nil, nil, nil, nil, "填表日期：2026年9月1日"},
			{"序号", "学生姓名", "全国学籍号", "性别", "出生年月", "班别", "家庭人口", "监护人信息", nil, nil, "是否留守", "建档立卡", "备注"},
			{nil, nil, nil, nil, nil, nil, nil, "姓名", "关系", "联系电话"},
			{1, "张 三", "g" + zhang, "男", "2016.03.05", "三(1)班", 4, "张大山", "爸爸", "138-1234-5678", "√", "×"},
			{2, "李四", "G" + li, "女", date, nil, 3, "王芳", "妈妈", "+86 139 1234 5678", "否", "是"},
			{3, "王\u3000五", "G" + wang, 1, "2015/1/1", nil, 5, "王大爷", "爷爷", "0851-1234567", 1, 0},
			nil,
			{4, "赵六", "G" + zhao, "F", 20150601, "三年级（2）班", nil, "赵外婆", "外婆", "１３７１２３４５６７８", "Y", "N"},
			{5, "钱七", "G" + qian, "女", "2015-7-1", "3年级2班", nil, "钱姥爷", "姥爷", "136 1234 5678", "有", "无"},
			{6, "孙八", "G" + sun, "男", "2015.8.1", "三年级二班", nil, "孙大海", "父亲", "13512345678"},
			{7, "周九", "G" + zhou, nil, nil, "三（2）班", nil, "周丽", "妈妈", "13412345678"},
			{8, "吴十", "G" + wu, nil, nil, "三年级(9)班", nil, "吴刚", "父亲", "13312345678"},
			{9, "郑一", "G" + zhang, "男", nil, "三(1)班", nil, "郑强", "父亲", "13212345678"},
			{10, "冯二", "G" + feng, "男", "2016-02-30", "三(1)班"},
			{11, "陈三", "G" + chen, nil, nil, "三(1)班", nil, "陈父", "父亲", "1381234"},
			{12},
			{"合计：11人"},
			{"填表人：赵老师", nil, nil, nil, nil, "审核人：钱校长"},
		}, merges: []string{"A1:M1", "A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:E4", "F3:F4", "G3:G4", "H3:J3", "K3:K4", "L3:L4", "M3:M4", "F5:F7"}},
	)
	tb, res := importStudents(t, "三年级花名册.xlsx", data)
	checkTable(t, tb, "三年级花名册", 4, []string{
		"B 学生姓名=name?", "C 全国学籍号=student_number?", "D 性别=gender?", "E 出生年月=birth_date?", "F 班别=class?",
		"H 监护人信息/姓名=guardian1_name?", "I 监护人信息/关系=guardian1_relation?", "J 监护人信息/联系电话=guardian1_phone?",
		"K 是否留守=left_behind?", "L 建档立卡=hardship?",
	}, nil, []string{
		"表头在第 4 行，上面的 3 行（标题等）未导入",
		"合并单元格的值已填入它所跨的每一格：F5:F7「三(1)班」",
		"第 18 行起是表尾（填表人、审核人、合计等），未导入",
	})
	sameLines(t, "records", linesOf(res.Records, studentLine), []string{
		"6 李四 G" + li + " 女 2016-04-12 31 三年级(1)班 id= // [困难] [母亲 王芳 13912345678]",
		"7 王五 G" + wang + " 男 2015-01-01 31 三年级(1)班 id= // [留守] [祖父 王大爷 0851-1234567]",
		"9 赵六 G" + zhao + " 女 2015-06-01 32 三年级(2)班 id= // [留守] [外祖母 赵外婆 13712345678]",
		"10 钱七 G" + qian + " 女 2015-07-01 32 三年级(2)班 id= // [留守] [外祖父 钱姥爷 13612345678]",
		"11 孙八 G" + sun + " 男 2015-08-01 32 三年级(2)班 id= // [] [父亲 孙大海 13512345678]",
		"12 周九 G" + zhou + " 女 2015-09-01 32 三年级(2)班 id= // [] [母亲 周丽 13412345678]",
	})
	sameLines(t, "errors", errorLines(res.Errors), []string{
		"第 5 行「全国学籍号」：学籍号与第 14 行重复",
		"第 13 行「班别」：本校没有班级「三年级(9)班」",
		"第 14 行「全国学籍号」：学籍号与第 5 行重复",
		"第 15 行「出生年月」：日期「2016-02-30」不存在",
		"第 16 行「监护人信息/联系电话」：固定电话「1381234」请加区号，如 0851-1234567",
	})
	sameLines(t, "changes", changeLines(res.Changes), []string{
		"姓名去掉空格：张 三 → 张三 ×2 [5 7]",
		"学籍号首字母改为大写G：g" + zhang + " → G" + zhang + " ×1 [5]",
		"性别写法：1 → 男 ×1 [7]",
		"性别写法：F → 女 ×1 [9]",
		"由学籍号得出：（空） → 女 ×1 [12]",
		"由学籍号得出：（空） → 男 ×2 [13 16]",
		"日期写法：2016.03.05 → 2016-03-05 ×1 [5]",
		"日期写法：2015/1/1 → 2015-01-01 ×1 [7]",
		"日期写法：20150601 → 2015-06-01 ×1 [9]",
		"日期写法：2015-7-1 → 2015-07-01 ×1 [10]",
		"日期写法：2015.8.1 → 2015-08-01 ×1 [11]",
		"由学籍号得出：（空） → 2015-09-01 ×4 [12 13 14 16]",
		"班级写法：三(1)班 → 三年级(1)班 ×6 [5 6 7 14 15]",
		"班级写法：三年级（2）班 → 三年级(2)班 ×1 [9]",
		"班级写法：3年级2班 → 三年级(2)班 ×1 [10]",
		"班级写法：三年级二班 → 三年级(2)班 ×1 [11]",
		"班级写法：三（2）班 → 三年级(2)班 ×1 [12]",
		"是否写法：√ → 是 ×1 [5]",
		"是否写法：1 → 是 ×1 [7]",
		"是否写法：Y → 是 ×1 [9]",
		"是否写法：有 → 是 ×1 [10]",
		"是否写法：× → 否 ×1 [5]",
		"是否写法：0 → 否 ×1 [7]",
		"是否写法：N → 否 ×1 [9]",
		"是否写法：无 → 否 ×1 [10]",
		"关系称谓：爸爸 → 父亲 ×1 [5]",
		"关系称谓：妈妈 → 母亲 ×2 [6 12]",
		"关系称谓：爷爷 → 祖父 ×1 [7]",
		"关系称谓：外婆 → 外祖母 ×1 [9]",
		"关系称谓：姥爷 → 外祖父 ×1 [10]",
		"电话去掉空格和横线：138-1234-5678 → 13812345678 ×1 [5]",
		"电话去掉+86：+86 139 1234 5678 → 13912345678 ×1 [6]",
		"全角字符改为半角：１３７１２３４５６７８ → 13712345678 ×1 [9]",
		"电话去掉空格和横线：136 1234 5678 → 13612345678 ×1 [10]",
	})
	if res.Total != 11 || res.Skipped != 1 {
		t.Errorf("total %d, skipped %d", res.Total, res.Skipped)
	}
}

func TestCorpusJuniorCSV(t *testing.T) {
	t.Parallel()
	a := person(t, "20130305", 1)
	b := person(t, "20130412", 2)
	c := personX(t, "20121231")
	d := person(t, "20130101", 5)
	// Saved by Excel as "CSV UTF-8": a BOM, the columns in the school's own
	// order with decorated headers, an ID with a lower-case x kept as text.
	csv := "\xEF\xBB\xBF" + strings.Join([]string{
		"七年级学生信息表,,,,,,,,",
		"*姓名,班级（必填）,学生学籍号,身份证号,是否留守儿童（是/否）,监护人姓名,与学生关系,监护人联系电话,是否建档立卡户",
		"张三,初一(3)班,L2013000001," + a + ",是,张父,父亲,13812345678,否",
		"李四,七年级3班,L2013000002," + b + ",否,李母,母亲,0851 1234567,是",
		"王五,初一三班,L2013000003," + strings.ToLower(c) + ",,王奶奶,奶奶,13712345678,",
		"赵六,初一(1)班,L2013000004," + d + ",,,,,",
		"钱七,七年级(3)班,L2013000005,,,钱父,父亲,,",
		"填表人：,,,审核人：,,,,,",
	}, "\r\n") + "\r\n"
	tb, res := importStudents(t, "七年级.csv", []byte(csv))
	checkTable(t, tb, "七年级", 2, []string{
		"A *姓名=name?", "B 班级（必填）=class?", "C 学生学籍号=student_number?", "D 身份证号=id_number?",
		"E 是否留守儿童（是/否）=left_behind?", "F 监护人姓名=guardian1_name?", "G 与学生关系=guardian1_relation?",
		"H 监护人联系电话=guardian1_phone?", "I 是否建档立卡户=hardship?",
	}, nil, []string{"表头在第 2 行，上面的 1 行（标题等）未导入", "第 8 行起是表尾（填表人、审核人、合计等），未导入"})
	sameLines(t, "records", linesOf(res.Records, studentLine), []string{
		"3 张三 L2013000001 男 2013-03-05 73 七年级(3)班 id=" + a + " // [留守] [父亲 张父 13812345678]",
		"4 李四 L2013000002 女 2013-04-12 73 七年级(3)班 id=" + b + " // [困难] [母亲 李母 0851-1234567]",
		"5 王五 L2013000003 男 2012-12-31 73 七年级(3)班 id=" + c + " // [] [祖母 王奶奶 13712345678]",
	})
	sameLines(t, "errors", errorLines(res.Errors), []string{
		"第 6 行「班级（必填）」：本校没有班级「初一(1)班」",
		"第 7 行：缺少性别：学籍号不是 G 加身份证号，无法得出性别，请加一列性别",
	})
	sameLines(t, "changes", changeLines(res.Changes), []string{
		"由身份证号得出：（空） → 男 ×3 [3 5 6]",
		"由身份证号得出：（空） → 女 ×1 [4]",
		"由身份证号得出：（空） → 2013-03-05 ×4 [3 4 5 6]",
		"班级写法：初一(3)班 → 七年级(3)班 ×1 [3]",
		"班级写法：七年级3班 → 七年级(3)班 ×1 [4]",
		"班级写法：初一三班 → 七年级(3)班 ×1 [5]",
		"末位x改为大写X：" + strings.ToLower(c) + " → " + c + " ×1 [5]",
		"关系称谓：奶奶 → 祖母 ×1 [5]",
		"固定电话写成区号-号码：0851 1234567 → 0851-1234567 ×1 [4]",
	})
}

func TestCorpusGBKFixture(t *testing.T) {
	t.Parallel()
	tb, res := importStudents(t, "gbk.csv", readFixture(t, "gbk.csv"))
	if tb.HeaderRow != 2 || tb.XLSX {
		t.Errorf("header row %d, xlsx %v", tb.HeaderRow, tb.XLSX)
	}
	// A phone column and no guardian name: nothing is parsed until the
	// user maps a name column or ignores the phone.
	sameLines(t, "missing", fieldStrings(res.Missing), []string{"guardian1_name"})
	sameLines(t, "records", linesOf(res.Records, studentLine), nil)
	// The school decides the bare phone column is not to be imported.
	if err := tb.Apply(Mapping{"联系电话": ""}); err != nil {
		t.Fatal(err)
	}
	res = ParseStudents(tb, testClasses)
	sameLines(t, "records", linesOf(res.Records, studentLine), []string{
		"3 张三 G522301201603050013 男 2016-03-05 32 三年级(2)班 id= // [] []",
		"4 李四 G522301201604120028 女 2016-04-12 32 三年级(2)班 id= // [] []",
	})
	sameLines(t, "errors", errorLines(res.Errors), nil)
}

func fieldStrings(fs []Field) []string {
	return linesOf(fs, func(f Field) string { return string(f) })
}

func TestCorpusStaffWorkbook(t *testing.T) {
	t.Parallel()
	data := buildXLSX(t,
		tsheet{name: "说明", rows: [][]any{{"请填写本校全体教职工"}, {"职务可填：班主任、科任教师、校领导、德育处……"}}},
		tsheet{name: "教职工", rows: [][]any{
			{"城关镇第一小学教职工名单"},
			{"序号", "姓名", "性别", "职务", "任教班级", "任教学科", "手机号码", "工号", "备注"},
			{1, "张 老师", "女", "班主任", "三(2)班", "语文", "138-1234-5678", "T001"},
			{2, "李老师", "男", "科任教师", "三(1)班、三(2)班", "数学", 13912345678, nil},
			{3, "王主任", "男", "德育处主任兼班主任", "三年级1班", "道德与法治", "13712345678", "wangzr"},
			{4, "赵校长", "男", "校长", nil, nil, "13612345678"},
			{5, "钱老师", "女", "科任老师", "三(3)班", "音乐", "13512345678"},
			{6, "孙老师", "女", "保洁", nil, nil, "13412345678"},
			nil,
			{"制表人：赵老师", nil, nil, "联系电话：0851-1234567"},
		}, merges: []string{"A1:I1"}},
	)
	sheets, err := Read(saveFile(t, "教职工.xlsx", data), "教职工.xlsx", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	tb, err := Locate(sheets, Staff)
	if err != nil {
		t.Fatal(err)
	}
	checkTable(t, tb, "教职工", 2, []string{
		"B 姓名=name?", "D 职务=role?", "E 任教班级=classes?", "F 任教学科=subject?", "G 手机号码=phone?", "H 工号=username?",
	}, nil, []string{"表头在第 2 行，上面的 1 行（标题等）未导入", "第 10 行起是表尾（填表人、审核人、合计等），未导入"})
	res := ParseStaff(tb, testClasses)
	sameLines(t, "records", linesOf(res.Records, staffLine), []string{
		"3 张老师 13812345678 T001 [班主任] [三年级(2)班] [语文]",
		"4 李老师 13912345678  [科任教师] [三年级(1)班,三年级(2)班] [数学]",
		"5 王主任 13712345678 wangzr [德育处,班主任] [三年级(1)班] [道德与法治]",
		"6 赵校长 13612345678  [校领导] [] []",
	})
	sameLines(t, "errors", errorLines(res.Errors), []string{
		"第 7 行「任教班级」：本校没有班级「三(3)班」",
		"第 8 行「职务」：无法识别职务「保洁」，可填：班主任、科任教师、校领导、德育处、安全办、教务处、校团委、工会、学生成长发展中心、办公室",
	})
	sameLines(t, "changes", changeLines(res.Changes), []string{
		"姓名去掉空格：张 老师 → 张老师 ×1 [3]",
		"电话去掉空格和横线：138-1234-5678 → 13812345678 ×1 [3]",
		"职务写法：德育处主任 → 德育处 ×1 [5]",
		"职务写法：校长 → 校领导 ×1 [6]",
		"职务写法：科任老师 → 科任教师 ×1 [7]",
		"班级写法：三(2)班 → 三年级(2)班 ×2 [3 4]",
		"班级写法：三(1)班 → 三年级(1)班 ×1 [4]",
		"班级写法：三年级1班 → 三年级(1)班 ×1 [5]",
	})
}

// TestCorpusDeterministic: the same file gives the same result, to the
// order of notes, errors and changes.
func TestCorpusDeterministic(t *testing.T) {
	t.Parallel()
	data := buildXLSX(t, tsheet{name: "名单", rows: [][]any{
		{"姓名", "学籍号", "班级", "父亲姓名", "父亲电话", "母亲姓名", "母亲电话", "留守", "孤儿"},
		{"张 三", "g" + person(t, "20160305", 1), "三(2)班", "张父", "138-1234-5678", "张母", "+86 13912345678", "√", "×"},
		{"李四", "G" + person(t, "20160305", 1), "三年级2班", "", "", "李母", "1391234567", "1", "0"},
		{"王五", "L20160003", "三(9)班", "", "", "", "", "Y", "N"},
	}})
	first := func() (Table, Result[StudentRecord]) { return importStudents(t, "名单.xlsx", data) }
	t1, r1 := first()
	for range 5 {
		t2, r2 := first()
		if !reflect.DeepEqual(t1, t2) || !reflect.DeepEqual(r1, r2) {
			t.Fatalf("results differ:\n%+v\n%+v", r1, r2)
		}
	}
}
