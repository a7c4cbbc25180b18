package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserOfficeRecordsMeeting: the school office goes from the
// navigation to its parent meetings, records one (topic, counts, the day's
// lecture), adds an opinion on the meeting's page, answers it and
// publishes the answer.
func TestBrowserOfficeRecordsMeeting(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	b := newBrowser(t)
	b.do(t, chromedp.EmulateViewport(1280, 900))
	b.signIn(t, h.ts.URL, "office")
	list := "/schools/" + itoa(f.officeSchool) + "/parent-meetings"
	b.do(t, chromedp.Navigate(h.ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`nav a[href="`+list+`"]`)))
	b.clickAndLoad(t, `nav a[href="`+list+`"]`)
	b.clickAndLoad(t, `a[href="`+list+`/new"]`)
	b.do(t,
		chromedp.WaitVisible(chromedp.CSS(`form[action="`+list+`"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=topic]`), "冬季家长会：寒假安全"),
		chromedp.SendKeys(chromedp.CSS(`input[name=invited]`), "120"),
		chromedp.SendKeys(chromedp.CSS(`input[name=attending]`), "108"),
		chromedp.Click(chromedp.CSS(`input[name=organisers][value=safety]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=lecture_speaker]`), "派出所民警"),
		chromedp.SendKeys(chromedp.CSS(`input[name=lecture_topic]`), "寒假交通与防火安全"),
	)
	b.clickAndLoad(t, `form[action="`+list+`"] button[type=submit]`)
	waitFor(t, b, `!!document.querySelector('.flash') && document.body.innerText.includes('108/120') && document.body.innerText.includes('德育处、安全办')`, 15*time.Second)
	id := scalar[int64](h, `SELECT id FROM parent_meetings WHERE topic = '冬季家长会：寒假安全' AND lecture_topic = '寒假交通与防火安全'`)
	page := "/parent-meetings/" + itoa(id)
	b.do(t,
		chromedp.SendKeys(chromedp.CSS(`#body`), "寒假期间希望学校开放操场"),
		chromedp.SetValue(chromedp.CSS(`#add-category`), "activities"),
	)
	b.clickAndLoad(t, `form[action="`+page+`/opinions"] input[value=one] ~ div button[type=submit]`)
	waitFor(t, b, `document.body.innerText.includes('已添加 1 条意见建议') && document.body.innerText.includes('寒假期间希望学校开放操场')`, 15*time.Second)
	op := scalar[int64](h, `SELECT id FROM parent_opinions WHERE meeting_id = $1`, id)
	form := `form[action="` + page + `/opinions/` + itoa(op) + `"]`
	b.do(t, chromedp.SendKeys(chromedp.CSS(`#response-`+itoa(op)), "寒假期间每周六上午操场对学生开放，由值班教师管理。"))
	b.clickAndLoad(t, form+` button[value=respond]`)
	waitFor(t, b, `document.body.innerText.includes('回应已保存') && document.body.innerText.includes('1/1')`, 15*time.Second)
	b.clickAndLoad(t, form+` button[value=publish]`)
	waitFor(t, b, `document.body.innerText.includes('已公开，家长扫码可见')`, 15*time.Second)
	if st := scalar[string](h, `SELECT state FROM parent_opinions WHERE id = $1`, op); st != "published" {
		t.Errorf("the opinion is %s, want published", st)
	}
	if errs := b.takeErrors(); len(errs) > 0 {
		t.Errorf("browser errors: %v", errs)
	}
}

