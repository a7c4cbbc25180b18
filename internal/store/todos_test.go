package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/calendar"
	"xietong/internal/parents"
	"xietong/internal/store"
)

// todoRows reads every to-do as a comparable line.
func todoRows(t *testing.T, f visitFixture) []string {
	t.Helper()
	rows, err := f.db.Pool.Query(context.Background(), `
		SELECT kind, object_id, coalesce(school_id, 0), coalesce(user_id, 0), coalesce(role, ''), office,
		       coalesce(to_char(due_on, 'YYYY-MM-DD'), '') FROM todos`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var kind, role, office, due string
		var obj, school, user int64
		if err := rows.Scan(&kind, &obj, &school, &user, &role, &office, &due); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s/%d school %d user %d role %s office %s due %s", kind, obj, school, user, role, office, due))
	}
	if rows.Err() != nil {
		t.Fatal(rows.Err())
	}
	slices.Sort(out)
	return out
}

// TestTodosRecount: after the demo's records and a random mix of writes —
// ledger entries opened by visits, closed, reassigned and reopened; plans
// moving through their workflow; opinions sent, accepted, answered and
// deleted; lectures published, forwarded, taken back and withdrawn — the
// to-dos the triggers kept equal todos_rebuild's recount from the records,
// row for row; and the named cases hold.
func TestTodosRecount(t *testing.T) {
	t.Parallel()
	f := newVisitFixture(t)
	ctx := context.Background()
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := f.db.Pool.Exec(ctx, sql, args...); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	county := one[int64](t, f.db, `SELECT county_id FROM schools WHERE id = $1`, f.school)
	staff := one[int64](t, f.db, `SELECT id FROM users WHERE username = 'staff'`)
	rng := rand.New(rand.NewPCG(5, 12))
	cal, err := f.st.LoadCalendar(ctx, county)
	if err != nil {
		t.Fatal(err)
	}
	term, _ := cal.TermByID(f.termID)

	// Ledger entries: visits finding problems open them.
	pupils := []int64{f.a1, f.a2}
	for i := range 12 {
		p := pupils[i%2]
		f.log(t, f.teacherA, calendar.AddDays(term.Start, i), []int64{p}, []string{"internet", "peer", "homework"}[rng.IntN(3)])
	}
	entries := func() []int64 {
		rows, err := f.db.Pool.Query(ctx, `SELECT id FROM ledger_entries ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			t.Fatal(err)
		}
		return ids
	}
	for _, id := range entries() {
		switch rng.IntN(4) {
		case 0:
			exec(`UPDATE ledger_entries SET status = 'resolved', closed_on = last_action_on WHERE id = $1`, id)
		case 1:
			exec(`UPDATE ledger_entries SET owner_id = $2, follow_up_on = last_action_on + 2 WHERE id = $1`, id, f.teacherB)
		case 2:
			exec(`UPDATE ledger_entries SET status = 'following', last_action_on = last_action_on + 1 WHERE id = $1`, id)
		}
	}
	// Plans through their workflow, for both schools.
	for _, st := range []string{"submitted", "returned", "leader_review", "approved", "draft", "submitted"} {
		exec(`UPDATE work_plans SET state = $1 WHERE id IN (SELECT id FROM work_plans ORDER BY random() LIMIT 2)`, st)
	}
	exec(`DELETE FROM work_plans WHERE id IN (SELECT id FROM work_plans WHERE state = 'draft' AND NOT EXISTS (
	        SELECT 1 FROM work_plan_items i WHERE i.plan_id = work_plans.id) LIMIT 1)`)
	// Opinions in every state.
	for _, st := range []string{"received", "pending", "answered", "published", "rejected", "pending"} {
		exec(`UPDATE parent_opinions SET state = $1, response = CASE WHEN $1 IN ('answered', 'published') THEN '已回复' ELSE response END,
		         owner_office = (ARRAY['', 'moral', 'safety'])[1 + (id % 3)]
		      WHERE id IN (SELECT id FROM parent_opinions ORDER BY random() LIMIT 5)`, st)
	}
	exec(`DELETE FROM parent_opinions WHERE id IN (SELECT id FROM parent_opinions WHERE state = 'pending' LIMIT 2)`)
	// Lectures: one for every school, one for a stage no demo school has,
	// forwarded, taken back, withdrawn.
	today := calendar.AddDays(term.Start, 30)
	l1, err := f.st.CreateLecture(ctx, store.NewLecture{CountyID: county, PublishedBy: staff, Title: "家庭教育讲座一", Audience: "all", PublishedOn: today})
	if err != nil {
		t.Fatal(err)
	}
	l2, err := f.st.CreateLecture(ctx, store.NewLecture{CountyID: county, PublishedBy: staff, Title: "高中家长讲座", Audience: "stage", AudienceStage: "senior", PublishedOn: today})
	if err != nil {
		t.Fatal(err)
	}
	l3, err := f.st.CreateLecture(ctx, store.NewLecture{CountyID: county, PublishedBy: staff, Title: "撤回的讲座", Audience: "all", PublishedOn: today})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []int64{l1, l3} {
		if _, err := f.st.ForwardLecture(ctx, county, l, f.school, staff, today, "全体家长群"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.st.ForwardLecture(ctx, county, l1, f.other, staff, today, ""); err != nil {
		t.Fatal(err)
	}
	exec(`DELETE FROM lecture_forwards WHERE lecture_id = $1 AND school_id = $2`, l1, f.other)
	exec(`DELETE FROM lectures WHERE id = $1`, l3)
	// A lecture the bureau withdraws is nobody's to-do any more.
	l4, err := f.st.CreateLecture(ctx, store.NewLecture{CountyID: county, PublishedBy: staff, Title: "撤回的讲座二", Audience: "all", PublishedOn: today})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.st.WithdrawLecture(ctx, county, l4, staff); err != nil {
		t.Fatal(err)
	}

	// Rectification items of a released inspection and of one not yet
	// released, in every state; then the second is released and an item
	// moves on.
	exec(`INSERT INTO inspection_rubrics (county_id, school_year_id, title) SELECT county_id, id, '细则' FROM school_years ON CONFLICT DO NOTHING`)
	insp := func(state string) int64 {
		return one[int64](t, f.db, `
			INSERT INTO inspections (school_id, school_year_id, kind, scheduled_on, state, created_by, rubric_id, released_at)
			SELECT $1, y.id, 'annual', y.starts_on + 60, $2, $3, r.id, CASE WHEN $2 = 'released' THEN now() END
			FROM school_years y JOIN inspection_rubrics r ON r.school_year_id = y.id ORDER BY y.start_year DESC LIMIT 1
			RETURNING id`, f.school, state, staff)
	}
	released, held := insp("released"), insp("scored")
	for i, st := range []string{"open", "submitted", "returned", "accepted", "open"} {
		in := released
		if i == 4 {
			in = held
		}
		exec(`INSERT INTO inspection_rectifications (inspection_id, school_id, problem, owner_office, deadline, state, reported_at, created_by)
		      VALUES ($1, $2, '整改', 'moral', $3, $4, CASE WHEN $4 = 'open' THEN NULL ELSE now() END, $5)`, in, f.school, today, st, staff)
	}
	exec(`UPDATE inspections SET state = 'released', released_at = now() WHERE id = $1`, held)
	exec(`UPDATE inspection_rectifications SET state = 'submitted', reported_at = now() WHERE inspection_id = $1 AND state = 'returned'`, released)

	kept := todoRows(t, f)
	if n := one[int](t, f.db, `SELECT todos_rebuild()`); n != len(kept) {
		t.Errorf("rebuild counts %d, the triggers kept %d", n, len(kept))
	}
	if rebuilt := todoRows(t, f); !slices.Equal(kept, rebuilt) {
		t.Errorf("kept by the triggers:\n%v\nrecounted:\n%v", kept, rebuilt)
	}

	// The named cases.
	has := func(kind string, obj, school, user int64, role string) bool {
		return one[bool](t, f.db, `SELECT EXISTS (SELECT 1 FROM todos WHERE kind = $1 AND object_id = $2
		    AND coalesce(school_id, 0) = $3 AND coalesce(user_id, 0) = $4 AND coalesce(role, '') = $5)`, kind, obj, school, user, role)
	}
	if !has("lecture", l1, f.other, 0, "school_office") || has("lecture", l1, f.school, 0, "school_office") {
		t.Error("lecture 1: the school that took its forwarding back should have the to-do, the one that forwarded not")
	}
	if n := one[int](t, f.db, `SELECT count(*) FROM todos WHERE kind = 'rect_report'`); n != 2 {
		t.Errorf("%d rectification items to report on, want the open ones of both inspections (2)", n)
	}
	if n := one[int](t, f.db, `SELECT count(*) FROM todos WHERE kind = 'rect_review' AND role = 'supervisor'`); n != 2 {
		t.Errorf("%d reports for the supervisors to check, want 2", n)
	}
	if one[int](t, f.db, `SELECT count(*) FROM todos WHERE kind = 'lecture' AND object_id IN ($1, $2, $3)`, l2, l3, l4) != 0 {
		t.Error("a lecture for no demo school's stage, or withdrawn, is nobody's to-do")
	}
	if due := one[time.Time](t, f.db, `SELECT due_on FROM todos WHERE kind = 'lecture' AND object_id = $1 LIMIT 1`, l1); !due.Equal(calendar.AddDays(today, parents.ForwardDays)) {
		t.Errorf("lecture due %v, want %d days after publishing", due, parents.ForwardDays)
	}
	open := one[int](t, f.db, `SELECT count(*) FROM ledger_entries WHERE status IN ('open', 'following') AND owner_id = $1`, f.teacherB)
	n, unread, err := f.st.TodoCount(ctx, store.TodoScope{UserID: f.teacherB, CountyID: county})
	if err != nil || n != open || unread != open {
		t.Errorf("teacher B counts %d (%d unread) %v, owns %d open entries", n, unread, err, open)
	}
	newest := one[time.Time](t, f.db, `SELECT max(opened_at) FROM todos WHERE user_id = $1`, f.teacherB)
	if err := f.st.MarkTodosSeen(ctx, f.teacherB, newest); err != nil {
		t.Fatal(err)
	}
	if _, unread, _ := f.st.TodoCount(ctx, store.TodoScope{UserID: f.teacherB, CountyID: county}); unread != 0 {
		t.Errorf("after reading the list %d unread", unread)
	}
	list, err := f.st.ListTodos(ctx, store.TodoScope{UserID: f.teacherB, CountyID: county})
	if err != nil || len(list) != open {
		t.Fatalf("teacher B lists %d %v, want %d", len(list), err, open)
	}
	for _, it := range list {
		if it.Kind != "ledger" || it.Subject == "" || it.Category == "" || it.DueOn == nil || it.Unread {
			t.Errorf("ledger to-do %+v", it)
		}
	}
	// A school office sees its school's to-dos only, an office those of
	// its own office or of none.
	office := store.TodoScope{UserID: staff, CountyID: county, Role: "school_office", SchoolID: f.school, Office: "safety"}
	list, err = f.st.ListTodos(ctx, office)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range list {
		if it.SchoolID == nil || *it.SchoolID != f.school {
			t.Errorf("office of school %d sees %+v", f.school, it)
		}
		if it.Kind == "opinion_answer" && one[string](t, f.db, `SELECT office FROM todos WHERE id = $1`, it.ID) == "moral" {
			t.Errorf("the safety office sees the moral office's opinion %+v", it)
		}
	}
	want := one[int](t, f.db, `SELECT count(*) FROM todos WHERE role = 'school_office' AND school_id = $1 AND office IN ('', 'safety')`, f.school)
	if len(list) != want {
		t.Errorf("safety office lists %d, want %d", len(list), want)
	}
	bureau, err := f.st.ListTodos(ctx, store.TodoScope{UserID: staff, CountyID: county, Role: "bureau_staff"})
	if err != nil {
		t.Fatal(err)
	}
	if w := one[int](t, f.db, `SELECT count(*) FROM work_plans WHERE state = 'submitted'`); len(bureau) != w {
		t.Errorf("bureau staff list %d, %d plans are submitted", len(bureau), w)
	}
}
