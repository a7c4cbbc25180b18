package store_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/dbtest"
	"xietong/internal/store"
)

// visitFixture is a school with two classes, their class teachers and
// students, in a freshly seeded county.
type visitFixture struct {
	st                 *store.Store
	db                 *dbtest.DB
	school, other      int64
	classA, classB     int64
	teacherA, teacherB int64
	a1, a2, b1         int64 // students: two of class A, one of class B
	termID             int64
}

func newVisitFixture(t *testing.T) visitFixture {
	t.Helper()
	st, db := seeded(t)
	// Start from no visits: the demo's own would join these tests' entries.
	if _, err := db.Pool.Exec(context.Background(), `TRUNCATE visits, ledger_entries CASCADE`); err != nil {
		t.Fatal(err)
	}
	var f visitFixture
	f.st, f.db = st, db
	f.termID = one[int64](t, db, `SELECT t.id FROM terms t JOIN school_years y ON y.id = t.school_year_id WHERE y.start_year = 2026 AND t.ordinal = 1`)
	f.school = one[int64](t, db, `SELECT id FROM schools ORDER BY code LIMIT 1`)
	f.other = one[int64](t, db, `SELECT id FROM schools ORDER BY code OFFSET 1 LIMIT 1`)
	f.classA = one[int64](t, db, `SELECT class_id FROM students WHERE school_id = $1 GROUP BY class_id HAVING count(*) >= 2 ORDER BY class_id LIMIT 1`, f.school)
	f.classB = one[int64](t, db, `SELECT class_id FROM students WHERE school_id = $1 AND class_id <> $2 ORDER BY class_id LIMIT 1`, f.school, f.classA)
	f.teacherA = one[int64](t, db, `SELECT user_id FROM class_staff WHERE class_id = $1 AND term_id = $2 AND duty = 'class_teacher'`, f.classA, f.termID)
	f.teacherB = one[int64](t, db, `SELECT user_id FROM class_staff WHERE class_id = $1 AND term_id = $2 AND duty = 'class_teacher'`, f.classB, f.termID)
	f.a1 = one[int64](t, db, `SELECT id FROM students WHERE class_id = $1 ORDER BY id LIMIT 1`, f.classA)
	f.a2 = one[int64](t, db, `SELECT id FROM students WHERE class_id = $1 ORDER BY id OFFSET 1 LIMIT 1`, f.classA)
	f.b1 = one[int64](t, db, `SELECT id FROM students WHERE class_id = $1 ORDER BY id LIMIT 1`, f.classB)
	return f
}

