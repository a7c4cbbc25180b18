package roster

import (
	"strings"
	"testing"
	"time"
)

// norm is the shape of the text normalisers.
type norm func(string) (string, string, string)

type normCase struct {
	in, want, kind string
	err            string // a substring of the message; "" for none
}

func runNorm(t *testing.T, name string, f norm, cases []normCase) {
	t.Helper()
	for _, tt := range cases {
		got, kind, msg := f(tt.in)
		switch {
		case tt.err != "" && !strings.Contains(msg, tt.err):
			t.Errorf("%s(%q) message %q, want one containing %q", name, tt.in, msg, tt.err)
		case tt.err == "" && msg != "":
			t.Errorf("%s(%q) unexpected error %q", name, tt.in, msg)
		case tt.err == "" && (got != tt.want || kind != tt.kind):
			t.Errorf("%s(%q) = %q (%q), want %q (%q)", name, tt.in, got, kind, tt.want, tt.kind)
		case tt.err != "" && got != "":
			t.Errorf("%s(%q) = %q along with an error", name, tt.in, got)
		}
	}
}

func TestFold(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
		wide     bool
	}{
		{"  abc ", "abc", false},
		{"１３８１２３４５６７８", "13812345678", true},
		{"ＡＢｃ（２）", "ABc(2)", true},
		{"\u3000张三\u00a0", "张三", false},
		{"张\u200b三\ufeff", "张三", false},
		{"三年级（2）班", "三年级(2)班", true},
		{"", "", false},
	}
	for _, tt := range tests {
		got, wide := fold(tt.in)
		if got != tt.want || wide != tt.wide {
			t.Errorf("fold(%q) = %q, %v; want %q, %v", tt.in, got, wide, tt.want, tt.wide)
		}
	}
}

func TestNormName(t *testing.T) {
	t.Parallel()
	runNorm(t, "normName", normName, []normCase{
		{"张三", "张三", "", ""},
		{" 张三 ", "张三", "", ""},
		{"张 三", "张三", kindNameSpace, ""},
		{"欧阳\u3000小 明", "欧阳小明", kindNameSpace, ""},
		{"张\n三", "张三", kindNameSpace, ""},
		{"阿依古丽•买买提", "阿依古丽·买买提", kindNameDot, ""},
		{"阿依古丽.买买提", "阿依古丽·买买提", kindNameDot, ""},
		{"Tom  Smith", "Tom Smith", "", ""},
		{"ＴＯＭ", "TOM", kindWidth, ""},
		{"", "", "", ""},
		{"张三1", "", "", "含有数字或符号"},
		{"张三(转入)", "", "", "含有数字或符号"},
		{strings.Repeat("张", 41), "", "", "姓名太长"},
	})
}

func TestNormStudentNumber(t *testing.T) {
	t.Parallel()
	id := idn(t, "52230120160305001")
	idX := ""
	for seq := 0; seq < 1000 && idX == ""; seq++ {
		if c := idn(t, "5223012016030500"+string(rune('0'+seq%10))); c[17] == 'X' {
			idX = c
		}
	}
	if idX == "" {
		t.Fatal("no identity number ending in X found")
	}
	// A number whose check character is right but whose date is not.
	badDate := idn(t, "52230120161332001")
	runNorm(t, "normStudentNumber", normStudentNumber, []normCase{
		{"G" + id, "G" + id, "", ""},
		{"g" + id, "G" + id, kindUpperG, ""},
		{"G" + strings.ToLower(idX), "G" + idX, kindUpperX, ""},
		{" G " + id[:6] + " " + id[6:], "G" + id, kindSpaces, ""},
		{"Ｇ" + id, "G" + id, kindWidth, ""},
		{"L2016000123", "L2016000123", "", ""},
		{"2016001", "2016001", "", ""},
		{"", "", "", ""},
		{"G" + wrongCheck(id), "", "", "校验位不对"},
		{"G" + badDate, "", "", "出生日期不存在"},
		{"123", "", "", "长度不对"},
		{"G-2016-001", "", "", "只能含字母和数字"},
		{"5.22301E+17", "", "", "科学计数法"},
	})
}

func TestNormIDNumber(t *testing.T) {
	t.Parallel()
	id := idn(t, "52230120160305001")
	runNorm(t, "normIDNumber", normIDNumber, []normCase{
		{id, id, "", ""},
		{"11010519491231002x", "11010519491231002X", kindUpperX, ""},
		{"110105 19491231 002X", "11010519491231002X", kindSpaces, ""},
		{wrongCheck(id), "", "", "校验位不对"},
		{id[:17], "", "", "应为 17 位数字"},
		{"5.22301E+17", "", "", "科学计数法"},
		{"52230120160305001A", "", "", "应为 17 位数字"},
		{idn(t, "52230120160230001"), "", "", "出生日期不存在"},
		{"", "", "", ""},
	})
}

