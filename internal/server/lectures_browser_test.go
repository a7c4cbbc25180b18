package server

import (
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserLecturePublishedAndForwarded: bureau staff publish a lecture
// from their list (title and link; for every parent and today's date are
// the form's defaults); in a second session, on a 390 px phone, the
// school's office finds it among what it has to forward and confirms it in
// two taps (确认转发, then 确认已转发: today and the class groups are
// ticked already); neither page scrolls sideways; the staff's page of the
// lecture then shows the school as forwarded in time.
func TestBrowserLecturePublishedAndForwarded(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	h.exec(`TRUNCATE lectures CASCADE`)
	school := scalar[int64](h, `SELECT ra.school_id FROM role_assignments ra JOIN users u ON u.id = ra.user_id WHERE u.username = 'office'`)
	schoolName := scalar[string](h, `SELECT name FROM schools WHERE id = $1`, school)

	staff := newBrowser(t)
	staff.signIn(t, h.ts.URL, "staff")
	staff.do(t, chromedp.Navigate(h.ts.URL+"/lectures"), chromedp.WaitVisible(chromedp.CSS(`a[href="/lectures/new"]`)))
	staff.clickAndLoad(t, `a[href="/lectures/new"]`)
	staff.do(t,
		chromedp.WaitVisible(chromedp.CSS(`form[action="/lectures"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=title]`), "科学育儿：如何做孩子情绪的稳定器"),
		chromedp.SendKeys(chromedp.CSS(`input[name=link_url]`), "https://jyj.example.gov.cn/jtjy/2026-12.html"),
	)
	staff.clickAndLoad(t, `form[action="/lectures"] button[type=submit]`)
	waitFor(t, staff, `!!document.querySelector('.flash') && document.body.innerText.includes('各校须在')`, 15*time.Second)
	id := scalar[int64](h, `SELECT id FROM lectures WHERE title = '科学育儿：如何做孩子情绪的稳定器' AND published_on = DATE '2026-11-29'`)

	office := newBrowser(t)
	office.do(t, chromedp.EmulateViewport(390, 844))
	office.signIn(t, h.ts.URL, "office")
	office.do(t, chromedp.Navigate(h.ts.URL+"/lectures"), chromedp.WaitVisible(chromedp.CSS(`.lecture-todo`)))
	if wide := get(t, office, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); wide {
		t.Error("the school's lecture list scrolls sideways at 390 px")
	}
	office.clickAndLoad(t, `a[href="/lectures/`+itoa(id)+`#forward"]`) // tap 1
	office.do(t, chromedp.WaitVisible(chromedp.CSS(`form[action$="/forward"]`)))
	if wide := get(t, office, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); wide {
		t.Error("the confirmation scrolls sideways at 390 px")
	}
	office.clickAndLoad(t, `form[action$="/forward"] button[type=submit]`) // tap 2
	waitFor(t, office, `!!document.querySelector('.flash') && document.body.innerText.includes('已确认转发')`, 15*time.Second)
	if on := scalar[string](h, `SELECT forwarded_on::text || ' ' || groups FROM lecture_forwards WHERE lecture_id = $1 AND school_id = $2`, id, school); on != "2026-11-29 各班家长群" {
		t.Errorf("stored forward %q, want today to the class groups", on)
	}
	if wide := get(t, office, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); wide {
		t.Error("the lecture's page after confirming scrolls sideways at 390 px")
	}

	staff.do(t, chromedp.Navigate(h.ts.URL+"/lectures/"+itoa(id)), chromedp.WaitVisible(chromedp.CSS(`table.cards`)))
	waitFor(t, staff, `[...document.querySelectorAll('table.cards tr')].some(tr => tr.innerText.includes(`+strconv.Quote(schoolName)+`) && tr.innerText.includes('已按时转发') && tr.innerText.includes('各班家长群'))`, 15*time.Second)
	for _, b := range []*browser{staff, office} {
		if errs := b.takeErrors(); len(errs) > 0 {
			t.Errorf("browser errors: %v", errs)
		}
	}
}
