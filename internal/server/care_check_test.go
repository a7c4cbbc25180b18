package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"xietong/internal/compliance"
)

// TestCareCheck: the school's cross-check lists, by name, exactly its
// left-behind and hardship students with no on-site visit in the vacation
// R03 judges the term by and no session for their group this term; a
// session for left-behind parents takes the left-behind off, an on-site
// visit takes a student off; the county sees the same as counts, never a
// name; a teacher may not open it.
func TestCareCheck(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	ctx := context.Background()
	p := fmt.Sprintf("/schools/%d/care-check", f.officeSchool)
	ci, err := h.srv.county(ctx, scalar[int64](h, `SELECT county_id FROM schools WHERE id = $1`, f.officeSchool))
	if err != nil {
		t.Fatal(err)
	}
	term, _ := ci.cal.CurrentTerm(demoNow)
	cat, err := h.srv.catalogue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, span, _ := compliance.Judge(cat.versions["R03"], ci.cal, term, demoNow)
	if span.Missing {
		t.Fatal("the demo calendar has no vacation for R03")
	}
	h.exec(`DELETE FROM guidance_sessions WHERE school_id = $1 AND term_id = $2`, f.officeSchool, term.ID)
	// Expected: flagged, enrolled, no on-site visit in the vacation.
	expected := func(lbCovered bool) []string {
		rows, err := h.db.Pool.Query(ctx, `
			SELECT st.name FROM students st
			LEFT JOIN coverage_students k ON k.window_kind = 'vacation' AND k.window_id = $2 AND k.student_id = st.id
			WHERE st.school_id = $1 AND st.status = 'enrolled' AND (st.left_behind OR st.hardship)
			  AND coalesce(k.best, '') <> 'onsite' AND NOT ($3 AND st.left_behind)`, f.officeSchool, span.VacationID, lbCovered)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				t.Fatal(err)
			}
			out = append(out, n)
		}
		return out
	}
	check := func(who string, lbCovered bool) {
		t.Helper()
		page := h.as(who).get(p)
		if page.status != http.StatusOK {
			t.Fatalf("%s: care check %d", who, page.status)
		}
		want := expected(lbCovered)
		if len(want) == 0 {
			t.Fatal("the demo school has no flagged student to check")
		}
		for _, n := range want {
			if !strings.Contains(page.body, ">"+n+"<") {
				t.Errorf("%s: %s is not on the cross-check", who, n)
			}
		}
		if got := strings.Count(page.body, `<td data-label="姓名">`); got != len(want) {
			t.Errorf("%s: %d rows, want %d", who, got, len(want))
		}
		if !strings.Contains(page.body, fmt.Sprintf("<b>%d</b>", len(want))) {
			t.Errorf("%s: the total is not %d", who, len(want))
		}
	}
	check("office", false)
	check("principal", false)

	// An on-site visit in the vacation takes a student off.
	visited := scalar[int64](h, `SELECT id FROM students WHERE school_id = $1 AND status = 'enrolled' AND (left_behind OR hardship) ORDER BY id LIMIT 1`, f.officeSchool)
	h.exec(`INSERT INTO coverage_students (window_kind, window_id, student_id, school_id, class_id, left_behind, hardship, onsite_n)
	        SELECT 'vacation', $2, st.id, st.school_id, st.class_id, st.left_behind, st.hardship, 1 FROM students st WHERE st.id = $1
	        ON CONFLICT (window_kind, window_id, student_id) DO UPDATE SET onsite_n = 1`, visited, span.VacationID)
	check("office", false)

	// A session for left-behind parents this term covers every left-behind student.
	h.exec(`INSERT INTO guidance_sessions (school_id, term_id, kind, held_on, mode, topic, speaker, audience, attending, author_id)
	        SELECT $1, $2, 'guidance', $3::date, 'offline', '留守儿童家庭教育', '李老师', 'left_behind', 20, u.id FROM users u WHERE u.username = 'office'`,
		f.officeSchool, term.ID, term.Start)
	check("office", true)

	// The county: counts per school, no names.
	county := h.as("leader").get("/care-check")
	if county.status != http.StatusOK {
		t.Fatalf("county care check: %d", county.status)
	}
	school := scalar[string](h, `SELECT name FROM schools WHERE id = $1`, f.officeSchool)
	want := len(expected(true))
	if !strings.Contains(county.body, school) || !strings.Contains(county.body, fmt.Sprintf(`<td data-label="合计" class="num">%d</td>`, want)) {
		t.Errorf("the county's row of %s lacks its %d students", school, want)
	}
	for _, n := range expected(false) {
		if strings.Contains(county.body, ">"+n+"<") {
			t.Errorf("a child's name (%s) on the county's cross-check", n)
		}
	}
	if st := h.as("teacher").get(p).status; st != http.StatusForbidden {
		t.Errorf("teacher opens the school's cross-check: %d", st)
	}
	if !strings.Contains(h.as("office").get(fmt.Sprintf("/schools/%d/compliance", f.officeSchool)).body, p+"?term=") {
		t.Error("the school's duty page does not lead to its cross-check")
	}
	if !strings.Contains(h.as("leader").get("/compliance").body, "/care-check?term=") {
		t.Error("the heat map does not lead to the county's cross-check")
	}
}
