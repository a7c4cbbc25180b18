package bench

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"xietong/internal/auth"
	"xietong/internal/dbtest"
	"xietong/internal/demo"
	"xietong/internal/loadgen"
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
	cmd   *exec.Cmd
	base  string
	pprof string // the profiler's base URL, when XIETONG_BENCH_PPROF is set
}

func startServer(b *testing.B, dbURL string) *serverProcess {
	b.Helper()
	bin := filepath.Join(b.TempDir(), "xietong")
	build := exec.Command("go", "build", "-tags", "bench", "-o", bin, "./cmd/xietong")
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
	// The load generator stands for the proxy in front of the app: the
	// parents' opinion POST names its phone's address in X-Forwarded-For,
	// which the per-address limit reads.
	args := []string{"serve", "--log-level", "error", "--addr", addr, "--database-url", dbURL, "--trusted-proxies", "127.0.0.1"}
	pprofBase := ""
	if os.Getenv("XIETONG_BENCH_PPROF") != "" {
		pl, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		pprofBase = "http://" + pl.Addr().String()
		args = append(args, "--bench-pprof", pl.Addr().String())
		pl.Close()
	}
	cmd := exec.Command(bin, args...)
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
	return &serverProcess{cmd: cmd, base: "http://" + addr, pprof: pprofBase}
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

// profile takes a CPU profile of the server while the scenario name runs,
// into XIETONG_BENCH_PPROF/<name>.pprof (`go tool pprof` reads it); nil
// when profiling is off.
func (sp *serverProcess) profile(b *testing.B, name string) chan struct{} {
	if sp.pprof == "" {
		return nil
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		secs := int(round/time.Second) - 1
		res, err := http.Get(fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", sp.pprof, max(secs, 1)))
		if err != nil {
			b.Logf("profile %s: %v", name, err)
			return
		}
		defer res.Body.Close()
		dir := os.Getenv("XIETONG_BENCH_PPROF")
		_ = os.MkdirAll(dir, 0o755)
		f, err := os.Create(filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+".pprof"))
		if err != nil {
			b.Logf("profile %s: %v", name, err)
			return
		}
		defer f.Close()
		_, _ = io.Copy(f, res.Body)
	}()
	return done
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

// postForm times a form submission. The one-time token is made here, as
// the page would have made it: the server accepts any fresh well-formed
// token and claims it in the write's transaction, so no page needs to be
// fetched first and the timing is the POST alone.
func postForm(base, action string, fields func(u *loadgen.User, i int) url.Values) loadgen.Request {
	return func(ctx context.Context, u *loadgen.User, i int) (*http.Request, error) {
		var tok [16]byte
		_, _ = rand.Read(tok[:])
		v := fields(u, i)
		v.Set("form_token", hex.EncodeToString(tok[:]))
		post, err := http.NewRequestWithContext(ctx, http.MethodPost, base+action, strings.NewReader(v.Encode()))
		if err != nil {
			return nil, err
		}
		post.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return post, nil
	}
}

// usersWithPasswords gives the demo password to n accounts picked by query
// (which returns user ids) and returns their usernames.
func usersWithPasswords(b *testing.B, db *dbtest.DB, n int, query string) []string {
	b.Helper()
	ctx := context.Background()
	hash, err := auth.HashPassword(ctx, demo.Password)
	if err != nil {
		b.Fatal(err)
	}
	rows, err := db.Pool.Query(ctx, `UPDATE users SET password_hash = $1 WHERE id IN (`+query+` LIMIT $2) RETURNING username`, hash, n)
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
		b.Fatalf("only %d accounts for %s", len(names), query)
	}
	return names
}

// withData attaches per-user data looked up by username.
func withData[T any](b *testing.B, db *dbtest.DB, us []*loadgen.User, names []string, query string) {
	b.Helper()
	for i, u := range us {
		var v T
		if err := db.Pool.QueryRow(context.Background(), query, names[i]).Scan(&v); err != nil {
			b.Fatalf("%s for %s: %v", query, names[i], err)
		}
		u.Data = v
	}
}

// county is the benchmark county: built afresh (about four minutes), or,
// when XIETONG_BENCH_COUNTY names a database on the test server that an
// earlier run built (kept after a failed run, then renamed), a copy of it,
// for quick iterations on one change.
func county(b *testing.B) *dbtest.DB {
	b.Helper()
	if name := os.Getenv("XIETONG_BENCH_COUNTY"); name != "" {
		b.Logf("county: a copy of database %s", name)
		return dbtest.Clone(b, name)
	}
	db := dbtest.New(b)
	buildCounty(b, db)
	return db
}

// BenchmarkServer measures the pages of docs/performance.md at 16 concurrent users
// over the county-scale dataset, against the yardstick measured in the same
// run, prints the table and fails when a target is missed.
func BenchmarkServer(b *testing.B) {
	db := county(b)
	ctx := context.Background()
	teachers := usersWithPasswords(b, db, users, `SELECT DISTINCT cs.user_id FROM class_staff cs JOIN users u ON u.id = cs.user_id
		WHERE cs.duty = 'class_teacher' AND u.username NOT IN ('teacher') ORDER BY cs.user_id`)
	offices := usersWithPasswords(b, db, users, `SELECT user_id FROM role_assignments WHERE role = 'school_office' ORDER BY school_id`)
	sp := startServer(b, db.URL)
	if os.Getenv("XIETONG_BENCH_COUNTY") != "" {
		// The server has applied any newer migrations to the copy; a
		// rewritten table needs the statistics and visibility map that
		// buildCounty's own VACUUM gives a fresh county.
		if _, err := db.Pool.Exec(ctx, "VACUUM ANALYZE"); err != nil {
			b.Fatal(err)
		}
	}
	// Write the setup's dirty pages out now: otherwise the checkpoint the
	// build (or the copy's vacuum) brings on runs during the first
	// scenarios, and a page's figure depends on whether the disk was busy
	// with it. It needs a superuser (or pg_checkpoint); without one the
	// figures are noisier, not wrong.
	if _, err := db.Pool.Exec(ctx, "CHECKPOINT"); err != nil {
		b.Logf("no checkpoint before measuring: %v", err)
	}
	teacherUsers := sp.signIn(b, teachers)
	officeUsers := sp.signIn(b, offices)
	leaders := make([]string, users)
	for i := range leaders {
		leaders[i] = "leader"
	}
	leaderUsers := sp.signIn(b, leaders)
	supervisors := make([]string, users)
	for i := range supervisors {
		supervisors[i] = "supervisor"
	}
	supervisorUsers := sp.signIn(b, supervisors)
	staff := make([]string, users)
	for i := range staff {
		staff[i] = "staff"
	}
	staffUsers := sp.signIn(b, staff)
	// The first school's inspection of this year, which the demo schedules
	// for its today: its page reads the rubric, the school's duty statuses
	// of the year's terms from the compliance engine, scores and evidence.
	var inspectionID int64
	if err := db.Pool.QueryRow(ctx, `SELECT i.id FROM inspections i JOIN schools s ON s.id = i.school_id
		WHERE i.state = 'scheduled' ORDER BY i.scheduled_on, s.code LIMIT 1`).Scan(&inspectionID); err != nil {
		b.Fatalf("an inspection for the bench: %v", err)
	}
	// Each teacher logs visits for the students of their own class; each
	// office looks at its own school.
	withData[[]int64](b, db, teacherUsers, teachers, `SELECT array_agg(st.id ORDER BY st.id) FROM students st
		JOIN class_staff cs ON cs.class_id = st.class_id AND cs.duty = 'class_teacher' JOIN users u ON u.id = cs.user_id
		WHERE u.username = $1 AND st.status = 'enrolled' GROUP BY cs.term_id LIMIT 1`)
	withData[int64](b, db, officeUsers, offices, `SELECT ra.school_id FROM role_assignments ra JOIN users u ON u.id = ra.user_id
		WHERE u.username = $1 AND ra.role = 'school_office'`)

	// The same teachers again, each with their class (its committee page).
	classUsers := sp.signIn(b, teachers)
	withData[int64](b, db, classUsers, teachers, `SELECT cs.class_id FROM class_staff cs JOIN users u ON u.id = cs.user_id
		WHERE u.username = $1 AND cs.duty = 'class_teacher' ORDER BY cs.term_id DESC LIMIT 1`)

	// Offices of schools that have a term plan, each with its plan.
	planOffices := usersWithPasswords(b, db, users, `SELECT DISTINCT ON (ra.school_id) ra.user_id FROM role_assignments ra
		JOIN work_plans p ON p.school_id = ra.school_id WHERE ra.role = 'school_office' ORDER BY ra.school_id, ra.user_id`)
	planUsers := sp.signIn(b, planOffices)
	withData[int64](b, db, planUsers, planOffices, `SELECT p.id FROM work_plans p JOIN role_assignments ra ON ra.school_id = p.school_id
		JOIN users u ON u.id = ra.user_id WHERE u.username = $1 AND ra.role = 'school_office' ORDER BY p.id DESC LIMIT 1`)

	// Parents send opinions through their meetings' links (no sign-in):
	// each POST from a new phone (no cookie jar, so no device cookie), the
	// links of the whole-school meetings in turn, each address at most 40
	// posts (the per-address limit is 60 a minute); the user's count of
	// posts runs on over the rounds, so an address never comes back.
	var links []string
	if err := db.Pool.QueryRow(ctx, `SELECT array_agg(link_token ORDER BY id) FROM parent_meetings WHERE scope = 'school'`).Scan(&links); err != nil || len(links) == 0 {
		b.Fatalf("parents' links: %v (%d)", err, len(links))
	}
	parentUsers := make([]*loadgen.User, users)
	for i := range parentUsers {
		parentUsers[i] = &loadgen.User{ID: i, Data: new(int), Client: &http.Client{
			Timeout:       30 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
			Transport:     &http.Transport{MaxIdleConnsPerHost: 4},
		}}
	}
	opinionPost := func(ctx context.Context, u *loadgen.User, i int) (*http.Request, error) {
		sent := u.Data.(*int)
		k := *sent
		*sent++
		req, err := postForm(sp.base, "/p/"+links[(u.ID*131+k)%len(links)], func(*loadgen.User, int) url.Values {
			return url.Values{"body": {fmt.Sprintf("希望学校多开展亲子活动，周末开放图书室。（%d-%d）", u.ID, k)}}
		})(ctx, u, i)
		if err == nil {
			n := k / 40
			req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", u.ID, (n>>8)&255, n&255))
		}
		return req, err
	}

	studentOf := func(u *loadgen.User, i int) int64 {
		ids := u.Data.([]int64)
		return ids[i%len(ids)]
	}
	school := func(u *loadgen.User) int64 { return u.Data.(int64) }
	visitForm := func(u *loadgen.User, i int) url.Values {
		return url.Values{
			"student_ids": {fmt.Sprint(studentOf(u, i))}, "date": {"2026-11-28"}, "mode": {"onsite"}, "kind": {"routine"},
			"met": {"母亲"}, "study": {"作业按时完成"}, "problems": {"homework"},
		}
	}
	scenarios := []struct {
		scenario
		users []*loadgen.User
	}{
		{scenario{name: "yardstick page", req: get(sp.base, func(*loadgen.User, int) string { return "/bench/yardstick" })}, teacherUsers},
		{scenario{name: "yardstick POST", ok: []int{http.StatusSeeOther},
			req: postForm(sp.base, "/bench/yardstick", func(*loadgen.User, int) url.Values { return url.Values{} })}, teacherUsers},
		{scenario{name: "teacher class page", req: get(sp.base, func(*loadgen.User, int) string { return "/visits" })}, teacherUsers},
		{scenario{name: "school care check", req: get(sp.base, func(u *loadgen.User, _ int) string {
			return fmt.Sprintf("/schools/%d/care-check", school(u))
		})}, officeUsers},
		{scenario{name: "county care check", req: get(sp.base, func(*loadgen.User, int) string { return "/care-check" })}, leaderUsers},
		{scenario{name: "teacher home page", req: get(sp.base, func(*loadgen.User, int) string { return "/" })}, teacherUsers},
		{scenario{name: "office to-do list", req: get(sp.base, func(*loadgen.User, int) string { return "/todos" })}, officeUsers},
		{scenario{name: "visit POST", ok: []int{http.StatusSeeOther},
			req: postForm(sp.base, "/visits", visitForm)}, teacherUsers},
		{scenario{name: "school coverage page", req: get(sp.base, func(u *loadgen.User, _ int) string {
			return fmt.Sprintf("/coverage/schools/%d", school(u))
		})}, officeUsers},
		{scenario{name: "county coverage page", req: get(sp.base, func(*loadgen.User, int) string { return "/coverage/county" })}, leaderUsers},
		{scenario{name: "ledger list", req: get(sp.base, func(*loadgen.User, int) string { return "/ledger" })}, officeUsers},
		{scenario{name: "activities list", req: get(sp.base, func(*loadgen.User, int) string { return "/activities" })}, officeUsers},
		{scenario{name: "county activities list", req: get(sp.base, func(*loadgen.User, int) string { return "/activities" })}, leaderUsers},
		// Guidance sessions and trainings: the demo's school year of them,
		// the school's list with its term panel (R09–R11, R22), the county's
		// of every school.
		{scenario{name: "guidance list", req: get(sp.base, func(*loadgen.User, int) string { return "/guidance" })}, officeUsers},
		{scenario{name: "county guidance list", req: get(sp.base, func(*loadgen.User, int) string { return "/guidance" })}, leaderUsers},
		// Bureau lectures (R12): the bureau's list of the term's lectures
		// with every lecture's forwarding counts, and a school's list of
		// what it still has to forward and what it forwarded.
		{scenario{name: "lectures list", req: get(sp.base, func(*loadgen.User, int) string { return "/lectures" })}, staffUsers},
		{scenario{name: "school lectures to forward", req: get(sp.base, func(*loadgen.User, int) string { return "/lectures" })}, officeUsers},
		{scenario{name: "county heat map", req: get(sp.base, func(*loadgen.User, int) string { return "/compliance" })}, leaderUsers},
		{scenario{name: "county year report", req: get(sp.base, func(*loadgen.User, int) string { return "/inspections/year" })}, leaderUsers},
		// The annual inspection (#18): the supervisor's page of one school,
		// its rubric pre-filled from the records.
		{scenario{name: "inspection page", req: get(sp.base, func(*loadgen.User, int) string {
			return fmt.Sprintf("/inspections/%d", inspectionID)
		})}, supervisorUsers},
		{scenario{name: "school duty page", req: get(sp.base, func(u *loadgen.User, _ int) string {
			return fmt.Sprintf("/schools/%d/compliance", school(u))
		})}, officeUsers},
		// Term plans (#16): a school's plan against what was done (its
		// items with their states, proposals and unplanned records), and
		// the bureau's page of every school's plan state.
		{scenario{name: "plan page", req: get(sp.base, func(u *loadgen.User, _ int) string {
			return fmt.Sprintf("/plans/%d", u.Data.(int64))
		})}, planUsers},
		{scenario{name: "county plan states", req: get(sp.base, func(*loadgen.User, int) string { return "/plans" })}, leaderUsers},
		// Parent meetings: a school year of them, ~30 opinions to each
		// whole-school meeting (buildCounty), and a parent's opinion.
		{scenario{name: "parent meetings list", req: get(sp.base, func(u *loadgen.User, _ int) string {
			return fmt.Sprintf("/schools/%d/parent-meetings", school(u))
		})}, officeUsers},
		{scenario{name: "parent opinion POST", ok: []int{http.StatusSeeOther}, req: opinionPost}, parentUsers},
		// Parent committees: the demo names one for every class of the
		// county (2,400) and a school committee for most schools.
		{scenario{name: "class committee page", req: get(sp.base, func(u *loadgen.User, _ int) string {
			return fmt.Sprintf("/classes/%d/committee", u.Data.(int64))
		})}, classUsers},
		{scenario{name: "school committee page", req: get(sp.base, func(u *loadgen.User, _ int) string {
			return fmt.Sprintf("/schools/%d/committees/school", school(u))
		})}, officeUsers},
	}
	runs := map[string][]loadgen.Result{}
	b.ResetTimer()
	for i := range rounds {
		for _, sc := range scenarios {
			ok := sc.ok
			if ok == nil {
				ok = []int{http.StatusOK}
			}
			var profiled chan struct{}
			if i == 0 {
				profiled = sp.profile(b, sc.name)
			}
			before, err := loadgen.ReadCPU(sp.cmd.Process.Pid)
			if err != nil {
				b.Fatal(err)
			}
			r := loadgen.Run(ctx, sc.name, sc.users, round, sc.req, ok...)
			after, err := loadgen.ReadCPU(sp.cmd.Process.Pid)
			if err != nil {
				b.Fatal(err)
			}
			r.CPU = after.Sub(before)
			runs[sc.name] = append(runs[sc.name], r)
			if profiled != nil {
				<-profiled
			}
		}
	}
	b.StopTimer()
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
	rss, err := loadgen.PeakRSS(sp.cmd.Process.Pid)
	if err != nil {
		b.Fatal(err)
	}
	report := loadgen.Table(ordered) + fmt.Sprintf("\nserver peak memory (VmHWM): %.0f MB; %d concurrent users; %d interleaved rounds of %s per scenario\n",
		float64(rss)/(1<<20), users, rounds, round) +
		"\nProcessor time per request (the database's counts every postgres process of this machine):\n\n" + loadgen.CPUTable(ordered)

	// The targets of docs/performance.md, as ratios to the yardstick of this run.
	var verdicts []string
	check := func(ok bool, format string, args ...any) {
		line := fmt.Sprintf(format, args...)
		if ok {
			verdicts = append(verdicts, "met: "+line)
		} else {
			verdicts = append(verdicts, "MISSED: "+line)
			b.Error(line)
		}
	}
	page, post := results["yardstick page"], results["yardstick POST"]
	for _, name := range []string{"teacher class page", "ledger list"} {
		r := results[name]
		check(r.RPS >= 0.5*page.RPS, "%s: %.0f req/s ≥ 50%% of the yardstick page's %.0f", name, r.RPS, page.RPS)
		check(r.P99 <= 3*page.P99, "%s: p99 %s ≤ 3× the yardstick page's %s", name, r.P99, page.P99)
	}
	// Every new list page: ≥ 50% of the yardstick page's requests/s.
	for _, name := range []string{
		"activities list",
		"county activities list",
		"guidance list",
		"county guidance list",
		"lectures list",
		"school lectures to forward",
		"class committee page",
		"school committee page",
		"teacher home page", // the class's duties (R02, R03, R05, R06) on the roster
		"office to-do list",
		"parent meetings list",
		"school care check",
		"county care check",
		"plan page",
		"inspection page", // issue 18: pre-filled for one school
	} {
		r := results[name]
		check(r.RPS >= 0.5*page.RPS, "%s: %.0f req/s ≥ 50%% of the yardstick page's %.0f", name, r.RPS, page.RPS)
	}
	// The compliance pages cost what the maintained counts cost, not what
	// the records cost (100 schools × 23 duties from counters and indexes);
	// the bureau's page of 100 schools' plan states is held to the same.
	for _, name := range []string{"county heat map", "school duty page", "county plan states", "county year report"} {
		r := results[name]
		check(r.P99 <= 3*page.P99, "%s: p99 %s ≤ 3× the yardstick page's %s", name, r.P99, page.P99)
	}
	for _, name := range []string{"visit POST", "parent opinion POST"} {
		v := results[name]
		check(v.RPS >= 0.5*post.RPS, "%s: %.0f req/s ≥ 50%% of the yardstick POST's %.0f", name, v.RPS, post.RPS)
	}
	// The coverage pages' target was 100 ms absolute when the yardstick's
	// p99 was about 12 ms on a quiet machine: the same bar as a ratio, so
	// that a loaded machine moves both sides.
	for _, name := range []string{"school coverage page", "county coverage page"} {
		r := results[name]
		check(r.P99 <= 8*page.P99, "%s: p99 %s ≤ 8× the yardstick page's %s", name, r.P99, page.P99)
	}
	check(rss < 150<<20, "server peak memory %d MB < 150 MB", rss>>20)
	for _, l := range verdicts {
		report += "\n- " + l
	}
	fmt.Println(report)
	dir := filepath.Join(repoRoot(), "test-output")
	_ = os.MkdirAll(dir, 0o755)
	_ = os.WriteFile(filepath.Join(dir, "bench.md"), []byte(report+"\n"), 0o644)
	if err := writeLatestFigures(filepath.Join(repoRoot(), "docs", "performance.md"), report); err != nil {
		b.Error(err)
	}
}

// writeLatestFigures puts the run's report between the bench markers of
// docs/performance.md, with the day and the commit it measured, so that the
// figures a reader finds are those of the last full run.
func writeLatestFigures(path, report string) error {
	const begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
	doc, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	i, j := bytes.Index(doc, []byte(begin)), bytes.Index(doc, []byte(end))
	if i < 0 || j < i {
		return fmt.Errorf("%s has no %s … %s markers", path, begin, end)
	}
	commit, _ := exec.Command("git", "-C", repoRoot(), "rev-parse", "--short", "HEAD").Output()
	stamp := fmt.Sprintf("Run of %s at commit %s:\n\n", time.Now().Format(time.DateOnly), bytes.TrimSpace(commit))
	out := slices.Concat(doc[:i+len(begin)], []byte("\n"+stamp+strings.TrimSpace(report)+"\n"), doc[j:])
	return os.WriteFile(path, out, 0o644)
}
