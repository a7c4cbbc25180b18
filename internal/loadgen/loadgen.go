// Package loadgen drives a running server over loopback with a fixed number
// of concurrent users (a closed loop: each user sends its next request when
// the previous one answers) and reports throughput and latency percentiles.
// It serves `make bench`, which compares each page with a yardstick measured
// in the same run, because absolute numbers on a shared 2-core machine mean
// little.
package loadgen

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Request builds one request for user u's i-th turn. Users carry their own
// cookie jars, so a request may depend on who is asking.
type Request func(ctx context.Context, u *User, i int) (*http.Request, error)

// User is one simulated browser.
type User struct {
	ID     int
	Client *http.Client
	// Data is whatever the scenario keeps per user (form tokens, ids…).
	Data any
}

// Result summarises one run.
type Result struct {
	Name     string
	Requests int
	Errors   int
	Duration time.Duration
	RPS      float64
	P50, P99 time.Duration
	// FirstError describes the first failure, for the report.
	FirstError string
	// CPU is what the caller measured around the run (ReadCPU), if it did.
	CPU CPU
	// latencies are kept sorted for Merge.
	latencies []time.Duration
}

// Merge joins runs of one scenario (rounds interleaved with the other
// scenarios, so that a noisy minute on a shared machine hits every scenario
// alike) into one result.
func Merge(rs ...Result) Result {
	if len(rs) == 0 {
		return Result{}
	}
	out := Result{Name: rs[0].Name}
	for _, r := range rs {
		out.Requests += r.Requests
		out.Errors += r.Errors
		out.CPU = out.CPU.Add(r.CPU)
		out.Duration += r.Duration
		out.latencies = append(out.latencies, r.latencies...)
		if out.FirstError == "" {
			out.FirstError = r.FirstError
		}
	}
	slices.Sort(out.latencies)
	if out.Duration > 0 {
		out.RPS = float64(out.Requests) / out.Duration.Seconds()
	}
	out.P50 = Percentile(out.latencies, 50)
	out.P99 = Percentile(out.latencies, 99)
	return out
}

// Run sends requests from each of users for d (or until ctx ends) and
// returns the statistics. A response whose status is not in ok counts as
// an error; bodies are read fully so that keep-alive connections are reused.
// When d is over no new request starts, but those in flight are waited for
// and counted: cutting them off would measure the server recovering from
// sixteen dropped requests at the start of the next run, not the page.
func Run(ctx context.Context, name string, users []*User, d time.Duration, req Request, ok ...int) Result {
	if len(ok) == 0 {
		ok = []int{http.StatusOK}
	}
	deadline := time.Now().Add(d)
	over := func() bool { return ctx.Err() != nil || !time.Now().Before(deadline) }
	var (
		mu       sync.Mutex
		lat      []time.Duration
		errs     int
		firstErr string
		wg       sync.WaitGroup
	)
	start := time.Now()
	for _, u := range users {
		wg.Add(1)
		go func(u *User) {
			defer wg.Done()
			local := make([]time.Duration, 0, 1024)
			localErrs := 0
			localFirst := ""
			for i := 0; !over(); i++ {
				r, err := req(ctx, u, i)
				if err != nil {
					if ctx.Err() != nil {
						break // the caller stopped the run while the request was being built
					}
					localErrs++
					if localFirst == "" {
						localFirst = err.Error()
					}
					continue
				}
				t0 := time.Now()
				res, err := u.Client.Do(r)
				if err != nil {
					if ctx.Err() != nil {
						break // the caller stopped the run mid-request; not the server's fault
					}
					localErrs++
					if localFirst == "" {
						localFirst = err.Error()
					}
					continue
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				el := time.Since(t0)
				if !slices.Contains(ok, res.StatusCode) {
					localErrs++
					if localFirst == "" {
						localFirst = fmt.Sprintf("%s %s: status %d", r.Method, r.URL.Path, res.StatusCode)
					}
					continue
				}
				local = append(local, el)
			}
			mu.Lock()
			lat = append(lat, local...)
			errs += localErrs
			if firstErr == "" {
				firstErr = localFirst
			}
			mu.Unlock()
		}(u)
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(lat)
	r := Result{Name: name, Requests: len(lat), Errors: errs, Duration: elapsed, FirstError: firstErr, latencies: lat}
	if elapsed > 0 {
		r.RPS = float64(len(lat)) / elapsed.Seconds()
	}
	r.P50 = Percentile(lat, 50)
	r.P99 = Percentile(lat, 99)
	return r
}

// Percentile of sorted durations by the nearest-rank method (0 when empty).
func Percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := (p*len(sorted) + 99) / 100 // ceil(p/100 * n)
	if rank < 1 {
		rank = 1
	}
	return sorted[min(rank, len(sorted))-1]
}

// PeakRSS reads a process's peak resident memory (VmHWM) in bytes from
// /proc, so the server's memory is measured apart from the load generator's.
func PeakRSS(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(rest)
			if len(f) < 1 {
				break
			}
			kb, err := strconv.ParseInt(f[0], 10, 64)
			if err != nil {
				return 0, err
			}
			return kb * 1024, nil
		}
	}
	return 0, fmt.Errorf("loadgen: no VmHWM for pid %d", pid)
}

// Table formats results as a Markdown table, the form kept in the README.
func Table(results []Result) string {
	var b strings.Builder
	b.WriteString("| scenario | requests/s | p50 | p99 | requests | errors |\n| --- | ---: | ---: | ---: | ---: | ---: |\n")
	for _, r := range results {
		fmt.Fprintf(&b, "| %s | %.0f | %s | %s | %d | %d |\n", r.Name, r.RPS, ms(r.P50), ms(r.P99), r.Requests, r.Errors)
	}
	return b.String()
}

// CPUTable is the processor time per request of each result that measured
// it: the server's, the database's and the load generator's.
func CPUTable(results []Result) string {
	var b strings.Builder
	b.WriteString("| scenario | server | database | load generator | total |\n| --- | ---: | ---: | ---: | ---: |\n")
	for _, r := range results {
		if r.Requests == 0 || r.CPU == (CPU{}) {
			continue
		}
		per := func(d time.Duration) string {
			return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000/float64(r.Requests))
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", r.Name, per(r.CPU.Server), per(r.CPU.Database), per(r.CPU.Load),
			per(r.CPU.Server+r.CPU.Database+r.CPU.Load))
	}
	return b.String()
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
