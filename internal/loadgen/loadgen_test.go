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
