package server

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserPlanReturnedAndApproved: 德育处 files the term's work plan
// (starts it, writes its four sections, adds an item, submits); bureau
// staff find it on their page of every school and return it with a
// comment; the school reads the comment, adds the missing item and
// resubmits; staff see what changed and approve it. The plan page and the
// bureau's page do not scroll sideways at 360 px.
func TestBrowserPlanReturnedAndApproved(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	school := planSetup(h, f)
	b := newBrowser(t)
	b.do(t, chromedp.EmulateViewport(1280, 900))

	// 德育处 starts and writes the plan.
	b.signIn(t, h.ts.URL, "office")
	b.do(t, chromedp.Navigate(h.ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`nav a[href="`+school+`"]`)))
	b.clickAndLoad(t, `nav a[href="`+school+`"]`)
	b.clickAndLoad(t, `form[action="`+school+`"] button[type=submit]`)
	waitFor(t, b, `document.body.innerText.includes('已新建本学期工作方案')`, 15*time.Second)
	plan := get(t, b, chromedp.Evaluate[string](`location.pathname`))
	b.clickAndLoad(t, `a[href="`+plan+`/edit"]`)
	b.do(t,
		chromedp.WaitVisible(chromedp.CSS(`textarea[name=guiding]`)),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=guiding]`), "落实立德树人根本任务。"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=goals]`), "全员家访率100%。"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=measures]`), "1. 开学前全员家访\n2. 第一周主题班会"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=assurance]`), "成立工作领导小组。"),
	)
	b.clickAndLoad(t, `form[action="`+plan+`/edit"] button[type=submit]`)
	waitFor(t, b, `document.body.innerText.includes('方案正文已保存') && document.body.innerText.includes('第一周主题班会')`, 15*time.Second)
	addItem := func(date, kind, office, title string) {
		t.Helper()
		b.do(t,
			chromedp.SetValue(chromedp.CSS(`form[action="`+plan+`/items"] input[name=on]`), date),
			chromedp.SetValue(chromedp.CSS(`form[action="`+plan+`/items"] select[name=kind]`), kind),
			chromedp.SetValue(chromedp.CSS(`form[action="`+plan+`/items"] select[name=office]`), office),
			chromedp.SendKeys(chromedp.CSS(`form[action="`+plan+`/items"] input[name=title]`), title),
		)
		b.clickAndLoad(t, `form[action="`+plan+`/items"] button[type=submit]`)
		waitFor(t, b, `document.body.innerText.includes('已添加计划活动')`, 15*time.Second)
	}
	addItem("2026-10-20", "law_lecture", "safety", "法治副校长讲座")
	b.clickAndLoad(t, `form[action="`+plan+`/submit"] button[type=submit]`)
	waitFor(t, b, `document.body.innerText.includes('工作方案已提交') && document.querySelector('[data-state]').innerText.includes('已提交')`, 15*time.Second)
	b.signOut(t)

	// Bureau staff return it with a comment.
	b.signIn(t, h.ts.URL, "staff")
	b.do(t, chromedp.Navigate(h.ts.URL+"/plans"), chromedp.WaitVisible(chromedp.CSS(`a[href="`+school+`"]`)))
	b.clickAndLoad(t, `a[href="`+school+`"]`)
	b.do(t,
		chromedp.WaitVisible(chromedp.CSS(`textarea[name=comment]`)),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=comment]`), "法治讲座每学期两次，请补充。"),
	)
	b.clickAndLoad(t, `button[name=decision][value=return]`)
	waitFor(t, b, `document.querySelector('[data-state]').innerText.includes('已退回')`, 15*time.Second)
	b.signOut(t)

	// The school reads the comment, adds the second lecture, resubmits.
	b.signIn(t, h.ts.URL, "office")
	b.do(t, chromedp.Navigate(h.ts.URL+plan), chromedp.WaitVisible(chromedp.CSS(`[data-comment]`)))
	if c := get(t, b, chromedp.Evaluate[string](`document.querySelector('[data-comment]').innerText`)); c != "法治讲座每学期两次，请补充。" {
		t.Errorf("the school sees the comment %q", c)
	}
	addItem("2026-12-08", "law_lecture", "safety", "法治副校长第二次讲座")
	b.clickAndLoad(t, `form[action="`+plan+`/submit"] button[type=submit]`)
	waitFor(t, b, `document.body.innerText.includes('工作方案已提交')`, 15*time.Second)
	b.signOut(t)

	// Staff see what changed and approve.
	b.signIn(t, h.ts.URL, "staff")
	b.do(t, chromedp.Navigate(h.ts.URL+plan), chromedp.WaitVisible(chromedp.CSS(`.changes`)))
	if !get(t, b, chromedp.Evaluate[bool](`document.querySelector('.changes').innerText.includes('法治副校长第二次讲座')`)) {
		t.Error("the reviewer does not see the added item among the changes")
	}
	b.clickAndLoad(t, `button[name=decision][value=approve]`)
	waitFor(t, b, `document.querySelector('[data-state]').innerText.includes('已通过')`, 15*time.Second)
	if st := scalar[string](h, `SELECT state FROM work_plans WHERE school_id = $1 AND id = $2`, f.officeSchool, idOf(t, plan)); st != "approved" {
		t.Errorf("the plan is %s, want approved", st)
	}

	// Phone width: neither page scrolls sideways.
	b.do(t, chromedp.EmulateViewport(360, 800))
	for _, path := range []string{plan, "/plans"} {
		b.do(t, chromedp.Navigate(h.ts.URL+path), chromedp.WaitReady(chromedp.CSS("body")))
		if get(t, b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)) {
			t.Errorf("%s scrolls sideways at 360 px", path)
		}
	}
	if errs := b.takeErrors(); len(errs) > 0 {
		t.Errorf("browser errors: %v", errs)
	}
}

// idOf is the id of a plan's path, /plans/12.
func idOf(t *testing.T, path string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(strings.TrimPrefix(path, "/plans/"), 10, 64)
	if err != nil {
		t.Fatalf("no plan id in %s", path)
	}
	return id
}
