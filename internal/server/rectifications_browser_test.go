package server

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestBrowserRectificationRound (#18): on a 390 px phone the supervisor
// opens a released inspection and sets two rectification items; the
// school's office finds them among its to-dos and reports on both; the
// supervisor returns one with a comment and accepts the other; the office
// reports again; the supervisor accepts it and closes the inspection; the
// inspection's report prints on A4 with its rectification and signature
// lines, the buttons left out. No page scrolls sideways.
func TestBrowserRectificationRound(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	h.exec(`INSERT INTO inspection_rubrics (county_id, school_year_id, title)
		SELECT county_id, id, '测试细则' FROM school_years ON CONFLICT DO NOTHING`)
	id := scalar[int64](h, `
		INSERT INTO inspections (school_id, school_year_id, kind, scheduled_on, state, created_by, rubric_id, released_at)
		SELECT $1, y.id, 'annual', date '2026-11-20', 'released', u.id, r.id, now()
		FROM school_years y JOIN inspection_rubrics r ON r.school_year_id = y.id, users u
		WHERE u.username = 'supervisor' AND $2::date BETWEEN y.starts_on AND y.ends_on
		RETURNING id`, f.officeSchool, demoNow)
	office := scalar[string](h, `SELECT ra.office FROM role_assignments ra JOIN users u ON u.id = ra.user_id WHERE u.username = 'office'`)
	insp := fmt.Sprintf("/inspections/%d", id)
	rect := insp + "/rectification"
	b := newBrowser(t)
	b.do(t, chromedp.EmulateViewport(390, 844))
	wide := func(what string) {
		t.Helper()
		if get(t, b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)) {
			t.Errorf("%s scrolls sideways at 390 px", what)
		}
	}
	accept := func() { b.do(t, chromedp.Evaluate[chromedp.Void](`window.confirm = function () { return true; }`)) }

	// The supervisor sets two items.
	b.signIn(t, h.ts.URL, "supervisor")
	b.do(t, chromedp.Navigate(h.ts.URL+insp), chromedp.WaitVisible(chromedp.CSS(`a[href="`+rect+`"]`)))
	b.clickAndLoad(t, `a[href="`+rect+`"]`)
	for _, problem := range []string{"家长学校授课记录不全", "留守儿童假期家访未全覆盖"} {
		b.do(t,
			chromedp.WaitVisible(chromedp.CSS(`textarea[name=problem]`)),
			chromedp.SendKeys(chromedp.CSS(`textarea[name=problem]`), problem),
			chromedp.SetValue(chromedp.CSS(`select[name=office]`), office),
			chromedp.SetValue(chromedp.CSS(`input[name=deadline]`), "2026-12-20"),
		)
		b.clickAndLoad(t, `form[action="`+insp+`/rectifications"] button[type=submit]`)
		waitFor(t, b, `document.body.innerText.includes('整改事项已提出') && document.body.innerText.includes('`+problem+`')`, 15*time.Second)
	}
	wide("the rectification page")
	b.signOut(t)

	ids := func() (a, c int64) {
		return scalar[int64](h, `SELECT min(id) FROM inspection_rectifications WHERE inspection_id = $1`, id),
			scalar[int64](h, `SELECT max(id) FROM inspection_rectifications WHERE inspection_id = $1`, id)
	}
	first, second := ids()
	report := func(item int64, text string) {
		t.Helper()
		form := fmt.Sprintf(`form[action="/rectifications/%d/report"]`, item)
		b.do(t, chromedp.WaitVisible(chromedp.CSS(form+` textarea`)), chromedp.SendKeys(chromedp.CSS(form+` textarea`), text))
		b.clickAndLoad(t, form+` button[type=submit]`)
		waitFor(t, b, `document.body.innerText.includes('提交整改报告：已完成')`, 15*time.Second)
	}
	review := func(item int64, decision, comment string) {
		t.Helper()
		form := fmt.Sprintf(`form[action="/rectifications/%d/review"]`, item)
		b.do(t, chromedp.WaitVisible(chromedp.CSS(form)))
		if comment != "" {
			b.do(t, chromedp.SendKeys(chromedp.CSS(form+` textarea`), comment))
		}
		b.clickAndLoad(t, form+` button[value=`+decision+`]`)
		waitFor(t, b, `!!document.querySelector('.flash')`, 15*time.Second)
	}

	// The office finds them among its to-dos and reports on both.
	b.signIn(t, h.ts.URL, "office")
	b.do(t, chromedp.Navigate(h.ts.URL+"/todos"), chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`a[href="%s#rect-%d"]`, rect, first))))
	wide("the to-do list")
	b.clickAndLoad(t, fmt.Sprintf(`a[href="%s#rect-%d"]`, rect, first))
	report(first, "已补齐授课记录，建立家长学校台账。")
	report(second, "已完成留守儿童家访补访。")
	b.signOut(t)

	// The supervisor returns the first, accepts the second.
	b.signIn(t, h.ts.URL, "supervisor")
	b.do(t, chromedp.Navigate(h.ts.URL+rect))
	review(first, "return", "缺少家长签到表，请补充。")
	review(second, "accept", "")
	b.signOut(t)

	// The office reads the comment and reports again.
	b.signIn(t, h.ts.URL, "office")
	b.do(t, chromedp.Navigate(h.ts.URL+rect), chromedp.WaitVisible(chromedp.CSS(`section.rect`)))
	waitFor(t, b, `document.body.innerText.includes('缺少家长签到表，请补充。') && document.body.innerText.includes('已退回')`, 15*time.Second)
	report(first, "已补充家长签到表。")
	b.signOut(t)

	// The supervisor accepts it and closes the inspection.
	b.signIn(t, h.ts.URL, "supervisor")
	b.do(t, chromedp.Navigate(h.ts.URL+rect))
	review(first, "accept", "")
	b.do(t, chromedp.WaitVisible(chromedp.CSS(`form[action="`+insp+`/close"]`)))
	accept()
	b.clickAndLoad(t, `form[action="`+insp+`/close"] button`)
	waitFor(t, b, `document.body.innerText.includes('督导检查已关闭')`, 15*time.Second)
	if st := scalar[string](h, `SELECT state FROM inspections WHERE id = $1`, id); st != "closed" {
		t.Errorf("inspection %s, want closed", st)
	}

	// The pack: the report prints on A4, buttons left out.
	b.do(t, chromedp.Navigate(h.ts.URL+insp), chromedp.WaitVisible(chromedp.CSS(`.signature`)))
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	if get(t, b, chromedp.Evaluate[bool](`[...document.querySelectorAll('.no-print, nav, button')].some(function (e) { return e.offsetParent !== null; })`)) {
		t.Error("the printed report shows buttons or navigation")
	}
	if !get(t, b, chromedp.Evaluate[bool](`document.body.innerText.includes('整改事项') && document.body.innerText.includes('（签字）') && document.body.innerText.includes('已验收')`)) {
		t.Error("the printed report lacks its rectification or signature lines")
	}
	pdf, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf.Data, []byte("%PDF")) {
		t.Error("the report did not print to a PDF")
	}
	if errs := b.takeErrors(); len(errs) > 0 {
		t.Errorf("browser errors: %v", errs)
	}
}
