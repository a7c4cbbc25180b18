package roster

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"xietong/internal/idcard"
)

// The normalisers below each read one cell. They return the clean value,
// the kind of rewrite made (a Change.Kind, "" when the value was already in
// its clean form or only surrounding spaces went), and a Chinese message
// when the value cannot be read. They never guess: a value that fits none
// of the accepted spellings is an error, not the nearest match.

// Change kinds. They are shown to the user next to a count, so they say
// what was done in words a school secretary recognises.
const (
	kindWidth      = "全角字符改为半角"
	kindNameSpace  = "姓名去掉空格"
	kindNameDot    = "姓名间隔号统一为·"
	kindUpperG     = "学籍号首字母改为大写G"
	kindUpperX     = "末位x改为大写X"
	kindSpaces     = "去掉空格"
	kindPhoneSep   = "电话去掉空格和横线"
	kindPhone86    = "电话去掉+86"
	kindLandline   = "固定电话写成区号-号码"
	kindDate       = "日期写法"
	kindClass      = "班级写法"
	kindGender     = "性别写法"
	kindYesNo      = "是否写法"
	kindRelation   = "关系称谓"
	kindRole       = "职务写法"
	kindNoRelation = "未填关系"
	kindFromSN     = "由学籍号得出"
	kindFromID     = "由身份证号得出"
)

// fold folds full-width ASCII (Ａ１（) to ASCII, turns the many kinds of
// space a spreadsheet holds (U+3000, no-break space …) into ' ', drops
// zero-width characters and BOMs, and trims. wide reports whether a
// full-width character was folded, so that the change can be shown.
func fold(s string) (out string, wide bool) {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii || !needsFold(s) {
		return strings.TrimSpace(s), false
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
			wide = true
		case r == 0x3000 || r == 0xA0 || (r >= 0x2000 && r <= 0x200A) || r == 0x202F || r == 0x205F:
			r = ' '
		case r == 0x200B || r == 0x200C || r == 0x200D || r == 0x2060 || r == 0xFEFF:
			continue
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String()), wide
}

// needsFold reports whether fold would change more than surrounding
// space: most cells are plain Chinese and need no copy.
func needsFold(s string) bool {
	for _, r := range s {
		if r >= 0xFF01 && r <= 0xFF5E || r == 0x3000 || r == 0xA0 || r >= 0x2000 && r <= 0x200D ||
			r == 0x202F || r == 0x205F || r == 0x2060 || r == 0xFEFF {
			return true
		}
	}
	return false
}

// isBlank reports whether a cell holds nothing but space.
func isBlank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && r != 0x3000 && r != 0x200B && r != 0xFEFF {
			return false
		}
	}
	return true
}

// removeSpaces drops every space from s.
func removeSpaces(s string) string {
	if !strings.ContainsAny(s, " \t\r\n") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// scientific reports whether s is a number as Excel displays a long one
// that it stored as a number: "5.22301E+17". Its last digits are lost.
func scientific(s string) bool {
	i := strings.IndexAny(s, "eE")
	if i <= 0 || i == len(s)-1 {
		return false
	}
	if _, err := strconv.ParseFloat(s, 64); err != nil {
		return false
	}
	return s[i+1] == '+' || (s[i+1] >= '0' && s[i+1] <= '9')
}

func sciMessage(s string) string {
	return fmt.Sprintf("数字被 Excel 显示成了科学计数法（%s），后几位已经丢失：请把这一列设为「文本」后重新填写", s)
}

// normName cleans a person's name: a Chinese name loses inner spaces
// ("张 三" → "张三"), the middle dot of minority and foreign names takes one
// form (阿依古丽·买买提). Digits and symbols are errors: they are typos or
// a remark typed into the name cell.
func normName(raw string) (string, string, string) {
	s, wide := fold(raw)
	if s == "" {
		return "", "", ""
	}
	kind := ""
	if wide {
		kind = kindWidth
	}
	han := false
	dots := false
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			han = true
		}
		if r == '•' || r == '‧' || r == '・' || r == '∙' || r == '.' || r == '･' {
			dots = true
		}
	}
	if dots {
		s = strings.Map(func(r rune) rune {
			switch r {
			case '•', '‧', '・', '∙', '.', '･':
				return '·'
			}
			return r
		}, s)
		kind = kindNameDot
	}
	if han && strings.IndexFunc(s, unicode.IsSpace) >= 0 {
		s = removeSpaces(s)
		kind = kindNameSpace
	} else if strings.Contains(s, "  ") {
		s = strings.Join(strings.Fields(s), " ")
	}
	if n := utf8.RuneCountInString(s); n > 40 {
		return "", "", fmt.Sprintf("姓名太长（%d 个字，最多 40 个）", n)
	}
	for _, r := range s {
		if !(unicode.Is(unicode.Han, r) || unicode.IsLetter(r) || r == '·' || r == ' ') {
			return "", "", fmt.Sprintf("姓名「%s」含有数字或符号", s)
		}
	}
	return s, kind, ""
}

