package server

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/database"
	"xietong/internal/store"
)

// TestLockedTableCostsOnlyItsPages is fault F3 as an experiment: with
// students locked by someone else, more requests for the students list than
// the request pool has connections each get the Chinese 503 page (the lock
// timeout, not a 500), while a page that never touches students and the
// readiness probe answer at once — before any of the waiting requests has
// been answered, so they did not queue behind them — and everything works
// again when the lock goes. The pools are those `serve` opens, smaller.
func TestLockedTableCostsOnlyItsPages(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	ctx := context.Background()
	reqPool, err := database.Open(ctx, h.db.URL, database.Options{MaxConns: 3, StatementTimeout: 5 * time.Second, LockTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer reqPool.Close()
	ctlPool, err := database.Open(ctx, h.db.URL, database.Options{MaxConns: 2, StatementTimeout: 2 * time.Second, LockTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer ctlPool.Close()
	hs := newHarnessOn(t, h.db, store.New(reqPool).WithControl(ctlPool), Config{})
	office := hs.as("office")
	if r := office.get("/students"); r.status != http.StatusOK {
		t.Fatalf("students before the lock: %d", r.status)
	}

	locker, err := pgx.Connect(ctx, h.db.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer locker.Close(ctx)
	tx, err := locker.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `LOCK TABLE students IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}

	const waiting = 6 // twice the request pool
	var done atomic.Int32
	statuses := make(chan resp, waiting)
	var wg sync.WaitGroup
	for range waiting {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := office.get("/students")
			done.Add(1)
			statuses <- r
		}()
	}
	// Wait until the request pool's connections all wait on the lock.
	for i := 0; ; i++ {
		var n int
		if err := h.db.Pool.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n >= 3 {
			break
		}
		if i > 200 {
			t.Fatalf("only %d requests wait on the lock", n)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if r := office.get("/password"); r.status != http.StatusOK {
		t.Errorf("/password while students is locked: %d, want 200", r.status)
	}
	if r := hs.client().get("/readyz"); r.status != http.StatusOK {
		t.Errorf("/readyz while students is locked: %d, want 200", r.status)
	}
	if n := done.Load(); n != 0 {
		t.Errorf("%d students requests were answered before /password and /readyz: those queued behind them", n)
	}
	wg.Wait()
	close(statuses)
	for r := range statuses {
		if r.status != http.StatusServiceUnavailable || !strings.Contains(r.body, "系统繁忙") || r.header.Get("Retry-After") == "" {
			t.Errorf("students behind the lock: %d, want the 503 page with Retry-After", r.status)
		}
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if r := office.get("/students"); r.status != http.StatusOK {
		t.Errorf("students after the lock: %d, want 200", r.status)
	}
}

// TestStatementTimeoutIs503: a statement that runs out of time is the 503
// page too (the timeout is a property of the load, not a bug).
func TestStatementTimeoutIs503(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	ctx := context.Background()
	pool, err := database.Open(ctx, h.db.URL, database.Options{MaxConns: 2, StatementTimeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	_, err = pool.Exec(ctx, `SELECT pg_sleep(1)`)
	if !store.Busy(err) {
		t.Fatalf("a statement past its timeout: %v, want store.Busy", err)
	}
	w := &recorder{header: http.Header{}}
	req, _ := http.NewRequest(http.MethodGet, "/", nil)
	h.srv.serverError(w, req, err)
	if w.status != http.StatusServiceUnavailable || !strings.Contains(w.body.String(), "系统繁忙") {
		t.Errorf("serverError on a statement timeout: %d, want 503 with 系统繁忙", w.status)
	}
}
