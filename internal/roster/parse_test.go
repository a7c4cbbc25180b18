package roster

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"xietong/internal/auth"
)

// testClasses are the classes of the school the tests import into.
var testClasses = []ClassRef{
	{ID: 11, Level: 1, Number: 1, Name: "一年级(1)班"},
	{ID: 12, Level: 1, Number: 2, Name: "一年级(2)班"},
	{ID: 31, Level: 3, Number: 1, Name: "三年级(1)班"},
	{ID: 32, Level: 3, Number: 2, Name: "三年级(2)班"},
	{ID: 73, Level: 7, Number: 3, Name: "七年级(3)班"},
}

// studentLine writes a record compactly for comparison.
func studentLine(r StudentRecord) string {
	b := "-"
	if r.BirthDate != nil {
		b = r.BirthDate.Format(time.DateOnly)
	}
	var flags []string
	for _, f := range []struct {
		on   bool
		name string
	}{{r.LeftBehind, "留守"}, {r.Hardship, "困难"}, {r.Migrant, "随迁"}, {r.Disabled, "残疾"}, {r.Orphan, "孤儿"}} {
		if f.on {
			flags = append(flags, f.name)
		}
	}
	var gs []string
	for _, g := range r.Guardians {
		gs = append(gs, g.Relation+" "+g.Name+" "+g.Phone)
	}
	return fmt.Sprintf("%d %s %s %s %s %d %s id=%s %s/%s/%s [%s] [%s]", r.Row, r.Name, r.StudentNumber, r.Gender, b,
		r.ClassID, r.ClassName, r.IDNumber, r.Township, r.Village, r.Address, strings.Join(flags, ","), strings.Join(gs, "; "))
}

func staffLine(r StaffRecord) string {
	var roles, classes []string
	for _, x := range r.Roles {
		roles = append(roles, x.Label())
	}
	for _, c := range r.Classes {
		classes = append(classes, c.Name)
	}
	return fmt.Sprintf("%d %s %s %s [%s] [%s] [%s]", r.Row, r.Name, r.Phone, r.Username,
		strings.Join(roles, ","), strings.Join(classes, ","), strings.Join(r.Subjects, ","))
}

func linesOf[T any](xs []T, f func(T) string) []string {
	var out []string
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func errorLines(es []RowError) []string { return linesOf(es, RowError.String) }
func changeLines(cs []Change) []string {
	return linesOf(cs, func(c Change) string { return fmt.Sprint(c.String(), " ", c.Rows) })
}
func sameLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s\n got: %s\nwant: %s", what, strings.Join(got, "\n      "), strings.Join(want, "\n      "))
	}
}

func tableOf(t *testing.T, k Kind, rows ...[]string) Table {
	t.Helper()
	return mustLocate(t, []Sheet{{Name: "表", Rows: rows}}, k)
}

func TestParseStudentsValues(t *testing.T) {
	t.Parallel()
	a := idn(t, "52230120160305001") // a boy born 2016-03-05
	b := idn(t, "52230120160412002") // a girl born 2016-04-12
	c := idn(t, "52230120150101003")
	tb := tableOf(t, Students,
		[]string{"姓名", "学籍号", "性别", "出生日期", "班级", "身份证号", "乡镇", "村", "家庭住址",
			"是否留守儿童", "建档立卡", "随迁子女", "残疾", "孤儿", "父亲姓名", "父亲电话", "监护人2", "监护人2关系", "监护人2电话"},
		[]string{"张 三", "g" + a, "", "", "三(2)班", "", "城关镇", "新华村", "3组", "√", "", "否", "0", "", "张大山", "138-1234-5678", "李奶奶", "奶奶", "0851-1234567"},
		[]string{"李四", "G" + b, "2", "2016.4.12", "三年级（2）班", b, "", "", "", "是", "1", "", "", "", "", "", "李小花", "", "+86 139 1234 5678"},
		[]string{"王五", "L2015000003", "男", "20150101", "302班", c, "", "", "", "", "", "", "", "√", "", "", "", "", ""},
		[]string{"赵六", "L2015000004", "女", "2015-06-01", "七年级3班", "", "", "", "", "", "", "", "", "", "", "", "", "", ""},
	)
	res := ParseStudents(tb, testClasses)
	sameLines(t, "records", linesOf(res.Records, studentLine), []string{
		"2 张三 G" + a + " 男 2016-03-05 32 三年级(2)班 id= 城关镇/新华村/3组 [留守] [父亲 张大山 13812345678; 祖母 李奶奶 0851-1234567]",
		"3 李四 G" + b + " 女 2016-04-12 32 三年级(2)班 id=" + b + " // [留守,困难] [监护人 李小花 13912345678]",
		"4 王五 L2015000003 男 2015-01-01 32 三年级(2)班 id=" + c + " // [孤儿] []",
		"5 赵六 L2015000004 女 2015-06-01 73 七年级(3)班 id= // [] []",
	})
	sameLines(t, "errors", errorLines(res.Errors), nil)
	sameLines(t, "changes", changeLines(res.Changes), []string{
		"姓名去掉空格：张 三 → 张三 ×1 [2]",
		"学籍号首字母改为大写G：g" + a + " → G" + a + " ×1 [2]",
		"由学籍号得出：（空） → 男 ×1 [2]",
		"性别写法：2 → 女 ×1 [3]",
		"由学籍号得出：（空） → 2016-03-05 ×1 [2]",
		"日期写法：2016.4.12 → 2016-04-12 ×1 [3]",
		"日期写法：20150101 → 2015-01-01 ×1 [4]",
		"班级写法：三(2)班 → 三年级(2)班 ×1 [2]",
		"班级写法：三年级（2）班 → 三年级(2)班 ×1 [3]",
		"班级写法：302班 → 三年级(2)班 ×1 [4]",
		"班级写法：七年级3班 → 七年级(3)班 ×1 [5]",
		"是否写法：√ → 是 ×1 [2]",
		"是否写法：1 → 是 ×1 [3]",
		"是否写法：0 → 否 ×1 [2]",
		"是否写法：√ → 是 ×1 [4]",
		"由列名「父亲姓名」得出：（空） → 父亲 ×1 [2]",
		"电话去掉空格和横线：138-1234-5678 → 13812345678 ×1 [2]",
		"关系称谓：奶奶 → 祖母 ×1 [2]",
		"未填关系：（空） → 监护人 ×1 [3]",
		"电话去掉+86：+86 139 1234 5678 → 13912345678 ×1 [3]",
	})
	if res.Total != 4 || res.Skipped != 0 || len(res.Missing) != 0 {
		t.Errorf("total %d skipped %d missing %v", res.Total, res.Skipped, res.Missing)
	}
}

