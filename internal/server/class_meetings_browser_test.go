package server

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserTeacherRecordsClassMeeting: on a 390 px phone a class teacher
// goes from home to the class's themed class meetings, picks a theme, types
// a title and saves (the date is today's already); the page does not scroll
// sideways and the meeting is stored.
func TestBrowserTeacherRecordsClassMeeting(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	before := scalar[int](h, `SELECT count(*)::int FROM class_meetings WHERE class_id = $1`, f.teacherClass)
	b := newBrowser(t)
	b.do(t, chromedp.EmulateViewport(390, 844))
	b.signIn(t, h.ts.URL, "teacher")
	href := "/classes/" + itoa(f.teacherClass) + "/meetings"
	b.do(t, chromedp.Navigate(h.ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`a[href="`+href+`"]`)))
	b.clickAndLoad(t, `a[href="`+href+`"]`)
	b.do(t,
		chromedp.WaitVisible(chromedp.CSS(`form[action="`+href+`"]`)),
		chromedp.SetValue(chromedp.CSS(`select[name=theme]`), "safety"),
		chromedp.SendKeys(chromedp.CSS(`input[name=title]`), "防溺水安全教育"),
	)
	if wide := get(t, b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); wide {
		t.Error("the class meeting page scrolls sideways at 390 px")
	}
	b.clickAndLoad(t, `form[action="`+href+`"] button[type=submit]`)
	waitFor(t, b, `!!document.querySelector('.flash') && document.body.innerText.includes('防溺水安全教育')`, 15*time.Second)
	if n := scalar[int](h, `SELECT count(*)::int FROM class_meetings WHERE class_id = $1 AND theme = 'safety' AND title = '防溺水安全教育'`, f.teacherClass); n != 1 {
		t.Errorf("%d such meetings stored, want 1", n)
	}
	if n := scalar[int](h, `SELECT count(*)::int FROM class_meetings WHERE class_id = $1`, f.teacherClass); n != before+1 {
		t.Errorf("%d meetings, want %d", n, before+1)
	}
	if errs := b.takeErrors(); len(errs) > 0 {
		t.Errorf("browser errors: %v", errs)
	}
}
