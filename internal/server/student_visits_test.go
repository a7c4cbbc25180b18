package server

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestStudentPageVisits: the student's page lists the visits the viewer
// may read, links each to its record and offers 记家访 to those who may log
// one; a subject teacher who did not go sees the button but no visit.
func TestStudentPageVisits(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	path := "/students/" + itoa(f.teacherStudent)
	link := `href="/visits/` + itoa(f.teacherVisit) + `"`
	for _, c := range []struct {
		user        string
		visit, form bool
	}{
		{"teacher", true, true}, {"office", true, true}, {"subject", false, true}, {"admin", false, false},
	} {
		page := h.as(c.user).get(path)
		if page.status != 200 {
			t.Fatalf("%s: student page %d", c.user, page.status)
		}
		if got := strings.Contains(page.body, link); got != c.visit {
			t.Errorf("%s: link to the visit shown %v, want %v", c.user, got, c.visit)
		}
		if got := strings.Contains(page.body, `id="log-visit" href="`+path+`/visits/new"`); got != c.form {
			t.Errorf("%s: 记家访 shown %v, want %v", c.user, got, c.form)
		}
	}
	// The history gives date, mode and what was found, not the notes.
	page := h.as("teacher").get(path)
	if !strings.Contains(page.body, "实地家访") || !strings.Contains(page.body, "发现问题 1 项") || strings.Contains(page.body, "情绪低落") {
		t.Error("history line: want mode and problem count, never the visit's text")
	}
}

// TestBrowserRoutineVisitFromHome: on a 390 px phone a class teacher logs a
// routine on-site visit with nothing found from the home page in at most
// five taps: the student, 记家访, 实地, 保存 — and the class's visit status is
// a tap from home too.
func TestBrowserRoutineVisitFromHome(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	student := unvisited(h, f, 1)
	b := newBrowser(t)
	b.do(t, chromedp.EmulateViewport(390, 844))
	b.signIn(t, h.ts.URL, "teacher")
	taps := 0
	tap := func(css string) {
		t.Helper()
		taps++
		b.clickAndLoad(t, css)
	}
	b.do(t, chromedp.Navigate(h.ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`a[href="/students/`+itoa(student)+`"]`)))
	if !get(t, b, chromedp.Evaluate[bool](`!!document.querySelector('a.btn[href="/classes/`+itoa(f.teacherClass)+`/visits"]')`)) {
		t.Error("the home page does not lead to the class's visits")
	}
	tap(`a[href="/students/` + itoa(student) + `"]`)
	tap(`#log-visit`)
	b.do(t, chromedp.WaitVisible(chromedp.CSS(`form.visit-form`)), chromedp.Click(chromedp.CSS(`input[name=mode][value=onsite]`)))
	taps++
	b.do(t, chromedp.Click(chromedp.CSS(`form.visit-form button[type=submit]`)))
	taps++
	waitFor(t, b, `!!document.querySelector('.flash')`, 15*time.Second)
	if taps > 5 {
		t.Errorf("%d taps, want at most 5", taps)
	}
	if n := scalar[int](h, `SELECT count(*) FROM visit_students vs JOIN visits v ON v.id = vs.visit_id WHERE vs.student_id = $1 AND v.mode = 'onsite' AND v.kind IS NOT NULL`, student); n != 1 {
		t.Errorf("%d on-site visits of the student, want 1", n)
	}
	if errs := b.takeErrors(); len(errs) > 0 {
		t.Errorf("browser errors: %v", errs)
	}
}
