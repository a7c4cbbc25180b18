package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"xietong/internal/demo"
	"xietong/internal/store"
	"xietong/web"
)

// TestLockout: five wrong passwords lock the account; the right one is then
// refused, on this instance and on a second one over the same database.
func TestLockout(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	c := h.client()
	for i := 0; i < 5; i++ {
		r := c.post("/login", url.Values{"username": {"teacher"}, "password": {"wrong-password"}})
		if r.status != http.StatusUnauthorized || !strings.Contains(r.body, loginFailed) {
			t.Fatalf("attempt %d: status %d", i+1, r.status)
		}
	}
	r := c.post("/login", url.Values{"username": {"teacher"}, "password": {demo.Password}})
	if r.status != http.StatusUnauthorized {
		t.Fatalf("right password after lockout: status %d, want 401", r.status)
	}
	if !strings.Contains(r.body, loginFailed) {
		t.Error("locked account gets a different message (reveals the lock)")
	}
	second := newHarnessOn(t, h.db, h.st, Config{})
	r = second.client().post("/login", url.Values{"username": {"teacher"}, "password": {demo.Password}})
	if r.status != http.StatusUnauthorized {
		t.Fatalf("second instance: status %d, want 401", r.status)
	}
	// Unknown users get the very same answer.
	r = c.post("/login", url.Values{"username": {"no-such-user"}, "password": {"whatever1A!"}})
	if r.status != http.StatusUnauthorized || !strings.Contains(r.body, loginFailed) {
		t.Errorf("unknown user: status %d", r.status)
	}
	if n := scalar[int](h, `SELECT count(*) FROM audit.events WHERE action = 'login' AND result = 'failure'`); n != 8 {
		t.Errorf("%d failed-login audit rows, want 8", n)
	}
	// Another account is not affected.
	h.as("office")
}

// TestLockoutExpires: after the lock period the right password works again.
func TestLockoutExpires(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	if _, err := h.db.Pool.Exec(context.Background(),
		`UPDATE users SET failed_logins = 5, last_failed_at = now() - interval '20 minutes', locked_until = now() - interval '5 minutes' WHERE username = 'teacher'`); err != nil {
		t.Fatal(err)
	}
	h.as("teacher") // fails the test unless sign-in succeeds
}

// TestIdleTimeout: an idle session ends; the next request goes to sign-in
// and the session row is gone.
func TestIdleTimeout(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{SessionIdle: 1 * time.Second})
	c := h.as("office")
	if r := c.get("/"); r.status != http.StatusOK {
		t.Fatalf("fresh session: %d", r.status)
	}
	time.Sleep(1500 * time.Millisecond)
	if r := c.get("/"); r.status != http.StatusSeeOther || r.header.Get("Location") != "/login" {
		t.Fatalf("idle session: status %d location %q, want 303 /login", r.status, r.header.Get("Location"))
	}
	if n := scalar[int](h, `SELECT count(*) FROM sessions WHERE expiry <= now()`); n != 0 {
		t.Errorf("%d expired session rows remain", n)
	}
}

// TestHSTS: configured for TLS (SESSION_SECURE=true behind a TLS proxy, so
// the request itself is plain HTTP), every response carries HSTS; without
// it, none does.
func TestHSTS(t *testing.T) {
	t.Parallel()
	secure := newHarness(t, Config{SessionSecure: true})
	for _, path := range []string{"/login", "/healthz", "/no-such-page"} {
		if got := secure.client().get(path).header.Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=31536000") {
			t.Errorf("SESSION_SECURE=true %s: Strict-Transport-Security %q", path, got)
		}
	}
	plain := newHarnessOn(t, secure.db, secure.st, Config{})
	if got := plain.client().get("/login").header.Get("Strict-Transport-Security"); got != "" {
		t.Errorf("plain HTTP: Strict-Transport-Security %q, want none", got)
	}
}

// TestSessionDefaults: the defaults are security.md R3's (30 min idle, 10 h
// absolute).
func TestSessionDefaults(t *testing.T) {
	t.Parallel()
	s := New(Config{}, nil, slog.New(slog.DiscardHandler))
	if s.sessions.IdleTimeout != 30*time.Minute || s.sessions.Lifetime != 10*time.Hour {
		t.Errorf("idle %v, lifetime %v; want 30m, 10h", s.sessions.IdleTimeout, s.sessions.Lifetime)
	}
}

