package main

import (
	"bytes"
	"context"
	"os/exec"
	"runtime/debug"
	"strings"
	"testing"

	"xietong/internal/dbtest"
	"xietong/internal/demo"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestHelp(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"help"}, env(nil), &out, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"DATABASE_URL", "ADDR", "SESSION_SECURE", "TRUSTED_PROXIES", "LOG_LEVEL", "migrate up|down|status", "seed demo", "user create"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("help lacks %q", want)
		}
	}
	if err := run(context.Background(), []string{"frobnicate"}, env(nil), &out, &out); err == nil {
		t.Error("unknown command accepted")
	}
	if err := run(context.Background(), []string{"migrate", "up"}, env(nil), &out, &out); err == nil || !strings.Contains(err.Error(), "DATABASE_URL") {
		t.Errorf("missing DATABASE_URL: %v", err)
	}
	// A proxy list that does not parse stops the server before it starts.
	err := run(context.Background(), []string{"serve"}, env(map[string]string{"TRUSTED_PROXIES": "10.0.0.0/8, proxy.internal"}), &out, &out)
	if err == nil || !strings.Contains(err.Error(), "TRUSTED_PROXIES") {
		t.Errorf("bad TRUSTED_PROXIES: %v", err)
	}
}

// TestCommands drives the subcommands as an operator would on a new install.
func TestCommands(t *testing.T) {
	t.Parallel()
	db := dbtest.Empty(t)
	e := env(map[string]string{"DATABASE_URL": db.URL})
	ctx := context.Background()
	do := func(args ...string) string {
		t.Helper()
		var out bytes.Buffer
		if err := run(ctx, args, e, &out, &out); err != nil {
			t.Fatalf("xietong %s: %v", strings.Join(args, " "), err)
		}
		return out.String()
	}
	if out := do("migrate", "status"); !strings.Contains(out, "pending") {
		t.Errorf("status before migrating: %q", out)
	}
	do("migrate", "up")
	if out := do("migrate", "status"); strings.Contains(out, "pending") || !strings.Contains(out, "applied") {
		t.Errorf("status after migrating: %q", out)
	}

	// No county yet: the first admin names it.
	out := do("user", "create", "--username", "zhangsan", "--name", "张三", "--county-name", "测试县")
	if !strings.Contains(out, "one-time password: ") {
		t.Fatalf("create: %q", out)
	}
	do("user", "assign", "--username", "zhangsan", "--role", "admin")
	var must bool
	if err := db.Pool.QueryRow(ctx, `SELECT must_change_password FROM users WHERE username = 'zhangsan'`).Scan(&must); err != nil || !must {
		t.Errorf("new admin must change the password: %v %v", must, err)
	}
	if out := do("user", "passwd", "--username", "zhangsan"); !strings.Contains(out, "one-time password") {
		t.Errorf("passwd: %q", out)
	}
	var bad bytes.Buffer
	if err := run(ctx, []string{"user", "assign", "--username", "zhangsan", "--role", "school_office"}, e, &bad, &bad); err == nil {
		t.Error("school_office without office accepted")
	}
	// The database has a county now, so the demo refuses, and --if-empty keeps the data.
	if err := run(ctx, []string{"seed", "demo"}, e, &bad, &bad); err == nil {
		t.Error("seed demo into a non-empty database accepted")
	}
	if out := do("seed", "demo", "--if-empty"); !strings.Contains(out, "保留现有数据") || !strings.Contains(out, demo.Password) {
		t.Errorf("seed --if-empty: %q", out)
	}
	if out := do("migrate", "down"); !strings.Contains(out, "rolled back") {
		t.Errorf("down: %q", out)
	}
}

func TestSeedDemoIntoEmpty(t *testing.T) {
	t.Parallel()
	db := dbtest.Empty(t)
	var out bytes.Buffer
	if err := run(context.Background(), []string{"seed", "demo", "--if-empty"}, env(map[string]string{"DATABASE_URL": db.URL}), &out, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"20 所学校", "8000 名学生", "admin", "teacher", "subject"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestTuneGC: serve collects at 200% unless GOGC is set, which it leaves
// as the runtime applied it.
func TestTuneGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	if got := tuneGC(func(string) string { return "" }); got != serveGCPercent {
		t.Errorf("GOGC unset: %d%%, want %d%%", got, serveGCPercent)
	}
	if p := debug.SetGCPercent(100); p != serveGCPercent {
		t.Errorf("GOGC unset: runtime at %d%%, want %d%%", p, serveGCPercent)
	}
	if got := tuneGC(env(map[string]string{"GOGC": "50"})); got != 100 {
		t.Errorf("GOGC set: %d%%, want the runtime's own 100%% left alone", got)
	}
}

// TestProductionBinaryHasNoBenchCode: the binary built without -tags bench
// links neither the yardstick page nor the profiler nor the load generator;
// the bench build does (so the check would notice the tag stop working).
func TestProductionBinaryHasNoBenchCode(t *testing.T) {
	benchOnly := []string{"xietong/web/pages/yardstick", "net/http/pprof", "xietong/internal/loadgen"}
	deps := func(tags ...string) map[string]bool {
		args := append([]string{"list", "-deps"}, tags...)
		out, err := exec.Command("go", append(args, "xietong/cmd/xietong")...).Output()
		if err != nil {
			t.Fatalf("go list: %v", err)
		}
		m := map[string]bool{}
		for _, p := range strings.Fields(string(out)) {
			m[p] = true
		}
		return m
	}
	prod, bench := deps(), deps("-tags", "bench")
	for _, p := range benchOnly {
		if prod[p] {
			t.Errorf("the production binary links %s", p)
		}
	}
	if !bench["xietong/web/pages/yardstick"] || !bench["net/http/pprof"] {
		t.Error("the -tags bench binary lacks the yardstick page or the profiler")
	}
}