// normStudentNumber cleans a 学籍号. The national number is "G" and the
// child's 18-character identity number; a typed lower-case "g" or "x" is
// made upper-case, and the identity part's check character is verified. A
// temporary number ("L…") or a local one is accepted as 6–30 letters and
// digits, the form the database allows.
func normStudentNumber(raw string) (string, string, string) {
	s, wide := fold(raw)
	if s == "" {
		return "", "", ""
	}
	if scientific(s) {
		return "", "", sciMessage(s)
	}
	kind := ""
	if wide {
		kind = kindWidth
	}
	if t := removeSpaces(s); t != s {
		s, kind = t, kindSpaces
	}
	if s[0] == 'g' && len(s) == 19 && allDigitsX(s[1:]) {
		s, kind = "G"+s[1:], kindUpperG
	}
	if len(s) == 19 && s[0] == 'G' && allDigitsX(s[1:]) {
		if s[18] == 'x' {
			s, kind = s[:18]+"X", kindUpperX
		}
		if !idcard.Valid(s[1:]) {
			return "", "", fmt.Sprintf("学籍号「%s」有误：G 后的身份证号校验位不对，请核对", s)
		}
		if _, err := idcard.BirthDate(s[1:]); err != nil {
			return "", "", fmt.Sprintf("学籍号「%s」有误：其中的出生日期不存在", s)
		}
		return s, kind, ""
	}
	if len(s) < 6 || len(s) > 30 {
		return "", "", fmt.Sprintf("学籍号「%s」长度不对（应为 6–30 位，全国学籍号为 G 加 18 位身份证号）", s)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return "", "", fmt.Sprintf("学籍号「%s」只能含字母和数字", s)
		}
	}
	return s, kind, ""
}

// allDigitsX reports whether s is 17 digits and a final digit or x/X.
func allDigitsX(s string) bool {
	if len(s) != 18 {
		return false
	}
	for i := 0; i < 17; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	c := s[17]
	return c >= '0' && c <= '9' || c == 'x' || c == 'X'
}

// idOfStudentNumber returns the identity number inside a national 学籍号,
// or "".
func idOfStudentNumber(sn string) string {
	if len(sn) == 19 && sn[0] == 'G' && idcard.Valid(sn[1:]) {
		return sn[1:]
	}
	return ""
}

// normIDNumber cleans an 18-character identity number: spaces go, a
// lower-case x becomes X, and the check character must be right.
func normIDNumber(raw string) (string, string, string) {
	s, wide := fold(raw)
	if s == "" {
		return "", "", ""
	}
	if scientific(s) {
		return "", "", sciMessage(s)
	}
	kind := ""
	if wide {
		kind = kindWidth
	}
	if t := removeSpaces(s); t != s {
		s, kind = t, kindSpaces
	}
	if len(s) != 18 || !allDigitsX(s) {
		return "", "", fmt.Sprintf("身份证号「%s」应为 17 位数字加一位数字或 X", s)
	}
	if s[17] == 'x' {
		s, kind = s[:17]+"X", kindUpperX
	}
	if !idcard.Valid(s) {
		return "", "", fmt.Sprintf("身份证号「%s」校验位不对，请核对", s)
	}
	if _, err := idcard.BirthDate(s); err != nil {
		return "", "", fmt.Sprintf("身份证号「%s」中的出生日期不存在", s)
	}
	return s, kind, ""
}