func TestParseStudentsErrors(t *testing.T) {
	t.Parallel()
	a := idn(t, "52230120160305001")
	b := idn(t, "52230120160412002")
	tb := tableOf(t, Students,
		[]string{"序号", "姓名", "学籍号", "性别", "出生日期", "班级", "身份证号", "家长姓名", "联系电话", "是否留守儿童"},
		[]string{"1", "", "G" + a, "", "", "三(2)班", "", "", "", ""},                           // 2: no name
		[]string{"2", "李四", "", "女", "", "三(2)班", "", "", "", ""},                             // 3: no number, no gender source
		[]string{"3", "王五", "L2016000005", "", "", "三年级(9)班", "", "", "", ""},                 // 4: unknown class, no gender
		[]string{"4", "赵六", "G" + a, "女", "2016-03-06", "三年级二班", "", "", "", ""},              // 5: dup of 2, gender and date conflict
		[]string{"5", "钱七", "G" + b, "女", "2016/4/31", "一（1）班", "", "钱大", "1381234567", "不详"}, // 6: bad date, phone, flag
		[]string{"6", "孙八", "G" + wrongCheck(b), "女", "", "", "", "", "13812345678", ""},      // 7: bad check digit, no class, phone without name
		[]string{"7", "周九", "L2016000009", "未知", "", "初一2班", "5.22301E+17", "", "", ""},       // 8: gender, class, scientific ID
		[]string{"8", "吴十", "L2016000010", "女", "", "一年级(1)班", b, "", "", ""},                 // 9: ID duplicates row 10's
		[]string{"9", "郑一", "L2016000011", "", "", "一年级(1)班", b, "", "", ""},                  // 10: gender from the ID
		[]string{"10"}, // 11: only 序号: skipped
	)
	res := ParseStudents(tb, testClasses)
	sameLines(t, "errors", errorLines(res.Errors), []string{
		"第 2 行「姓名」：缺少姓名",
		"第 2 行「学籍号」：学籍号与第 5 行重复",
		"第 3 行「学籍号」：缺少学籍号",
		"第 4 行「性别」：缺少性别",
		"第 4 行「班级」：本校没有班级「三年级(9)班」",
		"第 5 行「学籍号」：学籍号与第 2 行重复",
		"第 5 行「性别」：性别「女」与学籍号不符（学籍号显示为男）",
		"第 5 行「出生日期」：出生日期 2016-03-06 与学籍号中的 2016-03-05 不一致",
		"第 6 行「出生日期」：日期「2016/4/31」不存在",
		"第 6 行「联系电话」：电话号码「1381234567」位数不对（10 位）",
		"第 6 行「是否留守儿童」：「不详」无法识别，请填 是 或 否",
		"第 7 行「学籍号」：学籍号「G" + wrongCheck(b) + "」有误：G 后的身份证号校验位不对，请核对",
		"第 7 行「班级」：缺少班级",
		"第 7 行「家长姓名」：有监护人1的关系或电话，但没有姓名",
		"第 8 行「性别」：性别「未知」无法识别，请填 男 或 女",
		"第 8 行「班级」：本校没有班级「初一2班」",
		"第 8 行「身份证号」：数字被 Excel 显示成了科学计数法（5.22301E+17），后几位已经丢失：请把这一列设为「文本」后重新填写",
		"第 9 行「身份证号」：身份证号与第 10 行重复",
		"第 10 行「身份证号」：身份证号与第 9 行重复",
	})
	sameLines(t, "records", linesOf(res.Records, studentLine), nil)
	if res.Total != 9 || res.Skipped != 1 {
		t.Errorf("total %d skipped %d", res.Total, res.Skipped)
	}
	for _, e := range res.Errors {
		if e.Field == "" {
			t.Errorf("error without a field: %v", e)
		}
	}
}

