package server

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
)

// TestBrowserImportTemplate: on a phone (390 px) the school office opens
// the import from the student list, downloads the template, fills it (with
// excelize, as Excel would), uploads it, sees the preview with its one bad
// row and the confirm button disabled, fixes the file, uploads again,
// confirms, and finds the students in /students.
func TestBrowserImportTemplate(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	x := loadImportFixture(h)
	dir := t.TempDir()
	shots := outputDir(t, "browser")
	b := newBrowser(t)
	b.do(t, chromedp.EmulateViewport(390, 844))
	b.signIn(t, h.ts.URL, "office")
	sideways := func(where string) {
		t.Helper()
		if get(t, b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)) {
			t.Errorf("%s at 390px: the page scrolls sideways", where)
		}
	}
	b.do(t,
		chromedp.Navigate(h.ts.URL+"/students"),
		chromedp.Click(chromedp.ID("import-students")),
		chromedp.WaitVisible(chromedp.ID("file")),
	)
	sideways("upload page")
	// The template link downloads the school's template; the same request
	// with the office's session (the browser's download goes to disk).
	href := get(t, b, chromedp.AttributeValue(chromedp.ID("template-link"), "href"))
	tpl := h.as("office").get(href.Value)
	if tpl.status != 200 || !strings.HasPrefix(tpl.body, "PK") {
		t.Fatalf("template: %d", tpl.status)
	}
	fill := func(phone string) string {
		t.Helper()
		f, err := excelize.OpenReader(bytes.NewReader([]byte(tpl.body)))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		dv, err := f.GetDataValidations("学生名单")
		if err != nil || len(dv) < 7 {
			t.Fatalf("template has %d drop-down lists, want class, gender and five yes/no: %v", len(dv), err)
		}
		rows := [][]any{
			{"冯小雨", "L2016000401", "女", nil, x.class1, nil, nil, nil, nil, "是", "否"},
			{"陈大川", "L2016000402", "男", nil, x.class1, nil, nil, nil, nil, "否", "否", nil, nil, nil, "陈父", "父亲", phone},
			{"褚小北", "L2016000403", "男", nil, x.class2},
		}
		for r, row := range rows {
			if err := f.SetSheetRow("学生名单", fmt.Sprintf("A%d", r+3), &row); err != nil {
				t.Fatal(err)
			}
		}
		p := filepath.Join(dir, "学生名单-"+phone+".xlsx")
		if err := f.SaveAs(p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	b.do(t,
		chromedp.SetUploadFiles(chromedp.ID("file"), []string{fill("1380000")}),
		chromedp.Click(chromedp.CSS(`form[enctype] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("row-errors")),
	)
	sideways("preview with an error")
	// Every column's drop-down is on the screen and wide enough for the
	// field it shows (its text plus the arrow), not squeezed by the table.
	if n := get(t, b, chromedp.Evaluate[int](`(() => {
		const c = document.createElement('canvas').getContext('2d');
		return Array.from(document.querySelectorAll('#mapping select')).filter(s => {
			const r = s.getBoundingClientRect();
			c.font = getComputedStyle(s).font;
			return r.left < 0 || r.right > window.innerWidth || c.measureText(s.options[s.selectedIndex].text).width + 28 > s.clientWidth;
		}).length;
	})()`)); n > 0 {
		t.Errorf("%d mapping drop-downs are cut at 390px", n)
	}
	errs := get(t, b, chromedp.Text(chromedp.ID("row-errors")))
	if !strings.Contains(errs, "4") || !strings.Contains(errs, "监护人1电话") || !strings.Contains(errs, "1380000") {
		t.Errorf("row errors: %q", errs)
	}
	if !get(t, b, chromedp.Evaluate[bool](`document.querySelector('#confirm button').disabled`)) {
		t.Error("confirm is enabled with an error")
	}
	if notes := get(t, b, chromedp.Text(chromedp.ID("notes"))); !strings.Contains(notes, "第 2 行是填写示例，已跳过") {
		t.Errorf("notes: %q", notes)
	}
	png := get(t, b, chromedp.FullScreenshot(100))
	_ = os.WriteFile(filepath.Join(shots, "import-preview-error-390.png"), png, 0o644)

	// Fixed: upload again and confirm.
	b.do(t,
		chromedp.Click(chromedp.CSS(`a.btn.secondary[href$="/import/students"]`)),
		chromedp.WaitVisible(chromedp.ID("file")),
		chromedp.SetUploadFiles(chromedp.ID("file"), []string{fill("13800001111")}),
		chromedp.Click(chromedp.CSS(`form[enctype] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("counts")),
	)
	if got := get(t, b, chromedp.Text(chromedp.ID("count-added"))); got != "3" {
		t.Errorf("added %q, want 3", got)
	}
	b.do(t,
		chromedp.Click(chromedp.CSS(`#confirm button`)),
		chromedp.WaitVisible(chromedp.ID("result")),
	)
	sideways("result")
	if got := get(t, b, chromedp.Text(chromedp.ID("done-added"))); got != "3" {
		t.Errorf("result added %q", got)
	}
	b.do(t,
		chromedp.Click(chromedp.CSS(`a.btn[href="/students"]`)),
		chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.SendKeys(chromedp.ID("q"), "L20160004"),
	)
	// The unfiltered list is already a table.student-list: wait for the
	// search's own page.
	b.clickAndLoad(t, `form[action="/students/search"] button[type=submit]`)
	b.do(t, chromedp.WaitVisible(chromedp.CSS(`table.student-list`)))
	list := get(t, b, chromedp.Text(chromedp.CSS("table.student-list")))
	for _, name := range []string{"冯小雨", "陈大川", "褚小北"} {
		if !strings.Contains(list, name) {
			t.Errorf("/students lacks %s", name)
		}
	}
	if errs := b.takeErrors(); len(errs) > 0 {
		t.Errorf("browser errors: %v", errs)
	}
}

// TestBrowserImportSchoolSheet: a school-made sheet with a merged title row
// and a column the header finder reads wrongly is fixed in the preview by
// changing one drop-down, then imported.
func TestBrowserImportSchoolSheet(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	x := loadImportFixture(h)
	data := sheetXLSX(t, [][]any{
		{"城关一小 2026 年秋季学生花名册"},
		{"学生姓名", "学籍号", "性别", "所在班级", "家长", "家长微信号"},
		{"蒋一", "L2016000501", "男", x.class1, "蒋父", "13811112222"},
		{"沈二", "L2016000502", "女", x.class2, "沈母", "13833334444"},
	}, "A1:F1")
	p := filepath.Join(t.TempDir(), "花名册.xlsx")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	b.do(t, chromedp.EmulateViewport(1280, 900))
	b.signIn(t, h.ts.URL, "office")
	b.do(t,
		chromedp.Navigate(h.ts.URL+x.base),
		chromedp.SetUploadFiles(chromedp.ID("file"), []string{p}),
		chromedp.Click(chromedp.CSS(`form[enctype] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("mapping")),
	)
	if notes := get(t, b, chromedp.Text(chromedp.ID("notes"))); !strings.Contains(notes, "表头在第 2 行，上面的 1 行（标题等）未导入") {
		t.Errorf("notes: %q", notes)
	}
	// 家长微信号 (the phone, by the school's habit) is not recognised: the guardians have no phone.
	if v := get(t, b, chromedp.Value(chromedp.ID("col5"))); v != "" {
		t.Fatalf("column F read as %q before remapping", v)
	}
	b.do(t, chromedp.SetValue(chromedp.ID("col5"), "guardian1_phone"))
	// The preview page already shows #counts: wait for the new page's load.
	b.clickAndLoad(t, `#mapping button[type=submit]`)
	b.do(t, chromedp.WaitVisible(chromedp.ID("counts")))
	if v := get(t, b, chromedp.Value(chromedp.ID("col5"))); v != "guardian1_phone" {
		t.Errorf("after remapping column F reads %q", v)
	}
	if got := get(t, b, chromedp.Text(chromedp.ID("count-added"))); got != "2" {
		t.Errorf("added %q", got)
	}
	b.do(t,
		chromedp.Click(chromedp.CSS(`#confirm button`)),
		chromedp.WaitVisible(chromedp.ID("result")),
	)
	if ph := scalar[string](h, `SELECT g.phone FROM guardians g JOIN students s ON s.id = g.student_id WHERE s.student_number = 'L2016000502'`); ph != "13833334444" {
		t.Errorf("remapped phone %q", ph)
	}
	// The next file of the school maps the column by itself.
	_, page := previewAfter(t, h.as("office"), h.as("office").upload(x.base, "again.xlsx", data))
	if !strings.Contains(page.body, "已按上次的对应关系匹配") || !strings.Contains(page.body, `<option value="guardian1_phone" selected>`) {
		t.Error("the remapped column is not remembered")
	}
	if errs := b.takeErrors(); len(errs) > 0 {
		t.Errorf("browser errors: %v", errs)
	}
}