// normPhone cleans a phone number. A mobile number becomes its 11 digits
// ("+86 138-1234-5678" → "13812345678") and must start with 1; a landline
// keeps its area code, written "0851-1234567". One cell holds one number:
// "138…/139…" is an error, because which one to keep would be a guess.
func normPhone(raw string) (string, string, string) {
	s, wide := fold(raw)
	if s == "" {
		return "", "", ""
	}
	if scientific(s) {
		return "", "", sciMessage(s)
	}
	kind := ""
	if wide {
		kind = kindWidth
	}
	digits := make([]byte, 0, 16)
	plus := false
	seps := false
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits = append(digits, byte(r))
		case r == '+' && i == 0:
			plus = true
		case r == ' ' || r == '-' || r == '—' || r == '–' || r == '(' || r == ')' || r == '（' || r == '）':
			seps = true
		case r == '/' || r == '、' || r == ',' || r == '，' || r == ';' || r == '；' || r == '\n':
			return "", "", fmt.Sprintf("一格只能填一个电话号码：「%s」", s)
		default:
			return "", "", fmt.Sprintf("电话号码「%s」含有不能识别的字符", s)
		}
	}
	d := string(digits)
	switch {
	case plus && strings.HasPrefix(d, "86") && len(d) == 13:
		d, kind = d[2:], kindPhone86
	case strings.HasPrefix(d, "0086") && len(d) == 15:
		d, kind = d[4:], kindPhone86
	case plus:
		return "", "", fmt.Sprintf("电话号码「%s」不是中国大陆号码", s)
	}
	if len(d) == 11 && d[0] == '1' {
		if d[1] < '3' {
			return "", "", fmt.Sprintf("手机号码「%s」有误：第二位应为 3–9", s)
		}
		if seps && kind != kindPhone86 {
			kind = kindPhoneSep
		}
		return d, kind, ""
	}
	if d != "" && d[0] == '0' && len(d) >= 10 && len(d) <= 12 {
		area := 4
		if d[1] == '1' || d[1] == '2' {
			area = 3
		}
		local := d[area:]
		if len(local) < 7 || len(local) > 8 || local[0] == '0' {
			return "", "", fmt.Sprintf("固定电话「%s」有误：区号后应为 7–8 位号码", s)
		}
		out := d[:area] + "-" + local
		if out != s && kind == "" {
			kind = kindLandline
		}
		return out, kind, ""
	}
	if len(d) == 7 || len(d) == 8 {
		return "", "", fmt.Sprintf("固定电话「%s」请加区号，如 0851-1234567", s)
	}
	if len(d) == 11 {
		return "", "", fmt.Sprintf("手机号码「%s」应以 1 开头", s)
	}
	return "", "", fmt.Sprintf("电话号码「%s」位数不对（%d 位）", s, len(d))
}

// Serial dates (the number a spreadsheet stores for a date cell) are read
// only inside this range, 1950-01-01 to 2099-12-31: outside it a number in
// a date column is more likely a typo than a birthday.
const (
	minSerial = 18264
	maxSerial = 73050
)

// normDate reads a date written 2016-03-05, 2016.03.05, 2016.3.5,
// 2016/3/5, 2016年3月5日, 20160305, an ISO date-time at midnight, or, when
// serial is set (a cell read from .xlsx), the day number of a date cell.
// date1904 selects the Mac epoch for serial numbers. Anything else (3/5/2016
// and 16.3.5 could be read two ways) is an error.
func normDate(raw string, serial, date1904 bool) (time.Time, string, string) {
	s, wide := fold(raw)
	if s == "" {
		return time.Time{}, "", ""
	}
	bad := func() (time.Time, string, string) {
		return time.Time{}, "", fmt.Sprintf("日期「%s」无法识别，请写成 2016-03-05", s)
	}
	// A serial number: digits with an optional fraction (the time of day).
	if serial && len(s) <= 12 && s[0] >= '1' && s[0] <= '9' && len(s) != 8 {
		if v, err := strconv.ParseFloat(s, 64); err == nil {
			day := math.Floor(v)
			if day < minSerial || day > maxSerial {
				return time.Time{}, "", fmt.Sprintf("日期「%s」不在 1950–2099 年之间", s)
			}
			base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
			if date1904 {
				base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
			}
			return base.AddDate(0, 0, int(day)), "", ""
		}
	}
	orig := s
	// Drop a time of day at midnight: "2016-03-05 00:00:00", "…T00:00:00Z".
	if i := strings.IndexAny(s, " T"); i > 0 {
		switch strings.TrimSpace(s[i+1:]) {
		case "00:00:00", "00:00", "0:00:00", "0:00", "00:00:00Z", "00:00:00+08:00", "00:00:00.000":
			s = s[:i]
		}
	}
	var y, m, d int
	switch {
	case len(s) == 8 && allASCIIDigits(s):
		y, _ = strconv.Atoi(s[:4])
		m, _ = strconv.Atoi(s[4:6])
		d, _ = strconv.Atoi(s[6:])
	default:
		parts := splitDate(s)
		if len(parts) != 3 || len(parts[0]) != 4 || len(parts[1]) > 2 || len(parts[2]) > 2 {
			return bad()
		}
		y, _ = strconv.Atoi(parts[0])
		m, _ = strconv.Atoi(parts[1])
		d, _ = strconv.Atoi(parts[2])
	}
	if y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1 {
		return bad()
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, "", fmt.Sprintf("日期「%s」不存在", s)
	}
	kind := ""
	if t.Format(time.DateOnly) != orig {
		kind = kindDate
	} else if wide {
		kind = kindWidth
	}
	return t, kind, ""
}

