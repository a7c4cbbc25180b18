package server

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"xietong/internal/demo"
)

// chromiumPath finds Debian's Chromium; `make test` installs it.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("Chromium not found: run 'make test' (it installs Debian's chromium) or .ci/browser.sh")
	return ""
}

// outputDir is the git-ignored folder for screenshots.
func outputDir(t *testing.T, sub string) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "test-output", sub)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// browser starts one headless Chromium for a test, with the flags this
// closed network needs, and collects console errors and CSP violations.
type browser struct {
	ctx    context.Context
	mu     sync.Mutex
	errors []string
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	b := &browser{ctx: ctx}
	// The first Do starts the browser; it must not carry a timeout.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == "error" {
				b.note(m.String())
			}
		}
	}()
	return b
}

func (b *browser) note(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.errors = append(b.errors, s)
}

func (b *browser) takeErrors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := b.errors
	b.errors = nil
	return out
}

// do runs steps with a time limit.
func (b *browser) do(t *testing.T, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// get runs one action that returns a value.
func get[T any](t *testing.T, b *browser, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// clickAndLoad clicks and waits for the page that the click loads (a
// WaitVisible after a click may see the old page).
func (b *browser) clickAndLoad(t *testing.T, css string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(css)))); err != nil {
		t.Fatal(err)
	}
}

// signIn fills the sign-in form and waits for the signed-in page.
func (b *browser) signIn(t *testing.T, base, user string) {
	t.Helper()
	b.do(t,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), user),
		chromedp.SendKeys(chromedp.ID("password"), demo.Password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/logout"]`)),
	)
}

// signOut presses 退出 and waits for the sign-in form.
func (b *browser) signOut(t *testing.T) {
	t.Helper()
	b.do(t,
		chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
		chromedp.WaitVisible(chromedp.ID("username")),
	)
}

// TestBrowserSignInEveryRole: each demo role signs in on a phone (390 px)
// and a desktop (1280 px), sees its own home page without sideways
// scrolling, and signs out. A screenshot of each lands in test-output/.
func TestBrowserSignInEveryRole(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	schoolName := scalar[string](h, `SELECT s.name FROM schools s JOIN role_assignments ra ON ra.school_id = s.id JOIN users u ON u.id = ra.user_id WHERE u.username = 'office'`)
	b := newBrowser(t)
	dir := outputDir(t, "browser")
	homes := map[string]string{
		"admin": "全县学校", "leader": "全县学校", "supervisor": "全县学校",
		"office": schoolName, "teacher": "我的班级", "subject": "我的班级",
	}
	for _, width := range []int64{390, 1280} {
		for _, user := range []string{"admin", "leader", "supervisor", "office", "teacher", "subject"} {
			b.do(t, chromedp.EmulateViewport(width, 900))
			b.signIn(t, h.ts.URL, user)
			heading := get(t, b, chromedp.Text(chromedp.CSS("main h1")))
			if !strings.Contains(heading, homes[user]) {
				t.Errorf("%s at %dpx: heading %q, want %q", user, width, heading, homes[user])
			}
			if get(t, b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)) {
				t.Errorf("%s at %dpx: the page scrolls sideways", user, width)
			}
			shot := get(t, b, chromedp.FullScreenshot(100))
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", user, width)), shot, 0o644); err != nil {
				t.Fatal(err)
			}
			// On a phone the menu is folded; open it to prove it works.
			if width == 390 {
				if get(t, b, chromedp.Evaluate[bool](`getComputedStyle(document.querySelector('.nav ul')).display !== 'none'`)) {
					t.Errorf("%s at 390px: the menu is not folded", user)
				}
				b.do(t, chromedp.Click(chromedp.CSS(`label.nav-button`)))
				if !get(t, b, chromedp.Evaluate[bool](`getComputedStyle(document.querySelector('.nav ul')).display !== 'none'`)) {
					t.Errorf("%s at 390px: the menu does not open", user)
				}
			}
			b.signOut(t)
			if errs := b.takeErrors(); len(errs) > 0 {
				t.Errorf("%s at %dpx: browser errors: %v", user, width, errs)
			}
		}
	}
	// After signing out, Back must not show a signed-in page from cache.
	b.do(t, chromedp.NavigateBack(), chromedp.Sleep(300*time.Millisecond))
	body := get(t, b, chromedp.Text(chromedp.CSS("body")))
	if strings.Contains(body, "我的班级") {
		t.Error("Back after sign-out shows the signed-in page")
	}
}

