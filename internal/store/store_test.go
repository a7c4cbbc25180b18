package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"xietong/internal/auth"
	"xietong/internal/database"
	"xietong/internal/dbtest"
	"xietong/internal/demo"
	"xietong/internal/store"
)

func seeded(t *testing.T) (*store.Store, *dbtest.DB) {
	t.Helper()
	db := dbtest.New(t)
	st := store.New(db.Pool)
	if _, err := demo.Seed(context.Background(), st, demo.Options{Schools: 2, Students: 120}); err != nil {
		t.Fatal(err)
	}
	return st, db
}

func one[T any](t *testing.T, db *dbtest.DB, sql string, args ...any) T {
	t.Helper()
	var v T
	if err := db.Pool.QueryRow(context.Background(), sql, args...).Scan(&v); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return v
}

// TestSessionCommitAsyncOnlyItself: a session write commits without
// waiting for the disk, and the setting ends with it: the next statement on
// the same connection (a visit, an audit row) commits synchronously again.
func TestSessionCommitAsyncOnlyItself(t *testing.T) {
	t.Parallel()
	db := dbtest.New(t)
	pool, err := database.Open(context.Background(), db.URL, database.Options{MaxConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	ctx := context.Background()
	if err := store.New(pool).Sessions(time.Minute).CommitCtx(ctx, "tok", []byte("x"), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	var sc string
	if err := pool.QueryRow(ctx, `SHOW synchronous_commit`).Scan(&sc); err != nil {
		t.Fatal(err)
	}
	if sc != "on" {
		t.Errorf("synchronous_commit %q after a session commit on the same connection", sc)
	}
}

// TestStudentScope: the second lock. A scope that does not cover a student
// makes it not found, whatever the caller asks.
func TestStudentScope(t *testing.T) {
	t.Parallel()
	st, db := seeded(t)
	ctx := context.Background()
	s1 := one[int64](t, db, `SELECT id FROM schools ORDER BY code LIMIT 1`)
	s2 := one[int64](t, db, `SELECT id FROM schools ORDER BY code OFFSET 1 LIMIT 1`)
	c1 := one[int64](t, db, `SELECT class_id FROM students WHERE school_id = $1 ORDER BY id LIMIT 1`, s1)
	c1b := one[int64](t, db, `SELECT class_id FROM students WHERE school_id = $1 AND class_id <> $2 ORDER BY id LIMIT 1`, s1, c1)
	stu := one[int64](t, db, `SELECT id FROM students WHERE class_id = $1 ORDER BY id LIMIT 1`, c1)
	cases := []struct {
		name  string
		scope auth.Scope
		found bool
	}{
		{"county", auth.Scope{All: true}, true},
		{"own school", auth.Scope{SchoolID: s1}, true},
		{"other school", auth.Scope{SchoolID: s2}, false},
		{"own class", auth.Scope{SchoolID: s1, ClassIDs: []int64{c1}}, true},
		{"other class", auth.Scope{SchoolID: s1, ClassIDs: []int64{c1b}}, false},
		{"no classes", auth.Scope{SchoolID: s1, ClassIDs: []int64{}}, false},
		{"nothing", auth.Scope{}, false},
		{"class of school 1 under school 2", auth.Scope{SchoolID: s2, ClassIDs: []int64{c1}}, false},
	}
	for _, tc := range cases {
		_, err := st.StudentByID(ctx, tc.scope, stu)
		if tc.found && err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		if !tc.found && !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: err %v, want ErrNotFound", tc.name, err)
		}
		// Where the student is answers under the same scope, and agrees
		// with the whole record.
		place, err := st.StudentPlace(ctx, tc.scope, stu)
		switch {
		case tc.found && err != nil:
			t.Errorf("%s: place: %v", tc.name, err)
		case !tc.found && !errors.Is(err, store.ErrNotFound):
			t.Errorf("%s: place: err %v, want ErrNotFound", tc.name, err)
		case tc.found && (place.ID != stu || place.SchoolID != s1 || place.ClassID == nil || *place.ClassID != c1 || place.Status != "enrolled"):
			t.Errorf("%s: place %+v, want student %d of school %d, class %d, enrolled", tc.name, place, stu, s1, c1)
		}
		rows, err := st.ClassRoster(ctx, tc.scope, c1)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(rows) > 0; got != tc.found {
			t.Errorf("%s: roster rows %d, found=%v", tc.name, len(rows), tc.found)
		}
	}
}

// TestRosterPinyinOrder: names sort in pinyin order (ICU), not by code point.
func TestRosterPinyinOrder(t *testing.T) {
	t.Parallel()
	st, db := seeded(t)
	ctx := context.Background()
	c := one[int64](t, db, `SELECT class_id FROM students ORDER BY id LIMIT 1`)
	s := one[int64](t, db, `SELECT school_id FROM students ORDER BY id LIMIT 1`)
	// 安 (ān) sorts before 张 (zhāng) in pinyin but after it by code point.
	if _, err := db.Pool.Exec(ctx, `UPDATE students SET name = CASE WHEN id = (SELECT min(id) FROM students WHERE class_id = $1) THEN '张三' ELSE name END WHERE class_id = $1`, c); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool.Exec(ctx, `UPDATE students SET name = '安然' WHERE id = (SELECT max(id) FROM students WHERE class_id = $1)`, c); err != nil {
		t.Fatal(err)
	}
	rows, err := st.ClassRoster(ctx, auth.Scope{SchoolID: s}, c)
	if err != nil {
		t.Fatal(err)
	}
	pos := map[string]int{}
	for i, r := range rows {
		pos[r.Name] = i
	}
	if pos["安然"] > pos["张三"] {
		t.Errorf("安然 at %d after 张三 at %d", pos["安然"], pos["张三"])
	}
}

// TestSessionStore: rows are keyed by the token's hash, expire, and end
// with the user.
func TestSessionStore(t *testing.T) {
	t.Parallel()
	st, db := seeded(t)
	ctx := context.Background()
	ss := st.Sessions(time.Minute)
	if err := ss.CommitCtx(ctx, "tok-1", []byte("data"), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if n := one[int](t, db, `SELECT count(*) FROM sessions WHERE token_hash = 'tok-1'`); n != 0 {
		t.Error("raw token stored")
	}
	// An unchanged session whose expiry moves by less than the slack is not
	// rewritten; one whose data changed is.
	exp := func() time.Time {
		return one[time.Time](t, db, `SELECT expiry FROM sessions WHERE token_hash = $1`, store.TokenHash("tok-1"))
	}
	first := exp()
	if err := ss.CommitCtx(ctx, "tok-1", []byte("data"), time.Now().Add(time.Hour+10*time.Second)); err != nil {
		t.Fatal(err)
	}
	if !exp().Equal(first) {
		t.Error("unchanged session rewritten within the slack")
	}
	// Nor locked: a lock would make every page view a writing transaction
	// that waits for the disk.
	if x := one[string](t, db, `SELECT xmax::text FROM sessions WHERE token_hash = $1`, store.TokenHash("tok-1")); x != "0" {
		t.Errorf("unchanged session locked (xmax %s)", x)
	}
	if err := ss.CommitCtx(ctx, "tok-1", []byte("data"), time.Now().Add(time.Hour+2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if exp().Equal(first) {
		t.Error("expiry not pushed past the slack")
	}
	// Changed data is written even within the slack.
	if err := ss.CommitCtx(ctx, "tok-1", []byte("data2"), exp()); err != nil {
		t.Fatal(err)
	}
	if b := one[[]byte](t, db, `SELECT data FROM sessions WHERE token_hash = $1`, store.TokenHash("tok-1")); string(b) != "data2" {
		t.Errorf("changed session not written: %q", b)
	}
	b, found, err := ss.FindCtx(ctx, "tok-1")
	if err != nil || !found || string(b) != "data2" {
		t.Fatalf("find: %q %v %v", b, found, err)
	}
	// Expired rows are not found, and are deleted when looked up.
	if err := ss.CommitCtx(ctx, "tok-2", []byte("old"), time.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, found, _ := ss.FindCtx(ctx, "tok-2"); found {
		t.Error("expired session found")
	}
	if n := one[int](t, db, `SELECT count(*) FROM sessions WHERE token_hash = $1`, store.TokenHash("tok-2")); n != 0 {
		t.Error("expired session row kept")
	}
	uid := one[int64](t, db, `SELECT id FROM users WHERE username = 'office'`)
	if err := st.BindSession(ctx, uid, "tok-1"); err != nil {
		t.Fatal(err)
	}
	if err := st.EndUserSessions(ctx, uid, ""); err != nil {
		t.Fatal(err)
	}
	if _, found, _ := ss.FindCtx(ctx, "tok-1"); found {
		t.Error("session survives EndUserSessions")
	}
}

// TestAuditRollsBackWithTheChange: an audit row written in a transaction
// that fails is gone with it, and a failed audit write undoes the change.
func TestAuditRollsBackWithTheChange(t *testing.T) {
	t.Parallel()
	st, db := seeded(t)
	ctx := context.Background()
	uid := one[int64](t, db, `SELECT id FROM users WHERE username = 'office'`)
	err := st.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SetPassword(ctx, uid, "$argon2id$v=19$m=1,t=1,p=1$x$y", false); err != nil {
			return err
		}
		// An invalid action fails the audit CHECK constraint.
		return tx.Audit(ctx, store.AuditEvent{Action: "BAD ACTION", Result: store.ResultSuccess})
	})
	if err == nil {
		t.Fatal("invalid audit row accepted")
	}
	if h := one[string](t, db, `SELECT password_hash FROM users WHERE id = $1`, uid); h == "$argon2id$v=19$m=1,t=1,p=1$x$y" {
		t.Error("the change survived its failed audit row")
	}
}

// TestLoginFailureCounter: the fifth failure inside the window locks.
func TestLoginFailureCounter(t *testing.T) {
	t.Parallel()
	st, db := seeded(t)
	ctx := context.Background()
	uid := one[int64](t, db, `SELECT id FROM users WHERE username = 'teacher'`)
	for i := 1; i <= store.LockAfter; i++ {
		locked, err := st.RecordLoginFailure(ctx, uid)
		if err != nil {
			t.Fatal(err)
		}
		if locked != (i == store.LockAfter) {
			t.Errorf("failure %d: locked=%v", i, locked)
		}
	}
	if err := st.RecordLoginSuccess(ctx, uid); err != nil {
		t.Fatal(err)
	}
	u, err := st.UserByID(ctx, uid)
	if err != nil {
		t.Fatal(err)
	}
	if u.Locked || u.FailedLogins != 0 {
		t.Errorf("after success: locked=%v failures=%d", u.Locked, u.FailedLogins)
	}
	// Failures older than the window start a new count.
	if _, err := db.Pool.Exec(ctx, `UPDATE users SET failed_logins = 4, last_failed_at = now() - interval '16 minutes' WHERE id = $1`, uid); err != nil {
		t.Fatal(err)
	}
	if locked, err := st.RecordLoginFailure(ctx, uid); err != nil || locked {
		t.Errorf("stale failures counted: locked=%v err=%v", locked, err)
	}
}