// TestSessionCookie: exact cookie attributes, a new token at sign-in, the
// old cookie useless after sign-out, a disabled user's live cookie refused.
func TestSessionCookie(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{SessionSecure: true})
	c := h.client()
	// An anonymous session first (a flash, say) to prove the token changes.
	pre := c.get("/login")
	if pre.status != http.StatusOK {
		t.Fatal(pre.status)
	}
	r := c.post("/login", url.Values{"username": {"office"}, "password": {demo.Password}})
	sc := r.header.Get("Set-Cookie")
	for _, want := range []string{"__Host-sid=", "Path=/", "HttpOnly", "Secure", "SameSite=Lax"} {
		if !strings.Contains(sc, want) {
			t.Errorf("Set-Cookie %q lacks %q", sc, want)
		}
	}
	if strings.Contains(sc, "Expires=") || strings.Contains(sc, "Max-Age=") {
		t.Errorf("session cookie persists: %q", sc)
	}
	token := strings.TrimPrefix(strings.SplitN(sc, ";", 2)[0], "__Host-sid=")

	// The cookie jar will not send a Secure cookie over http, so replay by hand.
	get := func(tok string) resp {
		req, _ := http.NewRequest(http.MethodGet, h.ts.URL+"/", nil)
		req.AddCookie(&http.Cookie{Name: "__Host-sid", Value: tok})
		return h.client().do(req)
	}
	if r := get(token); r.status != http.StatusOK {
		t.Fatalf("signed-in cookie: %d", r.status)
	}
	req, _ := http.NewRequest(http.MethodPost, h.ts.URL+"/logout", nil)
	req.AddCookie(&http.Cookie{Name: "__Host-sid", Value: token})
	if r := h.client().do(req); r.status != http.StatusSeeOther || r.header.Get("Clear-Site-Data") == "" {
		t.Fatalf("logout: %d %q", r.status, r.header.Get("Clear-Site-Data"))
	}
	if r := get(token); r.status != http.StatusSeeOther {
		t.Errorf("cookie after logout: status %d, want 303 to /login", r.status)
	}

	// A disabled user's live cookie stops working at once.
	r = h.client().post("/login", url.Values{"username": {"teacher"}, "password": {demo.Password}})
	tok2 := strings.TrimPrefix(strings.SplitN(r.header.Get("Set-Cookie"), ";", 2)[0], "__Host-sid=")
	if r := get(tok2); r.status != http.StatusOK {
		t.Fatalf("teacher cookie: %d", r.status)
	}
	uid := scalar[int64](h, `SELECT id FROM users WHERE username = 'teacher'`)
	if err := h.st.SetUserDisabled(context.Background(), uid, true); err != nil {
		t.Fatal(err)
	}
	if r := get(tok2); r.status != http.StatusSeeOther {
		t.Errorf("disabled user's cookie: status %d, want 303", r.status)
	}
	if n := scalar[int](h, `SELECT count(*) FROM user_sessions WHERE user_id = $1`, uid); n != 0 {
		t.Errorf("disabled user keeps %d sessions", n)
	}
}

// TestTokenRenewedAtLogin: the anonymous token is not kept after sign-in.
func TestTokenRenewedAtLogin(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	c := h.client()
	// Force an anonymous session to exist (a failed login leaves none, so put a flash).
	c.get("/login")
	u, _ := url.Parse(h.ts.URL)
	c.login("office", demo.Password)
	after := c.http.Jar.Cookies(u)
	if len(after) != 1 || after[0].Value == "" {
		t.Fatalf("cookies after login: %v", after)
	}
	if n := scalar[int](h, `SELECT count(*) FROM sessions WHERE token_hash = $1`, store.TokenHash(after[0].Value)); n != 1 {
		t.Errorf("session row for the new token: %d", n)
	}
}

// TestCrossOrigin: unsafe cross-origin requests are refused before any
// handler runs.
func TestCrossOrigin(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	c := h.as("office")
	cases := []struct {
		name    string
		headers map[string]string
		want    int
	}{
		{"sec-fetch cross-site", map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"sec-fetch same-site", map[string]string{"Sec-Fetch-Site": "same-site"}, http.StatusForbidden},
		{"foreign origin", map[string]string{"Origin": "http://evil.example"}, http.StatusForbidden},
		{"same origin", map[string]string{"Sec-Fetch-Site": "same-origin"}, http.StatusBadRequest},
		{"no headers", nil, http.StatusBadRequest},
	}
	for _, tc := range cases {
		req, _ := http.NewRequest(http.MethodPost, h.ts.URL+"/role", strings.NewReader("key=nope"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range tc.headers {
			req.Header.Set(k, v)
		}
		if r := c.do(req); r.status != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, r.status, tc.want)
		}
	}
}

