package server

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xietong/internal/store"
)

// TestBrowserTeacherNamesCommittee: on a 390 px phone the class teacher
// goes from home to the class's committee, which has a member but no head
// (未指定负责人), finds a guardian by the child's name, adds them and marks
// them head; the problem is gone, the committee complete, and no page
// scrolls sideways.
func TestBrowserTeacherNamesCommittee(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	clearCommittees(h)
	f := loadFixtures(h)
	if _, err := h.srv.store.AddClassMember(context.Background(), store.NewCommitteeMember{
		SchoolID: f.officeSchool, ClassID: f.teacherClass, Name: "周敏", Relation: "社区代表", Phone: "13900005678",
	}); err != nil {
		t.Fatal(err)
	}
	child := scalar[string](h, `SELECT name FROM students WHERE id = $1`, f.teacherStudent)
	var gid int64
	var gname string
	if err := h.db.Pool.QueryRow(context.Background(), `SELECT id, name FROM guardians WHERE student_id = $1 ORDER BY position LIMIT 1`, f.teacherStudent).Scan(&gid, &gname); err != nil {
		t.Fatal(err)
	}
	page := classCommitteePath(f.teacherClass, "")
	br := newBrowser(t)
	br.do(t, chromedp.EmulateViewport(390, 844))
	br.signIn(t, h.ts.URL, "teacher")
	br.do(t, chromedp.Navigate(h.ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`a[href="`+page+`"]`)))
	br.clickAndLoad(t, `a[href="`+page+`"]`)
	waitFor(t, br, `document.body.innerText.includes('未指定负责人') && document.body.innerText.includes('周敏')`, 15*time.Second)
	wide := func(what string) {
		t.Helper()
		if get(t, br, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)) {
			t.Errorf("%s scrolls sideways at 390 px", what)
		}
	}
	wide("the committee page")
	br.do(t, chromedp.SendKeys(chromedp.CSS(`input[name=q]`), child))
	br.clickAndLoad(t, `form[action="`+page+`/find"] button[type=submit]`)
	pick := `ul.choices input[name=guardian_id][value="` + itoa(gid) + `"] ~ button[type=submit]`
	waitFor(t, br, `!!document.querySelector('`+pick+`')`, 15*time.Second)
	wide("the search's result")
	br.clickAndLoad(t, pick)
	waitFor(t, br, `document.body.innerText.includes('已将 `+gname+` 加入本班家委会') && document.body.innerText.includes('未指定负责人')`, 15*time.Second)
	member := scalar[int64](h, `SELECT m.id FROM class_committee_members m JOIN class_committees k ON k.id = m.committee_id WHERE k.class_id = $1 AND m.guardian_id = $2`, f.teacherClass, gid)
	br.clickAndLoad(t, `form[action="`+memberPath(f.teacherClass, member, "head")+`"] button[type=submit]`)
	waitFor(t, br, `document.body.innerText.includes('已设定负责人') && !document.body.innerText.includes('未指定负责人') && document.body.innerText.includes('本班家委会完整')`, 15*time.Second)
	wide("the complete committee")
	if n := scalar[int](h, `SELECT count(*)::int FROM class_committee_members WHERE committee_id = (SELECT id FROM class_committees WHERE class_id = $1) AND head`, f.teacherClass); n != 1 {
		t.Errorf("%d heads, want 1", n)
	}
	if head := scalar[int64](h, `SELECT id FROM class_committee_members WHERE guardian_id = $1 AND head`, gid); head != member {
		t.Errorf("the head is member %d, want %d", head, member)
	}
	if errs := br.takeErrors(); len(errs) > 0 {
		t.Errorf("browser errors: %v", errs)
	}
}
