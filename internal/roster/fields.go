package roster

import (
	"strings"
	"unicode/utf8"
)

// Kind says which roster a file holds.
type Kind int

const (
	// Students is a school's student register (花名册).
	Students Kind = iota + 1
	// Staff is a school's list of teachers and office staff (教职工名单).
	Staff
)

// String returns the roster's Chinese name, as the messages use it.
func (k Kind) String() string {
	switch k {
	case Students:
		return "学生花名册"
	case Staff:
		return "教职工名单"
	}
	return "未知名单"
}

// Field is what a column holds. The values are stable identifiers: a
// Mapping stored as JSON by the pipeline refers to them.
type Field string

// The student fields.
const (
	FName              Field = "name"
	FStudentNumber     Field = "student_number"
	FGender            Field = "gender"
	FBirthDate         Field = "birth_date"
	FClass             Field = "class"
	FIDNumber          Field = "id_number"
	FTownship          Field = "township"
	FVillage           Field = "village"
	FAddress           Field = "address"
	FLeftBehind        Field = "left_behind"
	FHardship          Field = "hardship"
	FMigrant           Field = "migrant"
	FDisabled          Field = "disabled"
	FOrphan            Field = "orphan"
	FGuardian1Name     Field = "guardian1_name"
	FGuardian1Relation Field = "guardian1_relation"
	FGuardian1Phone    Field = "guardian1_phone"
	FGuardian2Name     Field = "guardian2_name"
	FGuardian2Relation Field = "guardian2_relation"
	FGuardian2Phone    Field = "guardian2_phone"
)

// The staff fields (FName is shared with students).
const (
	FPhone    Field = "phone"
	FUsername Field = "username"
	FRole     Field = "role"
	FClasses  Field = "classes"
	FSubject  Field = "subject"
)

// FieldInfo describes a field for the template generator and for the
// preview's drop-down that lets a user correct the column mapping.
type FieldInfo struct {
	Field Field
	// Label is the column header our own template uses.
	Label string
	// Required fields must have a column; a row with the cell empty is an
	// error. The student gender is required but may come from the 学籍号 or
	// 身份证号 instead (see Missing).
	Required bool
	// Synonyms are header texts recognised for the field, Label included,
	// compared after normaliseHeader (full-width folded, spaces, "*" and
	// bracketed hints like "（必填）" removed).
	Synonyms []string
	// Hint says how to fill the column, for the template's second row.
	Hint string
}

var studentFields = []FieldInfo{
	{FName, "姓名", true, []string{"姓名", "学生姓名", "学生名字", "名字"}, ""},
	{FStudentNumber, "学籍号", true, []string{"学籍号", "全国学籍号", "学生学籍号", "学籍号码", "学籍编号", "全国学籍号码", "学籍辅号"}, "G加身份证号，如 G522301201603050012"},
	{FGender, "性别", true, []string{"性别", "学生性别"}, "男 / 女（可不填，由学籍号得出）"},
	{FBirthDate, "出生日期", false, []string{"出生日期", "出生年月", "出生年月日", "生日", "出生时间", "出生日期(年月日)"}, "2016-03-05（可不填，由学籍号得出）"},
	{FClass, "班级", true, []string{"班级", "班别", "所在班级", "班级名称", "所属班级", "年级班级", "年级班别", "所在班别", "就读班级"}, "三年级(2)班"},
	{FIDNumber, "身份证号", false, []string{"身份证号", "身份证号码", "公民身份号码", "学生身份证号", "学生身份证号码", "身份证件号", "身份证件号码", "证件号码", "身份证"}, "18位，末位X大写"},
	{FTownship, "乡镇", false, []string{"乡镇", "所在乡镇", "乡镇街道", "户籍乡镇", "所属乡镇", "镇"}, ""},
	{FVillage, "村（社区）", false, []string{"村", "村社区", "村(社区)", "村组", "村委会", "社区", "所在村", "村居"}, ""},
	{FAddress, "家庭住址", false, []string{"家庭住址", "家庭地址", "住址", "现住址", "居住地址", "详细地址", "地址", "家庭详细住址", "家庭现住址"}, ""},
	{FLeftBehind, "是否留守儿童", false, []string{"是否留守儿童", "留守儿童", "是否留守", "留守"}, "是 / 否"},
	{FHardship, "是否家庭经济困难", false, []string{"是否家庭经济困难", "家庭经济困难", "是否建档立卡", "建档立卡", "建档立卡户", "是否特困", "特困", "特困家庭", "困难家庭", "是否困难", "是否贫困"}, "是 / 否（建档立卡、特困）"},
	{FMigrant, "是否随迁子女", false, []string{"是否随迁子女", "随迁子女", "是否进城务工人员随迁子女", "进城务工人员随迁子女", "随迁"}, "是 / 否"},
	{FDisabled, "是否残疾", false, []string{"是否残疾", "残疾", "是否残疾儿童", "残疾儿童"}, "是 / 否"},
	{FOrphan, "是否孤儿", false, []string{"是否孤儿", "孤儿"}, "是 / 否"},
	{FGuardian1Name, "监护人1姓名", false, []string{"监护人1姓名", "监护人", "监护人姓名", "家长姓名", "家长", "第一监护人", "第一监护人姓名", "监护人1", "父亲姓名", "父亲"}, ""},
	{FGuardian1Relation, "监护人1关系", false, []string{"监护人1关系", "关系", "与学生关系", "监护人关系", "与本人关系", "家长关系", "与学生的关系", "称谓", "与监护人关系"}, "父亲 / 母亲 / 祖父 …"},
	{FGuardian1Phone, "监护人1电话", false, []string{"监护人1电话", "联系电话", "家长电话", "手机号码", "手机号", "监护人电话", "家长联系电话", "联系方式", "电话", "手机", "家庭电话", "父亲电话", "监护人联系电话"}, "13812345678 或 0851-1234567"},
	{FGuardian2Name, "监护人2姓名", false, []string{"监护人2姓名", "第二监护人", "第二监护人姓名", "监护人2", "母亲姓名", "母亲"}, ""},
	{FGuardian2Relation, "监护人2关系", false, []string{"监护人2关系"}, ""},
	{FGuardian2Phone, "监护人2电话", false, []string{"监护人2电话", "母亲电话", "第二监护人电话"}, ""},
}

