package server

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xietong/internal/calendar"
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
			// Another window from the select, by the 查看 button (the value is
			// set without a change event, so app.js does not submit first).
			get(t, b, chromedp.Evaluate[bool](`(s => (s.selectedIndex = 1, true))(document.querySelector('#cov-w'))`))
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

// TestBrowserLeaderSeesCoverageChange: in the week before the spring term,
// a bureau leader looks at a school's coverage on a phone, a class teacher
// logs an on-site visit through the form, and the leader's page counts one
// more student visited — the counters move in the visit's own transaction.
func TestBrowserLeaderSeesCoverageChange(t *testing.T) {
	t.Parallel()
	spring := time.Date(2027, 2, 18, 10, 0, 0, 0, calendar.Shanghai)
	h := newHarness(t, Config{Now: func() time.Time { return spring }})
	f := loadFixtures(h)
	student := scalar[int64](h, `SELECT id FROM students WHERE class_id = $1 AND status = 'enrolled'
		AND id NOT IN (SELECT student_id FROM visit_students WHERE visit_date >= '2027-02-15') ORDER BY id LIMIT 1`, f.teacherClass)
	b := newBrowser(t)
	b.do(t, chromedp.EmulateViewport(390, 860))
	page := fmt.Sprintf("%s/coverage/schools/%d", h.ts.URL, f.officeSchool)
	visited := func() int {
		b.do(t, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS(".stats")))
		if w := get(t, b, chromedp.Evaluate[string](`document.querySelector('#cov-w').selectedOptions[0].textContent`)); !strings.Contains(w, "2027") {
			t.Fatalf("the page shows window %q, want the spring term's pre-term week", w)
		}
		n, err := strconv.Atoi(strings.TrimSpace(get(t, b, chromedp.Text(chromedp.CSS(".stats .stat:nth-child(2) b")))))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	b.signIn(t, h.ts.URL, "leader")
	before := visited()
	b.signOut(t)

	b.signIn(t, h.ts.URL, "teacher")
	b.do(t,
		chromedp.Navigate(fmt.Sprintf("%s/students/%d/visits/new", h.ts.URL, student)),
		chromedp.WaitVisible(chromedp.CSS(`form.visit-form`)),
		chromedp.Click(chromedp.CSS(`input[name=mode][value=onsite]`)),
		chromedp.SendKeys(chromedp.ID("met"), "祖母"),
		chromedp.SendKeys(chromedp.ID("study"), "寒假作业已完成"),
		chromedp.Click(chromedp.CSS(`form.visit-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	if n := scalar[int](h, `SELECT count(*) FROM visit_students WHERE student_id = $1 AND visit_date = '2027-02-18'`, student); n != 1 {
		t.Fatalf("%d visits saved, want 1", n)
	}
	b.signOut(t)

	b.signIn(t, h.ts.URL, "leader")
	if after := visited(); after != before+1 {
		t.Errorf("visited before %d, after %d: want one more", before, after)
	}
	shot := get(t, b, chromedp.FullScreenshot(100))
	_ = os.WriteFile(filepath.Join(outputDir(t, "browser"), "coverage-school-after-visit-390.png"), shot, 0o644)
	if errs := b.takeErrors(); len(errs) > 0 {
		t.Errorf("browser errors: %v", errs)
	}
}
