package bench

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"xietong/internal/auth"
	"xietong/internal/dbtest"
	"xietong/internal/demo"
	"xietong/internal/loadgen"
	"xietong/internal/store"
)

const (
	users = 16
	// Each scenario runs rounds × round, interleaved with the others.
	rounds = 3
	round  = 3 * time.Second
)

// repoRoot is the module's root directory.
func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// serverProcess is the binary serving the bench database.
type serverProcess struct {
	cmd  *exec.Cmd
	base string
}

func startServer(b *testing.B, dbURL string) *serverProcess {
	b.Helper()
	bin := filepath.Join(b.TempDir(), "xietong")
	build := exec.Command("go", "build", "-o", bin, "./cmd/xietong")
	build.Dir = repoRoot()
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve", "--bench-yardstick", "--log-level", "error", "--addr", addr, "--database-url", dbURL)
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	// The server prints its address once it listens.
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "serving") {
				close(ready)
				break
			}
		}
		for sc.Scan() {
		}
	}()
	select {
	case <-ready:
	case <-time.After(60 * time.Second):
		b.Fatal("server did not start")
	}
	return &serverProcess{cmd: cmd, base: "http://" + addr}
}

// signIn gives each of the usernames a signed-in HTTP client.
func (sp *serverProcess) signIn(b *testing.B, usernames []string) []*loadgen.User {
	b.Helper()
	var out []*loadgen.User
	for i, name := range usernames {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{
			Jar:           jar,
			Timeout:       30 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
			Transport:     &http.Transport{MaxIdleConnsPerHost: 4},
		}
		res, err := c.PostForm(sp.base+"/login", url.Values{"username": {name}, "password": {demo.Password}})
		if err != nil {
			b.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther {
			b.Fatalf("sign in %s: %d", name, res.StatusCode)
		}
		out = append(out, &loadgen.User{ID: i, Client: c})
	}
	return out
}

// scenario is one measured page or form.
type scenario struct {
	name string
	req  loadgen.Request
	ok   []int
}

func get(base string, path func(u *loadgen.User, i int) string) loadgen.Request {
	return func(ctx context.Context, u *loadgen.User, i int) (*http.Request, error) {
		return http.NewRequestWithContext(ctx, http.MethodGet, base+path(u, i), nil)
	}
}

var tokenRE = regexp.MustCompile(`name="form_token" value="([0-9a-f]{32})"`)

// postForm fetches a form page (not timed) for a fresh token, then times
// the POST. The GET happens inside the request builder, so it is outside the
// measured span.
func postForm(base, formPath, action string, fields func(u *loadgen.User, i int) url.Values) loadgen.Request {
	return func(ctx context.Context, u *loadgen.User, i int) (*http.Request, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+formPath, nil)
		res, err := u.Client.Do(req)
		if err != nil {
			return nil, err
		}
		var sb strings.Builder
		_, _ = bufio.NewReader(res.Body).WriteTo(&sb)
		res.Body.Close()
		m := tokenRE.FindStringSubmatch(sb.String())
		if m == nil {
			return nil, fmt.Errorf("no form token on %s (status %d)", formPath, res.StatusCode)
		}
		v := fields(u, i)
		v.Set("form_token", m[1])
		post, err := http.NewRequestWithContext(ctx, http.MethodPost, base+action, strings.NewReader(v.Encode()))
		if err != nil {
			return nil, err
		}
		post.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return post, nil
	}
}

// teachersWithPasswords gives n class teachers of the current term the demo
// password, so the load comes from many classes, and returns their names.
func teachersWithPasswords(b *testing.B, db *dbtest.DB, n int) []string {
	b.Helper()
	ctx := context.Background()
	hash, err := auth.HashPassword(ctx, demo.Password)
	if err != nil {
		b.Fatal(err)
	}
	rows, err := db.Pool.Query(ctx, `
		UPDATE users SET password_hash = $1 WHERE id IN (
			SELECT DISTINCT user_id FROM class_staff WHERE duty = 'class_teacher' ORDER BY user_id LIMIT $2)
		RETURNING username`, hash, n)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			b.Fatal(err)
		}
		names = append(names, s)
	}
	if len(names) < n {
		b.Fatalf("only %d class teachers", len(names))
	}
	return names
}

