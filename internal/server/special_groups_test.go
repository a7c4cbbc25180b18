package server

import (
	"regexp"
	"strings"
	"testing"
)

// TestSpecialGroupCountsNamed: the home page's count of special-group
// students (any flag) and /visits' count of those R03 covers (留守 and 特困)
// each say what they count, and their numbers are those of the roster.
func TestSpecialGroupCountsNamed(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	// Two more flags in the class: one that R03 covers, one it does not.
	if _, err := h.db.Pool.Exec(t.Context(), `
		UPDATE students SET left_behind = true WHERE id = (SELECT id FROM students WHERE class_id = $1 AND NOT left_behind AND status = 'enrolled' ORDER BY id LIMIT 1)`, f.teacherClass); err != nil {
		t.Fatal(err)
	}
	if _, err := h.db.Pool.Exec(t.Context(), `
		UPDATE students SET migrant = true WHERE id = (SELECT id FROM students WHERE class_id = $1 AND NOT (left_behind OR hardship OR migrant) AND status = 'enrolled' ORDER BY id LIMIT 1)`, f.teacherClass); err != nil {
		t.Fatal(err)
	}
	any := scalar[int](h, `SELECT count(*) FROM students WHERE class_id = $1 AND status = 'enrolled' AND (left_behind OR hardship OR migrant OR disabled OR orphan)`, f.teacherClass)
	r03 := scalar[int](h, `SELECT count(*) FROM students WHERE class_id = $1 AND status = 'enrolled' AND (left_behind OR hardship)`, f.teacherClass)
	if r03 == 0 || any == r03 {
		t.Fatalf("demo class has %d flagged and %d left-behind or hardship students: the test needs both, and different", any, r03)
	}
	c := h.as("teacher")
	home := c.get("/")
	m := regexp.MustCompile(`<b>(\d+)</b><span>特殊群体学生</span><small class="stat-note">留守、特困、随迁、残疾、孤儿，有任一标记即计</small>`).FindStringSubmatch(home.body)
	if m == nil || m[1] != itoa(int64(any)) {
		t.Errorf("home: special-group count %v, want %d named as any flag", m, any)
	}
	visits := c.get("/visits")
	if want := "留守、特困学生 " + itoa(int64(r03)) + " 人（寒暑假须实地家访）"; !strings.Contains(visits.body, want) {
		t.Errorf("/visits lacks %q", want)
	}
}
