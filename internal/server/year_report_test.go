package server

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestYearReport: the county's year in figures shows, for the term begun,
// each duty's share of schools that met it as a chart, the schools behind,
// and the year's inspections and rectification counted; no child's name;
// schools have no such page.
func TestYearReport(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	h.exec(`INSERT INTO inspection_rubrics (county_id, school_year_id, title)
		SELECT county_id, id, '测试细则' FROM school_years ON CONFLICT DO NOTHING`)
	in := scalar[int64](h, `
		INSERT INTO inspections (school_id, school_year_id, kind, scheduled_on, state, created_by, rubric_id, released_at)
		SELECT $1, y.id, 'annual', y.starts_on + 60, 'released', u.id, r.id, now()
		FROM school_years y JOIN inspection_rubrics r ON r.school_year_id = y.id, users u
		WHERE u.username = 'supervisor' AND $2::date BETWEEN y.starts_on AND y.ends_on
		RETURNING id`, f.officeSchool, demoNow)
	year := scalar[int64](h, `SELECT school_year_id FROM inspections WHERE id = $1`, in)
	for _, st := range []string{"open", "accepted"} {
		h.exec(`INSERT INTO inspection_rectifications (inspection_id, school_id, problem, owner_office, deadline, state, reported_at, created_by)
		        SELECT $1, $2, '整改', 'moral', date '2026-11-01', $3, CASE WHEN $3 = 'open' THEN NULL ELSE now() END, u.id
		        FROM users u WHERE u.username = 'supervisor'`, in, f.officeSchool, st)
	}
	inspections := scalar[int](h, `SELECT count(*)::int FROM inspections WHERE school_year_id = $1 AND state IN ('scored', 'released', 'closed')`, year)
	opened := scalar[int](h, `SELECT count(*)::int FROM inspection_rectifications r JOIN inspections i ON i.id = r.inspection_id WHERE i.school_year_id = $1`, year)
	page := h.as("leader").get(fmt.Sprintf("/inspections/year?year=%d", year))
	if page.status != http.StatusOK {
		t.Fatalf("year report: %d", page.status)
	}
	for _, want := range []string{"协同育人工作情况", "各项职责达标学校占比", "R05", "R23", `role="img"`, "逾期职责最多的学校",
		fmt.Sprintf("<b>%d</b><span>次督导检查已完成", inspections), fmt.Sprintf("<b>%d</b><span>项整改提出", opened), "data-print"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("year report lacks %q", want)
		}
	}
	if name := scalar[string](h, `SELECT name FROM students WHERE id = $1`, f.teacherStudent); strings.Contains(page.body, name) {
		t.Error("a child's name in the year report")
	}
	if !strings.Contains(h.as("supervisor").get("/inspections").body, "/inspections/year?year=") {
		t.Error("the inspections list does not lead to the year report")
	}
	if st := h.as("office").get("/inspections/year").status; st != http.StatusForbidden {
		t.Errorf("a school office opens the county's year report: %d", st)
	}
}