// splitDate splits "2016.3.5", "2016/03/05", "2016-3-5" and "2016年3月5日"
// into their numbers, or returns nil for any other shape. The separators
// must agree, except in the 年月日 form.
func splitDate(s string) []string {
	if strings.HasSuffix(s, "日") && strings.Contains(s, "年") && strings.Contains(s, "月") {
		s = strings.TrimSuffix(s, "日")
		y, rest, _ := strings.Cut(s, "年")
		mo, d, _ := strings.Cut(rest, "月")
		if !allASCIIDigits(y) || !allASCIIDigits(mo) || !allASCIIDigits(d) {
			return nil
		}
		return []string{y, mo, d}
	}
	for _, sep := range []string{"-", ".", "/"} {
		if strings.Count(s, sep) == 2 {
			p := strings.Split(s, sep)
			for _, x := range p {
				if !allASCIIDigits(x) {
					return nil
				}
			}
			return p
		}
	}
	return nil
}

func allASCIIDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// genders maps the spellings of a gender, lower-cased, to 男 or 女. 1 and 2
// are the codes of GB/T 2261.1.
var genders = map[string]string{
	"男": "男", "男性": "男", "男生": "男", "m": "男", "male": "男", "1": "男", "男孩": "男",
	"女": "女", "女性": "女", "女生": "女", "f": "女", "female": "女", "2": "女", "女孩": "女",
}

// normGender reads 男/女, M/F, 1/2.
func normGender(raw string) (string, string, string) {
	s, _ := fold(raw)
	if s == "" {
		return "", "", ""
	}
	g, ok := genders[strings.ToLower(removeSpaces(s))]
	if !ok {
		return "", "", fmt.Sprintf("性别「%s」无法识别，请填 男 或 女", s)
	}
	if g != s {
		return g, kindGender, ""
	}
	return g, "", ""
}

// yesNo maps the spellings of yes and no, lower-cased.
var yesNo = map[string]bool{
	"是": true, "√": true, "✓": true, "✔": true, "1": true, "y": true, "yes": true, "有": true, "true": true, "是的": true, "对": true, "☑": true,
	"否": false, "×": false, "✗": false, "✘": false, "0": false, "n": false, "no": false, "无": false, "false": false, "不是": false, "没有": false, "非": false, "☐": false,
}

// normYesNo reads 是/否, √/×, 1/0, Y/N, 有/无; an empty cell is 否.
func normYesNo(raw string) (bool, string, string) {
	s, _ := fold(raw)
	if s == "" {
		return false, "", ""
	}
	v, ok := yesNo[strings.ToLower(removeSpaces(s))]
	if !ok {
		return false, "", fmt.Sprintf("「%s」无法识别，请填 是 或 否", s)
	}
	if (v && s != "是") || (!v && s != "否") {
		return v, kindYesNo, ""
	}
	return v, "", ""
}

