package server

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserOfficeRecordsActivity: on a 390 px phone the school's 安全办
// goes from the menu to the activities, records a rule-of-law lecture
// (kind, title, speaker; the date is today's already) and adds a photo of
// it; neither page scrolls sideways and both are stored.
func TestBrowserOfficeRecordsActivity(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	h.exec(`TRUNCATE activities`)
	photo := filepath.Join(t.TempDir(), "讲座现场.jpg")
	if err := os.WriteFile(photo, testJPEG(120, 90), 0o600); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	b.do(t, chromedp.EmulateViewport(390, 844))
	b.signIn(t, h.ts.URL, "office")
	b.do(t, chromedp.Navigate(h.ts.URL+"/activities"), chromedp.WaitVisible(chromedp.CSS(`a[href="/activities/new"]`)))
	b.clickAndLoad(t, `a[href="/activities/new"]`)
	b.do(t,
		chromedp.WaitVisible(chromedp.CSS(`form[action="/activities"]`)),
		chromedp.SetValue(chromedp.CSS(`select[name=kind]`), "law_lecture"),
		chromedp.SendKeys(chromedp.CSS(`input[name=title]`), "法治副校长讲防欺凌"),
		chromedp.SetValue(chromedp.CSS(`select[name=office]`), "safety"),
		chromedp.SendKeys(chromedp.CSS(`input[name=speaker]`), "法治副校长 刘志刚"),
		chromedp.SendKeys(chromedp.CSS(`input[name=place]`), "学校报告厅"),
	)
	if wide := get(t, b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); wide {
		t.Error("the activity form scrolls sideways at 390 px")
	}
	b.clickAndLoad(t, `form[action="/activities"] button[type=submit]`)
	waitFor(t, b, `!!document.querySelector('.flash') && document.body.innerText.includes('法治副校长讲防欺凌')`, 15*time.Second)
	id := scalar[int64](h, `SELECT id FROM activities WHERE title = '法治副校长讲防欺凌' AND kind = 'law_lecture' AND 'R17' = ANY(duties)`)
	b.do(t, chromedp.SetUploadFiles(chromedp.ID("evidence-file"), []string{photo}))
	b.clickAndLoad(t, `form[action="/activities/`+itoa(id)+`/evidence"] button[type=submit]`)
	waitFor(t, b, `!!document.querySelector('.thumbs img')`, 15*time.Second)
	if wide := get(t, b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); wide {
		t.Error("the activity's page scrolls sideways at 390 px")
	}
	if n := scalar[int](h, `SELECT count(*)::int FROM evidence WHERE owner_type = 'activity' AND owner_id = $1 AND kind = 'photo'`, id); n != 1 {
		t.Errorf("%d photos stored, want 1", n)
	}
	if errs := b.takeErrors(); len(errs) > 0 {
		t.Errorf("browser errors: %v", errs)
	}
}
