package server

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserOfficeGuidesLeftBehind: on a 390 px phone the school's
// 德育处 opens 家庭教育指导 from the menu, where the term's panel says the
// left-behind children's parents have had no targeted session; it follows
// the panel's link (the audience already chosen), records the session,
// adds a photo of it, and back on the list the panel shows the group
// covered. Neither the list, the form nor the session's page scrolls
// sideways at 390 px, nor the list, the parent school and the training
// form at 360 px.
func TestBrowserOfficeGuidesLeftBehind(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	school := scalar[int64](h, `SELECT ra.school_id FROM role_assignments ra JOIN users u ON u.id = ra.user_id WHERE u.username = 'office'`)
	h.exec(`DELETE FROM guidance_sessions WHERE school_id = $1 AND audience = 'left_behind'`, school)
	if n := scalar[int](h, `SELECT count(*)::int FROM students WHERE school_id = $1 AND status = 'enrolled' AND left_behind`, school); n == 0 {
		t.Fatal("the office's school has no left-behind student in the demo")
	}
	photo := filepath.Join(t.TempDir(), "指导现场.jpg")
	if err := os.WriteFile(photo, testJPEG(120, 90), 0o600); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	wide := func(what string) {
		t.Helper()
		if get(t, b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)) {
			t.Errorf("%s scrolls sideways", what)
		}
	}
	b.do(t, chromedp.EmulateViewport(390, 844))
	b.signIn(t, h.ts.URL, "office")
	menu := func() { // the phone's menu folds the navigation away
		t.Helper()
		b.do(t, chromedp.WaitVisible(chromedp.CSS(`label[for=nav-toggle]`)), chromedp.Click(chromedp.CSS(`label[for=nav-toggle]`)),
			chromedp.WaitVisible(chromedp.CSS(`nav a[href="/guidance"]`)))
		b.clickAndLoad(t, `nav a[href="/guidance"]`)
	}
	b.do(t, chromedp.Navigate(h.ts.URL+"/"))
	menu()
	waitFor(t, b, `document.body.innerText.includes('本学期尚无针对性指导')`, 15*time.Second)
	wide("the guidance list")
	b.clickAndLoad(t, `a[href="/guidance/new?audience=left_behind"]`)
	b.do(t,
		chromedp.WaitVisible(chromedp.CSS(`form[action="/guidance"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=topic]`), "隔屏不隔爱：留守儿童的亲情陪伴"),
		chromedp.SendKeys(chromedp.CSS(`input[name=speaker]`), "心理教师 刘芳"),
		chromedp.SendKeys(chromedp.CSS(`input[name=attending]`), "26"),
	)
	if v := get(t, b, chromedp.Evaluate[string](`document.querySelector('select[name=audience]').value`)); v != "left_behind" {
		t.Errorf("the panel's link chose %q, want left_behind", v)
	}
	wide("the guidance form")
	b.clickAndLoad(t, `form[action="/guidance"] button[type=submit]`)
	waitFor(t, b, `!!document.querySelector('.flash') && document.body.innerText.includes('隔屏不隔爱')`, 15*time.Second)
	id := scalar[int64](h, `SELECT id FROM guidance_sessions WHERE school_id = $1 AND audience = 'left_behind' AND kind = 'guidance'`, school)
	b.do(t, chromedp.SetUploadFiles(chromedp.ID("evidence-file"), []string{photo}))
	b.clickAndLoad(t, `form[action="/guidance/`+itoa(id)+`/evidence"] button[type=submit]`)
	waitFor(t, b, `!!document.querySelector('.thumbs img')`, 15*time.Second)
	wide("the session's page")
	if n := scalar[int](h, `SELECT count(*)::int FROM evidence WHERE owner_type = 'guidance' AND owner_id = $1 AND kind = 'photo'`, id); n != 1 {
		t.Errorf("%d photos stored, want 1", n)
	}
	menu()
	waitFor(t, b, `[...document.querySelectorAll('[data-testid=groups] li')].some(li => li.innerText.includes('留守儿童家长') && li.innerText.includes('已指导 1 次'))`, 15*time.Second)
	if offered := get(t, b, chromedp.Evaluate[bool](`!!document.querySelector('a[href="/guidance/new?audience=left_behind"]')`)); offered {
		t.Error("the panel still offers to record a left-behind session")
	}
	// The narrowest phone: the list with its panel and the parent school.
	b.do(t, chromedp.EmulateViewport(360, 780))
	for _, path := range []string{"/guidance", "/schools/" + itoa(school) + "/parent-school", "/guidance/new?kind=training"} {
		b.do(t, chromedp.Navigate(h.ts.URL+path), chromedp.WaitVisible(chromedp.CSS(`h1`)))
		wide(path + " at 360 px")
	}
	if errs := b.takeErrors(); len(errs) > 0 {
		t.Errorf("browser errors: %v", errs)
	}
}