// TestSecurityHeaders: every route carries the headers; signed-in pages are
// not cacheable; static files are, for a year.
func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	c := h.as("admin")
	for _, path := range []string{"/", "/login", "/healthz", "/readyz", "/audit", "/no-such-page", web.Asset("app.css")} {
		r := c.get(path)
		csp := r.header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP allows unsafe code: %q", path, csp)
		}
		if r.header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", path)
		}
		if r.header.Get("Referrer-Policy") == "" {
			t.Errorf("%s: no Referrer-Policy", path)
		}
	}
	for _, path := range []string{"/", "/audit", "/password"} {
		if cc := c.get(path).header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s: Cache-Control %q, want no-store", path, cc)
		}
	}
	if cc := c.get(web.Asset("app.css")).header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("static: Cache-Control %q", cc)
	}
	// No inline script or style anywhere in a page.
	body := c.get("/").body
	if strings.Contains(body, "<script>") || strings.Contains(body, " style=") || strings.Contains(body, "<style") {
		t.Error("page has inline script or style")
	}
}

// TestMustChangePassword: an account made by an administrator must change
// its password before anything else.
func TestMustChangePassword(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	if _, err := h.db.Pool.Exec(context.Background(), `UPDATE users SET must_change_password = true WHERE username = 'office'`); err != nil {
		t.Fatal(err)
	}
	c := h.client()
	r := c.post("/login", url.Values{"username": {"office"}, "password": {demo.Password}})
	if r.header.Get("Location") != "/password" {
		t.Fatalf("login redirects to %q, want /password", r.header.Get("Location"))
	}
	if r := c.get("/"); r.header.Get("Location") != "/password" {
		t.Fatalf("home redirects to %q, want /password", r.header.Get("Location"))
	}
	// Bad input keeps the user on the form with Chinese messages.
	r = c.post("/password", url.Values{"current": {demo.Password}, "new": {"short"}, "confirm": {"other"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "至少需要 8 个字符") || !strings.Contains(r.body, "不一致") {
		t.Fatalf("bad new password: %d", r.status)
	}
	const next = "Neue-Passwort-2026"
	r = c.post("/password", url.Values{"current": {demo.Password}, "new": {next}, "confirm": {next}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/" {
		t.Fatalf("change: %d %q", r.status, r.header.Get("Location"))
	}
	if r := c.get("/"); r.status != http.StatusOK || !strings.Contains(r.body, "密码已修改") {
		t.Fatalf("home after change: %d", r.status)
	}
	h.client().login("office", next)
	if r := h.client().post("/login", url.Values{"username": {"office"}, "password": {demo.Password}}); r.status != http.StatusUnauthorized {
		t.Errorf("old password still works: %d", r.status)
	}
}

// TestPasswordChangeEndsOtherSessions: a changed password signs out the
// user's other browsers.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	other := h.as("office")
	mine := h.as("office")
	const next = "Another-Pass-2026"
	if r := mine.post("/password", url.Values{"current": {demo.Password}, "new": {next}, "confirm": {next}}); r.status != http.StatusSeeOther {
		t.Fatalf("change: %d", r.status)
	}
	if r := other.get("/"); r.status != http.StatusSeeOther {
		t.Errorf("other session still works: %d", r.status)
	}
	if r := mine.get("/"); r.status != http.StatusOK {
		t.Errorf("own session ended: %d", r.status)
	}
}

// TestRoleSwitch: a user with two assignments switches; the token renews
// and the home page follows.
func TestRoleSwitch(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	if _, err := h.db.Pool.Exec(context.Background(), `
		INSERT INTO role_assignments (user_id, role, school_id) SELECT id, 'school_leader', $1 FROM users WHERE username = 'teacher'`, f.officeSchool); err != nil {
		t.Fatal(err)
	}
	c := h.as("teacher")
	home := c.get("/")
	if !strings.Contains(home.body, "本校班级") {
		t.Fatalf("default assignment should be the broader school_leader: %s", home.body[:200])
	}
	u, _ := url.Parse(h.ts.URL)
	before := c.http.Jar.Cookies(u)[0].Value
	if r := c.post("/role", url.Values{"key": {fmt.Sprint("ct", f.officeSchool)}}); r.status != http.StatusSeeOther {
		t.Fatalf("switch: %d", r.status)
	}
	if after := c.http.Jar.Cookies(u)[0].Value; after == before {
		t.Error("token not renewed on role switch")
	}
	if r := c.get("/"); !strings.Contains(r.body, "我的班级") {
		t.Error("home after switch is not the class teacher's")
	}
	if n := scalar[int](h, `SELECT count(*) FROM audit.events WHERE action = 'role.switch'`); n != 1 {
		t.Errorf("%d role.switch audit rows", n)
	}
	// A removed assignment takes effect at the next request.
	if _, err := h.db.Pool.Exec(context.Background(), `DELETE FROM class_staff WHERE user_id = (SELECT id FROM users WHERE username = 'teacher')`); err != nil {
		t.Fatal(err)
	}
	if r := c.get("/"); !strings.Contains(r.body, "本校班级") {
		t.Error("removed class-teacher duty still in effect")
	}
}

// TestLoginAudited: sign-in and sign-out write audit rows with the IP.
func TestLoginAudited(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	c := h.as("admin")
	c.post("/logout", nil)
	for _, action := range []string{"login", "logout"} {
		n := scalar[int](h, `SELECT count(*) FROM audit.events WHERE action = $1 AND result = 'success' AND actor_name = 'admin' AND ip = '127.0.0.1'`, action)
		if n != 1 {
			t.Errorf("%s: %d audit rows, want 1", action, n)
		}
	}
}

// TestAuditPage: the admin filters by user and action; bad dates are
// explained next to the field.
func TestAuditPage(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	h.as("teacher")
	h.as("office")
	c := h.as("admin")
	r := c.get("/audit?actor=teacher&action=login")
	if r.status != http.StatusOK || !strings.Contains(r.body, "teacher") || strings.Contains(r.body, ">office<") {
		t.Errorf("filter by actor: %d", r.status)
	}
	r = c.get("/audit?from=2026-13-01")
	if r.status != http.StatusOK || !strings.Contains(r.body, "日期格式") {
		t.Errorf("bad date: %d", r.status)
	}
	r = c.get(fmt.Sprintf("/audit?from=%s", time.Now().In(time.UTC).AddDate(0, 0, 2).Format("2006-01-02")))
	if !strings.Contains(r.body, "没有符合条件的记录") {
		t.Error("future filter should be empty")
	}
}

// TestAuditAppendOnly: the database itself refuses to change audit rows.
func TestAuditAppendOnly(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	h.as("admin")
	ctx := context.Background()
	if _, err := h.db.Pool.Exec(ctx, `UPDATE audit.events SET result = 'success'`); err == nil {
		t.Error("UPDATE of audit rows succeeded")
	}
	if _, err := h.db.Pool.Exec(ctx, `DELETE FROM audit.events`); err == nil {
		t.Error("DELETE of audit rows succeeded")
	}
	if _, err := h.db.Pool.Exec(ctx, `TRUNCATE audit.events`); err == nil {
		t.Error("TRUNCATE of audit rows succeeded")
	}
}

// TestNoChildDataInLogs: after a tour of the pages the log holds no
// student's name or guardian's phone.
func TestNoChildDataInLogs(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	for _, u := range []string{"admin", "office", "teacher", "subject"} {
		c := h.as(u)
		c.get("/")
		c.get(fmt.Sprintf("/classes/%d", f.teacherClass))
		c.get(fmt.Sprintf("/students/%d", f.teacherStudent))
		c.get(fmt.Sprintf("/students/%d", f.otherStudent))
	}
	logs := h.logs.String()
	if !strings.Contains(logs, `"route":"/students/{studentID}"`) {
		t.Fatal("the access log was not written")
	}
	rows, err := h.db.Pool.Query(context.Background(), `
		SELECT s.name, g.phone FROM students s JOIN guardians g ON g.student_id = s.id WHERE s.class_id = $1`, f.teacherClass)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, phone string
		if err := rows.Scan(&name, &phone); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(logs, name) || (phone != "" && strings.Contains(logs, phone)) {
			t.Errorf("log contains a child's data")
		}
	}
}

// TestLoginRateLimit: past the per-IP limit, sign-in posts get the Chinese
// 429 page without the password being checked.
func TestLoginRateLimit(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{LoginPerMinute: 3})
	c := h.client()
	for i := 0; i < 3; i++ {
		if r := c.post("/login", url.Values{"username": {"nobody"}, "password": {"x"}}); r.status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i+1, r.status)
		}
	}
	r := c.post("/login", url.Values{"username": {"office"}, "password": {demo.Password}})
	if r.status != http.StatusTooManyRequests || !strings.Contains(r.body, "操作过于频繁") {
		t.Errorf("past the limit: %d", r.status)
	}
	// Pages other than the sign-in post are not limited.
	if r := c.get("/login"); r.status != http.StatusOK {
		t.Errorf("GET /login limited: %d", r.status)
	}
}