// BenchmarkServer measures the pages at 16 concurrent users against the
// yardstick, prints the table and fails when a target is missed.
func BenchmarkServer(b *testing.B) {
	db := dbtest.New(b)
	ctx := context.Background()
	st := store.New(db.Pool)
	start := time.Now()
	if _, err := demo.Seed(ctx, st, demo.Options{Schools: 100, Students: 60000}); err != nil {
		b.Fatal(err)
	}
	if _, err := db.Pool.Exec(ctx, "VACUUM ANALYZE"); err != nil {
		b.Fatal(err)
	}
	b.Logf("dataset: %s", time.Since(start).Round(time.Millisecond))
	teachers := teachersWithPasswords(b, db, users)
	sp := startServer(b, db.URL)
	teacherUsers := sp.signIn(b, teachers)
	leaders := make([]string, users)
	for i := range leaders {
		leaders[i] = "leader"
	}
	leaderUsers := sp.signIn(b, leaders)

	scenarios := []struct {
		scenario
		users []*loadgen.User
	}{
		{scenario{name: "yardstick page", req: get(sp.base, func(*loadgen.User, int) string { return "/bench/yardstick" })}, teacherUsers},
		{scenario{name: "yardstick POST", ok: []int{http.StatusSeeOther},
			req: postForm(sp.base, "/bench/yardstick", "/bench/yardstick", func(*loadgen.User, int) url.Values { return url.Values{} })}, teacherUsers},
		{scenario{name: "teacher class page", req: get(sp.base, func(*loadgen.User, int) string { return "/" })}, teacherUsers},
		{scenario{name: "county schools page", req: get(sp.base, func(*loadgen.User, int) string { return "/" })}, leaderUsers},
	}
	runs := map[string][]loadgen.Result{}
	b.ResetTimer()
	for range rounds {
		for _, sc := range scenarios {
			ok := sc.ok
			if ok == nil {
				ok = []int{http.StatusOK}
			}
			runs[sc.name] = append(runs[sc.name], loadgen.Run(ctx, sc.name, sc.users, round, sc.req, ok...))
		}
	}
	results := map[string]loadgen.Result{}
	var ordered []loadgen.Result
	for _, sc := range scenarios {
		r := loadgen.Merge(runs[sc.name]...)
		if r.Errors > 0 {
			b.Errorf("%s: %d errors, first: %s", sc.name, r.Errors, r.FirstError)
		}
		results[sc.name] = r
		ordered = append(ordered, r)
	}
	b.StopTimer()
	rss, err := loadgen.PeakRSS(sp.cmd.Process.Pid)
	if err != nil {
		b.Fatal(err)
	}
	report := loadgen.Table(ordered) + fmt.Sprintf("\nserver peak memory (VmHWM): %.0f MB; %d concurrent users; %d interleaved rounds of %s per scenario\n", float64(rss)/(1<<20), users, rounds, round)
	fmt.Println(report)
	dir := filepath.Join(repoRoot(), "test-output")
	_ = os.MkdirAll(dir, 0o755)
	_ = os.WriteFile(filepath.Join(dir, "bench.md"), []byte(report), 0o644)

	page, post := results["yardstick page"], results["yardstick POST"]
	for _, name := range []string{"teacher class page"} {
		r := results[name]
		if r.RPS < 0.5*page.RPS {
			b.Errorf("%s: %.0f req/s is under half the yardstick's %.0f", name, r.RPS, page.RPS)
		}
		if r.P99 > 3*page.P99 {
			b.Errorf("%s: p99 %s is over 3× the yardstick's %s", name, r.P99, page.P99)
		}
	}
	_ = post
	if rss > 150<<20 {
		b.Errorf("server peak memory %d MB over 150 MB", rss>>20)
	}
}
