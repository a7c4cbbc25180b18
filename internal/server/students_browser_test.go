package server

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserOfficeEditsGuardianPhone: on a phone (390 px) the school
// office searches the list for a student, opens the page, changes the first
// guardian's phone, and sees it saved. Neither the list nor the form makes
// the page scroll sideways.
func TestBrowserOfficeEditsGuardianPhone(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	name := scalar[string](h, `SELECT name FROM students WHERE id = $1`, f.teacherStudent)
	old := scalar[string](h, `SELECT phone FROM guardians WHERE student_id = $1 AND position = 1`, f.teacherStudent)
	const phone = "13987654321"
	dir := outputDir(t, "browser")
	b := newBrowser(t)
	b.do(t, chromedp.EmulateViewport(390, 844))
	b.signIn(t, h.ts.URL, "office")
	sideways := func(where string) {
		t.Helper()
		if get(t, b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)) {
			t.Errorf("%s at 390px: the page scrolls sideways", where)
		}
	}
	shot := func(file string) {
		t.Helper()
		png := get(t, b, chromedp.FullScreenshot(100))
		if err := os.WriteFile(filepath.Join(dir, file), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The menu leads to the list.
	b.do(t,
		chromedp.Click(chromedp.CSS(`label.nav-button`)),
		chromedp.Click(chromedp.CSS(`.nav a[href="/students"]`)),
		chromedp.WaitVisible(chromedp.ID("q")),
	)
	sideways("student list")
	b.do(t,
		chromedp.SendKeys(chromedp.ID("q"), name),
	)
	b.clickAndLoad(t, `form[action="/students/search"] button[type=submit]`)
	b.do(t, chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`a[href="/students/%d"]`, f.teacherStudent))))
	if loc := get(t, b, chromedp.Location()); strings.Contains(loc, "q=") {
		t.Errorf("the search text is in the URL: %s", loc)
	}
	sideways("search result")
	shot("students-list-390.png")
	b.do(t,
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href="/students/%d"]`, f.teacherStudent))),
		chromedp.WaitVisible(chromedp.CSS(`a[href$="/edit"]`)),
	)
	if body := get(t, b, chromedp.Text(chromedp.CSS("main"))); !strings.Contains(body, old) {
		t.Errorf("student page lacks the guardian's phone %s", old)
	}
	sideways("student page")
	shot("student-page-390.png")
	b.do(t,
		chromedp.Click(chromedp.CSS(`a[href$="/edit"]`)),
		chromedp.WaitVisible(chromedp.ID("g1_phone")),
	)
	sideways("edit form")
	shot("student-edit-390.png")
	b.do(t,
		chromedp.Evaluate[chromedp.Void](`document.getElementById("g1_phone").select()`),
		chromedp.SendKeys(chromedp.ID("g1_phone"), phone),
		chromedp.Click(chromedp.CSS(`form[action$="/edit"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	flash := get(t, b, chromedp.Text(chromedp.CSS(".flash")))
	body := get(t, b, chromedp.Text(chromedp.CSS("main")))
	if !strings.Contains(flash, "已保存") || !strings.Contains(body, phone) {
		t.Errorf("after saving: flash %q, new phone shown %v", flash, strings.Contains(body, phone))
	}
	shot("student-saved-390.png")
	if got := scalar[string](h, `SELECT phone FROM guardians WHERE student_id = $1 AND position = 1`, f.teacherStudent); got != phone {
		t.Errorf("saved phone %q, want %q", got, phone)
	}
	if errs := b.takeErrors(); len(errs) > 0 {
		t.Errorf("browser errors: %v", errs)
	}
}
