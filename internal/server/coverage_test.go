package server

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestCoveragePages: each role's coverage view renders from the counters,
// the figures move when a visit is logged, out-of-scope classes and schools
// answer 404, and bureau roles get counts, never a child's name.
func TestCoveragePages(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	ctx := t.Context()
	// The current window on demoNow (29 Nov 2026) is the autumn term's
	// pre-term week, 25–31 Aug 2026: log a late visit for a date inside it.
	termID := scalar[int64](h, `SELECT t.id FROM terms t JOIN school_years y ON y.id = t.school_year_id WHERE y.start_year = 2026 AND t.ordinal = 1`)
	author := scalar[int64](h, `SELECT id FROM users WHERE username = 'teacher'`)
	visited := func() int {
		return scalar[int](h, `SELECT onsite + video + phone FROM coverage_classes WHERE window_kind = 'pre_term' AND window_id = $1 AND class_id = $2`, termID, f.teacherClass)
	}
	before := visited()
	var visitID int64
	if err := h.db.Pool.QueryRow(ctx, `
		INSERT INTO visits (school_id, class_id, author_id, visit_date, term_id, mode, kind)
		VALUES ($1, $2, $3, '2026-08-28', $4, 'onsite', 'pre_term') RETURNING id`,
		f.officeSchool, f.teacherClass, author, termID).Scan(&visitID); err != nil {
		t.Fatal(err)
	}
	if _, err := h.db.Pool.Exec(ctx, `
		INSERT INTO visit_students (visit_id, student_id, school_id, class_id, visit_date, mode, term_id)
		SELECT $1, id, school_id, class_id, '2026-08-28', 'onsite', $3 FROM students WHERE id = $2`,
		visitID, f.teacherStudent, termID); err != nil {
		t.Fatal(err)
	}
	if got := visited(); got != before+1 {
		t.Fatalf("visited in the class: %d, want %d", got, before+1)
	}
	name := scalar[string](h, `SELECT name FROM students WHERE id = $1`, f.teacherStudent)
	classPath := fmt.Sprintf("/coverage/classes/%d", f.teacherClass)
	schoolPath := fmt.Sprintf("/coverage/schools/%d", f.officeSchool)

	teacher := h.as("teacher")
	r := teacher.get(classPath)
	if r.status != http.StatusOK || !strings.Contains(r.body, name) || !strings.Contains(r.body, "2026年秋季学期开学前家访") {
		t.Fatalf("teacher's class coverage: %d, name shown %v", r.status, strings.Contains(r.body, name))
	}
	if want := fmt.Sprintf("<b>%d</b>/", before+1); !strings.Contains(r.body, want) {
		t.Errorf("teacher's progress lacks %q", want)
	}
	if r := teacher.get("/coverage"); r.status != http.StatusSeeOther || r.header.Get("Location") != classPath {
		t.Errorf("/coverage for the teacher: %d → %q", r.status, r.header.Get("Location"))
	}
	// Not yet visited first; the filter keeps only them.
	missing := teacher.get(classPath + "?show=missing")
	if strings.Contains(missing.body, ">"+name+"<") {
		t.Error("the visited student is in the not-yet-visited list")
	}
	for _, c := range []struct{ user, path string }{
		{"teacher", fmt.Sprintf("/coverage/classes/%d", f.otherClass)},
		{"subject", fmt.Sprintf("/coverage/classes/%d", f.otherClass)},
		{"teacher", fmt.Sprintf("/coverage/classes/%d/export", f.otherClass)},
		{"office", fmt.Sprintf("/coverage/schools/%d", f.otherSchool)},
		{"office", fmt.Sprintf("/coverage/classes/%d", scalar[int64](h, `SELECT class_id FROM students WHERE id = $1`, f.otherSchoolStud))},
		{"teacher", "/coverage/classes/999999999"},
	} {
		if r := h.as(c.user).get(c.path); r.status != http.StatusNotFound {
			t.Errorf("%s GET %s: %d, want 404", c.user, c.path, r.status)
		}
	}

	// The office sees names in the class, counts in the school.
	office := h.as("office")
	if r := office.get(schoolPath); r.status != http.StatusOK || strings.Contains(r.body, name) ||
		!strings.Contains(r.body, classPath+"?show=missing") {
		t.Errorf("office's school coverage: %d, shows a name %v", r.status, strings.Contains(r.body, name))
	}
	if r := office.get(classPath); !strings.Contains(r.body, name) {
		t.Error("office's class coverage lacks the names")
	}

	// Bureau roles: counts at every level, never a name.
	leader := h.as("leader")
	for _, path := range []string{"/coverage/county", "/coverage/county?sort=rate&dir=desc", schoolPath, classPath} {
		r := leader.get(path)
		if r.status != http.StatusOK {
			t.Errorf("leader GET %s: %d", path, r.status)
		}
		for _, secret := range []string{name, f.otherStudentNm, "/students/"} {
			if strings.Contains(r.body, secret) {
				t.Errorf("leader GET %s: the page holds %q", path, secret)
			}
		}
	}
	// The leader drills from the school down to the class (counts only).
	if r := leader.get(schoolPath); !strings.Contains(r.body, `href="`+classPath) {
		t.Error("the leader's school coverage does not link to its classes")
	}
	county := leader.get("/coverage/county")
	for _, want := range []string{"全县合计", schoolPath + "?w=", "问题台账", "家访覆盖", "完成率最低的", `id="schools"`} {
		if !strings.Contains(county.body, want) {
			t.Errorf("county coverage lacks %q", want)
		}
	}
	// A past window chosen from the select.
	vac := scalar[int64](h, `SELECT v.id FROM vacations v JOIN school_years y ON y.id = v.school_year_id WHERE y.start_year = 2025 AND v.kind = 'winter'`)
	if r := leader.get(fmt.Sprintf("/coverage/county?w=vacation-%d", vac)); !strings.Contains(r.body, "2025—2026学年寒假关爱家访") ||
		!strings.Contains(r.body, "已实地") {
		t.Error("the winter vacation window is not shown")
	}

	// Exports: spreadsheets, audited, names only for those allowed: the
	// county's lists the office's school, the school's the teacher's
	// class, the class's its students for the teacher and counts for the
	// leader.
	school := scalar[string](h, `SELECT name FROM schools WHERE id = $1`, f.officeSchool)
	class := scalar[string](h, `SELECT name FROM classes WHERE id = $1`, f.teacherClass)
	for _, c := range []struct {
		user, path, has string
		names           bool
	}{
		{"leader", "/coverage/county/export", school, false}, {"office", schoolPath + "/export", class, false},
		{"teacher", classPath + "/export", name, true}, {"leader", classPath + "/export", "", false},
	} {
		rows := xlsxRows(t, h.as(c.user).get(c.path))
		if len(rows) < 2 {
			t.Errorf("%s GET %s: %d rows", c.user, c.path, len(rows))
		}
		if c.has != "" && !cellsHold(rows, c.has) {
			t.Errorf("%s GET %s: no cell holds %q", c.user, c.path, c.has)
		}
		if got := cellsHold(rows, name); got != c.names {
			t.Errorf("%s GET %s: holds the student's name %v, want %v", c.user, c.path, got, c.names)
		}
	}
	if n := scalar[int](h, `SELECT count(*) FROM audit.events WHERE action = 'coverage.export' AND result = 'success'`); n != 4 {
		t.Errorf("%d exports audited, want 4", n)
	}
}