var staffFields = []FieldInfo{
	{FName, "姓名", true, []string{"姓名", "教师姓名", "教职工姓名", "职工姓名", "名字"}, ""},
	{FPhone, "手机号", true, []string{"手机号", "手机号码", "联系电话", "电话", "手机", "联系方式", "电话号码"}, "13812345678"},
	{FUsername, "用户名", false, []string{"用户名", "工号", "账号", "帐号", "登录名", "登录账号", "教师编号", "职工号", "职工编号"}, "字母、数字、_.-，可不填"},
	{FRole, "职务", true, []string{"职务", "角色", "岗位", "担任职务", "职务角色", "职务/角色", "身份", "现任职务"}, "班主任 / 科任教师 / 校领导 / 德育处 …，多个用、分开"},
	{FClasses, "任教班级", false, []string{"任教班级", "所带班级", "班级", "担任班级", "任课班级", "执教班级", "班主任班级", "所教班级"}, "三(1)班、三(2)班"},
	{FSubject, "任教学科", false, []string{"任教学科", "学科", "科目", "任教科目", "所教学科", "任课学科", "任教课程", "学科名称"}, "语文、数学"},
}

// Fields lists the fields of a roster kind in template order.
func Fields(k Kind) []FieldInfo {
	var src []FieldInfo
	switch k {
	case Students:
		src = studentFields
	case Staff:
		src = staffFields
	}
	out := make([]FieldInfo, len(src))
	for i, f := range src {
		f.Synonyms = append([]string(nil), f.Synonyms...)
		out[i] = f
	}
	return out
}

// fieldInfo returns the description of f in kind k.
func fieldInfo(k Kind, f Field) (FieldInfo, bool) {
	src := studentFields
	if k == Staff {
		src = staffFields
	}
	for _, fi := range src {
		if fi.Field == f {
			return fi, true
		}
	}
	return FieldInfo{}, false
}

// Label returns the Chinese label of f in kind k, or f itself if unknown.
func Label(k Kind, f Field) string {
	if fi, ok := fieldInfo(k, f); ok {
		return fi.Label
	}
	return string(f)
}

// synonymIndex maps a normalised header to its field, per kind, built once.
var synonymIndex = map[Kind]map[string]Field{
	Students: buildSynonyms(studentFields),
	Staff:    buildSynonyms(staffFields),
}

