package server

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserCoverage: each role's coverage view on a phone (390 px) and a
// desktop (1280 px): no sideways scrolling of the page (wide tables scroll
// in their own box), charts drawn, no console error or CSP violation, and
// the window picker works without script. Screenshots land in test-output/.
func TestBrowserCoverage(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	b := newBrowser(t)
	dir := outputDir(t, "coverage")
	for _, width := range []int64{390, 1280} {
		for _, user := range []string{"leader", "office", "teacher"} {
			b.do(t, chromedp.EmulateViewport(width, 900))
			b.signIn(t, h.ts.URL, user)
			b.do(t, chromedp.Navigate(h.ts.URL+"/coverage"), chromedp.WaitVisible(chromedp.CSS("main h1")))
			if n := get(t, b, chromedp.Evaluate[int](`document.querySelectorAll('svg.chart-bar').length`)); n == 0 {
				t.Errorf("%s at %dpx: no chart", user, width)
			}
			if get(t, b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)) {
				t.Errorf("%s at %dpx: the page scrolls sideways", user, width)
			}
			shot := get(t, b, chromedp.FullScreenshot(100))
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", user, width)), shot, 0o644); err != nil {
				t.Fatal(err)
			}
			// Another window from the select, by the 查看 button.
			b.do(t, chromedp.SetValue(chromedp.CSS(`#cov-w`), get(t, b, chromedp.Evaluate[string](`document.querySelector('#cov-w').options[1].value`))))
			b.clickAndLoad(t, `form.cov-pick button[type=submit]`)
			if sel := get(t, b, chromedp.Evaluate[int](`document.querySelector('#cov-w').selectedIndex`)); sel != 1 {
				t.Errorf("%s at %dpx: window picker shows option %d, want 1", user, width, sel)
			}
			b.signOut(t)
			if errs := b.takeErrors(); len(errs) > 0 {
				t.Errorf("%s at %dpx: browser errors: %v", user, width, errs)
			}
		}
	}
}