func TestParseStudentsFormulasAndErrorValues(t *testing.T) {
	t.Parallel()
	a := idn(t, "52230120160305001")
	tb := tableOf(t, Students,
		[]string{"姓名", "学籍号", "班级"},
		[]string{"张三", "G" + a, ""},
		[]string{"李四", "#REF!", "三(1)班"},
	)
	tb.Rows[0].Formulas = []int{2}
	res := ParseStudents(tb, testClasses)
	sameLines(t, "errors", errorLines(res.Errors), []string{
		"第 2 行「班级」：单元格含公式，请粘贴为数值",
		"第 3 行「学籍号」：单元格是公式错误值 #REF!，请改正",
	})
	if len(res.Records) != 0 {
		t.Errorf("records %v", res.Records)
	}
}

func TestParseStudentsMissingAndMapping(t *testing.T) {
	t.Parallel()
	tb := tableOf(t, Students, []string{"姓名", "学号", "班级"}, []string{"张三", "2016001", "三(1)班"})
	res := ParseStudents(tb, testClasses)
	if !slices.Equal(res.Missing, []Field{FStudentNumber, FGender}) || res.Records != nil || res.Errors != nil || res.Total != 0 {
		t.Fatalf("result %+v, want only the missing fields", res)
	}
	if err := tb.Apply(Mapping{"学号": FStudentNumber}); err != nil {
		t.Fatal(err)
	}
	res = ParseStudents(tb, testClasses)
	sameLines(t, "errors", errorLines(res.Errors), []string{"第 2 行：缺少性别：学籍号不是 G 加身份证号，无法得出性别，请加一列性别"})
}

func TestParseStudentsBlankCellsAreNo(t *testing.T) {
	t.Parallel()
	a := idn(t, "52230120160305001")
	tb := tableOf(t, Students, []string{"姓名", "学籍号", "班级", "孤儿", "残疾"}, []string{"张三", "G" + a, "三(1)班", " ", "否"})
	res := ParseStudents(tb, testClasses)
	if len(res.Records) != 1 || res.Records[0].Orphan || res.Records[0].Disabled {
		t.Errorf("result %+v", res)
	}
	for _, c := range res.Changes {
		if c.Field == FOrphan || c.Field == FDisabled {
			t.Errorf("change %v: a blank cell and 否 are no rewrite", c)
		}
	}
}