func buildSynonyms(fs []FieldInfo) map[string]Field {
	m := make(map[string]Field)
	for _, f := range fs {
		for _, s := range f.Synonyms {
			n := normaliseHeader(s)
			if g, dup := m[n]; dup && g != f.Field {
				panic("roster: synonym of two fields: " + s)
			}
			m[n] = f.Field
		}
	}
	return m
}

// normaliseHeader reduces a header cell to the form synonyms are compared
// in. Schools decorate headers: "*姓名", "出生日期（格式：2016-03-05）",
// "班级(必填)", "监护人（一）", "ｓ学籍号 ". A bracketed number is kept as a
// digit (it numbers a guardian); any other bracketed text is a hint and is
// dropped, which also turns "村（社区）" into "村".
func normaliseHeader(s string) string {
	s, _ = fold(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '(' || r == '[' || r == '【' || r == '〔':
			end := strings.IndexAny(s[i+size:], ")]】〕")
			if end < 0 {
				i = len(s)
				continue
			}
			inner := strings.TrimSpace(s[i+size : i+size+end])
			if n, ok := smallNumber(inner); ok {
				b.WriteString(string(rune('0' + n)))
			}
			_, closeSize := utf8.DecodeRuneInString(s[i+size+end:])
			i += size + end + closeSize
			continue
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '*' || r == '※' || r == ':' || r == '：':
		default:
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

// smallNumber reads "1"…"9" or "一"…"九" (a guardian's number).
func smallNumber(s string) (int, bool) {
	if len(s) == 1 && s[0] >= '1' && s[0] <= '9' {
		return int(s[0] - '0'), true
	}
	if n := strings.Index("一二三四五六七八九", s); n >= 0 && len(s) == len("一") {
		return n/len("一") + 1, true
	}
	return 0, false
}

// guess is the field recognised for a header and, for a guardian column,
// which guardian it is about.
type guess struct {
	field Field
	// who names the guardian a guardian column is about: "1", "2" for a
	// numbered guardian, "父亲", "母亲", "家长" … otherwise, and "" for a
	// bare "关系" or "联系电话" (see guessColumns).
	who string
}

// recognise guesses the field of a normalised header. Exact synonyms win;
// then a few rules on what the header contains, tried only on short headers
// so that a title like "三年级(2)班学生花名册" is never taken for a column.
func recognise(k Kind, h string) (guess, bool) {
	if h == "" {
		return guess{}, false
	}
	if k == Students {
		if g, ok := recogniseGuardian(h); ok {
			return g, ok
		}
		for _, w := range guardianWords {
			if strings.Contains(h, w) {
				// About a guardian, but nothing we import: "家长身份证号",
				// "父亲工作单位", "父母姓名".
				return guess{}, false
			}
		}
	}
	if f, ok := synonymIndex[k][h]; ok {
		return guess{field: f}, true
	}
	if utf8.RuneCountInString(h) > 12 {
		return guess{}, false
	}
	has := func(subs ...string) bool {
		for _, s := range subs {
			if strings.Contains(h, s) {
				return true
			}
		}
		return false
	}
	if k == Staff {
		switch {
		case has("身份证", "序号", "出生", "性别"):
			return guess{}, false
		case has("学科", "科目", "课程"):
			return guess{field: FSubject}, true
		case has("班级", "班别"):
			return guess{field: FClasses}, true
		case has("职务", "角色", "岗位"):
			return guess{field: FRole}, true
		case has("工号", "账号", "帐号", "用户名", "登录名"):
			return guess{field: FUsername}, true
		case has("电话", "手机", "联系方式"):
			return guess{field: FPhone}, true
		case has("姓名"):
			return guess{field: FName}, true
		}
		return guess{}, false
	}
	switch {
	case has("序号", "编号"):
		return guess{}, false
	case has("学籍"):
		return guess{field: FStudentNumber}, true
	case has("身份证", "证件号"):
		return guess{field: FIDNumber}, true
	case has("出生", "生日"):
		return guess{field: FBirthDate}, true
	case has("性别"):
		return guess{field: FGender}, true
	case has("留守"):
		return guess{field: FLeftBehind}, true
	case has("建档立卡", "特困", "困难", "贫困", "低保"):
		return guess{field: FHardship}, true
	case has("随迁", "进城务工"):
		return guess{field: FMigrant}, true
	case has("残疾"):
		return guess{field: FDisabled}, true
	case has("孤儿"):
		return guess{field: FOrphan}, true
	case has("班主任", "任课", "教师"):
		return guess{}, false
	case has("班级", "班别"):
		return guess{field: FClass}, true
	case has("住址", "地址"):
		return guess{field: FAddress}, true
	case has("乡镇", "街道"):
		return guess{field: FTownship}, true
	case has("村", "社区"):
		return guess{field: FVillage}, true
	case has("电话", "手机", "联系方式"):
		return guess{field: FGuardian1Phone}, true
	case has("姓名"):
		return guess{field: FName}, true
	}
	return guess{}, false
}

// guardianWords name a guardian in a header, longest first so that "监护人"
// wins over "家长" in "家长(监护人)姓名".
var guardianWords = []string{"第一监护人", "第二监护人", "监护人", "家长", "父亲", "母亲", "爸爸", "妈妈", "父母"}

// recogniseGuardian reads headers about a guardian: "监护人1姓名",
// "第二监护人电话", "父亲姓名", "母亲联系电话", "家长姓名", "与学生关系".
func recogniseGuardian(h string) (guess, bool) {
	word := ""
	at := -1
	for _, w := range guardianWords {
		if i := strings.Index(h, w); i >= 0 {
			word, at = w, i
			break
		}
	}
	if word == "" {
		if f, ok := synonymIndex[Students][h]; ok && isGuardianField(f) {
			// "关系", "联系电话", "电话": joins the guardian columns before
			// it (see guessColumns).
			return guess{field: f}, true
		}
		return guess{}, false
	}
	rest := h[:at] + h[at+len(word):]
	who := word
	switch word {
	case "第一监护人":
		who = "1"
	case "第二监护人":
		who = "2"
	case "爸爸":
		who = "父亲"
	case "妈妈":
		who = "母亲"
	}
	if len(rest) > 0 && rest[0] >= '1' && rest[0] <= '9' {
		who = rest[:1]
		rest = rest[1:]
	} else if n, ok := leadingHanNumber(rest); ok {
		who = string(rune('0' + n))
		rest = rest[len("一"):]
	}
	var sub Field
	switch {
	case rest == "" || rest == "姓名" || rest == "名字" || rest == "的姓名":
		sub = FGuardian1Name
	case strings.Contains(rest, "关系") || strings.Contains(rest, "称谓"):
		sub = FGuardian1Relation
	case strings.Contains(rest, "身份证") || strings.Contains(rest, "单位") || strings.Contains(rest, "职业") ||
		strings.Contains(rest, "文化") || strings.Contains(rest, "年龄") || strings.Contains(rest, "学历") ||
		strings.Contains(rest, "住址") || strings.Contains(rest, "地址") || strings.Contains(rest, "务工"):
		return guess{}, false
	case strings.Contains(rest, "电话") || strings.Contains(rest, "手机") || strings.Contains(rest, "联系方式") || strings.Contains(rest, "号码"):
		sub = FGuardian1Phone
	case strings.Contains(rest, "姓名"):
		sub = FGuardian1Name
	default:
		return guess{}, false
	}
	if word == "父母" && sub == FGuardian1Name {
		// "父母姓名" holds two people in one cell: not a field we can fill.
		return guess{}, false
	}
	return guess{field: sub, who: who}, true
}

func leadingHanNumber(s string) (int, bool) {
	if len(s) < len("一") {
		return 0, false
	}
	return smallNumber(s[:len("一")])
}

func isGuardianField(f Field) bool {
	return guardianSlot(f) > 0
}

// guardianSlot returns 1 or 2 for a guardian field, 0 otherwise.
func guardianSlot(f Field) int {
	switch f {
	case FGuardian1Name, FGuardian1Relation, FGuardian1Phone:
		return 1
	case FGuardian2Name, FGuardian2Relation, FGuardian2Phone:
		return 2
	}
	return 0
}

// inSlot returns the guardian field sub (a guardian-1 field) for slot n.
func inSlot(sub Field, n int) Field {
	if n == 1 {
		return sub
	}
	switch sub {
	case FGuardian1Name:
		return FGuardian2Name
	case FGuardian1Relation:
		return FGuardian2Relation
	case FGuardian1Phone:
		return FGuardian2Phone
	}
	return sub
}

// slotSub returns the guardian-1 form of a guardian field.
func slotSub(f Field) Field {
	switch f {
	case FGuardian2Name:
		return FGuardian1Name
	case FGuardian2Relation:
		return FGuardian1Relation
	case FGuardian2Phone:
		return FGuardian1Phone
	}
	return f
}
