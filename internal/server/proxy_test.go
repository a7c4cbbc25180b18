package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"xietong/internal/clientip"
)

// postLoginFrom posts a failed sign-in carrying X-Forwarded-For xff (none
// when empty).
func postLoginFrom(h *harness, xff string) int {
	h.t.Helper()
	form := url.Values{"username": {"nobody"}, "password": {"wrong-password"}}
	req, _ := http.NewRequest(http.MethodPost, h.ts.URL+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	return h.client().do(req).status
}

// TestTrustedProxy: behind a configured proxy (the test's peer, 127.0.0.1)
// the audit log records the client the proxy names, and the per-IP sign-in
// limit counts each client apart: one school's failures do not throttle
// another's. A header that a client wrote further left is not believed.
func TestTrustedProxy(t *testing.T) {
	t.Parallel()
	proxies, err := clientip.Parse("127.0.0.1/32, ::1")
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Config{TrustedProxies: proxies, LoginPerMinute: 3})
	for i := 0; i < 3; i++ {
		if s := postLoginFrom(h, "6.6.6.6, 198.51.100.7"); s != http.StatusUnauthorized {
			t.Fatalf("attempt %d from school A: %d", i+1, s)
		}
	}
	if s := postLoginFrom(h, "198.51.100.7"); s != http.StatusTooManyRequests {
		t.Errorf("fourth attempt from school A: %d, want 429", s)
	}
	if s := postLoginFrom(h, "203.0.113.9"); s != http.StatusUnauthorized {
		t.Errorf("school B throttled by school A's failures: %d", s)
	}
	if n := scalar[int](h, `SELECT count(*) FROM audit.events WHERE action = 'login' AND ip = '198.51.100.7'`); n != 3 {
		t.Errorf("%d login audit rows name school A's client, want 3", n)
	}
	if n := scalar[int](h, `SELECT count(*) FROM audit.events WHERE action = 'login' AND ip IN ('6.6.6.6', '127.0.0.1')`); n != 0 {
		t.Errorf("%d login audit rows name the forged or the proxy's address", n)
	}
}

// TestUntrustedForwardedFor: with no trusted proxy, X-Forwarded-For is a
// client's claim and ignored: the audit log records the peer, and changing
// the header does not escape the per-IP limit.
func TestUntrustedForwardedFor(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{LoginPerMinute: 3})
	for i, xff := range []string{"198.51.100.1", "198.51.100.2", "198.51.100.3"} {
		if s := postLoginFrom(h, xff); s != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i+1, s)
		}
	}
	if s := postLoginFrom(h, "198.51.100.4"); s != http.StatusTooManyRequests {
		t.Errorf("a forged X-Forwarded-For escaped the per-IP limit: %d, want 429", s)
	}
	if n := scalar[int](h, `SELECT count(*) FROM audit.events WHERE action = 'login' AND ip LIKE '198.51.100.%'`); n != 0 {
		t.Errorf("%d audit rows took a forged X-Forwarded-For", n)
	}
	if n := scalar[int](h, `SELECT count(*) FROM audit.events WHERE action = 'login' AND ip = '127.0.0.1'`); n != 3 {
		t.Errorf("%d audit rows name the peer, want 3", n)
	}
}