// TestCoverageNav: the navigation offers 家访覆盖 to every role that has a
// coverage view.
func TestCoverageNav(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	for _, u := range []string{"admin", "leader", "supervisor", "office", "teacher", "subject"} {
		r := h.as(u).get("/")
		if !strings.Contains(r.body, `href="/coverage"`) {
			t.Errorf("%s: no 家访覆盖 in the navigation", u)
		}
	}
}

// TestCountyChartShowsLaggards: with more schools than the chart shows, the
// county chart lists the ten lowest completion rates and links to the whole
// table sorted by rate; the table still has every school.
func TestCountyChartShowsLaggards(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	n := scalar[int64](h, `WITH s AS (
		INSERT INTO schools (county_id, code, name, stage, township, rural)
		SELECT (SELECT id FROM counties LIMIT 1), 'LAG' || g, '新建学校' || g, 'primary', '新镇', true FROM generate_series(1, 9) g
		RETURNING id) SELECT count(*) FROM s`)
	if n != 9 {
		t.Fatalf("%d schools added", n)
	}
	r := h.as("leader").get("/coverage/county")
	if r.status != http.StatusOK {
		t.Fatalf("county: %d", r.status)
	}
	from, to := strings.Index(r.body, "完成率最低的 10 所学校"), strings.Index(r.body, `id="schools"`)
	if from < 0 || to < from {
		t.Fatalf("no laggards chart before the table:\n%s", r.body)
	}
	chart := r.body[from:to]
	if got := strings.Count(chart, `class="chart-row"`); got != 10 {
		t.Errorf("the chart has %d rows, want 10", got)
	}
	if !strings.Contains(chart, "sort=rate") {
		t.Error("no link to the table sorted by rate")
	}
	table := r.body[to:]
	for i := 1; i <= 9; i++ {
		if !strings.Contains(table, fmt.Sprintf("新建学校%d<", i)) {
			t.Errorf("the table lacks 新建学校%d", i)
		}
	}
}