// relations maps the everyday words for a guardian to the terms the
// register uses. Words not listed are kept as written if they are Chinese
// (继父, 养母, 表哥 are real relations); anything else is an error.
var relations = map[string]string{
	"父亲": "父亲", "爸爸": "父亲", "父": "父亲", "爸": "父亲", "父子": "父亲", "父女": "父亲", "老爸": "父亲",
	"母亲": "母亲", "妈妈": "母亲", "母": "母亲", "妈": "母亲", "母子": "母亲", "母女": "母亲", "老妈": "母亲",
	"祖父": "祖父", "爷爷": "祖父",
	"祖母": "祖母", "奶奶": "祖母",
	"外祖父": "外祖父", "外公": "外祖父", "姥爷": "外祖父", "外爷": "外祖父",
	"外祖母": "外祖母", "外婆": "外祖母", "姥姥": "外祖母",
	"哥哥": "哥哥", "兄": "哥哥", "兄长": "哥哥",
	"姐姐": "姐姐", "姐": "姐姐",
	"伯父": "伯父", "伯伯": "伯父", "大伯": "伯父",
	"叔叔": "叔叔", "叔父": "叔叔", "叔": "叔叔",
	"姑姑": "姑姑", "姑妈": "姑姑", "姑": "姑姑",
	"舅舅": "舅舅", "舅父": "舅舅", "舅": "舅舅",
	"姨妈": "姨妈", "阿姨": "姨妈", "姨": "姨妈", "小姨": "姨妈",
	"其他亲属": "其他亲属", "亲属": "其他亲属", "亲戚": "其他亲属",
	"其他": "其他", "其它": "其他",
	"监护人": "监护人",
}

// normRelation reads a guardian's relation to the child.
func normRelation(raw string) (string, string, string) {
	s, _ := fold(raw)
	if s == "" {
		return "", "", ""
	}
	s = removeSpaces(s)
	if r, ok := relations[s]; ok {
		if r != s {
			return r, kindRelation, ""
		}
		return r, "", ""
	}
	n := 0
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return "", "", fmt.Sprintf("与学生关系「%s」无法识别，请填 父亲、母亲、祖父、祖母 等", s)
		}
		n++
	}
	if n > 8 {
		return "", "", fmt.Sprintf("与学生关系「%s」太长", s)
	}
	return s, "", ""
}

// relationOfHeader infers a guardian's relation from the header of their
// column ("父亲姓名" → 父亲), for sheets that have no relation column.
func relationOfHeader(h string) string {
	switch {
	case strings.Contains(h, "父亲") || strings.Contains(h, "爸爸"):
		return "父亲"
	case strings.Contains(h, "母亲") || strings.Contains(h, "妈妈"):
		return "母亲"
	}
	return ""
}

// normText cleans free text (township, village, address, subject): inner
// runs of space become one, and it must fit in max characters.
func normText(raw string, label string, max int) (string, string, string) {
	s, wide := fold(raw)
	if s == "" {
		return "", "", ""
	}
	kind := ""
	if wide {
		kind = kindWidth
	}
	if strings.ContainsAny(s, "\t\r\n") || strings.Contains(s, "  ") {
		s = strings.Join(strings.Fields(s), " ")
	}
	if n := utf8.RuneCountInString(s); n > max {
		return "", "", fmt.Sprintf("%s太长（%d 个字，最多 %d 个）", label, n, max)
	}
	return s, kind, ""
}

// normUsername checks a staff username against the rule of the users
// table: 2–40 letters, digits, '_', '.', '-'.
func normUsername(raw string) (string, string, string) {
	s, wide := fold(raw)
	if s == "" {
		return "", "", ""
	}
	kind := ""
	if wide {
		kind = kindWidth
	}
	if len(s) < 2 || len(s) > 40 {
		return "", "", fmt.Sprintf("用户名「%s」应为 2–40 个字符", s)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_' || c == '.' || c == '-') {
			return "", "", fmt.Sprintf("用户名「%s」只能含字母、数字和 _ . -", s)
		}
	}
	return s, kind, ""
}

// hanDigits are the Chinese numerals a class or grade is written with.
const hanDigits = "〇一二三四五六七八九"

// hanNumber reads a Chinese numeral from 一 to 九十九 (一, 十, 十二, 二十,
// 二十三) at the start of s. It returns the value and the bytes read.
func hanNumber(s string) (int, int) {
	digit := func(i int) (int, bool) {
		if i+len("一") > len(s) {
			return 0, false
		}
		n := strings.Index(hanDigits, s[i:i+len("一")])
		if n < 0 || n%len("一") != 0 {
			return 0, false
		}
		return n / len("一"), true
	}
	const w = len("一")
	ten := func(i int) bool { return strings.HasPrefix(s[i:], "十") }
	if ten(0) { // 十, 十二
		if u, ok := digit(w); ok && u > 0 {
			return 10 + u, 2 * w
		}
		return 10, w
	}
	t, ok := digit(0)
	if !ok || t == 0 {
		return 0, 0
	}
	if ten(w) { // 二十, 二十三
		if u, ok := digit(2 * w); ok && u > 0 {
			return t*10 + u, 3 * w
		}
		return t * 10, 2 * w
	}
	return t, w
}

