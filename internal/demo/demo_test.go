package demo_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/auth"
	"xietong/internal/dbtest"
	"xietong/internal/demo"
	"xietong/internal/idcard"
	"xietong/internal/parents"
	"xietong/internal/store"
)

func seed(t *testing.T, opt demo.Options) (*store.Store, demo.Result) {
	t.Helper()
	db := dbtest.New(t)
	st := store.New(db.Pool)
	res, err := demo.Seed(context.Background(), st, opt)
	if err != nil {
		t.Fatal(err)
	}
	return st, res
}

func count(t *testing.T, st *store.Store, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := st.Pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

func TestSeedSmall(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, res := seed(t, demo.Options{Schools: 3, Students: 300})

	if res.Schools != 3 || res.Students != 300 {
		t.Errorf("result %+v", res)
	}
	for _, c := range []struct {
		what string
		sql  string
		want int
	}{
		{"counties", `SELECT count(*) FROM counties WHERE name = 'XX县'`, 1},
		{"schools", `SELECT count(*) FROM schools`, res.Schools},
		{"classes", `SELECT count(*) FROM classes`, res.Classes},
		{"students", `SELECT count(*) FROM students WHERE status = 'enrolled'`, res.Students},
		{"school years", `SELECT count(*) FROM school_years`, 2},
		{"terms", `SELECT count(*) FROM terms`, 4},
		{"vacations", `SELECT count(*) FROM vacations`, 4},
		{"students without guardian", `SELECT count(*) FROM students s WHERE NOT EXISTS (SELECT 1 FROM guardians g WHERE g.student_id = s.id AND g.position = 1)`, 0},
		{"classes without class teacher in a term", `
			SELECT count(*) FROM classes c CROSS JOIN terms t JOIN school_years y ON y.id = t.school_year_id AND y.start_year = 2026
			WHERE NOT EXISTS (SELECT 1 FROM class_staff cs WHERE cs.class_id = c.id AND cs.term_id = t.id AND cs.duty = 'class_teacher')`, 0},
		{"classes in another school than their grade", `SELECT count(*) FROM classes c JOIN grades g ON g.id = c.grade_id WHERE g.school_id <> c.school_id`, 0},
		{"students in another school than their class", `SELECT count(*) FROM students s JOIN classes c ON c.id = s.class_id WHERE c.school_id <> s.school_id`, 0},
		{"staff who can sign in", `SELECT count(*) FROM users WHERE password_hash IS NOT NULL`, 8},
	} {
		if got := count(t, st, c.sql); got != c.want {
			t.Errorf("%s: %d, want %d", c.what, got, c.want)
		}
	}
	if res.Classes < 2*count(t, st, `SELECT count(*) FROM grades`) {
		t.Errorf("%d classes: fewer than two per grade", res.Classes)
	}

	if len(res.Accounts) != 8 {
		t.Fatalf("accounts %+v", res.Accounts)
	}
	for _, a := range res.Accounts {
		u, err := st.UserByUsername(ctx, a.Username)
		if err != nil {
			t.Fatalf("%s: %v", a.Username, err)
		}
		if u.PasswordHash == nil || u.MustChangePassword {
			t.Fatalf("%s: cannot sign in with the demo password", a.Username)
		}
		if _, err := auth.VerifyPassword(ctx, demo.Password, *u.PasswordHash); err != nil {
			t.Errorf("%s: %v", a.Username, err)
		}
	}

	var firstSchool int64
	if err := st.Pool.QueryRow(ctx, `SELECT id FROM schools ORDER BY code LIMIT 1`).Scan(&firstSchool); err != nil {
		t.Fatal(err)
	}
	// teacher: class teacher of 三年级(2)班 of the first school, both terms.
	rows, _ := st.Pool.Query(ctx, `
		SELECT c.school_id, c.name, count(DISTINCT cs.term_id)::int
		FROM class_staff cs JOIN classes c ON c.id = cs.class_id JOIN users u ON u.id = cs.user_id
		WHERE u.username = 'teacher' AND cs.duty = 'class_teacher' GROUP BY 1, 2`)
	type duty struct {
		School int64
		Class  string
		Terms  int
	}
	got, err := pgx.CollectRows(rows, pgx.RowToStructByPos[duty])
	if err != nil {
		t.Fatal(err)
	}
	if want := []duty{{firstSchool, "三年级(2)班", 2}}; !slices.Equal(got, want) {
		t.Errorf("teacher leads %+v, want %+v", got, want)
	}
	// subject: 数学 in exactly two classes of the first school, both terms.
	if n := count(t, st, `
		SELECT count(DISTINCT cs.class_id) FROM class_staff cs JOIN users u ON u.id = cs.user_id
		WHERE u.username = 'subject'`); n != 2 {
		t.Errorf("subject teaches %d classes, want 2", n)
	}
	if n := count(t, st, `
		SELECT count(*) FROM class_staff cs JOIN users u ON u.id = cs.user_id JOIN classes c ON c.id = cs.class_id
		WHERE u.username = 'subject' AND cs.duty = 'subject_teacher' AND cs.subject = '数学' AND c.school_id = $1`, firstSchool); n != 4 {
		t.Errorf("subject has %d 数学 duties in the first school, want 2 classes × 2 terms", n)
	}
	// office: the first school's 德育处.
	if n := count(t, st, `
		SELECT count(*) FROM role_assignments ra JOIN users u ON u.id = ra.user_id
		WHERE u.username = 'office' AND ra.role = 'school_office' AND ra.office = 'moral' AND ra.school_id = $1`, firstSchool); n != 1 {
		t.Errorf("office is not the first school's 德育处")
	}
	for _, c := range []struct{ user, role string }{{"admin", "admin"}, {"leader", "bureau_leader"}, {"supervisor", "supervisor"}} {
		if n := count(t, st, `
			SELECT count(*) FROM role_assignments ra JOIN users u ON u.id = ra.user_id
			WHERE u.username = $1 AND ra.role = $2 AND ra.school_id IS NULL`, c.user, c.role); n != 1 {
			t.Errorf("%s lacks the county role %s", c.user, c.role)
		}
	}
	// The demo teacher sees their class in the current term.
	var termID int64
	if err := st.Pool.QueryRow(ctx, `SELECT id FROM terms WHERE starts_on <= '2026-11-29' AND ends_on >= '2026-11-29'`).Scan(&termID); err != nil {
		t.Fatalf("no term contains 2026-11-29: %v", err)
	}
	u, _ := st.UserByUsername(ctx, "teacher")
	as, err := st.Assignments(ctx, u.ID, termID)
	if err != nil || len(as) != 1 || as[0].Role != auth.ClassTeacher || len(as[0].ClassIDs) != 1 {
		t.Errorf("teacher's assignments: %+v, %v", as, err)
	}

	if empty, err := demo.Empty(ctx, st); err != nil || empty {
		t.Errorf("Empty after seeding = %v, %v", empty, err)
	}
	if _, err := demo.Seed(ctx, st, demo.Options{Schools: 1, Students: 10}); !errors.Is(err, demo.ErrNotEmpty) {
		t.Errorf("second Seed: %v, want ErrNotEmpty", err)
	}
}

// studentRows returns every student as one comparable line.
func studentRows(t *testing.T, st *store.Store) []string {
	t.Helper()
	rows, err := st.Pool.Query(context.Background(), `
		SELECT s.student_number, s.name, s.gender, s.birth_date, s.address, s.left_behind, s.hardship, s.migrant, s.disabled, s.orphan,
		       sc.code, c.name, coalesce((SELECT string_agg(g.name || g.relation || g.phone, ',' ORDER BY g.position) FROM guardians g WHERE g.student_id = s.id), '')
		FROM students s JOIN schools sc ON sc.id = s.school_id JOIN classes c ON c.id = s.class_id
		ORDER BY s.student_number`)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (string, error) {
		vals, err := r.Values()
		return fmt.Sprint(vals...), err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSeedDeterministic(t *testing.T) {
	t.Parallel()
	opt := demo.Options{Schools: 4, Students: 500, Seed: 42}
	a, _ := seed(t, opt)
	b, _ := seed(t, opt)
	ra, rb := studentRows(t, a), studentRows(t, b)
	if len(ra) != 500 || !slices.Equal(ra, rb) {
		t.Fatalf("two seeds with the same options differ (%d and %d students)", len(ra), len(rb))
	}
	staff := func(st *store.Store) []string {
		rows, _ := st.Pool.Query(context.Background(), `
			SELECT u.username || u.display_name || coalesce(u.phone, '') || coalesce(string_agg(c.name || cs.duty || coalesce(cs.subject, ''), ',' ORDER BY c.name, cs.duty, cs.subject, cs.term_id), '')
			FROM users u LEFT JOIN class_staff cs ON cs.user_id = u.id LEFT JOIN classes c ON c.id = cs.class_id
			GROUP BY u.id ORDER BY u.username`)
		out, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	if !slices.Equal(staff(a), staff(b)) {
		t.Fatal("staff differ")
	}
}

func TestSeedDefault(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("seeds 8,000 students")
	}
	db := dbtest.New(t)
	st := store.New(db.Pool)
	start := time.Now()
	res, err := demo.Seed(context.Background(), st, demo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("seeded %d schools, %d classes, %d students in %s", res.Schools, res.Classes, res.Students, time.Since(start).Round(time.Millisecond))
	if res.Schools != 20 || count(t, st, `SELECT count(*) FROM schools`) != 20 {
		t.Errorf("%d schools", res.Schools)
	}
	n := count(t, st, `SELECT count(*) FROM students`)
	if n != res.Students || n < 7760 || n > 8240 {
		t.Errorf("%d students (result says %d), want 8000 ± 3%%", n, res.Students)
	}
	for _, c := range []struct {
		flag   string
		lo, hi float64
	}{
		{"left_behind", 10, 20}, {"hardship", 3, 7}, {"migrant", 5, 11}, {"disabled", 0.3, 2}, {"orphan", 0, 1},
	} {
		k := count(t, st, `SELECT count(*) FROM students WHERE `+c.flag)
		pct := 100 * float64(k) / float64(n)
		t.Logf("%s: %.2f%%", c.flag, pct)
		if pct < c.lo || pct > c.hi {
			t.Errorf("%s: %.2f%%, want %g–%g%%", c.flag, pct, c.lo, c.hi)
		}
	}
	// Left-behind children are mostly rural, migrant children mostly urban.
	rate := func(flag string, rural bool) float64 {
		k := count(t, st, `SELECT count(*) FILTER (WHERE `+flag+`) * 1000 / count(*) FROM students s JOIN schools sc ON sc.id = s.school_id WHERE sc.rural = $1`, rural)
		return float64(k) / 10
	}
	if rate("left_behind", true) <= rate("left_behind", false) || rate("migrant", true) >= rate("migrant", false) {
		t.Errorf("left-behind rural %.1f%% urban %.1f%%; migrant rural %.1f%% urban %.1f%%",
			rate("left_behind", true), rate("left_behind", false), rate("migrant", true), rate("migrant", false))
	}
	if k := count(t, st, `SELECT count(*) FROM schools WHERE stage = 'primary'`); k != 12 {
		t.Errorf("%d primary schools", k)
	}
	var first string
	if err := st.Pool.QueryRow(context.Background(), `SELECT name || stage || township || rural FROM schools ORDER BY code LIMIT 1`).Scan(&first); err != nil {
		t.Fatal(err)
	}
	if first != "城关镇第一小学primary城关镇false" {
		t.Errorf("first school %s", first)
	}
	// Themed class meetings (R05) in the autumn term: some schools held one
	// in every class in the first week, others are behind.
	perSchool := `SELECT count(*) FROM (
		SELECT c.school_id, bool_and(EXISTS (SELECT 1 FROM class_meetings m JOIN terms t ON t.id = m.term_id
			WHERE m.class_id = c.id AND m.held_on < t.starts_on + 7)) AS complete
		FROM classes c GROUP BY c.school_id) x WHERE complete = $1`
	if complete, behind := count(t, st, perSchool, true), count(t, st, perSchool, false); complete < 3 || behind < 10 {
		t.Errorf("class meetings: %d schools complete in the first week, %d behind", complete, behind)
	}
	// Parent meetings (R08, R13): a whole-school meeting in each of the
	// year's two terms everywhere; some schools answered every opinion,
	// others lag, and parents' opinions from the link wait in some; the
	// demo teacher's class held one.
	if n := count(t, st, `SELECT count(*) FROM schools s WHERE (SELECT count(DISTINCT term_id) FROM parent_meetings m WHERE m.school_id = s.id AND m.scope = 'school') < 2`); n != 0 {
		t.Errorf("%d schools without a whole-school parent meeting in each term", n)
	}
	share := `SELECT count(*) FROM (SELECT school_id, count(*) FILTER (WHERE state IN ('answered', 'published'))::float / count(*) AS r
		FROM parent_opinions WHERE state IN ('pending', 'answered', 'published') GROUP BY school_id) x WHERE (r = 1) = $1`
	if all, lagging := count(t, st, share, true), count(t, st, share, false); all < 3 || lagging < 10 {
		t.Errorf("opinions: %d schools answered all, %d lag", all, lagging)
	}
	if n := count(t, st, `SELECT count(DISTINCT school_id) FROM parent_opinions WHERE state = 'received' AND source = 'link'`); n < 3 {
		t.Errorf("%d schools with parents' opinions waiting", n)
	}
	if n := count(t, st, `SELECT count(*) FROM parent_meetings m JOIN class_staff cs ON cs.class_id = m.class_id JOIN users u ON u.id = cs.user_id WHERE u.username = 'teacher' AND cs.duty = 'class_teacher'`); n == 0 {
		t.Error("the demo teacher's class held no parent meeting")
	}
	if n := count(t, st, `SELECT count(*) FROM parent_meetings m WHERE (SELECT count(*) FROM parent_opinions o WHERE o.meeting_id = m.id) NOT BETWEEN 3 AND 30`); n != 0 {
		t.Errorf("%d meetings with fewer than 3 or more than 30 opinions", n)
	}
	// Activities (R14–R20): every school recorded some; some held both
	// rule-of-law lectures (R17), others not; some were at a red base (R14).
	if n := count(t, st, `SELECT count(*) FROM schools s WHERE NOT EXISTS (SELECT 1 FROM activities a WHERE a.school_id = s.id)`); n != 0 {
		t.Errorf("%d schools without any activity", n)
	}
	lectures := `SELECT count(*) FROM (SELECT s.id, (SELECT count(*) FROM activities a WHERE a.school_id = s.id AND 'R17' = ANY(a.duties)) AS n
		FROM schools s) x WHERE (n >= 2) = $1`
	if both, short := count(t, st, lectures, true), count(t, st, lectures, false); both < 3 || short < 5 {
		t.Errorf("rule-of-law lectures: %d schools held two, %d fewer", both, short)
	}
	if n := count(t, st, `SELECT count(DISTINCT school_id) FROM activities WHERE 'R14' = ANY(duties) AND base_id IS NOT NULL`); n < 3 {
		t.Errorf("%d schools with a red-base practice", n)
	}
	// Inspections (R23): last school year most schools were inspected,
	// every item scored and the report released (some closed), on a
	// 100-point rubric; this year some are scheduled, the first school
	// today; this year's rubric is not fixed yet.
	if n := count(t, st, `SELECT count(*) FROM inspections i JOIN school_years y ON y.id = i.school_year_id
		WHERE y.start_year = 2025 AND i.state IN ('released', 'closed') AND i.released_at IS NOT NULL`); n < 15 {
		t.Errorf("%d schools with last year's inspection released", n)
	}
	if n := count(t, st, `SELECT count(*) FROM inspections i JOIN school_years y ON y.id = i.school_year_id
		WHERE y.start_year = 2025 AND i.state = 'closed'`); n < 2 {
		t.Errorf("%d of last year's inspections closed", n)
	}
	if n := count(t, st, `SELECT count(*) FROM inspections i WHERE i.state <> 'scheduled' AND EXISTS (
		SELECT 1 FROM inspection_rubric_items it LEFT JOIN inspection_scores sc ON sc.item_id = it.id AND sc.inspection_id = i.id
		WHERE it.rubric_id = i.rubric_id AND sc.score_tenths IS NULL)`); n != 0 {
		t.Errorf("%d inspections carried out with an item unscored", n)
	}
	if n := count(t, st, `SELECT sum(max_tenths) FROM inspection_rubric_items`); n != 1000 {
		t.Errorf("the rubric totals %d tenths, want 1000", n)
	}
	if n := count(t, st, `SELECT count(*) FROM inspections i JOIN school_years y ON y.id = i.school_year_id
		WHERE y.start_year = 2026 AND i.state = 'scheduled'`); n < 3 || n > 10 {
		t.Errorf("%d of this year's inspections scheduled", n)
	}
	// Rectification: every released inspection has some; a closed one's are
	// all accepted; a few schools still owe one past its deadline, a few
	// reports wait for the supervisor.
	if n := count(t, st, `SELECT count(*) FROM inspections i WHERE i.state IN ('released', 'closed')
		AND NOT EXISTS (SELECT 1 FROM inspection_rectifications r WHERE r.inspection_id = i.id)`); n != 0 {
		t.Errorf("%d released inspections without rectification", n)
	}
	if n := count(t, st, `SELECT count(*) FROM inspection_rectifications r JOIN inspections i ON i.id = r.inspection_id
		WHERE i.state = 'closed' AND r.state <> 'accepted'`); n != 0 {
		t.Errorf("%d items of closed inspections not accepted", n)
	}
	if n := count(t, st, `SELECT count(*) FROM inspection_rectifications WHERE state = 'open' AND deadline < '2026-11-29'`); n < 2 || n > 8 {
		t.Errorf("%d overdue rectification items, want a few", n)
	}
	if n := count(t, st, `SELECT count(*) FROM inspection_rectifications WHERE state = 'submitted'`); n < 1 {
		t.Error("no rectification report waits for the supervisor")
	}
	if n := count(t, st, `SELECT count(*) FROM todos WHERE kind IN ('rect_report', 'rect_review')`); n < 3 {
		t.Errorf("%d rectification to-dos", n)
	}
	if n := count(t, st, `SELECT count(*) FROM inspections i JOIN schools s ON s.id = i.school_id
		WHERE s.code = (SELECT min(code) FROM schools) AND i.scheduled_on = '2026-11-29'`); n != 1 {
		t.Errorf("the first school's inspection today: %d", n)
	}
	// Leadership groups (R21): most schools have one with its 组长, some
	// none, some without a 组长; the county's has its 局长.
	groups := `SELECT count(*) FROM schools s WHERE (SELECT count(*) FROM leadership_members m
		WHERE m.school_id = s.id AND m.position = 'leader') = $1`
	if led, unled := count(t, st, groups, 1), count(t, st, groups, 0); led < 10 || unled < 2 {
		t.Errorf("leadership groups: %d schools with a 组长, %d without", led, unled)
	}
	if n := count(t, st, `SELECT count(*) FROM leadership_members WHERE school_id IS NULL AND position = 'leader'`); n != 1 {
		t.Errorf("the county's group has %d 组长", n)
	}
	// The parent school and guidance (R09–R11, R22): most schools have a
	// parent school, some none; every school held guidance last year; this
	// term some schools cover the running quarter and some lag, some
	// targeted the left-behind and some not, some held a training and some
	// not yet.
	if with, n := count(t, st, `SELECT count(*) FROM parent_schools`), res.Schools; with < n/2 || with == n {
		t.Errorf("%d of %d schools with a parent school", with, n)
	}
	if n := count(t, st, `SELECT count(*) FROM schools s WHERE NOT EXISTS (SELECT 1 FROM guidance_sessions g JOIN terms t ON t.id = g.term_id
		JOIN school_years y ON y.id = t.school_year_id AND y.start_year = 2025 WHERE g.school_id = s.id AND g.kind = 'guidance')`); n != 0 {
		t.Errorf("%d schools without guidance last year", n)
	}
	thisTerm := `FROM guidance_sessions g JOIN terms t ON t.id = g.term_id AND t.starts_on <= '2026-11-29' AND t.ends_on >= '2026-11-29' WHERE g.school_id = s.id`
	quarter := `SELECT count(*) FROM schools s WHERE EXISTS (SELECT 1 ` + thisTerm + ` AND g.kind = 'guidance' AND g.held_on >= '2026-10-01')`
	if covered := count(t, st, quarter); covered < 3 || covered > res.Schools-3 {
		t.Errorf("%d schools with guidance in the running quarter, want some but not all", covered)
	}
	left := `SELECT count(*) FROM schools s WHERE EXISTS (SELECT 1 ` + thisTerm + ` AND g.audience = 'left_behind')`
	if n := count(t, st, left); n < 3 || n > res.Schools-3 {
		t.Errorf("%d schools with a left-behind session this term, want some but not all", n)
	}
	trained := `SELECT count(*) FROM schools s WHERE EXISTS (SELECT 1 ` + thisTerm + ` AND g.kind = 'training')`
	if n := count(t, st, trained); n < 3 || n > res.Schools-3 {
		t.Errorf("%d schools with a training this term, want some but not all", n)
	}
	if n := count(t, st, `SELECT count(*) FROM guidance_sessions WHERE held_on > '2026-11-29'`); n != 0 {
		t.Errorf("%d sessions after the demo's today", n)
	}
	// Bureau lectures (R12): a term of 6–8 published by the bureau's staff;
	// most forwards in time, some late; a few schools with a lecture past
	// its due day not forwarded at all; none forwarded after today.
	if n := count(t, st, `SELECT count(*) FROM lectures l JOIN users u ON u.id = l.published_by AND u.username = 'staff'
		WHERE l.published_on BETWEEN '2026-09-01' AND '2026-11-29'`); n < 6 || n > 8 {
		t.Errorf("%d lectures this term by the demo's staff, want 6–8", n)
	}
	forwards := count(t, st, `SELECT count(*) FROM lecture_forwards`)
	late := count(t, st, `SELECT count(*) FROM lecture_forwards f JOIN lectures l ON l.id = f.lecture_id WHERE f.forwarded_on > l.published_on + $1::int`, parents.ForwardDays)
	if late == 0 || late*3 > forwards {
		t.Errorf("%d of %d forwards late, want some but under a third", late, forwards)
	}
	missing := count(t, st, `SELECT count(DISTINCT sc.id) FROM schools sc JOIN lectures l ON l.county_id = sc.county_id
		AND (cardinality(l.school_stages) = 0 OR sc.stage = ANY(l.school_stages)) AND l.published_on + $1::int < '2026-11-29'
		WHERE NOT EXISTS (SELECT 1 FROM lecture_forwards f WHERE f.lecture_id = l.id AND f.school_id = sc.id)`, parents.ForwardDays)
	if missing == 0 || missing > res.Schools/2 {
		t.Errorf("%d of %d schools with a lecture overdue, want a few", missing, res.Schools)
	}
	if n := count(t, st, `SELECT count(*) FROM lecture_forwards WHERE forwarded_on > '2026-11-29'`); n != 0 {
		t.Errorf("%d forwards after the demo's today", n)
	}
	// Parent committees (R06, R07): every class of this school year has
	// one, a few broken (no head, two heads, a member whose child is in
	// another class), some still the draft carried over from last year's
	// class; most schools have a school committee, some breaking the rule
	// of three per division with one head, some none.
	thisYear := `JOIN classes c ON c.id = k.class_id JOIN grades g ON g.id = c.grade_id JOIN school_years y ON y.id = g.school_year_id AND y.start_year = 2026`
	if n := count(t, st, `SELECT count(*) FROM classes c JOIN grades g ON g.id = c.grade_id JOIN school_years y ON y.id = g.school_year_id AND y.start_year = 2026
		WHERE c.archived_at IS NULL AND NOT EXISTS (SELECT 1 FROM class_committees k WHERE k.class_id = c.id)`); n != 0 {
		t.Errorf("%d classes without a committee", n)
	}
	heads := `SELECT count(*) FROM (SELECT k.id FROM class_committees k ` + thisYear + ` JOIN class_committee_members m ON m.committee_id = k.id
		GROUP BY k.id HAVING count(*) FILTER (WHERE m.head) = $1) x`
	if none, two, one := count(t, st, heads, 0), count(t, st, heads, 2), count(t, st, heads, 1); none < 3 || two < 2 || one < 10*(none+two) {
		t.Errorf("class committees: %d without a head, %d with two, %d with one", none, two, one)
	}
	if n := count(t, st, `SELECT count(DISTINCT k.id) FROM class_committees k `+thisYear+` JOIN class_committee_members m ON m.committee_id = k.id
		JOIN students s ON s.id = m.student_id WHERE s.class_id <> k.class_id AND NOT k.draft`); n < 2 {
		t.Errorf("%d confirmed committees with a member whose child is in another class", n)
	}
	if n := count(t, st, `SELECT count(*) FROM class_committees k `+thisYear+` JOIN class_committees f ON f.id = k.carried_from
		JOIN school_years fy ON fy.id = f.school_year_id AND fy.start_year = 2025 WHERE k.draft`); n < 3 {
		t.Errorf("%d drafts carried over from last year's committees", n)
	}
	var ok, broken, none int
	for _, s := range schools(t, st) {
		c, err := st.SchoolCommitteeOf(context.Background(), s, yearID(t, st, 2026))
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case len(c.Reps) == 0:
			none++
		case len(c.Problems()) == 0:
			ok++
		default:
			broken++
		}
	}
	if ok < 8 || broken < 3 || none < 2 {
		t.Errorf("school committees: %d meet the rule, %d do not, %d schools have none", ok, broken, none)
	}
	// Work plans (R01) for the autumn term, in every state the bureau's
	// page shows: most approved, some waiting, returned with a comment,
	// drafts, and schools with none yet.
	planStates := `SELECT count(*) FROM schools s LEFT JOIN work_plans p ON p.school_id = s.id WHERE coalesce(p.state, 'none') = $1`
	for _, c := range []struct {
		state  string
		lo, hi int
	}{{"approved", 7, 12}, {"submitted", 2, 4}, {"returned", 2, 4}, {"draft", 2, 4}, {"none", 2, 4}} {
		if n := count(t, st, planStates, c.state); n < c.lo || n > c.hi {
			t.Errorf("%d schools with a plan %s, want %d–%d", n, c.state, c.lo, c.hi)
		}
	}
	if n := count(t, st, `SELECT count(*) FROM work_plan_events WHERE step = 'return' AND comment <> ''`); n < 2 {
		t.Errorf("%d plans returned with a comment", n)
	}
	if n := count(t, st, `SELECT count(*) FROM work_plans p WHERE NOT EXISTS (SELECT 1 FROM work_plan_items i WHERE i.plan_id = p.id)`); n != 0 {
		t.Errorf("%d demo plans without items", n)
	}
}

// schools lists the schools' ids by code.
func schools(t *testing.T, st *store.Store) []int64 {
	t.Helper()
	rows, _ := st.Pool.Query(context.Background(), `SELECT id FROM schools ORDER BY code`)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// yearID is the id of the school year starting in start.
func yearID(t *testing.T, st *store.Store, start int) int64 {
	t.Helper()
	var id int64
	if err := st.Pool.QueryRow(context.Background(), `SELECT id FROM school_years WHERE start_year = $1`, start).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestStudentNumbersAreIdentityNumbers(t *testing.T) {
	t.Parallel()
	st, _ := seed(t, demo.Options{Schools: 2, Students: 400, Seed: 5})
	rows, err := st.Pool.Query(context.Background(), `SELECT student_number, birth_date, gender FROM students`)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Number string
		Birth  time.Time
		Gender string
	}
	all, err := pgx.CollectRows(rows, pgx.RowToStructByPos[row])
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 400 {
		t.Fatalf("%d students", len(all))
	}
	for _, r := range all {
		id, ok := strings.CutPrefix(r.Number, "G")
		if !ok || !idcard.Valid(id) {
			t.Fatalf("student number %s fails the MOD 11-2 check", r.Number)
		}
		if b, _ := idcard.BirthDate(id); !b.Equal(r.Birth) {
			t.Errorf("%s: birth date %s", r.Number, r.Birth.Format(time.DateOnly))
		}
		if idcard.Male(id) != (r.Gender == "男") {
			t.Errorf("%s: gender %s", r.Number, r.Gender)
		}
	}
}

// A failure half-way leaves the database empty: everything is one
// transaction.
func TestSeedRollsBack(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := dbtest.New(t)
	st := store.New(db.Pool)
	// Make the last step, the guardians, fail.
	if _, err := db.Pool.Exec(ctx, `
		CREATE FUNCTION test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$;
		CREATE TRIGGER test_fail BEFORE INSERT ON guardians FOR EACH STATEMENT EXECUTE FUNCTION test_fail();`); err != nil {
		t.Fatal(err)
	}
	if empty, err := demo.Empty(ctx, st); err != nil || !empty {
		t.Fatalf("Empty before seeding = %v, %v", empty, err)
	}
	if _, err := demo.Seed(ctx, st, demo.Options{Schools: 2, Students: 100}); err == nil || !strings.Contains(err.Error(), "injected failure") {
		t.Fatalf("Seed: %v, want the injected failure", err)
	}
	if empty, err := demo.Empty(ctx, st); err != nil || !empty {
		t.Errorf("Empty after a failed seed = %v, %v", empty, err)
	}
	for _, table := range []string{"schools", "users", "students", "class_staff", "school_years"} {
		if n := count(t, st, `SELECT count(*) FROM `+table); n != 0 {
			t.Errorf("%s: %d rows left", table, n)
		}
	}
}

func TestSeedOptions(t *testing.T) {
	t.Parallel()
	for _, opt := range []demo.Options{{Schools: -1}, {Students: -5}, {Schools: demo.MaxSchools + 1}} {
		// A nil store is never reached: the options are refused first.
		if _, err := demo.Seed(context.Background(), nil, opt); err == nil {
			t.Errorf("Seed(%+v): no error", opt)
		}
	}
}

// Two seeds started at once: one fills the database, the other finds it
// filled.
func TestSeedConcurrent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := dbtest.New(t)
	st := store.New(db.Pool)
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := demo.Seed(ctx, st, demo.Options{Schools: 1, Students: 50})
			errs <- err
		}()
	}
	e1, e2 := <-errs, <-errs
	if (e1 == nil) == (e2 == nil) || !(errors.Is(e1, demo.ErrNotEmpty) || errors.Is(e2, demo.ErrNotEmpty)) {
		t.Fatalf("concurrent seeds: %v and %v; want one success and one ErrNotEmpty", e1, e2)
	}
	if n := count(t, st, `SELECT count(*) FROM counties`); n != 1 {
		t.Errorf("%d counties", n)
	}
}
