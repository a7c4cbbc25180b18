package server

import (
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserComplianceOnPhone: on a 360 px phone the bureau leader goes
// from the navigation to the heat map and on to a school's duties, and the
// school's office opens its own; neither page scrolls sideways, no table is
// cut on the right, and every status shows its symbol.
func TestBrowserComplianceOnPhone(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	b := newBrowser(t)
	b.do(t, chromedp.EmulateViewport(360, 800))
	check := func(who, what string) {
		t.Helper()
		if wide := get(t, b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)); wide {
			t.Errorf("%s %s scrolls sideways at 360 px", who, what)
		}
		if cut := cutTables(t, b); len(cut) > 0 {
			t.Errorf("%s %s at 360 px: tables cut on the right: %q", who, what, cut)
		}
		if cut := cutSelects(t, b); len(cut) > 0 {
			t.Errorf("%s %s at 360 px: drop-downs too narrow: %q", who, what, cut)
		}
		if dir := os.Getenv("COMPLIANCE_SHOTS"); dir != "" {
			png := get(t, b, chromedp.FullScreenshot(100))
			_ = os.WriteFile(dir+"/"+who+".png", png, 0o644)
		}
	}
	b.signIn(t, h.ts.URL, "leader")
	b.do(t, chromedp.Navigate(h.ts.URL+"/"), chromedp.WaitReady(chromedp.CSS(`a[href="/compliance"]`)),
		chromedp.Click(chromedp.CSS(`label.nav-button`)), chromedp.WaitVisible(chromedp.CSS(`a[href="/compliance"]`)))
	b.clickAndLoad(t, `a[href="/compliance"]`)
	b.do(t, chromedp.WaitVisible(chromedp.CSS(`table.heat`)))
	if n := get(t, b, chromedp.Evaluate[int](`Array.from(document.querySelectorAll('.heat tbody td[data-st]')).filter(td => td.textContent.trim() === '').length`)); n != 0 {
		t.Errorf("%d heat map cells show a colour without a symbol", n)
	}
	check("leader", "/compliance")
	school := `a[href^="/schools/` + itoa(f.officeSchool) + `/compliance"]`
	b.clickAndLoad(t, school)
	b.do(t, chromedp.WaitVisible(chromedp.CSS(`table.duties`)))
	check("leader-school", "a school's duties")
	b.signOut(t)
	b.signIn(t, h.ts.URL, "office")
	b.do(t, chromedp.Navigate(h.ts.URL+"/schools/"+itoa(f.officeSchool)+"/compliance"), chromedp.WaitVisible(chromedp.CSS(`table.duties`)))
	check("office", "the school's duties")
	if errs := b.takeErrors(); len(errs) > 0 {
		t.Errorf("browser errors: %v", errs)
	}
}
