package server

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"xietong/internal/calendar"
	"xietong/internal/dbtest"
	"xietong/internal/demo"
	"xietong/internal/store"
)

// demoNow is inside the first term of 2026—2027, like the real today.
var demoNow = time.Date(2026, 11, 29, 10, 0, 0, 0, calendar.Shanghai)

// harness is one server over one fresh database seeded with a small demo
// county (the six demo accounts included).
type harness struct {
	t    *testing.T
	db   *dbtest.DB
	st   *store.Store
	srv  *Server
	ts   *httptest.Server
	logs *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newHarness(t *testing.T, cfg Config) *harness {
	t.Helper()
	db := dbtest.New(t)
	st := store.New(db.Pool)
	if _, err := demo.Seed(context.Background(), st, demo.Options{Schools: 3, Students: 240}); err != nil {
		t.Fatalf("seed: %v", err)
	}
	return newHarnessOn(t, db, st, cfg)
}

func newHarnessOn(t *testing.T, db *dbtest.DB, st *store.Store, cfg Config) *harness {
	t.Helper()
	if cfg.Now == nil {
		cfg.Now = func() time.Time { return demoNow }
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := New(cfg, st, log)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &harness{t: t, db: db, st: st, srv: srv, ts: ts, logs: logs}
}

// client is a browser-like client that does not follow redirects, so tests
// see the 303s.
type client struct {
	h    *harness
	http *http.Client
}

func (h *harness) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{h: h, http: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       30 * time.Second,
	}}
}

// resp is a read response.
type resp struct {
	status int
	header http.Header
	body   string
}

func (c *client) do(req *http.Request) resp {
	c.h.t.Helper()
	res, err := c.http.Do(req)
	if err != nil {
		c.h.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{status: res.StatusCode, header: res.Header, body: string(b)}
}

func (c *client) get(path string) resp {
	c.h.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.h.ts.URL+path, nil)
	return c.do(req)
}

func (c *client) post(path string, form url.Values) resp {
	c.h.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.h.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// login signs in and fails the test unless it succeeds.
func (c *client) login(username, password string) {
	c.h.t.Helper()
	r := c.post("/login", url.Values{"username": {username}, "password": {password}})
	if r.status != http.StatusSeeOther {
		c.h.t.Fatalf("login %s: status %d", username, r.status)
	}
}

// as returns a client signed in as a demo account.
func (h *harness) as(username string) *client {
	h.t.Helper()
	c := h.client()
	if username != "" {
		c.login(username, demo.Password)
	}
	return c
}

// scalar runs a query returning one value.
func scalar[T any](h *harness, sql string, args ...any) T {
	h.t.Helper()
	var v T
	if err := h.db.Pool.QueryRow(context.Background(), sql, args...).Scan(&v); err != nil {
		h.t.Fatalf("%s: %v", sql, err)
	}
	return v
}

var tokenRe = regexp.MustCompile(`name="form_token" value="([0-9a-f]{32})"`)

// formToken fetches a page and returns the one-time token of its form.
func (c *client) formToken(path string) string {
	c.h.t.Helper()
	r := c.get(path)
	m := tokenRe.FindStringSubmatch(r.body)
	if r.status != http.StatusOK || m == nil {
		c.h.t.Fatalf("GET %s: status %d, no form token", path, r.status)
	}
	return m[1]
}

// exec runs a statement on the test's database, failing the test on error.
func (h *harness) exec(sql string, args ...any) {
	h.t.Helper()
	if _, err := h.db.Pool.Exec(context.Background(), sql, args...); err != nil {
		h.t.Fatalf("%s: %v", sql, err)
	}
}
