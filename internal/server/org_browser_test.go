package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserAdminSetsUpSchoolAndYear: on a phone (390 px) the
// administrator adds a school and a school year through the forms, sees a
// validation message next to the field first, and finds both listed.
func TestBrowserAdminSetsUpSchoolAndYear(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	b := newBrowser(t)
	dir := outputDir(t, "browser")
	b.do(t, chromedp.EmulateViewport(390, 844))
	b.signIn(t, h.ts.URL, "admin")

	// The menu leads to 学校管理.
	b.do(t,
		chromedp.Click(chromedp.CSS(`label.nav-button`)),
		chromedp.Click(chromedp.CSS(`.nav a[href="/admin/schools"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/admin/schools/new"]`)),
		chromedp.Click(chromedp.CSS(`a[href="/admin/schools/new"]`)),
		chromedp.WaitVisible(chromedp.ID("code")),
		chromedp.SendKeys(chromedp.ID("code"), "T-390"),
		chromedp.SetValue(chromedp.ID("stage"), "junior"),
		chromedp.SendKeys(chromedp.ID("township"), "城关镇"),
		chromedp.SetValue(chromedp.ID("rural"), "urban"),
		chromedp.Click(chromedp.CSS(`main form.stack button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("name-err")),
	)
	if msg := get(t, b, chromedp.Text(chromedp.ID("name-err"))); msg != "请填写学校名称" {
		t.Errorf("name message %q", msg)
	}
	if v := get(t, b, chromedp.Value(chromedp.ID("code"))); v != "T-390" {
		t.Errorf("code not kept: %q", v)
	}
	b.do(t,
		chromedp.SendKeys(chromedp.ID("name"), "县第九中学"),
		chromedp.Click(chromedp.CSS(`main form.stack button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	list := get(t, b, chromedp.Text(chromedp.CSS("main")))
	if !strings.Contains(list, "县第九中学") || !strings.Contains(list, "T-390") {
		t.Errorf("school list after create lacks the school: %q", list)
	}
	if get(t, b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)) {
		t.Error("the school list scrolls sideways at 390px")
	}

	// 校历: a new year, prefilled; the admin only saves it.
	b.do(t,
		chromedp.Navigate(h.ts.URL+"/admin/calendar"),
		chromedp.WaitVisible(chromedp.CSS(`a.btn[href^="/admin/calendar/new"]`)),
		chromedp.Click(chromedp.CSS(`a.btn[href^="/admin/calendar/new"]`)),
		chromedp.WaitVisible(chromedp.ID("start_year")),
	)
	if v := get(t, b, chromedp.Value(chromedp.ID("term2_start"))); v != "2028-02-21" {
		t.Errorf("second term prefilled with %q, want 2028-02-21 (DefaultYear 2027)", v)
	}
	shot := get(t, b, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(dir, "admin-year-form-390.png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}
	b.do(t,
		chromedp.Click(chromedp.CSS(`main form.stack button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	cal := get(t, b, chromedp.Text(chromedp.CSS("main")))
	if !strings.Contains(cal, "2027—2028学年") || !strings.Contains(cal, "2026—2027学年第一学期") {
		t.Errorf("calendar after create: %q", cal)
	}
	if get(t, b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)) {
		t.Error("the calendar scrolls sideways at 390px")
	}
	// The refused form answered 422 on purpose; Chromium logs that.
	for _, e := range b.takeErrors() {
		if !strings.Contains(e, "status of 422") {
			t.Errorf("browser error: %s", e)
		}
	}
}
