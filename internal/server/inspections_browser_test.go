package server

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserSupervisorInspects: on a 390 px phone the supervisor opens
// the demo school the demo inspects today from the year's list, types a
// finding, loses the page (a reload) and finds it kept on the phone,
// scores every item and saves (the total shows), finishes the scoring and
// releases the report; no page scrolls sideways.
func TestBrowserSupervisorInspects(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	id := scalar[int64](h, `SELECT i.id FROM inspections i JOIN schools s ON s.id = i.school_id
		WHERE i.state = 'scheduled' AND i.scheduled_on = '2026-11-29' ORDER BY s.code LIMIT 1`)
	page := "/inspections/" + itoa(id)
	b := newBrowser(t)
	b.do(t, chromedp.EmulateViewport(390, 844))
	b.signIn(t, h.ts.URL, "supervisor")
	b.do(t, chromedp.Navigate(h.ts.URL+"/inspections"), chromedp.WaitVisible(chromedp.CSS(`a[href="`+page+`"]`)))
	wide := func(what string) {
		t.Helper()
		if get(t, b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)) {
			t.Errorf("%s scrolls sideways at 390 px", what)
		}
	}
	wide("the year's list")
	b.clickAndLoad(t, `a[href="`+page+`"]`)
	b.do(t, chromedp.WaitVisible(chromedp.CSS(`form[data-draft] textarea[name=findings_1]`)),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=findings_1]`), "领导小组组长空缺"))
	wide("the score sheet")
	// The draft is kept while typing; the page lost and opened again
	// brings it back.
	time.Sleep(800 * time.Millisecond)
	b.do(t, chromedp.Navigate(h.ts.URL+page), chromedp.WaitVisible(chromedp.CSS(`form[data-draft]`)))
	waitFor(t, b, `document.querySelector('textarea[name=findings_1]').value === '领导小组组长空缺' && document.querySelector('.draft-status').textContent.includes('草稿')`, 10*time.Second)

	b.do(t, chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('input[name^="score_"]').forEach(function (e) { e.value = '2'; }); document.querySelector('input[name=score_1]').value = '4.5'`))
	b.do(t, chromedp.SendKeys(chromedp.CSS(`textarea[name=summary]`), "家访台账规范，社会实践活动偏少"))
	b.clickAndLoad(t, `form[data-draft] button[type=submit]`)
	waitFor(t, b, `!!document.querySelector('.flash') && document.querySelector('#total').innerText.includes('46.5')`, 15*time.Second)
	if st := scalar[string](h, `SELECT state FROM inspections WHERE id = $1`, id); st != "in_progress" {
		t.Errorf("after the scores: %s", st)
	}
	b.do(t, chromedp.Evaluate[chromedp.Void](`window.confirm = function () { return true; }`))
	b.clickAndLoad(t, `form[action="`+page+`/finish"] button`)
	waitFor(t, b, `!!document.querySelector('form[action="`+page+`/release"]')`, 15*time.Second)
	b.do(t, chromedp.Evaluate[chromedp.Void](`window.confirm = function () { return true; }`))
	b.clickAndLoad(t, `form[action="`+page+`/release"] button`)
	waitFor(t, b, `document.body.innerText.includes('已发布') && !document.querySelector('form[data-draft]')`, 15*time.Second)
	wide("the released report")
	if st := scalar[string](h, `SELECT state || ':' || summary FROM inspections WHERE id = $1`, id); st != "released:家访台账规范，社会实践活动偏少" {
		t.Errorf("after the release: %s", st)
	}
	if f := scalar[string](h, `SELECT sc.findings FROM inspection_scores sc JOIN inspection_rubric_items it ON it.id = sc.item_id
		WHERE sc.inspection_id = $1 AND it.position = 1`, id); f != "领导小组组长空缺" {
		t.Errorf("item 1's findings: %q", f)
	}
	if errs := b.takeErrors(); len(errs) > 0 {
		t.Errorf("browser errors: %v", errs)
	}
}