func (f visitFixture) log(t *testing.T, author int64, date time.Time, students []int64, problems ...string) (int64, store.LedgerOutcome) {
	t.Helper()
	var id int64
	var out store.LedgerOutcome
	err := f.st.InTx(context.Background(), func(tx *store.Store) error {
		var err error
		id, out, err = tx.CreateVisit(context.Background(), store.NewVisit{
			SchoolID: f.school, AuthorID: author, StudentIDs: students, CurrentTermID: f.termID,
			VisitFields: store.VisitFields{Date: date, Mode: "onsite", Kind: "routine", Met: "母亲", Study: "学习认真",
				Problems: problems, OtherProblem: "其他情况", TermID: f.termID},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id, out
}

// TestVisitLedgerAutoEntries: a visit's problems open one entry per student
// and category, owned by the class teacher; a later visit finding the same
// problem joins the open entry; after closing, a new entry opens.
func TestVisitLedgerAutoEntries(t *testing.T) {
	t.Parallel()
	f := newVisitFixture(t)
	ctx := context.Background()
	d := calendar.D(2026, 11, 20)
	// Siblings in two classes, two problems: four entries.
	v1, out := f.log(t, f.teacherA, d, []int64{f.a1, f.b1}, "negative_mood", "internet")
	if out.Opened != 4 || out.Joined != 0 {
		t.Fatalf("first visit: %+v, want 4 opened", out)
	}
	if n := one[int](t, f.db, `SELECT count(*) FROM visit_students WHERE visit_id = $1`, v1); n != 2 {
		t.Errorf("visit_students rows %d, want 2", n)
	}
	// The responsible person is each student's own class teacher.
	if owner := one[int64](t, f.db, `SELECT owner_id FROM ledger_entries WHERE student_id = $1 AND category = 'internet'`, f.b1); owner != f.teacherB {
		t.Errorf("owner of class B's entry %d, want class B's teacher %d", owner, f.teacherB)
	}
	if fu := one[time.Time](t, f.db, `SELECT follow_up_on FROM ledger_entries WHERE student_id = $1 AND category = 'internet'`, f.a1); !fu.Equal(calendar.AddDays(d, 7)) {
		t.Errorf("follow-up %v, want a week after the visit", fu)
	}
	// Second visit of a1: one problem joins, one new.
	v2, out := f.log(t, f.teacherA, calendar.AddDays(d, 3), []int64{f.a1}, "negative_mood", "peer")
	if out.Opened != 1 || out.Joined != 1 {
		t.Fatalf("second visit: %+v, want 1 opened 1 joined", out)
	}
	entry := one[int64](t, f.db, `SELECT id FROM ledger_entries WHERE student_id = $1 AND category = 'negative_mood'`, f.a1)
	if n := one[int](t, f.db, `SELECT count(*) FROM ledger_visits WHERE entry_id = $1 AND visit_id IN ($2, $3)`, entry, v1, v2); n != 2 {
		t.Errorf("joined entry links %d visits, want 2", n)
	}
	// Its history: opened by the first visit, found again by the second
	// (read from the link), each on its visit's date and by its author.
	full, err := f.st.LedgerEntryByID(ctx, auth.NoteScope{SchoolID: f.school, WholeSchool: true}, entry, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var steps []string
	author := one[string](t, f.db, `SELECT display_name FROM users WHERE id = $1`, f.teacherA)
	for _, a := range full.Actions {
		steps = append(steps, a.Kind+" "+a.ActedOn.Format(time.DateOnly)+" "+a.Actor)
	}
	if want := []string{"opened 2026-11-20 " + author, "joined 2026-11-23 " + author}; !slices.Equal(steps, want) {
		t.Errorf("history %q, want %q", steps, want)
	}
	if n := one[int](t, f.db, `SELECT count(*) FROM ledger_entries WHERE student_id = $1 AND category = 'negative_mood'`, f.a1); n != 1 {
		t.Errorf("%d entries for one student and category, want 1", n)
	}
	// A visit whose problems are all open already (visit_log joins them
	// without ledger_open_for_visit): links only, counted.
	v3, out := f.log(t, f.teacherA, calendar.AddDays(d, 4), []int64{f.a1}, "peer", "negative_mood")
	if out.Opened != 0 || out.Joined != 2 {
		t.Fatalf("third visit: %+v, want 2 joined", out)
	}
	if n := one[int](t, f.db, `SELECT count(*) FROM ledger_visits WHERE visit_id = $1`, v3); n != 2 {
		t.Errorf("third visit has %d ledger links, want 2", n)
	}
	if n := one[int](t, f.db, `SELECT count(*) FROM ledger_actions WHERE entry_id IN (SELECT entry_id FROM ledger_visits WHERE visit_id = $1)`, v3); n != 2 {
		t.Errorf("%d actions on the joined entries, want their two openings only", n)
	}
	if p, n := one[int](t, f.db, `SELECT problems FROM ledger_counts WHERE class_id = $1`, f.classA),
		one[int](t, f.db, `SELECT count(*) FROM ledger_visits WHERE class_id = $1`, f.classA); p != n {
		t.Errorf("class A counts %d problems, its links are %d", p, n)
	}
	// Close it; the next finding opens a new entry.
	version := one[int](t, f.db, `SELECT version FROM ledger_entries WHERE id = $1`, entry)
	if err := f.st.StepLedger(ctx, store.LedgerStep{EntryID: entry, Version: version, From: "open", ActorID: f.teacherA, On: calendar.AddDays(d, 5), Kind: "closed", Status: "resolved", Note: "已化解"}); err != nil {
		t.Fatal(err)
	}
	_, out = f.log(t, f.teacherA, calendar.AddDays(d, 6), []int64{f.a1}, "negative_mood")
	if out.Opened != 1 || out.Joined != 0 {
		t.Errorf("after closing: %+v, want a new entry", out)
	}
	// Reopening the closed one now conflicts with the new open entry.
	version = one[int](t, f.db, `SELECT version FROM ledger_entries WHERE id = $1`, entry)
	err = f.st.StepLedger(ctx, store.LedgerStep{EntryID: entry, Version: version, From: "resolved", ActorID: f.teacherA, On: calendar.AddDays(d, 7), Kind: "reopened"})
	if !errors.Is(err, store.ErrConflict) {
		t.Errorf("reopen beside an open entry: %v, want ErrConflict", err)
	}
	// A stale version is a conflict too.
	err = f.st.StepLedger(ctx, store.LedgerStep{EntryID: entry, Version: version - 1, From: "open", ActorID: f.teacherA, On: d, Kind: "intervention", Note: "x"})
	if !errors.Is(err, store.ErrConflict) {
		t.Errorf("stale version: %v", err)
	}
}

// TestVisitJoinsEntryOpenedConcurrently: two visits find the same new
// problem at once. The second looked before the first committed and saw no
// entry; its insert waits on the first's, gives way when it commits, and
// the visit joins the entry the first opened: one entry, two links.
func TestVisitJoinsEntryOpenedConcurrently(t *testing.T) {
	t.Parallel()
	f := newVisitFixture(t)
	ctx := context.Background()
	d := calendar.D(2026, 11, 20)
	type outcome struct {
		out store.LedgerOutcome
		err error
	}
	second := make(chan outcome, 1)
	err := f.st.InTx(ctx, func(tx *store.Store) error {
		_, out, err := tx.CreateVisit(ctx, store.NewVisit{
			SchoolID: f.school, AuthorID: f.teacherA, StudentIDs: []int64{f.a1}, CurrentTermID: f.termID,
			VisitFields: store.VisitFields{Date: d, Mode: "onsite", Kind: "routine", Met: "母亲", Problems: []string{"peer"}, TermID: f.termID},
		})
		if err != nil {
			return err
		}
		if out.Opened != 1 {
			return fmt.Errorf("first visit: %+v, want 1 opened", out)
		}
		go func() {
			var r outcome
			r.err = f.st.InTx(ctx, func(tx *store.Store) error {
				var err error
				_, r.out, err = tx.CreateVisit(ctx, store.NewVisit{
					SchoolID: f.school, AuthorID: f.teacherA, StudentIDs: []int64{f.a1}, CurrentTermID: f.termID,
					VisitFields: store.VisitFields{Date: calendar.AddDays(d, 1), Mode: "onsite", Kind: "routine", Met: "母亲", Problems: []string{"peer"}, TermID: f.termID},
				})
				return err
			})
			second <- r
		}()
		// Commit only once the second visit waits on this entry's key.
		for deadline := time.Now().Add(10 * time.Second); ; {
			if one[int](t, f.db, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`) > 0 {
				return nil
			}
			if time.Now().After(deadline) {
				return errors.New("the second visit never waited on the first")
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	switch r := <-second; {
	case r.err != nil:
		t.Fatal(r.err)
	case r.out.Opened != 0 || r.out.Joined != 1:
		t.Errorf("second visit: %+v, want the first's entry joined", r.out)
	}
	if n := one[int](t, f.db, `SELECT count(*) FROM ledger_entries WHERE student_id = $1 AND category = 'peer'`, f.a1); n != 1 {
		t.Errorf("%d entries, want 1", n)
	}
	if n := one[int](t, f.db, `SELECT count(*) FROM ledger_visits lv JOIN ledger_entries e ON e.id = lv.entry_id WHERE e.student_id = $1`, f.a1); n != 2 {
		t.Errorf("%d links to the entry, want 2", n)
	}
}

// TestLedgerOverdue: the overdue rule in SQL matches visit.Overdue on
// dates: no action for over 7 days, or past the follow-up date.
func TestLedgerOverdue(t *testing.T) {
	t.Parallel()
	f := newVisitFixture(t)
	ctx := context.Background()
	d := calendar.D(2026, 11, 2)
	f.log(t, f.teacherA, d, []int64{f.a1}, "homework")
	entry := one[int64](t, f.db, `SELECT id FROM ledger_entries WHERE student_id = $1`, f.a1)
	ns := auth.NoteScope{SchoolID: f.school, WholeSchool: true}
	overdue := func(today time.Time) bool {
		t.Helper()
		page, err := f.st.ListLedger(ctx, ns, store.LedgerFilter{Today: today, Overdue: true}, false)
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(page.Rows, func(r store.LedgerRow) bool { return r.ID == entry })
	}
	// Follow-up is 9 Nov (a week after), last action 2 Nov.
	cases := []struct {
		today time.Time
		want  bool
	}{
		{calendar.D(2026, 11, 9), false}, // follow-up day itself, 7 days since
		{calendar.D(2026, 11, 10), true}, // both rules
	}
	for _, tc := range cases {
		if got := overdue(tc.today); got != tc.want {
			t.Errorf("%s: overdue %v, want %v", tc.today.Format(time.DateOnly), got, tc.want)
		}
	}
	// An intervention on 10 Nov with follow-up 20 Nov: not overdue until
	// the 18th (over 7 days without action).
	fu := calendar.D(2026, 11, 20)
	if err := f.st.StepLedger(ctx, store.LedgerStep{EntryID: entry, Version: 1, From: "open", ActorID: f.teacherA, On: calendar.D(2026, 11, 10), Kind: "intervention", Note: "谈心", FollowUp: &fu}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		today time.Time
		want  bool
	}{
		{calendar.D(2026, 11, 17), false},
		{calendar.D(2026, 11, 18), true},
	} {
		if got := overdue(tc.today); got != tc.want {
			t.Errorf("after intervention, %s: overdue %v, want %v", tc.today.Format(time.DateOnly), got, tc.want)
		}
	}
	if st := one[string](t, f.db, `SELECT status FROM ledger_entries WHERE id = $1`, entry); st != "following" {
		t.Errorf("status after an intervention %q, want following", st)
	}
	// Counts for the bureau agree.
	counts, err := f.st.LedgerCounts(ctx, one[int64](t, f.db, `SELECT id FROM counties`), calendar.D(2026, 8, 25), calendar.D(2027, 1, 22), calendar.D(2026, 11, 18))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range counts {
		if c.SchoolID == f.school && (c.Overdue != 1 || c.Following != 1 || c.Visits != 1) {
			t.Errorf("counts %+v", c)
		}
	}
}

// TestVisitScope: the text of a visit and its ledger entries reach only
// the people of the privacy rules.
func TestVisitScope(t *testing.T) {
	t.Parallel()
	f := newVisitFixture(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, calendar.Shanghai)
	today := calendar.D(2026, 11, 29)
	v, _ := f.log(t, f.teacherA, calendar.D(2026, 11, 20), []int64{f.a1}, "living")
	entry := one[int64](t, f.db, `SELECT id FROM ledger_entries WHERE source_visit_id = $1`, v)
	supervisor := one[int64](t, f.db, `SELECT id FROM users WHERE username = 'supervisor'`)
	county := one[int64](t, f.db, `SELECT id FROM counties`)
	stranger := one[int64](t, f.db, `SELECT id FROM users WHERE username = 'subject'`)
	cases := []struct {
		name  string
		ns    auth.NoteScope
		found bool
	}{
		{"school office", auth.NoteScope{SchoolID: f.school, WholeSchool: true}, true},
		{"other school's office", auth.NoteScope{SchoolID: f.other, WholeSchool: true}, false},
		{"class teacher", auth.NoteScope{SchoolID: f.school, ClassIDs: []int64{f.classA}, UserID: f.teacherA}, true},
		{"other class's teacher", auth.NoteScope{SchoolID: f.school, ClassIDs: []int64{f.classB}, UserID: f.teacherB}, false},
		{"subject teacher, not a visitor", auth.NoteScope{SchoolID: f.school, ClassIDs: []int64{}, UserID: stranger}, false},
		{"supervisor without a grant", auth.NoteScope{Inspector: true, UserID: supervisor, CountyID: county}, false},
		{"nobody", auth.NoteScope{}, false},
	}
	check := func(name string, ns auth.NoteScope, found bool) {
		t.Helper()
		_, err := f.st.VisitByID(ctx, ns, v, now)
		if found != (err == nil) || (!found && !errors.Is(err, store.ErrNotFound)) {
			t.Errorf("%s: visit err %v, want found=%v", name, err, found)
		}
		_, err = f.st.LedgerEntryByID(ctx, ns, entry, now)
		if found != (err == nil) {
			t.Errorf("%s: ledger err %v, want found=%v", name, err, found)
		}
		page, err := f.st.ListLedger(ctx, ns, store.LedgerFilter{Today: today}, false)
		if err != nil {
			t.Fatal(err)
		}
		if got := slices.ContainsFunc(page.Rows, func(r store.LedgerRow) bool { return r.ID == entry }); got != found {
			t.Errorf("%s: ledger list has the entry: %v, want %v", name, got, found)
		}
	}
	for _, tc := range cases {
		check(tc.name, tc.ns, tc.found)
	}
	// A companion sees the visit (not the ledger entry: not its owner).
	if _, err := f.db.Pool.Exec(ctx, `INSERT INTO visit_visitors (visit_id, user_id) VALUES ($1, $2)`, v, stranger); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.VisitByID(ctx, auth.NoteScope{SchoolID: f.school, ClassIDs: []int64{}, UserID: stranger}, v, now); err != nil {
		t.Errorf("companion: %v", err)
	}
	// A grant opens exactly one record, until it expires.
	if err := f.st.GrantRecord(ctx, supervisor, "visit", v, "年度督导抽查", now.Add(30*time.Minute)); err != nil {
		t.Fatal(err)
	}
	sup := auth.NoteScope{Inspector: true, UserID: supervisor, CountyID: county}
	if _, err := f.st.VisitByID(ctx, sup, v, now); err != nil {
		t.Errorf("supervisor with a grant: %v", err)
	}
	if _, err := f.st.VisitByID(ctx, sup, v, now.Add(31*time.Minute)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("supervisor after expiry: %v", err)
	}
	if _, err := f.st.LedgerEntryByID(ctx, sup, entry, now); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a visit's grant opened its ledger entry: %v", err)
	}
}

// TestUpdateVisitRevision: an edit keeps the old values of the changed
// fields, copies date and mode into visit_students, opens entries for new
// problems, and a stale version conflicts.
func TestUpdateVisitRevision(t *testing.T) {
	t.Parallel()
	f := newVisitFixture(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, calendar.Shanghai)
	id, _ := f.log(t, f.teacherA, calendar.D(2026, 11, 20), []int64{f.a1, f.a2})
	ns := auth.NoteScope{SchoolID: f.school, WholeSchool: true}
	old, err := f.st.VisitByID(ctx, ns, id, now)
	if err != nil {
		t.Fatal(err)
	}
	nf := old.VisitFields
	nf.Mode, nf.Study, nf.Problems = "video", "成绩进步", []string{"homework"}
	var fields []string
	var rev int64
	var out store.LedgerOutcome
	err = f.st.InTx(ctx, func(tx *store.Store) error {
		fields, rev, out, err = tx.UpdateVisit(ctx, old, store.VisitChange{VisitID: id, EditorID: f.teacherA, Version: old.Version, Fields: nf}, f.termID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(fields, []string{"mode", "study", "problems"}) || rev == 0 || out.Opened != 2 {
		t.Errorf("fields %v rev %d ledger %+v", fields, rev, out)
	}
	if s := one[string](t, f.db, `SELECT old->>'study' FROM visit_revisions WHERE id = $1`, rev); s != "学习认真" {
		t.Errorf("revision keeps %q", s)
	}
	if n := one[int](t, f.db, `SELECT count(*) FROM visit_students WHERE visit_id = $1 AND mode = 'video'`, id); n != 2 {
		t.Errorf("visit_students not updated: %d", n)
	}
	err = f.st.InTx(ctx, func(tx *store.Store) error {
		_, _, _, err := tx.UpdateVisit(ctx, old, store.VisitChange{VisitID: id, EditorID: f.teacherA, Version: old.Version, Fields: nf}, f.termID)
		return err
	})
	if !errors.Is(err, store.ErrConflict) {
		t.Errorf("stale edit: %v, want ErrConflict", err)
	}
	// The teacher's page reads the classes and each one's status in one
	// round trip: the classes in their order, an unknown one left out, each
	// with its enrolled students; class A's page sees the visit for both
	// students.
	from, to := calendar.D(2026, 8, 25), calendar.D(2027, 1, 22)
	ids := []int64{f.classB, f.classA, -1}
	classes, statuses, err := f.st.ClassesVisitStatus(ctx, auth.Scope{SchoolID: f.school}, ids, from, to)
	if err != nil {
		t.Fatal(err)
	}
	want, err := f.st.ClassesByIDs(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(classes, want) || len(statuses) != 2 {
		t.Fatalf("classes %v (%d statuses), want %v", classes, len(statuses), want)
	}
	var rows []store.StatusRow
	for i, c := range classes {
		n := one[int](t, f.db, `SELECT count(*) FROM students WHERE class_id = $1 AND status = 'enrolled'`, c.ID)
		if len(statuses[i]) != n || n == 0 {
			t.Errorf("class %d: %d rows, want its %d enrolled students", c.ID, len(statuses[i]), n)
		}
		if c.ID == f.classA {
			rows = statuses[i]
		}
	}
	visited := 0
	for i, r := range rows {
		if r.Visits > 0 {
			visited++
			if !r.Video || r.LastID == nil {
				t.Errorf("row %d: mode not video, or no link to the visit", i)
			}
		} else if visited > 0 {
			t.Errorf("a not-visited student after a visited one: not-yet-visited must come first")
		}
	}
	if visited != 2 {
		t.Errorf("%d visited, want 2", visited)
	}
}

// TestVisitTokenClaimedLastOnce: two submits of one visit form at the same
// moment, each claiming the token at the end of its visit_log call, make
// one visit; the other is a replay sent where the first went.
func TestVisitTokenClaimedLastOnce(t *testing.T) {
	t.Parallel()
	f := newVisitFixture(t)
	ctx := context.Background()
	const token = "0123456789abcdef0123456789abcdef"
	type result struct {
		loc string
		err error
	}
	start := make(chan struct{})
	results := make(chan result, 2)
	for range 2 {
		go func() {
			<-start
			_, _, loc, err := f.st.LogVisit(ctx, store.NewVisit{
				SchoolID: f.school, AuthorID: f.teacherA, StudentIDs: []int64{f.a1}, CurrentTermID: f.termID,
				VisitFields: store.VisitFields{Date: calendar.D(2026, 11, 20), Mode: "onsite", Kind: "routine", Met: "母亲",
					Problems: []string{"homework"}, TermID: f.termID},
			}, store.AuditEvent{Action: "visit.log", Result: store.ResultSuccess}, token, "/visits/")
			results <- result{loc, err}
		}()
	}
	close(start)
	var replays int
	for range 2 {
		r := <-results
		switch {
		case errors.Is(r.err, store.ErrReplay):
			replays++
			if !strings.HasPrefix(r.loc, "/visits/") {
				t.Errorf("replay sent to %q", r.loc)
			}
		case r.err != nil:
			t.Fatal(r.err)
		}
	}
	if replays != 1 {
		t.Errorf("%d replays, want 1", replays)
	}
	if n := one[int](t, f.db, `SELECT count(*) FROM visits WHERE author_id = $1`, f.teacherA); n != 1 {
		t.Errorf("%d visits, want exactly 1", n)
	}
	if n := one[int](t, f.db, `SELECT count(*) FROM ledger_visits`); n != 1 {
		t.Errorf("%d ledger links, want 1", n)
	}
}

// TestLedgerListExtras: the list names no source (its join is the
// export's), the export does; the class filter's options come with the
// page, the same as ClassesOfSchool, and with an empty page too.
func TestLedgerListExtras(t *testing.T) {
	t.Parallel()
	f := newVisitFixture(t)
	ctx := context.Background()
	d := calendar.D(2026, 11, 2)
	f.log(t, f.teacherA, d, []int64{f.a1}, "homework")
	county := one[int64](t, f.db, `SELECT county_id FROM schools WHERE id = $1`, f.school)
	ns := auth.NoteScope{SchoolID: f.school, WholeSchool: true, CountyID: county}
	want, err := f.st.ClassesOfSchool(ctx, county, f.school)
	if err != nil || len(want) == 0 {
		t.Fatalf("classes of school: %v, %d", err, len(want))
	}
	first := one[int64](t, f.db, `SELECT c.id FROM classes c JOIN grades g ON g.id = c.grade_id
		WHERE c.school_id = $1 AND c.archived_at IS NULL ORDER BY g.level, c.number LIMIT 1`, f.school)
	if w := want[0]; w.ID != first || w.SchoolID != f.school ||
		w.Name != one[string](t, f.db, `SELECT name FROM classes WHERE id = $1`, first) ||
		w.SchoolName != one[string](t, f.db, `SELECT name FROM schools WHERE id = $1`, f.school) {
		t.Errorf("first class option %+v, want class %d of school %d with their names", w, first, f.school)
	}
	list, err := f.st.ListLedger(ctx, ns, store.LedgerFilter{Today: d, Limit: 50, WithClasses: true}, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Rows) != 1 || list.Rows[0].SourceKind != "" || list.Total != 1 || list.Open != 1 {
		t.Errorf("list: %+v", list)
	}
	if !slices.Equal(list.Classes, want) {
		t.Errorf("class options %v, want %v", list.Classes, want)
	}
	export, err := f.st.ListLedger(ctx, ns, store.LedgerFilter{Today: d}, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(export.Rows) != 1 || export.Rows[0].SourceKind != "routine" || export.Classes != nil {
		t.Errorf("export: %+v", export)
	}
	// Past the end: no rows, the counts and the options all the same.
	past, err := f.st.ListLedger(ctx, ns, store.LedgerFilter{Today: d, Limit: 50, Offset: 50, WithClasses: true}, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(past.Rows) != 0 || past.Total != 1 || past.Open != 1 || !slices.Equal(past.Classes, want) {
		t.Errorf("page past the end: %+v", past)
	}
}

// TestLogVisit: one call writes the visit (filed under the first student's
// class), its students, visitors (staff of the school only) and photos in
// order, its ledger entries, the audit row naming the visit and the ledger
// outcome, and the token claim with where it leads. A used token is a
// replay with the first location (none for another user's token); a
// student outside the school is ErrNotFound; neither writes anything.
func TestLogVisit(t *testing.T) {
	t.Parallel()
	f := newVisitFixture(t)
	ctx := context.Background()
	d := calendar.D(2026, 11, 2)
	outsider := one[int64](t, f.db, `SELECT id FROM students WHERE school_id = $1 LIMIT 1`, f.other)
	uid := f.teacherA
	tok1, tok2 := strings.Repeat("a", 32), strings.Repeat("b", 32)
	ev := store.AuditEvent{ActorUserID: &uid, ActorName: "张老师", ActorRole: "class_teacher", SchoolID: &f.school, IP: "10.0.0.1",
		UserAgent: "a" + strings.Repeat("浏", 150), Action: "visit.log", Result: store.ResultSuccess, Details: map[string]any{"students": 2}}
	nv := store.NewVisit{
		SchoolID: f.school, AuthorID: f.teacherA, StudentIDs: []int64{f.b1, f.a1, f.b1}, CurrentTermID: f.termID,
		VisitFields: store.VisitFields{Date: d, Mode: "video", Kind: "routine", Problems: []string{"homework", "peer"}, TermID: f.termID,
			Companions: []int64{f.teacherB}},
		Photos: []store.Photo{{JPEG: []byte{1}, Width: 10, Height: 20}, {JPEG: []byte{2}, Width: 30, Height: 40}},
	}
	id, out, loc, err := f.st.LogVisit(ctx, nv, ev, tok1, "/visits/")
	if err != nil || loc != "" {
		t.Fatalf("log visit: %v, %q", err, loc)
	}
	if out.Opened != 4 || out.Joined != 0 {
		t.Errorf("ledger outcome %+v, want 4 opened (2 students × 2 problems)", out)
	}
	if c := one[int64](t, f.db, `SELECT class_id FROM visits WHERE id = $1`, id); c != f.classB {
		t.Errorf("filed under class %d, want the first student's %d", c, f.classB)
	}
	if n := one[int](t, f.db, `SELECT count(*) FROM visit_students WHERE visit_id = $1`, id); n != 2 {
		t.Errorf("%d students, want 2", n)
	}
	if v := one[string](t, f.db, `SELECT string_agg(user_id::text || ':' || lead::text, ',' ORDER BY lead DESC, user_id) FROM visit_visitors WHERE visit_id = $1`, id); v != fmt.Sprintf("%d:true,%d:false", f.teacherA, f.teacherB) {
		t.Errorf("visitors %s: want the author as lead and the companion", v)
	}
	if p := one[string](t, f.db, `SELECT string_agg(position || '=' || width || 'x' || height, ',' ORDER BY position) FROM visit_photos WHERE visit_id = $1`, id); p != "1=10x20,2=30x40" {
		t.Errorf("photos %s", p)
	}
	var obj int64
	var ua, details string
	if err := f.db.Pool.QueryRow(ctx, `SELECT object_id, user_agent, details::text FROM audit.events WHERE action = 'visit.log' AND object_type = 'visit'`).Scan(&obj, &ua, &details); err != nil {
		t.Fatal(err)
	}
	// Cut at 300 bytes, back to the last whole character.
	if obj != id || ua != "a"+strings.Repeat("浏", 99) || details != `{"students": 2, "ledger_joined": 0, "ledger_opened": 4}` {
		t.Errorf("audit row: object %d (visit %d), user agent %d bytes, details %s", obj, id, len(ua), details)
	}
	if l := one[string](t, f.db, `SELECT location FROM form_tokens WHERE token = $1`, tok1); l != fmt.Sprintf("/visits/%d", id) {
		t.Errorf("token leads to %q", l)
	}

	count := func() string {
		return one[string](t, f.db, `SELECT (SELECT count(*) FROM visits) || '/' || (SELECT count(*) FROM audit.events WHERE action = 'visit.log') || '/' || (SELECT count(*) FROM form_tokens)`)
	}
	before := count()
	if _, _, loc, err := f.st.LogVisit(ctx, nv, ev, tok1, "/visits/"); !errors.Is(err, store.ErrReplay) || loc != fmt.Sprintf("/visits/%d", id) {
		t.Errorf("replay: %v, %q", err, loc)
	}
	other := nv
	other.AuthorID, other.Companions = f.teacherB, nil
	if _, _, loc, err := f.st.LogVisit(ctx, other, ev, tok1, "/visits/"); !errors.Is(err, store.ErrReplay) || loc != "" {
		t.Errorf("another user's token: %v, %q", err, loc)
	}
	outside := nv
	outside.StudentIDs = []int64{f.a1, outsider}
	if _, _, _, err := f.st.LogVisit(ctx, outside, ev, tok2, "/visits/"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a student of another school: %v", err)
	}
	if after := count(); after != before {
		t.Errorf("visits/audit rows/tokens went from %s to %s on refused writes", before, after)
	}
	// The audit log's own writer cuts the same way (a cut character was an
	// encoding error that failed the whole request).
	plain := ev
	plain.Action = "test.user_agent"
	if err := f.st.Audit(ctx, plain); err != nil {
		t.Fatal(err)
	}
	if got := one[string](t, f.db, `SELECT user_agent FROM audit.events WHERE action = 'test.user_agent'`); got != "a"+strings.Repeat("浏", 99) {
		t.Errorf("Audit kept %d bytes of the user agent", len(got))
	}
	// It is a transaction of its own, never one inside InTx.
	err = f.st.InTx(ctx, func(tx *store.Store) error {
		_, _, _, err := tx.LogVisit(ctx, nv, ev, tok2, "/visits/")
		return err
	})
	if err == nil {
		t.Error("LogVisit ran inside a transaction")
	}
}

// TestLedgerHealthByCounty: the county's ledger health holds its own
// schools only (they are picked after grouping every class), and one
// school's is that school's.
func TestLedgerHealthByCounty(t *testing.T) {
	t.Parallel()
	f := newVisitFixture(t)
	ctx := context.Background()
	d := calendar.D(2026, 11, 2)
	f.log(t, f.teacherA, d, []int64{f.a1}, "homework")
	county := one[int64](t, f.db, `SELECT county_id FROM schools WHERE id = $1`, f.school)
	// The school with the entry moves to a county of its own.
	moved := one[int64](t, f.db, `INSERT INTO counties (name) VALUES ('邻县') RETURNING id`)
	if _, err := f.db.Pool.Exec(ctx, `UPDATE schools SET county_id = $1 WHERE id = $2`, moved, f.school); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		county, school int64
		want           []int64
	}{
		{county, 0, nil},
		{moved, 0, []int64{f.school}},
		{moved, f.school, []int64{f.school}},
		{county, f.school, nil},
	} {
		health, err := f.st.CountyLedgerHealth(ctx, tc.county, tc.school, d)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, h := range health {
			got = append(got, h.SchoolID)
			if h.Entries != 1 || h.Pending != 1 || h.Problems != 1 {
				t.Errorf("county %d school %d: %+v, want one pending entry of one problem", tc.county, tc.school, h)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("county %d school %d: schools %v, want %v", tc.county, tc.school, got, tc.want)
		}
	}
}

// TestSchoolLedgerPage: a whole school's list, read group by group from the
// order indexes with the counters for its counts, gives page for page what
// the general query (every entry read and sorted) gives for the same
// entries, under each filter.
func TestSchoolLedgerPage(t *testing.T) {
	t.Parallel()
	f := newVisitFixture(t)
	ctx := context.Background()
	// Every student of the school with a few categories: open, following,
	// resolved and referred entries of every risk, found over three
	// months, some acted on lately, some due long ago.
	f.exec(t, `
		INSERT INTO ledger_entries (school_id, class_id, student_id, category, other_text, found_on, risk, owner_id,
		                            follow_up_on, status, last_action_on, closed_on, closing_note)
		SELECT st.school_id, st.class_id, st.id, c, CASE WHEN c = 'other' THEN '其他情况' || st.id ELSE '' END, d,
		       (ARRAY['normal', 'watch', 'key'])[1 + abs(hashint8(st.id * 3 + k)) % 3], $2,
		       d + (abs(hashint8(st.id * 5 + k)) % 30)::int, s, d + (abs(hashint8(st.id * 11 + k)) % 60)::int,
		       CASE WHEN s IN ('resolved', 'referred') THEN d + 60 END, CASE WHEN s IN ('resolved', 'referred') THEN '已结案' ELSE '' END
		FROM students st
		CROSS JOIN LATERAL (VALUES (1, 'homework'), (2, 'peer'), (3, 'internet'), (4, 'other')) AS x(k, c)
		CROSS JOIN LATERAL (SELECT date '2026-08-20' + (abs(hashint8(st.id * 7 + k)) % 90)::int AS d,
		                           (ARRAY['open', 'following', 'resolved', 'referred'])[1 + abs(hashint8(st.id * 13 + k)) % 4] AS s) y
		WHERE st.school_id = $1`, f.school, f.teacherA)
	classes := one[[]int64](t, f.db, `SELECT array_agg(id) FROM classes WHERE school_id = $1`, f.school)
	whole := auth.NoteScope{SchoolID: f.school, WholeSchool: true}
	general := auth.NoteScope{SchoolID: f.school, ClassIDs: classes}
	today := calendar.D(2026, 11, 20)
	total := one[int](t, f.db, `SELECT count(*) FROM ledger_entries WHERE school_id = $1`, f.school)
	open := one[int](t, f.db, `SELECT count(*) FROM ledger_entries WHERE school_id = $1 AND status IN ('open', 'following')`, f.school)
	overdue := one[int](t, f.db, `SELECT count(*) FROM ledger_entries WHERE school_id = $1 AND status IN ('open', 'following') AND due_on < $2`, f.school, today)
	if total < 40 || overdue == 0 || overdue == open || open == total {
		t.Fatalf("%d entries, %d open, %d overdue: not a mix", total, open, overdue)
	}
	for _, lf := range []store.LedgerFilter{
		{}, {Status: "open_any"}, {Status: "open"}, {Status: "following"}, {Status: "resolved"}, {Status: "referred"}, {Overdue: true},
		{Risk: "key"}, {Category: "homework"}, {ClassID: f.classA}, {Category: "peer", Risk: "watch", Status: "open_any"},
	} {
		lf.Today, lf.Limit = today, 7
		for lf.Offset = 0; lf.Offset <= total; lf.Offset += lf.Limit {
			got, err := f.st.ListLedger(ctx, whole, lf, false)
			if err != nil {
				t.Fatal(err)
			}
			want, err := f.st.ListLedger(ctx, general, lf, false)
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != want.Total || got.Open != want.Open || got.Overdue != want.Overdue {
				t.Fatalf("%+v: counts %d/%d/%d, want %d/%d/%d", lf, got.Total, got.Open, got.Overdue, want.Total, want.Open, want.Overdue)
			}
			if len(got.Rows) != len(want.Rows) {
				t.Fatalf("%+v: %d rows, want %d", lf, len(got.Rows), len(want.Rows))
			}
			for i := range got.Rows {
				// Every column the list shows, read here from the order
				// indexes alone; the closing note is the export's.
				w := want.Rows[i]
				w.ClosingNote = ""
				if !reflect.DeepEqual(got.Rows[i], w) {
					t.Fatalf("%+v: row %d is\n%+v, want\n%+v", lf, i, got.Rows[i], w)
				}
			}
			if len(want.Rows) == 0 {
				break
			}
		}
	}
}
