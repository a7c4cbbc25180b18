package loadgen

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	t.Parallel()
	var xs []time.Duration
	for i := 1; i <= 100; i++ {
		xs = append(xs, time.Duration(i)*time.Millisecond)
	}
	cases := map[int]time.Duration{50: 50 * time.Millisecond, 99: 99 * time.Millisecond, 100: 100 * time.Millisecond, 1: time.Millisecond}
	for p, want := range cases {
		if got := Percentile(xs, p); got != want {
			t.Errorf("p%d = %v, want %v", p, got, want)
		}
	}
	if Percentile(nil, 99) != 0 {
		t.Error("empty percentile")
	}
	if got := Percentile([]time.Duration{7}, 99); got != 7 {
		t.Errorf("single = %v", got)
	}
}

func TestRunCountsAndErrors(t *testing.T) {
	t.Parallel()
	var n atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1)%10 == 0 {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		_, _ = w.Write([]byte("ok"))
	}))
	defer ts.Close()
	users := make([]*User, 4)
	for i := range users {
		users[i] = &User{ID: i, Client: ts.Client()}
	}
	res := Run(context.Background(), "page", users, 300*time.Millisecond, func(ctx context.Context, u *User, i int) (*http.Request, error) {
		return http.NewRequestWithContext(ctx, http.MethodGet, ts.URL, nil)
	})
	total := int64(res.Requests + res.Errors)
	if res.Requests == 0 || res.Errors == 0 {
		t.Fatalf("result %+v", res)
	}
	// Every tenth answer failed; allow for the requests cut by the deadline.
	if total < n.Load()-int64(len(users)) || total > n.Load() {
		t.Errorf("counted %d of %d served", total, n.Load())
	}
	if !strings.Contains(res.FirstError, "status 500") {
		t.Errorf("first error %q", res.FirstError)
	}
	if res.RPS <= 0 || res.P99 < res.P50 {
		t.Errorf("stats %+v", res)
	}
	if tab := Table([]Result{res}); !strings.Contains(tab, "| page |") {
		t.Errorf("table %q", tab)
	}
}

func TestPeakRSS(t *testing.T) {
	t.Parallel()
	rss, err := PeakRSS(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if rss < 1<<20 {
		t.Errorf("peak RSS %d bytes is implausible", rss)
	}
	if _, err := PeakRSS(-1); err == nil {
		t.Error("no error for a missing process")
	}
}

func TestMerge(t *testing.T) {
	t.Parallel()
	a := Result{Name: "x", Requests: 2, Duration: time.Second, latencies: []time.Duration{1, 3}}
	b := Result{Name: "x", Requests: 2, Errors: 1, Duration: time.Second, FirstError: "boom", latencies: []time.Duration{2, 4}}
	m := Merge(a, b)
	if m.Requests != 4 || m.Errors != 1 || m.RPS != 2 || m.P50 != 2 || m.P99 != 4 || m.FirstError != "boom" {
		t.Errorf("merged %+v", m)
	}
	if Merge().Requests != 0 {
		t.Error("empty merge")
	}
}

// TestReadCPU: the load generator's time grows with the work it does, and
// a process named as the server is counted as the server only.
func TestReadCPU(t *testing.T) {
	const other = 1 // init: some process that is not this one
	before, err := ReadCPU(other)
	if err != nil {
		t.Fatal(err)
	}
	// Spin until the kernel has charged at least two ticks to this process.
	deadline := time.Now().Add(5 * time.Second)
	var after CPU
	for x := 0; ; x++ {
		if x%1_000_000 == 0 {
			if after, err = ReadCPU(other); err != nil {
				t.Fatal(err)
			}
			if after.Sub(before).Load >= 2*clockTick || time.Now().After(deadline) {
				break
			}
		}
	}
	if d := after.Sub(before); d.Load < 2*clockTick {
		t.Errorf("load generator's time grew by %v after spinning", d.Load)
	}
	self, err := ReadCPU(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if self.Load != 0 || self.Server < after.Load {
		t.Errorf("this process named as the server: %+v, want its %v as the server's and none as the load's", self, after.Load)
	}
}

func TestCPUTable(t *testing.T) {
	rs := []Result{
		{Name: "page", Requests: 100, CPU: CPU{Server: 30 * time.Millisecond, Database: 20 * time.Millisecond, Load: 10 * time.Millisecond}},
		{Name: "unmeasured", Requests: 5},
	}
	got := CPUTable(rs)
	if want := "| page | 0.30 ms | 0.20 ms | 0.10 ms | 0.60 ms |"; !strings.Contains(got, want) {
		t.Errorf("table lacks %q:\n%s", want, got)
	}
	if strings.Contains(got, "unmeasured") {
		t.Errorf("a result without CPU is listed:\n%s", got)
	}
	m := Merge(rs[0], rs[0])
	if m.CPU.Server != 60*time.Millisecond {
		t.Errorf("merged server time %v, want the rounds' sum", m.CPU.Server)
	}
}