func TestNormPhone(t *testing.T) {
	t.Parallel()
	runNorm(t, "normPhone", normPhone, []normCase{
		{"13812345678", "13812345678", "", ""},
		{"138-1234-5678", "13812345678", kindPhoneSep, ""},
		{"138 1234 5678", "13812345678", kindPhoneSep, ""},
		{"+86 138 1234 5678", "13812345678", kindPhone86, ""},
		{"+8613812345678", "13812345678", kindPhone86, ""},
		{"008613812345678", "13812345678", kindPhone86, ""},
		{"１３８１２３４５６７８", "13812345678", kindWidth, ""},
		{"0851-1234567", "0851-1234567", "", ""},
		{"08511234567", "0851-1234567", kindLandline, ""},
		{"(0851)12345678", "0851-12345678", kindLandline, ""},
		{"010-12345678", "010-12345678", "", ""},
		{"", "", "", ""},
		{"12812345678", "", "", "第二位"},
		{"23812345678", "", "", "应以 1 开头"},
		{"1381234567", "", "", "位数不对"},
		{"1234567", "", "", "请加区号"},
		{"13812345678/13987654321", "", "", "一格只能填一个"},
		{"13812345678、13987654321", "", "", "一格只能填一个"},
		{"1.38123E+10", "", "", "科学计数法"},
		{"138abc", "", "", "不能识别的字符"},
		{"+1 415 555 0100", "", "", "不是中国大陆号码"},
		{"0851-0234567", "", "", "固定电话"},
	})
}

func TestNormDate(t *testing.T) {
	t.Parallel()
	want := time.Date(2016, 3, 5, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in       string
		xlsx     bool
		date1904 bool
		want     time.Time
		kind     string
		err      string
	}{
		{"2016-03-05", false, false, want, "", ""},
		{"2016.03.05", false, false, want, kindDate, ""},
		{"2016.3.5", false, false, want, kindDate, ""},
		{"2016/3/5", false, false, want, kindDate, ""},
		{"20160305", false, false, want, kindDate, ""},
		{"2016年3月5日", false, false, want, kindDate, ""},
		{"2016-03-05 00:00:00", false, false, want, kindDate, ""},
		{"2016-03-05T00:00:00Z", true, false, want, kindDate, ""},
		{"２０１６-０３-０５", false, false, want, kindWidth, ""},
		{"42434", true, false, want, "", ""},   // a date cell's serial number
		{"42434.5", true, false, want, "", ""}, // with a time of day
		{"40972", true, true, want, "", ""},    // the 1904 date system
		{"", false, false, time.Time{}, "", ""},
		{"42434", false, false, time.Time{}, "", "无法识别"}, // CSV: not a date
		{"2016", true, false, time.Time{}, "", "1950–2099"},
		{"3/5/2016", false, false, time.Time{}, "", "无法识别"},
		{"16.3.5", false, false, time.Time{}, "", "无法识别"},
		{"2016-02-30", false, false, time.Time{}, "", "不存在"},
		{"2016-13-01", false, false, time.Time{}, "", "无法识别"},
		{"2016.3-5", false, false, time.Time{}, "", "无法识别"},
		{"2016年3月", false, false, time.Time{}, "", "无法识别"},
		{"二〇一六年三月五日", false, false, time.Time{}, "", "无法识别"},
	}
	for _, tt := range tests {
		got, kind, msg := normDate(tt.in, tt.xlsx, tt.date1904)
		switch {
		case tt.err != "" && !strings.Contains(msg, tt.err):
			t.Errorf("normDate(%q, %v) message %q, want %q", tt.in, tt.xlsx, msg, tt.err)
		case tt.err == "" && (msg != "" || !got.Equal(tt.want) || kind != tt.kind):
			t.Errorf("normDate(%q, %v, %v) = %v (%q) %q, want %v (%q)", tt.in, tt.xlsx, tt.date1904, got, kind, msg, tt.want, tt.kind)
		}
	}
}

func TestNormGenderYesNoRelation(t *testing.T) {
	t.Parallel()
	runNorm(t, "normGender", normGender, []normCase{
		{"男", "男", "", ""}, {"女", "女", "", ""},
		{"M", "男", kindGender, ""}, {"f", "女", kindGender, ""},
		{"1", "男", kindGender, ""}, {"2", "女", kindGender, ""},
		{"男性", "男", kindGender, ""}, {"Female", "女", kindGender, ""},
		{"", "", "", ""},
		{"未知", "", "", "请填 男 或 女"}, {"3", "", "", "请填 男 或 女"},
	})
	yn := func(s string) (string, string, string) {
		v, kind, msg := normYesNo(s)
		if msg != "" {
			return "", "", msg
		}
		if v {
			return "是", kind, ""
		}
		return "否", kind, ""
	}
	runNorm(t, "normYesNo", yn, []normCase{
		{"是", "是", "", ""}, {"否", "否", "", ""}, {"", "否", "", ""}, {" ", "否", "", ""},
		{"√", "是", kindYesNo, ""}, {"×", "否", kindYesNo, ""},
		{"1", "是", kindYesNo, ""}, {"0", "否", kindYesNo, ""},
		{"Y", "是", kindYesNo, ""}, {"n", "否", kindYesNo, ""},
		{"有", "是", kindYesNo, ""}, {"无", "否", kindYesNo, ""},
		{"TRUE", "是", kindYesNo, ""},
		{"不详", "", "", "请填 是 或 否"}, {"x", "", "", "请填 是 或 否"},
	})
	runNorm(t, "normRelation", normRelation, []normCase{
		{"父亲", "父亲", "", ""},
		{"爸爸", "父亲", kindRelation, ""}, {"妈妈", "母亲", kindRelation, ""},
		{"爷爷", "祖父", kindRelation, ""}, {"奶奶", "祖母", kindRelation, ""},
		{"外公", "外祖父", kindRelation, ""}, {"姥爷", "外祖父", kindRelation, ""},
		{"外婆", "外祖母", kindRelation, ""}, {"姥姥", "外祖母", kindRelation, ""},
		{"其他亲属", "其他亲属", "", ""}, {"亲戚", "其他亲属", kindRelation, ""},
		{"母女", "母亲", kindRelation, ""},
		{"继父", "继父", "", ""},
		{"", "", "", ""},
		{"father", "", "", "无法识别"}, {"父亲1", "", "", "无法识别"},
	})
}

