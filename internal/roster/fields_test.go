package roster

import (
	"slices"
	"testing"
)

func TestNormaliseHeader(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"姓名", "姓名"},
		{" *学生 姓名 ", "学生姓名"},
		{"出生日期（格式：2016-03-05）", "出生日期"},
		{"班级(必填)", "班级"},
		{"监护人（一）姓名", "监护人1姓名"},
		{"监护人(2)电话", "监护人2电话"},
		{"村（社区）", "村"},
		{"联系电话：", "联系电话"},
		{"ＩＤ", "id"},
		{"【必填】学籍号", "学籍号"},
		{"学籍号(", "学籍号"},
	}
	for _, tt := range tests {
		if got := normaliseHeader(tt.in); got != tt.want {
			t.Errorf("normaliseHeader(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRecognise(t *testing.T) {
	t.Parallel()
	tests := []struct {
		k      Kind
		header string
		field  Field
		who    string
	}{
		{Students, "姓名", FName, ""},
		{Students, "学生姓名", FName, ""},
		{Students, "学籍号", FStudentNumber, ""},
		{Students, "全国学籍号", FStudentNumber, ""},
		{Students, "学生学籍号", FStudentNumber, ""},
		{Students, "学籍号（G+身份证号）", FStudentNumber, ""},
		{Students, "班级", FClass, ""},
		{Students, "班别", FClass, ""},
		{Students, "所在班级", FClass, ""},
		{Students, "出生年月", FBirthDate, ""},
		{Students, "身份证件号码", FIDNumber, ""},
		{Students, "是否留守儿童", FLeftBehind, ""},
		{Students, "留守", FLeftBehind, ""},
		{Students, "是否建档立卡", FHardship, ""},
		{Students, "建档立卡", FHardship, ""},
		{Students, "特困", FHardship, ""},
		{Students, "是否进城务工人员随迁子女", FMigrant, ""},
		{Students, "是否残疾", FDisabled, ""},
		{Students, "孤儿", FOrphan, ""},
		{Students, "乡镇(街道)", FTownship, ""},
		{Students, "村（社区）", FVillage, ""},
		{Students, "家庭住址", FAddress, ""},
		{Students, "监护人", FGuardian1Name, "监护人"},
		{Students, "家长姓名", FGuardian1Name, "家长"},
		{Students, "监护人姓名", FGuardian1Name, "监护人"},
		{Students, "监护人1姓名", FGuardian1Name, "1"},
		{Students, "监护人（二）电话", FGuardian1Phone, "2"},
		{Students, "第二监护人", FGuardian1Name, "2"},
		{Students, "父亲姓名", FGuardian1Name, "父亲"},
		{Students, "妈妈电话", FGuardian1Phone, "母亲"},
		{Students, "联系电话", FGuardian1Phone, ""},
		{Students, "家长电话", FGuardian1Phone, "家长"},
		{Students, "手机号码", FGuardian1Phone, ""},
		{Students, "与学生关系", FGuardian1Relation, ""},
		{Students, "监护人关系", FGuardian1Relation, "监护人"},
		{Students, "家长联系方式", FGuardian1Phone, "家长"},
		{Staff, "姓名", FName, ""},
		{Staff, "教师姓名", FName, ""},
		{Staff, "手机号", FPhone, ""},
		{Staff, "联系电话", FPhone, ""},
		{Staff, "工号", FUsername, ""},
		{Staff, "职务", FRole, ""},
		{Staff, "担任职务", FRole, ""},
		{Staff, "任教班级", FClasses, ""},
		{Staff, "任教学科", FSubject, ""},
		{Staff, "所教科目", FSubject, ""},
	}
	for _, tt := range tests {
		g, ok := recognise(tt.k, normaliseHeader(tt.header))
		if !ok || g.field != tt.field || g.who != tt.who {
			t.Errorf("recognise(%v, %q) = %+v, %v; want %s who %q", tt.k, tt.header, g, ok, tt.field, tt.who)
		}
	}
	for _, h := range []string{"序号", "备注", "班主任", "父母姓名", "家长身份证号", "父亲工作单位",
		"XX县城关镇第一小学2026年秋季学期学生花名册", "三年级(2)班学生名单（共35人）", ""} {
		if g, ok := recognise(Students, normaliseHeader(h)); ok {
			t.Errorf("recognise(%q) = %+v, want nothing", h, g)
		}
	}
}

func TestFields(t *testing.T) {
	t.Parallel()
	for _, k := range []Kind{Students, Staff} {
		fs := Fields(k)
		seen := map[Field]bool{}
		for _, f := range fs {
			if seen[f.Field] {
				t.Errorf("%v: %s listed twice", k, f.Field)
			}
			seen[f.Field] = true
			if f.Label == "" || len(f.Synonyms) == 0 {
				t.Errorf("%v: %s lacks a label or synonyms", k, f.Field)
			}
			// Every synonym, and the label, is recognised as its field.
			for _, s := range append([]string{f.Label}, f.Synonyms...) {
				g, ok := recognise(k, normaliseHeader(s))
				if got := slotSub(g.field); !ok || got != slotSub(f.Field) {
					t.Errorf("%v: synonym %q of %s recognised as %s", k, s, f.Field, g.field)
				}
			}
		}
		fs[0].Synonyms[0] = "changed"
		if Fields(k)[0].Synonyms[0] == "changed" {
			t.Errorf("%v: Fields returns shared slices", k)
		}
	}
	var req []Field
	for _, f := range Fields(Students) {
		if f.Required {
			req = append(req, f.Field)
		}
	}
	if want := []Field{FName, FStudentNumber, FGender, FClass}; !slices.Equal(req, want) {
		t.Errorf("required student fields = %v, want %v", req, want)
	}
	if Students.String() != "学生花名册" || Staff.String() != "教职工名单" || Label(Staff, FRole) != "职务" {
		t.Error("labels changed")
	}
}