// TestBrowserCrawl360: every page of the authorization matrix that a role
// may open is loaded at 360 px: none may scroll sideways (tables scroll
// inside their wrapper) or log a console error or CSP violation. New pages
// join the crawl by joining the matrix.
func TestBrowserCrawl360(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	m := matrix(f)
	b := newBrowser(t)
	b.do(t, chromedp.EmulateViewport(360, 800))
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	pages := 0
	for _, user := range []string{"admin", "leader", "supervisor", "office", "teacher", "subject"} {
		b.signIn(t, h.ts.URL, user)
		for _, k := range keys {
			tc := m[k]
			if !strings.HasPrefix(k, "GET ") || tc.want[user] != http.StatusOK ||
				strings.HasSuffix(tc.path, ".xlsx") || strings.Contains(k, "/export") || strings.HasPrefix(tc.path, "/static/") ||
				tc.path == "/healthz" || tc.path == "/readyz" || strings.Contains(k, "photo") || strings.Contains(k, "template") {
				continue
			}
			b.do(t, chromedp.Navigate(h.ts.URL+tc.path), chromedp.WaitReady(chromedp.CSS("body")))
			if get(t, b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)) {
				w := get(t, b, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
				t.Errorf("%s as %s: the page is %d px wide at 360 px", k, user, w)
			}
			if errs := b.takeErrors(); len(errs) > 0 {
				t.Errorf("%s as %s: browser errors: %v", k, user, errs)
			}
			pages++
		}
		b.signOut(t)
	}
	if pages < 20 {
		t.Errorf("crawled only %d pages", pages)
	}
}

// cutTables lists the tables of the current page whose content reaches
// beyond their box on the right (the box then scrolls sideways, which a
// user on a phone may never notice), by the text of their first header.
func cutTables(t *testing.T, b *browser) []string {
	t.Helper()
	return get(t, b, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('.table-wrap')).
		filter(w => w.offsetParent !== null && w.scrollWidth > w.clientWidth + 1).
		map(w => (w.querySelector('th') || w).textContent.trim().slice(0, 20))`))
}

// cutSelects lists the drop-downs of the current page too narrow for the
// option they show (text plus the arrow), by their name.
func cutSelects(t *testing.T, b *browser) []string {
	t.Helper()
	return get(t, b, chromedp.Evaluate[[]string](`(() => {
		const c = document.createElement('canvas').getContext('2d');
		return Array.from(document.querySelectorAll('select')).filter(s => {
			if (s.offsetParent === null || s.selectedIndex < 0) return false;
			c.font = getComputedStyle(s).font;
			return c.measureText(s.options[s.selectedIndex].text).width + 28 > s.clientWidth;
		}).map(s => s.name);
	})()`))
}

// TestBrowserTablesFitPhone: on a 390 px phone the lists people work from
// show every column without scrolling sideways: the class teacher's roster
// on the home page, the office's ledger, the bureau's county coverage.
func TestBrowserTablesFitPhone(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h) // a visit with a ledger entry
	b := newBrowser(t)
	b.do(t, chromedp.EmulateViewport(390, 844))
	for _, c := range []struct{ user, path string }{
		{"teacher", "/"}, {"office", "/ledger"}, {"leader", "/coverage/county"}, {"office", "/coverage/schools/" + itoa(f.officeSchool)},
	} {
		b.signIn(t, h.ts.URL, c.user)
		b.do(t, chromedp.Navigate(h.ts.URL+c.path), chromedp.WaitVisible(chromedp.CSS(".table-wrap")))
		if cut := cutTables(t, b); len(cut) > 0 {
			t.Errorf("%s %s at 390px: tables cut on the right: %q", c.user, c.path, cut)
		}
		if cut := cutSelects(t, b); len(cut) > 0 {
			t.Errorf("%s %s at 390px: drop-downs too narrow for their text: %q", c.user, c.path, cut)
		}
		b.signOut(t)
	}
	if errs := b.takeErrors(); len(errs) > 0 {
		t.Errorf("browser errors: %v", errs)
	}
}