// readNumber reads Arabic digits (at most two) or a Chinese numeral at the
// start of s.
func readNumber(s string) (n, size int, arabic bool) {
	i := 0
	for i < len(s) && i < 3 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 {
		if i > 2 {
			return 0, 0, true
		}
		n, _ = strconv.Atoi(s[:i])
		return n, i, true
	}
	n, size = hanNumber(s)
	return n, size, false
}

// parseClass reads a class as schools write it into its grade level (1–12;
// 初一 is 7, 高一 is 10) and class number: 三年级(2)班, 三年级（2）班,
// 3年级2班, 三(2)班, 三年级二班, 初一(3)班, 七年级3班, 高二1班, 小学三年级2班,
// and the numeric form 302班 (grade 3, class 2). It needs the grade and the
// class to be told apart: "32班" is refused.
func parseClass(raw string) (level, number int, ok bool) {
	s, _ := fold(raw)
	s = removeSpaces(s)
	for _, r := range [][2]string{{"【", "("}, {"】", ")"}, {"[", "("}, {"]", ")"}, {"〔", "("}, {"〕", ")"}} {
		s = strings.ReplaceAll(s, r[0], r[1])
	}
	// 302班, 1001班: the last two digits are the class.
	if body, found := strings.CutSuffix(s, "班"); found && (len(body) == 3 || len(body) == 4) && allASCIIDigits(body) {
		lv, _ := strconv.Atoi(body[:len(body)-2])
		n, _ := strconv.Atoi(body[len(body)-2:])
		if lv >= 1 && lv <= 12 && n >= 1 {
			return lv, n, true
		}
		return 0, 0, false
	}
	offset, maxGrade := 0, 12
	switch {
	case strings.HasPrefix(s, "小学"):
		s, maxGrade = s[len("小学"):], 6
	case strings.HasPrefix(s, "初中"):
		s, offset, maxGrade = s[len("初中"):], 6, 3
	case strings.HasPrefix(s, "高中"):
		s, offset, maxGrade = s[len("高中"):], 9, 3
	case strings.HasPrefix(s, "初"):
		s, offset, maxGrade = s[len("初"):], 6, 3
	case strings.HasPrefix(s, "高"):
		s, offset, maxGrade = s[len("高"):], 9, 3
	}
	staged := offset > 0
	g, size, _ := readNumber(s)
	if size == 0 || g < 1 || g > maxGrade {
		return 0, 0, false
	}
	s = s[size:]
	sep := false
	for _, p := range []string{"年级", "年", "级"} {
		if rest, found := strings.CutPrefix(s, p); found {
			s, sep = rest, true
			break
		}
	}
	paren := false
	if strings.HasPrefix(s, "(") {
		s, paren, sep = s[1:], true, true
	} else if !sep {
		for _, p := range []string{"-", ".", "—", "·", "－", "_"} {
			if rest, found := strings.CutPrefix(s, p); found {
				s, sep = rest, true
				break
			}
		}
	}
	if !sep && !staged {
		return 0, 0, false
	}
	n, size, _ := readNumber(s)
	if size == 0 || n < 1 {
		return 0, 0, false
	}
	s = s[size:]
	if paren {
		var found bool
		if s, found = strings.CutPrefix(s, ")"); !found {
			return 0, 0, false
		}
	}
	s = strings.TrimPrefix(s, "班")
	if s != "" {
		return 0, 0, false
	}
	return offset + g, n, true
}

// Sample is a cell as the preview quotes it to show what a column holds: as
// typed, except that a date column's serial number from .xlsx (43873) is
// shown as the date it stands for (2020-02-12), the way the spreadsheet
// itself shows it to the user.
func (t *Table) Sample(col int, raw string) string {
	if col < 0 || col >= len(t.Columns) || t.Columns[col].Field != FBirthDate {
		return raw
	}
	if d, _, msg := normDate(raw, t.XLSX, t.Date1904); msg == "" && !d.IsZero() {
		return d.Format(time.DateOnly)
	}
	return raw
}
