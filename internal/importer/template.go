package importer

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"xietong/internal/roster"
)

// TemplateRows is how many rows below the header the template's drop-down
// lists cover.
const TemplateRows = 3000

// Template makes the import template of kind k for a school with classes
// (their canonical names): the header row (required columns marked),
// an example row that the import skips (its first cell starts with 示例),
// drop-down lists for class, gender and every yes/no column, and a second
// sheet of instructions.
func Template(k roster.Kind, schoolName string, classes []string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	main := "学生名单"
	if k == roster.Staff {
		main = "教职工名单"
	}
	if err := f.SetSheetName("Sheet1", main); err != nil {
		return nil, err
	}
	fields := roster.Fields(k)
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	if err != nil {
		return nil, err
	}
	example, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Italic: true, Color: "808080"}})
	if err != nil {
		return nil, err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": 学籍号 and phones stay text
	if err != nil {
		return nil, err
	}
	ex := exampleRow(k, classes)
	for i, fi := range fields {
		col, _ := excelize.ColumnNumberToName(i + 1)
		label := fi.Label
		if fi.Required {
			label = "*" + label
		}
		if err := f.SetCellStr(main, col+"1", label); err != nil {
			return nil, err
		}
		if err := f.SetCellStr(main, col+"2", ex[fi.Field]); err != nil {
			return nil, err
		}
		width := float64(max(len([]rune(fi.Label))*2+4, 10))
		if fi.Field == roster.FStudentNumber || fi.Field == roster.FIDNumber {
			width = 22
		}
		if err := f.SetColWidth(main, col, col, width); err != nil {
			return nil, err
		}
		if err := f.SetColStyle(main, col, text); err != nil {
			return nil, err
		}
	}
	last, _ := excelize.ColumnNumberToName(len(fields))
	if err := f.SetCellStyle(main, "A1", last+"1", head); err != nil {
		return nil, err
	}
	if err := f.SetCellStyle(main, "A2", last+"2", example); err != nil {
		return nil, err
	}
	if err := f.SetPanes(main, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	// The class list lives on a hidden sheet: a list typed into the
	// validation itself is limited to 255 characters.
	if len(classes) > 0 {
		if _, err := f.NewSheet("班级"); err != nil {
			return nil, err
		}
		for i, c := range classes {
			if err := f.SetCellStr("班级", fmt.Sprintf("A%d", i+1), c); err != nil {
				return nil, err
			}
		}
		if err := f.SetSheetVisible("班级", false); err != nil {
			return nil, err
		}
	}
	for i, fi := range fields {
		col, _ := excelize.ColumnNumberToName(i + 1)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s2:%s%d", col, col, TemplateRows+1)
		switch {
		case fi.Field == roster.FClass && k == roster.Students:
			if len(classes) == 0 {
				continue
			}
			dv.SetSqrefDropList(fmt.Sprintf("班级!$A$1:$A$%d", len(classes)))
			dv.SetError(excelize.DataValidationErrorStyleStop, "班级", "请从下拉列表中选择本校的班级")
		case fi.Field == roster.FGender:
			if err := dv.SetDropList([]string{"男", "女"}); err != nil {
				return nil, err
			}
		case yesNoField(fi.Field):
			if err := dv.SetDropList([]string{"是", "否"}); err != nil {
				return nil, err
			}
		default:
			continue
		}
		dv.ShowErrorMessage = true
		if err := f.AddDataValidation(main, dv); err != nil {
			return nil, err
		}
	}
	if err := instructions(f, k, schoolName, fields); err != nil {
		return nil, err
	}
	f.SetActiveSheet(0)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func yesNoField(f roster.Field) bool {
	switch f {
	case roster.FLeftBehind, roster.FHardship, roster.FMigrant, roster.FDisabled, roster.FOrphan:
		return true
	}
	return false
}

// exampleRow is the template's second row.
func exampleRow(k roster.Kind, classes []string) map[roster.Field]string {
	class := "三年级(2)班"
	if len(classes) > 0 {
		class = classes[0]
	}
	if k == roster.Staff {
		return map[roster.Field]string{
			roster.FName: "示例：王老师", roster.FPhone: "13800000000", roster.FUsername: "",
			roster.FRole: "班主任、科任教师", roster.FClasses: class, roster.FSubject: "语文",
		}
	}
	return map[roster.Field]string{
		roster.FName: "示例：张小明", roster.FStudentNumber: "G522301201603050012", roster.FGender: "男",
		roster.FBirthDate: "2016-03-05", roster.FClass: class, roster.FIDNumber: "",
		roster.FTownship: "城关镇", roster.FVillage: "东门社区", roster.FAddress: "东门路 8 号",
		roster.FLeftBehind: "否", roster.FHardship: "否", roster.FMigrant: "否", roster.FDisabled: "否", roster.FOrphan: "否",
		roster.FGuardian1Name: "张大山", roster.FGuardian1Relation: "父亲", roster.FGuardian1Phone: "13800000000",
		roster.FGuardian2Name: "李芳", roster.FGuardian2Relation: "母亲", roster.FGuardian2Phone: "",
	}
}

// instructions writes the 填写说明 sheet.
func instructions(f *excelize.File, k roster.Kind, schoolName string, fields []roster.FieldInfo) error {
	const sh = "填写说明"
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	lines := []string{
		fmt.Sprintf("%s · %s导入模板 填写说明", schoolName, k),
		"1. 第 1 行是表头，请不要修改；带 * 的列必须填写。第 2 行是示例（以“示例”开头），导入时会自动跳过，可以保留或删除。",
		"2. 每个人填一行，从第 3 行开始填写。可以直接粘贴学校原有花名册的内容；列的顺序不同、多出的列都没有关系，上传后可在预览页调整各列的对应关系。",
		"3. 上传后先显示预览：将新增、更新、不变的人数，以及每一处有问题的行和原因。全部没有问题后才能确认导入；导入要么全部成功，要么什么都不改变。",
	}
	if k == roster.Students {
		lines = append(lines,
			"4. 学籍号：G 加 18 位身份证号，按学籍号识别同一名学生——再次导入同一学生会更新他的信息，不会重复添加。",
			"5. 性别、出生日期可以不填，由学籍号中的身份证号得出。",
			"6. 班级：请从下拉列表中选择；也可以写成 三(2)班、3年级2班 等常见写法，系统会对应到本校的班级并在预览中列出。",
			"7. 是否留守儿童等列：填 是 或 否（也认 √/×、1/0）。这些信息属于未成年人敏感个人信息，请妥善保管本文件。",
			"8. 监护人关系：父亲、母亲、祖父、祖母、外祖父、外祖母等；爸爸、外婆等写法会自动统一。",
			"9. 文件中没有列出的本校学生不会被删除或改变；学生离校请在学生页面办理。",
		)
	} else {
		lines = append(lines,
			"4. 按用户名识别已有账号；没有填用户名时，按本校账号的手机号和姓名识别。都找不到时新建账号，用户名默认为手机号。",
			"5. 新建的账号会生成一次性密码，导入完成后只显示一次，请打印或抄下发给本人；首次登录时必须修改密码。",
			"6. 职务：班主任、科任教师、校领导、德育处、安全办、教务处、校团委、工会、学生成长发展中心、办公室，多个用、分开。",
			"7. 任教班级：班主任填所带班级，科任教师填任教的班级，多个用、分开；同一行既是班主任又是科任教师时，第一个班级为所带班级。班级职务记入当前学期。",
			"8. 导入只增加账号、职务和班级职务，不会删除已有的；但一个班本学期的班主任以表中所填为准。",
		)
	}
	lines = append(lines, "", "各列说明：")
	for _, fi := range fields {
		req := "选填"
		if fi.Required {
			req = "必填"
		}
		l := fmt.Sprintf("%s（%s）", fi.Label, req)
		if fi.Hint != "" {
			l += "：" + fi.Hint
		}
		if len(fi.Synonyms) > 1 {
			l += "。也认：" + strings.Join(fi.Synonyms[1:min(len(fi.Synonyms), 6)], "、")
		}
		lines = append(lines, l)
	}
	for i, l := range lines {
		if err := f.SetCellStr(sh, fmt.Sprintf("A%d", i+1), l); err != nil {
			return err
		}
	}
	return f.SetColWidth(sh, "A", "A", 120)
}
