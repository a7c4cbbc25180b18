package store

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"xietong/internal/dbtest"
)

// TestInTxRetriesDeadlockVictim: two transactions lock two rows in opposite
// orders; PostgreSQL aborts one as the deadlock victim, InTx runs it again,
// and both changes land.
func TestInTxRetriesDeadlockVictim(t *testing.T) {
	t.Parallel()
	db := dbtest.New(t)
	ctx := context.Background()
	if _, err := db.Pool.Exec(ctx, `CREATE TABLE lock_pair (id int PRIMARY KEY, n int NOT NULL);
		INSERT INTO lock_pair VALUES (1, 0), (2, 0)`); err != nil {
		t.Fatal(err)
	}
	st := New(db.Pool)
	var attempts atomic.Int32
	var both sync.WaitGroup // each holds its first row before taking the second
	both.Add(2)
	run := func(first, second int) error {
		var once sync.Once
		return st.InTx(ctx, func(tx *Store) error {
			attempts.Add(1)
			if _, err := tx.db.Exec(ctx, `UPDATE lock_pair SET n = n + 1 WHERE id = $1`, first); err != nil {
				return err
			}
			once.Do(func() {
				both.Done()
				both.Wait()
			})
			_, err := tx.db.Exec(ctx, `UPDATE lock_pair SET n = n + 1 WHERE id = $1`, second)
			return err
		})
	}
	errs := make(chan error, 2)
	go func() { errs <- run(1, 2) }()
	go func() { errs <- run(2, 1) }()
	for range 2 {
		select {
		case err := <-errs:
			if err != nil {
				t.Fatalf("a transaction failed: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("deadlock not resolved")
		}
	}
	// At least one victim ran again; on a loaded machine the retried
	// transaction may itself be chosen once more.
	if a := attempts.Load(); a < 3 {
		t.Errorf("%d attempts, want at least 3 (a victim run again)", a)
	}
	var sum int
	if err := db.Pool.QueryRow(ctx, `SELECT sum(n) FROM lock_pair`).Scan(&sum); err != nil {
		t.Fatal(err)
	}
	if sum != 4 {
		t.Errorf("sum %d, want 4: every change landed exactly once", sum)
	}
}
