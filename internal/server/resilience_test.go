package server

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"xietong/internal/database"
	"xietong/internal/demo"
	"xietong/internal/store"
)

// tcpProxy forwards to the database and can be cut and restored, to play a
// database outage without touching the shared server.
type tcpProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	up     bool
	conns  []net.Conn
}

func newProxy(t *testing.T, target string) *tcpProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &tcpProxy{ln: ln, target: target, up: true}
	t.Cleanup(func() { ln.Close(); p.cut() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.mu.Lock()
			up := p.up
			p.mu.Unlock()
			if !up {
				c.Close()
				continue
			}
			d, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, d)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(d, c); d.Close() }()
			go func() { _, _ = io.Copy(c, d); c.Close() }()
		}
	}()
	return p
}

func (p *tcpProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.up = false
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func (p *tcpProxy) restore() {
	p.mu.Lock()
	p.up = true
	p.mu.Unlock()
}

// TestDatabaseOutage: with the database gone, pages answer 503 in Chinese
// with no Go or SQL text, /readyz is 503 and /healthz 200; when it returns,
// everything recovers by itself.
func TestDatabaseOutage(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	u, err := url.Parse(h.db.URL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := newProxy(t, u.Host)
	u.Host = proxy.ln.Addr().String()
	pool, err := database.Open(context.Background(), u.String(), database.Options{ConnectTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	hp := newHarnessOn(t, h.db, store.New(pool), Config{})
	c := hp.as("office")
	if r := c.get("/"); r.status != http.StatusOK {
		t.Fatalf("before outage: %d", r.status)
	}

	proxy.cut()
	r := c.get("/")
	if r.status != http.StatusServiceUnavailable {
		t.Fatalf("during outage: status %d, want 503", r.status)
	}
	if !strings.Contains(r.body, "系统暂时不可用") {
		t.Error("503 page is not the Chinese one")
	}
	for _, leak := range []string{"pgx", "SQL", "dial", "connection", "panic", "goroutine", "127.0.0.1"} {
		if strings.Contains(r.body, leak) {
			t.Errorf("503 page leaks %q", leak)
		}
	}
	if r := c.get("/readyz"); r.status != http.StatusServiceUnavailable {
		t.Errorf("readyz during outage: %d", r.status)
	}
	if r := c.get("/healthz"); r.status != http.StatusOK {
		t.Errorf("healthz during outage: %d", r.status)
	}
	if r := hp.client().post("/login", url.Values{"username": {"office"}, "password": {demo.Password}}); r.status != http.StatusServiceUnavailable {
		t.Errorf("login during outage: %d", r.status)
	}

	proxy.restore()
	deadline := time.Now().Add(10 * time.Second)
	for {
		r := c.get("/")
		if r.status == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no recovery: last status %d", r.status)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if r := c.get("/readyz"); r.status != http.StatusOK {
		t.Errorf("readyz after recovery: %d", r.status)
	}
}

// TestGracefulShutdown: on shutdown /readyz turns 503 while an in-flight
// request still finishes, and Serve returns cleanly.
func TestGracefulShutdown(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{DrainDelay: 300 * time.Millisecond})
	release := make(chan struct{})
	started := make(chan struct{})
	mux := http.NewServeMux()
	mux.Handle("/", h.srv.Handler())
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
		_, _ = w.Write([]byte("finished"))
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- h.srv.Serve(ctx, ln, mux) }()

	slow := make(chan string, 1)
	go func() {
		res, err := http.Get(base + "/slow")
		if err != nil {
			slow <- "error: " + err.Error()
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		slow <- string(b)
	}()
	<-started
	cancel()
	time.Sleep(50 * time.Millisecond)
	res, err := http.Get(base + "/readyz")
	if err != nil {
		t.Fatalf("readyz while draining: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("readyz while draining: %d, want 503", res.StatusCode)
	}
	time.Sleep(400 * time.Millisecond) // past the drain delay: Shutdown is waiting on /slow
	close(release)
	if got := <-slow; got != "finished" {
		t.Errorf("in-flight request: %q", got)
	}
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return")
	}
}

// TestPanicPage: a panic becomes the Chinese 500 page without a stack.
func TestPanicPage(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	hh := h.srv.recoverPanic(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom: SELECT secret") }))
	rec := &recorder{header: http.Header{}}
	req, _ := http.NewRequest(http.MethodGet, "/x", nil)
	hh.ServeHTTP(rec, req)
	if rec.status != http.StatusInternalServerError || !strings.Contains(rec.body.String(), "系统出错了") {
		t.Fatalf("panic: %d", rec.status)
	}
	if strings.Contains(rec.body.String(), "boom") || strings.Contains(rec.body.String(), "SELECT") {
		t.Error("panic text reached the page")
	}
	if !strings.Contains(h.logs.String(), "boom") {
		t.Error("panic not logged")
	}
}

type recorder struct {
	header http.Header
	status int
	body   strings.Builder
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(s int)           { r.status = s }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