// TestPagesCarryLength: a rendered page goes out with its length, not
// chunked (a chunked page cost the server more writes and the client the
// chunks' parsing), error pages too.
func TestPagesCarryLength(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	c := h.as("admin")
	for _, path := range []string{"/", "/audit", "/no-such-page"} {
		for _, enc := range []string{"identity", "gzip"} {
			// Set by hand, Accept-Encoding keeps Go's client from
			// unzipping: the body read is what was sent.
			req, _ := http.NewRequest(http.MethodGet, h.ts.URL+path, nil)
			req.Header.Set("Accept-Encoding", enc)
			r := c.do(req)
			if got, want := r.header.Get("Content-Length"), strconv.Itoa(len(r.body)); got != want {
				t.Errorf("%s (%s): Content-Length %q, want %s", path, enc, got, want)
			}
		}
	}
}

// TestBadCharactersAtTheEdge: a NUL byte or bytes that are not UTF-8 (which
// PostgreSQL refuses as text) in a form field come back as that field's
// Chinese message with the rest of what was typed, not a 500, and nothing
// is saved; at /login the attempt is audited; in a query string (the
// students' search, kept in the session) a Chinese 400 before any handler,
// and the list works on.
func TestBadCharactersAtTheEdge(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)

	anon := h.client()
	if r := anon.post("/login", url.Values{"username": {"tea\x00cher"}, "password": {"x"}}); r.status != http.StatusUnauthorized || !strings.Contains(r.body, "无法识别的字符") {
		t.Errorf("login with a NUL: %d, want 401 with the message", r.status)
	}
	if n := scalar[int](h, `SELECT count(*) FROM audit.events WHERE action = 'login' AND details->>'reason' = 'bad_characters' AND actor_name = 'teacher'`); n != 1 {
		t.Errorf("%d audited attempts with bad characters, want 1 (named as typed, cleaned)", n)
	}

	teacher := h.as("teacher")
	before := scalar[int](h, `SELECT count(*) FROM visits`)
	form := visitForm(f.teacherStudent, teacher.formToken(fmt.Sprintf("/students/%d/visits/new", f.teacherStudent)))
	form.Set("mind", "不太爱说话\x00")
	form.Set("life", "周末\xff\xfe看手机")
	r := teacher.postMultipart("/visits", form)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, badTextMessage) || !strings.Contains(r.body, "作业按时完成") {
		t.Errorf("visit with a NUL: %d, want 422 with the message and the typed text kept", r.status)
	}
	if n := scalar[int](h, `SELECT count(*) FROM visits`); n != before {
		t.Errorf("%d visits saved from a form with bad characters", n-before)
	}

	office := h.as("office")
	path := fmt.Sprintf("/students/%d/edit", f.teacherStudent)
	v, _ := formState(t, office.get(path))
	edit := editForm(h, f.teacherStudent, v)
	edit.Set("address", "城关镇\xc3")
	if r := office.post(path, edit); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, badTextMessage) {
		t.Errorf("student edit with invalid UTF-8: %d, want 422 with the message", r.status)
	}

	base := fmt.Sprintf("/ledger/%d", f.teacherEntry)
	version := scalar[int](h, `SELECT version FROM ledger_entries WHERE id = $1`, f.teacherEntry)
	if r := office.post(base+"/close", url.Values{"version": {fmt.Sprint(version)}, "status": {"resolved"}, "closing_note": {"好转\x00"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("close note with a NUL: %d, want 422", r.status)
	}
	if st := scalar[string](h, `SELECT status FROM ledger_entries WHERE id = $1`, f.teacherEntry); st == "resolved" {
		t.Error("the entry was closed from a note with a NUL")
	}

	if r := office.get("/students?q=%00"); r.status != http.StatusBadRequest || !strings.Contains(r.body, "无法识别的字符") {
		t.Errorf("search with a NUL: %d, want 400 with the message", r.status)
	}
	if r := office.get("/students?q=%FF"); r.status != http.StatusBadRequest {
		t.Errorf("search with invalid UTF-8: %d, want 400", r.status)
	}
	if r := office.get("/students"); r.status != http.StatusOK {
		t.Errorf("the list after a bad search: %d, want 200", r.status)
	}
}

func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{"张三": "张三", "a\x00b": "ab", "\xff张\xfe": "张", "": ""} {
		got, ok := cleanText(in)
		if got != want || ok != (in == want) {
			t.Errorf("cleanText(%q) = %q, %v; want %q, %v", in, got, ok, want, in == want)
		}
	}
}
