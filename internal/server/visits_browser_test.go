package server

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// waitFor polls a JavaScript condition until it holds or the time is up.
func waitFor(t *testing.T, b *browser, cond string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		// An evaluation that meets a navigation (the page the condition
		// waits for replacing this one) fails: not yet, look again.
		ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond))
		cancel()
		if err == nil && ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	page := get(t, b, chromedp.Evaluate[string](`location.pathname + ' ' + document.body.innerText.slice(0, 1500)`))
	t.Fatalf("timed out waiting for %s; page: %s; errors: %v", cond, page, b.takeErrors())
}

// unvisited is a student of the demo teacher's class with no visit yet.
func unvisited(h *harness, f fixtures, offset int) int64 {
	return scalar[int64](h, `SELECT id FROM students WHERE class_id = $1 AND status = 'enrolled'
		AND id NOT IN (SELECT student_id FROM visit_students) ORDER BY id OFFSET $2 LIMIT 1`, f.teacherClass, offset)
}

// TestBrowserVisitJourney: on a phone (390 px) the teacher logs a visit
// with a problem and a photo and sees the student turn "visited" and the
// progress move; the school office finds the ledger entry, adds an
// intervention and closes it.
func TestBrowserVisitJourney(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	student := unvisited(h, f, 0)
	photo := filepath.Join(t.TempDir(), "photo.jpg")
	if err := os.WriteFile(photo, testJPEG(800, 600), 0o644); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	dir := outputDir(t, "browser")
	b.do(t, chromedp.EmulateViewport(390, 860))
	b.signIn(t, h.ts.URL, "teacher")

	b.do(t, chromedp.Navigate(h.ts.URL+"/visits"), chromedp.WaitVisible(chromedp.CSS(".status-list")))
	row := fmt.Sprintf(`li[data-student="%d"]`, student)
	if s := get(t, b, chromedp.Evaluate[string](`document.querySelector('`+row+`').dataset.status`)); s != "none" {
		t.Fatalf("student status %q before the visit", s)
	}
	before := get(t, b, chromedp.Evaluate[int](`document.querySelector('.visit-class progress').value`))
	b.do(t,
		chromedp.Click(chromedp.CSS(row+` a.btn`)),
		chromedp.WaitVisible(chromedp.CSS(`form.visit-form`)),
		chromedp.Click(chromedp.CSS(`input[name=mode][value=onsite]`)),
		chromedp.SendKeys(chromedp.ID("met"), "母亲"),
		chromedp.SendKeys(chromedp.ID("study"), "作业完成较好"),
		chromedp.SendKeys(chromedp.ID("mind"), "近来沉迷手机游戏"),
		chromedp.Click(chromedp.CSS(`input[name=problems][value=internet]`)),
		chromedp.SetUploadFiles(chromedp.ID("photos"), []string{photo}),
	)
	if get(t, b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)) {
		t.Error("the visit form scrolls sideways at 390 px")
	}
	if got := get(t, b, chromedp.Evaluate[string](`document.querySelector('#photos').getAttribute('capture') + ' ' + document.querySelector('#photos').accept`)); got != "environment image/*" {
		t.Errorf("photo input: %q", got)
	}
	shot := get(t, b, chromedp.FullScreenshot(90))
	_ = os.WriteFile(filepath.Join(dir, "visit-form-390.png"), shot, 0o644)
	b.do(t, chromedp.Click(chromedp.CSS(`form.visit-form button[type=submit]`)))
	waitFor(t, b, `location.pathname === '/visits' && !!document.querySelector('.flash') && !!document.querySelector('.status-list')`, 15*time.Second)
	if s := get(t, b, chromedp.Evaluate[string](`document.querySelector('`+row+`').dataset.status`)); s != "onsite" {
		t.Errorf("student status %q after the visit, want onsite", s)
	}
	if after := get(t, b, chromedp.Evaluate[int](`document.querySelector('.visit-class progress').value`)); after != before+1 {
		t.Errorf("progress %d → %d, want one more", before, after)
	}
	visitID := scalar[int64](h, `SELECT visit_id FROM visit_students WHERE student_id = $1`, student)
	if n := scalar[int](h, `SELECT count(*) FROM visit_photos WHERE visit_id = $1`, visitID); n != 1 {
		t.Errorf("%d photos stored, want 1", n)
	}
	entry := scalar[int64](h, `SELECT id FROM ledger_entries WHERE source_visit_id = $1 AND category = 'internet'`, visitID)
	if errs := b.takeErrors(); len(errs) > 0 {
		t.Errorf("teacher: browser errors %v", errs)
	}
	b.signOut(t)

	// The office finds the entry in the ledger, acts, and closes it.
	b.signIn(t, h.ts.URL, "office")
	name := scalar[string](h, `SELECT name FROM students WHERE id = $1`, student)
	b.do(t,
		chromedp.Navigate(h.ts.URL+"/ledger?category=internet&status=open"),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`a[href="/ledger/%d"]`, entry))),
	)
	if text := get(t, b, chromedp.Text(chromedp.CSS(fmt.Sprintf(`a[href="/ledger/%d"]`, entry)))); text != name {
		t.Errorf("ledger link text %q, want %q", text, name)
	}
	b.do(t,
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href="/ledger/%d"]`, entry))),
		chromedp.WaitVisible(chromedp.ID("intervention-form")),
		chromedp.SendKeys(chromedp.CSS(`#intervention-form textarea[name=note]`), "约家长到校，商定手机使用时间"),
		chromedp.Click(chromedp.CSS(`#intervention-form button[type=submit]`)),
	)
	waitFor(t, b, `(document.querySelector('.flash') || {}).textContent === '干预措施已记录。'`, 10*time.Second)
	if st := scalar[string](h, `SELECT status FROM ledger_entries WHERE id = $1`, entry); st != "following" {
		t.Errorf("after the intervention: %s, want following", st)
	}
	b.do(t,
		chromedp.Evaluate[chromedp.Void](`window.confirm = function () { return true; }`),
		chromedp.SendKeys(chromedp.CSS(`#close-form textarea[name=closing_note]`), "家长配合，学生已能自觉控制"),
		chromedp.Click(chromedp.CSS(`#close-form button[type=submit]`)),
	)
	waitFor(t, b, `(document.querySelector('.flash') || {}).textContent === '台账已结案。'`, 10*time.Second)
	if st := scalar[string](h, `SELECT status FROM ledger_entries WHERE id = $1`, entry); st != "resolved" {
		t.Errorf("after closing: %s, want resolved", st)
	}
	body := get(t, b, chromedp.Text(chromedp.CSS("main")))
	if !strings.Contains(body, "已化解") || !strings.Contains(body, "约家长到校") {
		t.Error("the entry page lacks its status or intervention")
	}
	shot = get(t, b, chromedp.FullScreenshot(90))
	_ = os.WriteFile(filepath.Join(dir, "ledger-entry-390.png"), shot, 0o644)
	if errs := b.takeErrors(); len(errs) > 0 {
		t.Errorf("office: browser errors %v", errs)
	}
}