func TestParseStaff(t *testing.T) {
	t.Parallel()
	tb := tableOf(t, Staff,
		[]string{"序号", "教师姓名", "手机号码", "工号", "职务", "任教班级", "任教学科"},
		[]string{"1", "张老师", "138 1234 5678", "T001", "班主任", "三年级(2)班", "语文"},
		[]string{"2", "李老师", "13912345678", "", "科任教师", "三(1)班、三(2)班", "数学、科学"},
		[]string{"3", "王主任", "13712345678", "wang", "德育主任兼班主任", "三年级1、2班", ""},
		[]string{"4", "赵校长", "13612345678", "zhao", "校长", "", ""},
		[]string{"5", "李老师", "13912345678", "", "任课老师", "一(1)班", "数学"}, // the same person again: fine
		[]string{"6", "钱老师", "13512345678", "", "科任教师", "一(1)班", ""},
		[]string{"7", "孙老师", "13412345678", "", "班主任", "", ""},
		[]string{"8", "周老师", "13412345678", "T001", "保安", "三年级(9)班", ""},
		[]string{"9", "吴老师", "", "x", "", "二(1)班", ""},
		[]string{"10", "", "13312345678", "", "团委书记", "", ""},
		[]string{"11", "郑老师", "13212345678", "WANG", "教务处、工会", "", ""},
	)
	res := ParseStaff(tb, testClasses)
	sameLines(t, "records", linesOf(res.Records, staffLine), []string{
		"3 李老师 13912345678  [科任教师] [三年级(1)班,三年级(2)班] [数学,科学]",
		"5 赵校长 13612345678 zhao [校领导] [] []",
		"6 李老师 13912345678  [科任教师] [一年级(1)班] [数学]",
	})
	sameLines(t, "errors", errorLines(res.Errors), []string{
		"第 2 行「工号」：用户名与第 9 行重复",
		"第 4 行「工号」：用户名与第 12 行重复",
		"第 7 行「任教学科」：科任教师需填写任教学科",
		"第 8 行「手机号码」：手机号与第 9 行（周老师）相同，但姓名不同",
		"第 8 行「任教班级」：班主任需填写所带班级",
		"第 9 行「手机号码」：手机号与第 8 行（孙老师）相同，但姓名不同",
		"第 9 行「工号」：用户名与第 2 行重复",
		"第 9 行「职务」：无法识别职务「保安」，可填：班主任、科任教师、校领导、德育处、安全办、教务处、校团委、工会、学生成长发展中心、办公室",
		"第 9 行「任教班级」：本校没有班级「三年级(9)班」",
		"第 10 行「手机号码」：缺少手机号",
		"第 10 行「工号」：用户名「x」应为 2–40 个字符",
		"第 10 行「职务」：缺少职务",
		"第 10 行「任教班级」：本校没有班级「二(1)班」",
		"第 11 行「教师姓名」：缺少姓名",
		"第 12 行「工号」：用户名与第 4 行重复",
	})
	sameLines(t, "changes", changeLines(res.Changes), []string{
		"电话去掉空格和横线：138 1234 5678 → 13812345678 ×1 [2]",
		"职务写法：德育主任 → 德育处 ×1 [4]",
		"职务写法：校长 → 校领导 ×1 [5]",
		"职务写法：任课老师 → 科任教师 ×1 [6]",
		"职务写法：团委书记 → 校团委 ×1 [11]",
		"班级写法：三(1)班 → 三年级(1)班 ×1 [3]",
		"班级写法：三(2)班 → 三年级(2)班 ×1 [3]",
		"班级写法：三年级1 → 三年级(1)班 ×1 [4]",
		"班级写法：2班 → 三年级(2)班 ×1 [4]",
		"班级写法：一(1)班 → 一年级(1)班 ×2 [6 7]",
	})
}

func TestParseStaffRoles(t *testing.T) {
	t.Parallel()
	tb := tableOf(t, Staff,
		[]string{"姓名", "手机号", "职务", "任教班级"},
		[]string{"王主任", "13712345678", "德育主任兼班主任", "三年级1、2班"},
		[]string{"郑老师", "13212345678", "教务处、工会 办公室", ""},
		[]string{"冯老师", "13112345678", "副校长/安全办", ""},
		[]string{"陈老师", "13012345678", "学生成长发展中心", ""},
	)
	res := ParseStaff(tb, testClasses)
	moral, cls := StaffRole{auth.SchoolOffice, auth.OfficeMoral}, StaffRole{Role: auth.ClassTeacher}
	if len(res.Records) != 4 || !slices.Equal(res.Records[0].Roles, []StaffRole{moral, cls}) {
		t.Fatalf("records %+v errors %v", res.Records, res.Errors)
	}
	sameLines(t, "records", linesOf(res.Records, staffLine), []string{
		"2 王主任 13712345678  [德育处,班主任] [三年级(1)班,三年级(2)班] []",
		"3 郑老师 13212345678  [教务处,工会,办公室] [] []",
		"4 冯老师 13112345678  [校领导,安全办] [] []",
		"5 陈老师 13012345678  [学生成长发展中心] [] []",
	})
	if res.Records[1].Roles[2] != (StaffRole{auth.SchoolOffice, auth.OfficeGeneral}) {
		t.Errorf("办公室 is %+v", res.Records[1].Roles[2])
	}
	missing := ParseStaff(tableOf(t, Staff, []string{"姓名", "任教班级"}, []string{"张三", "三(1)班"}), testClasses)
	if !slices.Equal(missing.Missing, []Field{FPhone, FRole}) || missing.Records != nil {
		t.Errorf("missing %v", missing.Missing)
	}
}

func TestResultStrings(t *testing.T) {
	t.Parallel()
	if got := (RowError{Row: 5, Column: "班级", Message: "缺少班级"}).String(); got != "第 5 行「班级」：缺少班级" {
		t.Error(got)
	}
	if got := (RowError{Row: 5, Message: "缺少性别"}).String(); got != "第 5 行：缺少性别" {
		t.Error(got)
	}
	if got := (Change{Kind: "班级写法", From: "三(2)班", To: "三年级(2)班", Count: 31}).String(); got != "班级写法：三(2)班 → 三年级(2)班 ×31" {
		t.Error(got)
	}
	if got := shape("138-1234-5678"); got != "999-9999-9999" {
		t.Error(got)
	}
}