func TestNormUsernameAndText(t *testing.T) {
	t.Parallel()
	runNorm(t, "normUsername", normUsername, []normCase{
		{"zhangsan", "zhangsan", "", ""}, {"1001", "1001", "", ""}, {"li.si-2_x", "li.si-2_x", "", ""},
		{"ｚｈａｎｇ", "zhang", kindWidth, ""},
		{"a", "", "", "2–40"}, {"张三", "", "", "只能含字母"}, {"zhang san", "", "", "只能含字母"},
	})
	addr := func(s string) (string, string, string) { return normText(s, "家庭住址", 10) }
	runNorm(t, "normText", addr, []normCase{
		{" 城关镇  新华村\t3组 ", "城关镇 新华村 3组", "", ""},
		{"城关镇１组", "城关镇1组", kindWidth, ""},
		{"一二三四五六七八九十一", "", "", "家庭住址太长"},
	})
}

func TestParseClass(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in            string
		level, number int
		ok            bool
	}{
		{"三年级(2)班", 3, 2, true},
		{"三年级（2）班", 3, 2, true},
		{"3年级2班", 3, 2, true},
		{"三(2)班", 3, 2, true},
		{"三（2）班", 3, 2, true},
		{"三年级二班", 3, 2, true},
		{"三年级（二）班", 3, 2, true},
		{"三年级 2 班", 3, 2, true},
		{"３年级２班", 3, 2, true},
		{"三年2班", 3, 2, true},
		{"3(2)", 3, 2, true},
		{"3-2班", 3, 2, true},
		{"3.2班", 3, 2, true},
		{"302班", 3, 2, true},
		{"1001班", 10, 1, true},
		{"初一(3)班", 7, 3, true},
		{"初一3班", 7, 3, true},
		{"初中一年级3班", 7, 3, true},
		{"七年级3班", 7, 3, true},
		{"七年级(3)班", 7, 3, true},
		{"九年级十二班", 9, 12, true},
		{"高二1班", 11, 1, true},
		{"高三(10)班", 12, 10, true},
		{"小学六年级1班", 6, 1, true},
		{"一年级【1】班", 1, 1, true},
		{"十二年级1班", 12, 1, true},
		{"二十一年级1班", 0, 0, false},
		{"32班", 0, 0, false},
		{"三2班", 0, 0, false},
		{"三年级", 0, 0, false},
		{"2班", 0, 0, false},
		{"初四1班", 0, 0, false},
		{"小学七年级1班", 0, 0, false},
		{"三年级(2班", 0, 0, false},
		{"三年级(0)班", 0, 0, false},
		{"三年级2班学生", 0, 0, false},
		{"2023级3班", 0, 0, false},
		{"1301班", 0, 0, false},
		{"", 0, 0, false},
	}
	for _, tt := range tests {
		l, n, ok := parseClass(tt.in)
		if l != tt.level || n != tt.number || ok != tt.ok {
			t.Errorf("parseClass(%q) = %d, %d, %v; want %d, %d, %v", tt.in, l, n, ok, tt.level, tt.number, tt.ok)
		}
	}
}

func TestHanNumber(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		n    int
		size int
	}{
		{"一", 1, 3}, {"九班", 9, 3}, {"十", 10, 3}, {"十二", 12, 6}, {"二十", 20, 6}, {"二十三", 23, 9},
		{"〇", 0, 0}, {"班", 0, 0}, {"", 0, 0},
	}
	for _, tt := range tests {
		if n, size := hanNumber(tt.in); n != tt.n || size != tt.size {
			t.Errorf("hanNumber(%q) = %d, %d; want %d, %d", tt.in, n, size, tt.n, tt.size)
		}
	}
}

func TestScientific(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{"5.22301E+17": true, "1.38123e+10": true, "1E5": true, "13812345678": false, "E+17": false, "G5E+1": false, "": false} {
		if got := scientific(s); got != want {
			t.Errorf("scientific(%q) = %v", s, got)
		}
	}
}