// TestBrowserParentSendsOpinion: a parent opens the meeting's link on a
// 390 px phone (no sign-in), types an opinion and sends it; the page does
// not scroll sideways; the opinion is seen by the leader only after the
// office accepts it, and by parents on the link's page only with its
// published answer.
func TestBrowserParentSendsOpinion(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	meeting, _, token := matrixMeeting(h, f)
	link := "/p/" + token
	b := newBrowser(t)
	b.do(t, chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(h.ts.URL+link),
		chromedp.WaitVisible(chromedp.CSS(`textarea[name=body]`)),
		chromedp.SendKeys(chromedp.CSS(`textarea[name=body]`), "希望学校增加课后托管的时间"),
	)
	if wide := get(t, b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); wide {
		t.Error("the parents' page scrolls sideways at 390 px")
	}
	b.clickAndLoad(t, `form[action="`+link+`"] button[type=submit]`)
	waitFor(t, b, `document.body.innerText.includes('已收到您的意见')`, 15*time.Second)
	if shown := get(t, b, chromedp.Evaluate[bool](`document.body.innerText.includes('希望学校增加课后托管的时间')`)); shown {
		t.Error("the parent's opinion shows before it is answered and published")
	}
	page := "/parent-meetings/" + itoa(meeting)
	leader, office := h.as("principal"), h.as("office")
	if r := leader.get(page); strings.Contains(r.body, "希望学校增加课后托管的时间") {
		t.Error("the leader sees the opinion before the office accepts it")
	}
	op := scalar[int64](h, `SELECT id FROM parent_opinions WHERE body = '希望学校增加课后托管的时间' AND state = 'received'`)
	step := page + "/opinions/" + itoa(op)
	for _, s := range []url.Values{
		{"from": {"received"}, "step": {"accept"}, "category": {"teaching"}, "owner_office": {"academic"}},
		{"from": {"pending"}, "step": {"respond"}, "category": {"teaching"}, "owner_office": {"academic"}, "response": {"课后服务延长至下午六点，家长可按需报名。"}},
	} {
		if r := office.post(step, s); r.status != http.StatusSeeOther {
			t.Fatalf("%s: %d", s.Get("step"), r.status)
		}
	}
	if r := leader.get(page); !strings.Contains(r.body, "希望学校增加课后托管的时间") {
		t.Error("the leader does not see the accepted opinion")
	}
	b.do(t, chromedp.Navigate(h.ts.URL+link), chromedp.WaitVisible(chromedp.CSS(`h1`)))
	if shown := get(t, b, chromedp.Evaluate[bool](`document.body.innerText.includes('课后服务延长至下午六点')`)); shown {
		t.Error("an answer shows on the parents' page before it is published")
	}
	if r := office.post(step, url.Values{"from": {"answered"}, "step": {"publish"}, "category": {"teaching"}, "owner_office": {"academic"}}); r.status != http.StatusSeeOther {
		t.Fatalf("publish: %d", r.status)
	}
	b.do(t, chromedp.Navigate(h.ts.URL+link))
	waitFor(t, b, `document.body.innerText.includes('希望学校增加课后托管的时间') && document.body.innerText.includes('课后服务延长至下午六点')`, 15*time.Second)
	if errs := b.takeErrors(); len(errs) > 0 {
		t.Errorf("browser errors: %v", errs)
	}
}

// TestBrowserParentMeetingPages360: the meeting pages do not scroll
// sideways on a 360 px phone, for the office (forms and the QR code) and
// the class teacher.
func TestBrowserParentMeetingPages360(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	meeting, _, _ := matrixMeeting(h, f)
	list := "/schools/" + itoa(f.officeSchool) + "/parent-meetings"
	page := "/parent-meetings/" + itoa(meeting)
	b := newBrowser(t)
	b.do(t, chromedp.EmulateViewport(360, 800))
	for _, user := range []string{"office", "teacher"} {
		b.signIn(t, h.ts.URL, user)
		for _, path := range []string{list, list + "/new", page, page + "/edit", page + "/print"} {
			b.do(t, chromedp.Navigate(h.ts.URL+path), chromedp.WaitReady(chromedp.CSS("body")))
			if get(t, b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)) {
				w := get(t, b, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
				t.Errorf("%s as %s: the page is %d px wide at 360 px", path, user, w)
			}
			if errs := b.takeErrors(); len(errs) > 0 {
				t.Errorf("%s as %s: browser errors: %v", path, user, errs)
			}
		}
		b.signOut(t)
	}
}
