package server

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestClassTeacherDuties: the class teacher's home page shows their class's
// duties this term — R02 and R03 as the class's share of students, R05 and
// R06 as done or not — each leading to its page, judged as the school's
// page judges them; a meeting recorded in the first week turns R05 met.
// The subject teacher's and the office's pages of the class show none.
func TestClassTeacherDuties(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	teacher := h.as("teacher")
	duties := func() string {
		t.Helper()
		page := teacher.get("/")
		if page.status != http.StatusOK {
			t.Fatalf("teacher home: %d", page.status)
		}
		_, after, ok := strings.Cut(page.body, "本班职责")
		if !ok {
			t.Fatal("the teacher's home has no duties of the class")
		}
		list, _, _ := strings.Cut(after, "</ul>")
		return list
	}
	list := duties()
	enrolled := scalar[int](h, `SELECT count(*)::int FROM students WHERE class_id = $1 AND status = 'enrolled'`, f.teacherClass)
	for _, want := range []string{"R02", "R03", "R05", "R06", fmt.Sprintf("/%d 名学生", enrolled),
		fmt.Sprintf(`href="/coverage/classes/%d?w=pre_term-`, f.teacherClass),
		fmt.Sprintf(`href="/classes/%d/meetings"`, f.teacherClass),
		fmt.Sprintf(`href="/classes/%d/committee"`, f.teacherClass), `data-st="`} {
		if !strings.Contains(list, want) {
			t.Errorf("the class's duties lack %q:\n%s", want, list)
		}
	}

	// R05 follows the class meetings of the first week.
	term := scalar[int64](h, `SELECT t.id FROM terms t WHERE $1::date BETWEEN t.starts_on AND t.ends_on`, demoNow)
	h.exec(`DELETE FROM class_meetings WHERE class_id = $1 AND term_id = $2`, f.teacherClass, term)
	r05 := func() string {
		_, row, _ := strings.Cut(duties(), "R05")
		row, _, _ = strings.Cut(row, "</li>")
		return row
	}
	if row := r05(); !strings.Contains(row, "未召开") || !strings.Contains(row, "尚未记录主题班会") || !strings.Contains(row, `data-st="overdue"`) {
		t.Errorf("no meeting in a closed first week: %s", row)
	}
	h.exec(`INSERT INTO class_meetings (school_id, class_id, term_id, held_on, theme, title, author_id)
	        SELECT c.school_id, c.id, t.id, t.starts_on + 2, 'safety', '安全第一课', u.id
	        FROM classes c, terms t, users u WHERE c.id = $1 AND t.id = $2 AND u.username = 'teacher'`, f.teacherClass, term)
	if row := r05(); !strings.Contains(row, "已召开") || !strings.Contains(row, `data-st="met"`) {
		t.Errorf("a meeting on the first week's third day: %s", row)
	}

	if strings.Contains(h.as("subject").get("/").body, "本班职责") {
		t.Error("the subject teacher's home shows the class's duties")
	}
	if strings.Contains(h.as("office").get(fmt.Sprintf("/classes/%d", f.teacherClass)).body, "本班职责") {
		t.Error("the office's page of the class shows the teacher's duties")
	}
}