// network runs one Network-domain command on the browser's tab.
func networkCall(t *testing.T, b *browser, fn func(ctx context.Context, s cdp.Session) error) {
	t.Helper()
	b.do(t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error { return fn(ctx, tg) }))
}

// TestBrowserOfflineDraft: with the network cut, a submit fails and the
// visit stays on the phone; it survives a reload; when the network comes
// back it is sent by itself, exactly once.
func TestBrowserOfflineDraft(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	student := unvisited(h, f, 1)
	b := newBrowser(t)
	b.do(t, chromedp.EmulateViewport(390, 860))
	b.signIn(t, h.ts.URL, "teacher")
	form := fmt.Sprintf("%s/students/%d/visits/new", h.ts.URL, student)
	b.do(t,
		chromedp.Navigate(form),
		chromedp.WaitVisible(chromedp.CSS(`form.visit-form`)),
		chromedp.Click(chromedp.CSS(`input[name=mode][value=video]`)),
		chromedp.SendKeys(chromedp.ID("study"), "离线草稿测试"),
	)
	count := func() int {
		return scalar[int](h, `SELECT count(*) FROM visit_students WHERE student_id = $1`, student)
	}
	// Cut the network for the submit (the POST to /visits) and tell the
	// page it is offline.
	// block cuts the POST to /visits; state tells the page (navigator.onLine).
	network := func(block, state bool) {
		networkCall(t, b, func(ctx context.Context, s cdp.Session) error {
			if _, err := cdp.Call(ctx, s, network.Enable, network.EnableParams{}); err != nil {
				return err
			}
			rules := []*network.Conditions{}
			if block {
				rules = append(rules, &network.Conditions{URLPattern: h.ts.URL + "/visits", Offline: true, DownloadThroughput: -1, UploadThroughput: -1})
			}
			if _, err := cdp.Call(ctx, s, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: rules}); err != nil {
				return err
			}
			_, err := cdp.Call(ctx, s, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: state, DownloadThroughput: -1, UploadThroughput: -1})
			return err
		})
	}
	offline := func(on bool) { network(on, on) }
	offline(true)
	b.do(t, chromedp.Click(chromedp.CSS(`form.visit-form button[type=submit]`)))
	waitFor(t, b, `document.querySelector('.draft-status').textContent.indexOf('网络不通') >= 0`, 10*time.Second)
	if n := count(); n != 0 {
		t.Fatalf("%d visits saved while offline", n)
	}
	key := fmt.Sprintf(`'xietong-draft:visit:u%d:s%d'`, scalar[int64](h, `SELECT id FROM users WHERE username = 'teacher'`), student)
	if !get(t, b, chromedp.Evaluate[bool](`JSON.parse(localStorage.getItem(`+key+`)).waiting === true`)) {
		t.Fatal("the draft is not kept as waiting")
	}

	// Reload: the draft comes back from the phone. The submit stays cut
	// while the page loads (its script tries at once when it thinks it is
	// online), then the page is told it is offline.
	network(true, false)
	b.do(t, chromedp.Navigate(form), chromedp.WaitVisible(chromedp.CSS(`form.visit-form`)))
	offline(true)
	waitFor(t, b, `document.getElementById('study').value === '离线草稿测试'`, 5*time.Second)
	if !get(t, b, chromedp.Evaluate[bool](`document.querySelector('input[name=mode][value=video]').checked`)) {
		t.Error("the restored draft lost the mode")
	}
	if n := count(); n != 0 {
		t.Fatalf("%d visits saved while offline", n)
	}

	// The network returns: the draft is sent by itself, once.
	offline(false)
	waitFor(t, b, `location.pathname === '/visits' && !!document.querySelector('.flash')`, 15*time.Second)
	if n := count(); n != 1 {
		t.Fatalf("%d visits after the network returned, want 1", n)
	}
	if get(t, b, chromedp.Evaluate[bool](`localStorage.getItem(`+key+`) !== null`)) {
		t.Error("the sent draft is still on the phone")
	}
	mode := scalar[string](h, `SELECT v.mode FROM visits v JOIN visit_students vs ON vs.visit_id = v.id WHERE vs.student_id = $1`, student)
	if mode != "video" {
		t.Errorf("mode %q, want video", mode)
	}
	time.Sleep(time.Second)
	if n := count(); n != 1 {
		t.Errorf("%d visits a second later, want exactly 1", n)
	}
	if errs := b.takeErrors(); len(errs) > 0 {
		// A failed fetch logs a network error in the console; anything
		// else (a CSP violation, an exception) fails the test.
		for _, e := range errs {
			if !strings.Contains(e, "ERR_INTERNET_DISCONNECTED") && !strings.Contains(e, "Failed to fetch") && !strings.Contains(e, "net::") {
				t.Errorf("browser error: %s", e)
			}
		}
	}
}
