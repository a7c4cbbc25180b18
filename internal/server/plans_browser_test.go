package server

import (
	"net/http"
	"net/url"
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

// TestBrowserPlannedItemFulfilled: the school's approved plan names a
// rule-of-law lecture for last week, not done yet; on a 390 px phone 德育处
// follows the item's 去记录 to the activity form (its kind already chosen),
// records the lecture, and back on the plan confirms the proposed record:
// the item is done, linked to the lecture, and the summary counts it.
func TestBrowserPlannedItemFulfilled(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	school := planSetup(h, f)
	h.exec(`TRUNCATE activities`)
	office, staff := h.as("office"), h.as("staff")
	r := office.post(school, url.Values{"form_token": {office.formToken(school)}})
	plan := r.header.Get("Location")
	if r.status != http.StatusSeeOther || !strings.HasPrefix(plan, "/plans/") {
		t.Fatalf("start the plan: %d %s", r.status, plan)
	}
	const title = "法治副校长讲防欺凌"
	// The form tokens are read from the page as each step leaves it.
	for _, step := range []struct {
		c      *client
		path   string
		fields func() url.Values
	}{
		{office, plan + "/edit", func() url.Values {
			return url.Values{"guiding": {"立德树人"}, "goals": {"法治教育全覆盖"}, "measures": {"每学期两次法治讲座"}, "assurance": {"领导小组"}}
		}},
		{office, plan + "/items", func() url.Values {
			return url.Values{"form_token": {office.formToken(plan)}, "on": {"2026-11-24"}, "kind": {"law_lecture"}, "office": {"safety"}, "title": {title}}
		}},
		{office, plan + "/submit", func() url.Values { return url.Values{"form_token": {office.formToken(plan)}} }},
		{staff, plan + "/review", func() url.Values { return url.Values{"form_token": {staff.formToken(plan)}, "decision": {"approve"}} }},
	} {
		if r := step.c.post(step.path, step.fields()); r.status != http.StatusSeeOther {
			t.Fatalf("%s: %d", step.path, r.status)
		}
	}
	row := `[data-item="` + title + `"]`
	b := newBrowser(t)
	b.do(t, chromedp.EmulateViewport(390, 844))
	b.signIn(t, h.ts.URL, "office")
	b.do(t, chromedp.Navigate(h.ts.URL+plan), chromedp.WaitVisible(chromedp.CSS(row+` .item-pending`)))
	if s := get(t, b, chromedp.Evaluate[string](`document.querySelector('[data-summary]').innerText`)); !strings.Contains(s, "计划 1 项 · 已完成 0 · 逾期 0 · 未到期 1") {
		t.Errorf("before: the summary reads %q", s)
	}
	b.clickAndLoad(t, row+` a[href="/activities/new?kind=law_lecture"]`)
	b.do(t,
		chromedp.WaitVisible(chromedp.CSS(`form[action="/activities"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=title]`), "法治副校长进校园：远离校园欺凌"),
		chromedp.SetValue(chromedp.CSS(`select[name=office]`), "safety"),
		chromedp.SendKeys(chromedp.CSS(`input[name=speaker]`), "法治副校长 刘志刚"),
		chromedp.SendKeys(chromedp.CSS(`input[name=place]`), "学校报告厅"),
	)
	if k := get(t, b, chromedp.Evaluate[string](`document.querySelector('select[name=kind]').value`)); k != "law_lecture" {
		t.Errorf("the item's 去记录 opens the form with kind %q, want law_lecture", k)
	}
	b.clickAndLoad(t, `form[action="/activities"] button[type=submit]`)
	waitFor(t, b, `!!document.querySelector('.flash') && document.body.innerText.includes('远离校园欺凌')`, 15*time.Second)
	lecture := scalar[int64](h, `SELECT id FROM activities WHERE title = '法治副校长进校园：远离校园欺凌' AND kind = 'law_lecture'`)
	b.do(t, chromedp.Navigate(h.ts.URL+plan))
	confirm := row + ` form.proposal input[value="activity:` + itoa(lecture) + `"] ~ button[type=submit]`
	waitFor(t, b, `!!document.querySelector('`+confirm+`')`, 15*time.Second)
	if get(t, b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)) {
		t.Error("the plan page with a proposal scrolls sideways at 390 px")
	}
	b.clickAndLoad(t, confirm)
	waitFor(t, b, `!!document.querySelector('`+row+` .item-done') && !!document.querySelector('`+row+` a[href="/activities/`+itoa(lecture)+`"]')`, 15*time.Second)
	if s := get(t, b, chromedp.Evaluate[string](`document.querySelector('[data-summary]').innerText`)); !strings.Contains(s, "计划 1 项 · 已完成 1 · 逾期 0 · 未到期 0") {
		t.Errorf("after: the summary reads %q", s)
	}
	if n := scalar[int](h, `SELECT count(*)::int FROM work_plan_links WHERE plan_id = $1 AND record_type = 'activity' AND record_id = $2`, idOf(t, plan), lecture); n != 1 {
		t.Errorf("%d links from the item to the lecture, want 1", n)
	}
	if errs := b.takeErrors(); len(errs) > 0 {
		t.Errorf("browser errors: %v", errs)
	}
}
