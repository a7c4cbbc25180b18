package server

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// sheetXLSX makes a one-sheet workbook from rows (nil leaves a cell
// empty), merging the ranges given ("A1:F1").
func sheetXLSX(t testing.TB, rows [][]any, merges ...string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for r, row := range rows {
		for c, v := range row {
			if v == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if err := f.SetCellValue("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, m := range merges {
		a, b, _ := strings.Cut(m, ":")
		if err := f.MergeCell("Sheet1", a, b); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// upload posts a file to an import page as the browser's form does.
func (c *client) upload(path, filename string, data []byte) resp {
	c.h.t.Helper()
	return c.uploadForm(path, nil, filename, data)
}

// uploadForm posts fields and a file in the part "file", as a browser's
// upload form does.
func (c *client) uploadForm(path string, fields url.Values, filename string, data []byte) resp {
	c.h.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	fw, err := mw.CreateFormFile("file", filename)
	if err != nil {
		c.h.t.Fatal(err)
	}
	_, _ = fw.Write(data)
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.h.ts.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// formToken finds the one-time token of the page's form.
func formToken(t *testing.T, body string) string {
	t.Helper()
	m := tokenRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("page has no form token")
	}
	return m[1]
}

// importFixture is the office's school and two of its classes.
type importFixture struct {
	school         int64
	class1, class2 string
	base           string
}

func loadImportFixture(h *harness) importFixture {
	f := loadFixtures(h)
	x := importFixture{school: f.officeSchool}
	x.class1 = scalar[string](h, `SELECT name FROM classes WHERE school_id = $1 AND archived_at IS NULL ORDER BY id LIMIT 1`, f.officeSchool)
	x.class2 = scalar[string](h, `SELECT name FROM classes WHERE school_id = $1 AND archived_at IS NULL ORDER BY id OFFSET 1 LIMIT 1`, f.officeSchool)
	x.base = fmt.Sprintf("/schools/%d/import/students", f.officeSchool)
	return x
}

// studentSheet is a school-made roster of three students: a title row,
// its own column names and order, and a footer.
func studentSheet(t *testing.T, class1, class2, phone3 string) []byte {
	return sheetXLSX(t, [][]any{
		{"2026年秋季学期学生花名册"},
		{"序号", "学生姓名", "全国学籍号", "性别", "班别", "家长姓名", "与学生关系", "联系电话", "是否留守儿童"},
		{1, "赵一鸣", "L2016000101", "男", wideBrackets(class1), "赵大山", "爸爸", "138-1234-5678", "是"},
		{2, "钱二丫", "L2016000102", "女", class1, "钱芳", "妈妈", "13912345678", "否"},
		{3, "孙三多", "L2016000103", "男", class2, "孙海", "父亲", phone3, ""},
		{"填表人：王老师"},
	}, "A1:I1")
}

// wideBrackets writes a class name as Chinese input methods do: 七年级（1）班.
func wideBrackets(s string) string {
	return strings.NewReplacer("(", "（", ")", "）").Replace(s)
}

// previewAfter follows an upload's redirect to its preview page.
func previewAfter(t *testing.T, c *client, r resp) (string, resp) {
	t.Helper()
	if r.status != http.StatusSeeOther {
		t.Fatalf("upload: status %d, want 303; body %s", r.status, excerpt(r.body))
	}
	loc := r.header.Get("Location")
	return loc, c.get(loc)
}

func excerpt(s string) string {
	if i := strings.Index(s, "<main"); i >= 0 {
		s = s[i:]
	}
	if len(s) > 1500 {
		s = s[:1500]
	}
	return s
}

func countOf(t *testing.T, body, id string) string {
	t.Helper()
	m := regexp.MustCompile(`id="` + id + `">([0-9]+)<`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("page has no #%s", id)
	}
	return m[1]
}

// TestImportStudentsEndToEnd: a school-made sheet with one bad row is
// previewed with the exact error and cannot be confirmed; fixed, it adds
// three students with guardians and class stays in one audited import;
// the same file again changes nothing; a second file updates by student
// number; the confirmed mapping is remembered.
func TestImportStudentsEndToEnd(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	x := loadImportFixture(h)
	c := h.as("office")

	// One bad phone: the preview names row, column and reason.
	loc, page := previewAfter(t, c, c.upload(x.base, "花名册.xlsx", studentSheet(t, x.class1, x.class2, "1381234")))
	if page.status != http.StatusOK {
		t.Fatalf("preview: %d", page.status)
	}
	for _, want := range []string{
		"表头在第 2 行，上面的 1 行（标题等）未导入",
		"<td class=\"num\">5</td><td>联系电话</td><td class=\"wrap\">固定电话「1381234」请加区号，如 0851-1234567</td>",
		"班级写法：" + wideBrackets(x.class1) + " → " + x.class1 + " ×1",
		"关系称谓：爸爸 → 父亲 ×1",
		"电话去掉空格和横线：138-1234-5678 → 13812345678 ×1",
		`<button type="submit" class="btn" disabled>确认导入</button>`,
	} {
		if !strings.Contains(page.body, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	if got := countOf(t, page.body, "count-added") + "/" + countOf(t, page.body, "count-errors"); got != "2/1" {
		t.Errorf("added/error rows %s, want 2/1", got)
	}
	// Confirming anyway is refused, and nothing is written.
	r := c.post(loc+"/confirm", url.Values{"form_token": {formToken(t, page.body)}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "还有问题没有解决，不能导入") {
		t.Errorf("confirm with errors: %d", r.status)
	}
	if n := scalar[int64](h, `SELECT count(*) FROM students WHERE student_number LIKE 'L20160001%'`); n != 0 {
		t.Fatalf("%d students written by a refused import", n)
	}

	// Fixed and uploaded again: confirm adds three.
	fixed := studentSheet(t, x.class1, x.class2, "0851-1234567")
	loc, page = previewAfter(t, c, c.upload(x.base, "花名册.xlsx", fixed))
	if got := countOf(t, page.body, "count-added") + "/" + countOf(t, page.body, "count-updated") + "/" + countOf(t, page.body, "count-errors"); got != "3/0/0" {
		t.Fatalf("fixed preview added/updated/errors %s, want 3/0/0", got)
	}
	r = c.post(loc+"/confirm", url.Values{"form_token": {formToken(t, page.body)}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != loc {
		t.Fatalf("confirm: %d → %s", r.status, r.header.Get("Location"))
	}
	done := c.get(loc)
	if got := countOf(t, done.body, "done-added"); got != "3" || !strings.Contains(done.body, "导入完成") {
		t.Errorf("result: added %s", got)
	}
	if n := scalar[int64](h, `SELECT count(*) FROM students WHERE school_id = $1 AND student_number LIKE 'L20160001%' AND status = 'enrolled'`, x.school); n != 3 {
		t.Errorf("%d students imported, want 3", n)
	}
	if g := scalar[string](h, `SELECT g.relation || ' ' || g.phone FROM guardians g JOIN students s ON s.id = g.student_id WHERE s.student_number = 'L2016000101'`); g != "父亲 13812345678" {
		t.Errorf("guardian %q", g)
	}
	if n := scalar[int64](h, `SELECT count(*) FROM student_class_history h JOIN students s ON s.id = h.student_id WHERE s.student_number LIKE 'L20160001%' AND h.to_date IS NULL`); n != 3 {
		t.Errorf("%d open class stays, want 3", n)
	}
	if lb := scalar[bool](h, `SELECT left_behind FROM students WHERE student_number = 'L2016000101'`); !lb {
		t.Error("left-behind flag not imported")
	}
	details := scalar[string](h, `SELECT details::text FROM audit.events WHERE action = 'roster.import' ORDER BY id DESC LIMIT 1`)
	if !strings.Contains(details, `"added": 3`) || !strings.Contains(details, `"rows": 3`) || strings.Contains(details, "赵") {
		t.Errorf("audit details %s", details)
	}
	if n := scalar[int64](h, `SELECT count(*) FROM roster_imports WHERE source IS NOT NULL OR records IS NOT NULL`); n != 1 {
		// the first (refused) upload is still pending; the applied one is cleared
		t.Errorf("%d imports still hold roster data, want 1 (the unconfirmed one)", n)
	}
	// A second confirm of the same import (another tab) changes nothing.
	if r := c.post(loc+"/confirm", url.Values{"form_token": {newFormToken()}}); r.status != http.StatusSeeOther {
		t.Errorf("second confirm: %d", r.status)
	}

	// The same file again: nothing to add or update.
	loc, page = previewAfter(t, c, c.upload(x.base, "花名册.xlsx", fixed))
	if got := countOf(t, page.body, "count-added") + "/" + countOf(t, page.body, "count-updated") + "/" + countOf(t, page.body, "count-unchanged"); got != "0/0/3" {
		t.Errorf("same file: added/updated/unchanged %s, want 0/0/3", got)
	}
	if !strings.Contains(page.body, "已按上次的对应关系匹配") {
		t.Error("the school's mapping was not remembered")
	}
	version := scalar[int32](h, `SELECT version FROM students WHERE student_number = 'L2016000102'`)
	r = c.post(loc+"/confirm", url.Values{"form_token": {formToken(t, page.body)}})
	if got := countOf(t, c.get(loc).body, "done-updated"); r.status != http.StatusSeeOther || got != "0" {
		t.Errorf("same file confirm: %d, updated %s", r.status, got)
	}
	if v := scalar[int32](h, `SELECT version FROM students WHERE student_number = 'L2016000102'`); v != version {
		t.Errorf("version %d → %d on an unchanged import", version, v)
	}

	// A second file: 钱二丫 moves class, 孙三多's guardian has a new phone.
	second := sheetXLSX(t, [][]any{
		{"学籍号", "姓名", "性别", "班级", "监护人", "关系", "电话"},
		{"L2016000101", "赵一鸣", "男", x.class1, "赵大山", "父亲", "13812345678"},
		{"L2016000102", "钱二丫", "女", x.class2, "钱芳", "母亲", "13912345678"},
		{"L2016000103", "孙三多", "男", x.class2, "孙海", "父亲", "13700000000"},
	})
	loc, page = previewAfter(t, c, c.upload(x.base, "更新.xlsx", second))
	if got := countOf(t, page.body, "count-added") + "/" + countOf(t, page.body, "count-updated") + "/" + countOf(t, page.body, "count-unchanged"); got != "0/2/1" {
		t.Errorf("second file: added/updated/unchanged %s, want 0/2/1; %s", got, excerpt(page.body))
	}
	r = c.post(loc+"/confirm", url.Values{"form_token": {formToken(t, page.body)}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("second confirm: %d", r.status)
	}
	if got := scalar[string](h, `SELECT c.name FROM students s JOIN classes c ON c.id = s.class_id WHERE s.student_number = 'L2016000102'`); got != x.class2 {
		t.Errorf("class %q, want %q", got, x.class2)
	}
	if n := scalar[int64](h, `SELECT count(*) FROM student_class_history h JOIN students s ON s.id = h.student_id WHERE s.student_number = 'L2016000102'`); n != 2 {
		t.Errorf("%d class stays after the move, want 2", n)
	}
	if lb := scalar[bool](h, `SELECT left_behind FROM students WHERE student_number = 'L2016000101'`); !lb {
		t.Error("a sheet without the 留守 column cleared the flag")
	}
	if p := scalar[string](h, `SELECT g.phone FROM guardians g JOIN students s ON s.id = g.student_id WHERE s.student_number = 'L2016000103'`); p != "13700000000" {
		t.Errorf("guardian phone %q", p)
	}
}

// TestImportRemapColumn: a column read wrongly is corrected in the preview
// with its drop-down; the preview is made again from the kept table.
func TestImportRemapColumn(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	x := loadImportFixture(h)
	c := h.as("office")
	data := sheetXLSX(t, [][]any{
		{"姓名", "学籍号", "性别", "班级", "编号"},
		{"周小一", "L2016000201", "男", x.class1, "X"},
	})
	loc, page := previewAfter(t, c, c.upload(x.base, "a.xlsx", data))
	if got := countOf(t, page.body, "count-added"); got != "1" {
		t.Fatalf("added %s", got)
	}
	// Map 编号 (E) to the student number and ignore B: the number "X" is too short.
	form := url.Values{"col0": {"name"}, "col1": {""}, "col2": {"gender"}, "col3": {"class"}, "col4": {"student_number"}}
	if r := c.post(loc+"/mapping", form); r.status != http.StatusSeeOther {
		t.Fatalf("remap: %d", r.status)
	}
	page = c.get(loc)
	if !strings.Contains(page.body, `<option value="student_number" selected>`) || countOf(t, page.body, "count-errors") != "1" {
		t.Errorf("remapped preview: %s", excerpt(page.body))
	}
	// Two columns for one field is refused with the reason.
	form.Set("col1", "name")
	r := c.post(loc+"/mapping", form)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "A 列和 B 列都对应了「姓名」，一个字段只能对应一列") {
		t.Errorf("double mapping: %d", r.status)
	}
}

// TestImportIDOR: the office of school A cannot import into school B, nor
// open an import made by someone else.
func TestImportIDOR(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	x := loadImportFixture(h)
	office := h.as("office")
	other := fmt.Sprintf("/schools/%d/import/students", f.otherSchool)
	for _, r := range []resp{
		office.get(other),
		office.get(other + "/template.xlsx"),
		office.upload(other, "a.xlsx", studentSheet(t, x.class1, x.class2, "13700000000")),
	} {
		if r.status != http.StatusNotFound {
			t.Errorf("office into another school: %d, want 404", r.status)
		}
	}
	// The admin's upload into the office's school is not the office's.
	admin := h.as("admin")
	loc, _ := previewAfter(t, admin, admin.upload(x.base, "a.xlsx", studentSheet(t, x.class1, x.class2, "13700000000")))
	if r := office.get(loc); r.status != http.StatusNotFound {
		t.Errorf("office opens the admin's import: %d", r.status)
	}
	if r := office.post(loc+"/confirm", url.Values{"form_token": {newFormToken()}}); r.status != http.StatusNotFound {
		t.Errorf("office confirms the admin's import: %d", r.status)
	}
	if n := scalar[int64](h, `SELECT count(*) FROM roster_imports WHERE school_id = $1`, f.otherSchool); n != 0 {
		t.Errorf("%d imports into the other school", n)
	}
}

// TestImportBadFiles: each bad file is refused on the upload page with a
// clear Chinese message, and nothing is stored.
func TestImportBadFiles(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	x := loadImportFixture(h)
	c := h.as("office")
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
	for _, r := range "EncryptedPackage" {
		ole = append(ole, byte(r), 0)
	}
	empty := sheetXLSX(t, nil)
	cases := []struct {
		name   string
		data   []byte
		status int
		msg    string
	}{
		{"a.pdf", []byte("%PDF-1.7 hello"), 422, "这是PDF 文件，不是表格。请上传 Excel 工作簿（.xlsx）或 CSV 文件"},
		{"broken.xlsx", []byte("PK\x03\x04garbage that is not a zip at all"), 422, "已损坏或不完整"},
		{"locked.xlsx", ole, 422, "工作簿设置了打开密码，无法读取。请在 Excel 中取消密码（文件→信息→保护工作簿），保存后再上传"},
		{"wrong.xlsx", sheetXLSX(t, [][]any{{"商品", "价格"}, {"苹果", 3}}), 422,
			"没有找到学生花名册的表头。请确认表格前 30 行中有一行列名，包括「姓名」「学籍号」「性别」「班级」等列"},
		{"empty.xlsx", empty, 422, "文件里没有任何数据（工作表都是空的）"},
		{"big.csv", bytes.Repeat([]byte("姓名,学籍号\n"), 11<<20/16), 413, "文件超过 10 MB 的上限，请删去图片和多余的工作表后再上传"},
	}
	for _, tc := range cases {
		r := c.upload(x.base, tc.name, tc.data)
		if r.status != tc.status {
			t.Errorf("%s: status %d, want %d", tc.name, r.status, tc.status)
		}
		if !strings.Contains(r.body, `id="upload-error">`) || !strings.Contains(r.body, tc.msg) {
			t.Errorf("%s: page lacks %q: %s", tc.name, tc.msg, excerpt(r.body))
		}
	}
	if n := scalar[int64](h, `SELECT count(*) FROM roster_imports`); n != 0 {
		t.Errorf("%d imports stored from bad files", n)
	}
	if r := c.upload(x.base, "", nil); r.status != 422 || !strings.Contains(r.body, "请选择要上传的文件") {
		t.Errorf("no file: %d", r.status)
	}
}

// TestImportStaff: a staff sheet creates accounts (username = phone when
// none is given) with one-time passwords shown once, gives school roles and
// the current term's class duties, and matches the same people next time.
func TestImportStaff(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	x := loadImportFixture(h)
	c := h.as("office")
	base := fmt.Sprintf("/schools/%d/import/staff", x.school)
	data := sheetXLSX(t, [][]any{
		{"教职工名单"},
		{"姓名", "手机号", "职务", "任教班级", "任教学科"},
		{"韩梅", "13600001111", "班主任、科任教师", x.class1 + "、" + x.class2, "语文"},
		{"韩梅", "13600001111", "德育处", nil, nil},
		{"杨柳", "13600002222", "科任教师", x.class2, "数学"},
	}, "A1:E1")
	loc, page := previewAfter(t, c, c.upload(base, "教师.xlsx", data))
	if got := countOf(t, page.body, "count-added") + "/" + countOf(t, page.body, "count-errors"); got != "2/0" {
		t.Fatalf("staff preview added/errors %s: %s", got, excerpt(page.body))
	}
	r := c.post(loc+"/confirm", url.Values{"form_token": {formToken(t, page.body)}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("confirm: %d", r.status)
	}
	first := c.get(loc)
	if !strings.Contains(first.body, "只显示这一次") || !strings.Contains(first.body, "<td>13600001111</td>") {
		t.Errorf("result lacks the one-time passwords: %s", excerpt(first.body))
	}
	if again := c.get(loc); strings.Contains(again.body, "只显示这一次") {
		t.Error("one-time passwords shown twice")
	}
	uid := scalar[int64](h, `SELECT id FROM users WHERE username = '13600001111' AND school_id = $1 AND must_change_password AND password_hash IS NOT NULL`, x.school)
	if n := scalar[int64](h, `SELECT count(*) FROM role_assignments WHERE user_id = $1 AND role = 'school_office' AND office = 'moral'`, uid); n != 1 {
		t.Errorf("德育处 role: %d", n)
	}
	duties := scalar[string](h, `
		SELECT string_agg(c.name || ':' || cs.duty || ':' || coalesce(cs.subject, ''), ' ' ORDER BY c.id, cs.duty)
		FROM class_staff cs JOIN classes c ON c.id = cs.class_id WHERE cs.user_id = $1`, uid)
	if want := x.class1 + ":class_teacher: " + x.class1 + ":subject_teacher:语文 " + x.class2 + ":subject_teacher:语文"; duties != want {
		t.Errorf("duties %q, want %q", duties, want)
	}
	// The same sheet again matches both people by phone and name.
	_, page = previewAfter(t, c, c.upload(base, "教师.xlsx", data))
	if got := countOf(t, page.body, "count-added") + "/" + countOf(t, page.body, "count-updated") + "/" + countOf(t, page.body, "count-unchanged"); got != "0/0/2" {
		t.Errorf("same staff sheet: %s", got)
	}
}

// TestImportPreviewFigures: the summary's "有问题的行" counts every row with
// an error, not only the 500 the list keeps, and a date column's examples
// are dates as the spreadsheet shows them, not Excel's serial numbers.
func TestImportPreviewFigures(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	x := loadImportFixture(h)
	c := h.as("office")
	rows := [][]any{{"学生姓名", "全国学籍号", "性别", "出生日期", "班级"}}
	for i := range 600 {
		rows = append(rows, []any{"学生" + itoa(int64(i)), fmt.Sprintf("L2016%06d", 500000+i), "不详", time.Date(2016, 3, 5, 0, 0, 0, 0, time.UTC), x.class1})
	}
	_, page := previewAfter(t, c, c.upload(x.base, "名单.xlsx", sheetXLSX(t, rows)))
	if page.status != http.StatusOK {
		t.Fatalf("preview: %d", page.status)
	}
	// Two errors a row (the gender is neither 男 nor 女, and so cannot be
	// checked against anything): 1,200 errors in 600 rows.
	if got := countOf(t, page.body, "count-errors"); got != "600" {
		t.Errorf("有问题的行 %s, want 600", got)
	}
	for _, want := range []string{"有问题的行（1200 处）", "只列出前 500 处", "2016-03-05"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	if strings.Contains(page.body, "42434") {
		t.Error("the birth dates' examples show Excel's serial number 42434")
	}
}
