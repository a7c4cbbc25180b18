package server

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"xietong/internal/visit"
)

// visitForm is a valid visit form for studentID with token.
func visitForm(studentID int64, token string, problems ...string) url.Values {
	return url.Values{
		"form_token":  {token},
		"student_ids": {fmt.Sprint(studentID)},
		"date":        {"2026-11-29"},
		"mode":        {"onsite"},
		"kind":        {"routine"},
		"met":         {"祖母"},
		"study":       {"作业按时完成"},
		"mind":        {"不太爱说话"},
		"problems":    problems,
	}
}

// TestVisitIdempotent: two identical POSTs with one token create one
// visit; the second is sent to the first visit.
func TestVisitIdempotent(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	c := h.as("teacher")
	student := scalar[int64](h, `SELECT id FROM students WHERE class_id = $1 AND id NOT IN (SELECT student_id FROM visit_students) ORDER BY id LIMIT 1`, f.teacherClass)
	if r := c.get("/visits"); !strings.Contains(r.body, fmt.Sprintf(`data-student="%d" data-status="none"`, student)) {
		t.Fatal("the student is not listed as not yet visited")
	}
	path := fmt.Sprintf("/students/%d/visits/new", student)
	token := c.formToken(path)
	before := scalar[int](h, `SELECT count(*) FROM visits`)
	form := visitForm(student, token, "internet")
	r1 := c.postMultipart("/visits", form)
	if r1.status != http.StatusSeeOther || r1.header.Get("Location") != "/visits" {
		t.Fatalf("first submit: %d %q", r1.status, r1.header.Get("Location"))
	}
	id := scalar[int64](h, `SELECT max(id) FROM visits`)
	r2 := c.postMultipart("/visits", form)
	if r2.status != http.StatusSeeOther || r2.header.Get("Location") != fmt.Sprintf("/visits/%d", id) {
		t.Errorf("replay: %d %q, want the first visit", r2.status, r2.header.Get("Location"))
	}
	if n := scalar[int](h, `SELECT count(*) FROM visits`); n != before+1 {
		t.Errorf("%d visits created, want 1", n-before)
	}
	if n := scalar[int](h, `SELECT count(*) FROM ledger_entries WHERE source_visit_id = $1 AND category = 'internet'`, id); n != 1 {
		t.Errorf("ledger entries %d, want 1", n)
	}
	if n := scalar[int](h, `SELECT count(*) FROM audit.events WHERE action = 'visit.create' AND object_id = $1`, id); n != 1 {
		t.Errorf("audit rows %d, want 1", n)
	}
	// The audit row holds counts, never the child's notes.
	details := scalar[string](h, `SELECT details::text FROM audit.events WHERE action = 'visit.create' AND object_id = $1`, id)
	if strings.Contains(details, "不太爱说话") || strings.Contains(details, "祖母") {
		t.Errorf("audit details hold notes: %s", details)
	}
	// The class page shows the student visited on site.
	page := c.get("/visits")
	if !strings.Contains(page.body, fmt.Sprintf(`data-student="%d" data-status="onsite"`, student)) {
		t.Error("the student is not shown as visited on site")
	}
}

// TestVisitFormChecks: a visit in the future, without a mode, with 其他
// but no text comes back with messages next to the fields, keeping what
// was typed; nothing is saved.
func TestVisitFormChecks(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	c := h.as("teacher")
	token := c.formToken(fmt.Sprintf("/students/%d/visits/new", f.teacherStudent))
	form := visitForm(f.teacherStudent, token, "other")
	form.Set("date", "2026-11-30")
	form.Del("mode")
	before := scalar[int](h, `SELECT count(*) FROM visits`)
	r := c.postMultipart("/visits", form)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", r.status)
	}
	name := scalar[string](h, `SELECT name FROM students WHERE id = $1`, f.teacherStudent)
	for _, want := range []string{"家访日期不能晚于今天", "请选择家访方式", "请写明是什么问题", "作业按时完成", token, name} {
		if !strings.Contains(r.body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	form.Set("date", "2026-08-01") // before the term's pre-term week
	if r := c.postMultipart("/visits", form); !strings.Contains(r.body, "家访日期不能早于2026年8月25日") {
		t.Error("a date before the term's visit window is accepted")
	}
	if n := scalar[int](h, `SELECT count(*) FROM visits`); n != before {
		t.Errorf("%d visits saved from invalid forms", n-before)
	}
}

// TestVisitCompanions: a colleague of the school joins the visit; a
// member of another school's staff is refused with the message and nothing
// is saved; the author picked as a companion still leads, once.
func TestVisitCompanions(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	c := h.as("teacher")
	me := scalar[int64](h, `SELECT id FROM users WHERE username = 'teacher'`)
	colleague := scalar[int64](h, `SELECT ra.user_id FROM role_assignments ra JOIN classes c ON c.school_id = ra.school_id
		WHERE c.id = $1 AND ra.user_id <> $2 ORDER BY ra.user_id LIMIT 1`, f.teacherClass, me)
	stranger := scalar[int64](h, `SELECT ra.user_id FROM role_assignments ra JOIN classes c ON c.id = $1
		WHERE ra.school_id IS NOT NULL AND ra.school_id <> c.school_id ORDER BY ra.user_id LIMIT 1`, f.teacherClass)
	path := fmt.Sprintf("/students/%d/visits/new", f.teacherStudent)
	before := scalar[int](h, `SELECT count(*) FROM visits`)
	form := visitForm(f.teacherStudent, c.formToken(path))
	form["companions"] = []string{fmt.Sprint(colleague), fmt.Sprint(stranger)}
	if r := c.postMultipart("/visits", form); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "同行人员只能从本校教职工中选择") {
		t.Errorf("another school's staff as companion: %d, want 422 with the message", r.status)
	}
	if n := scalar[int](h, `SELECT count(*) FROM visits`); n != before {
		t.Fatalf("%d visits saved with a stranger along", n-before)
	}
	form = visitForm(f.teacherStudent, c.formToken(path))
	form["companions"] = []string{fmt.Sprint(colleague), fmt.Sprint(me), fmt.Sprint(colleague)}
	if r := c.postMultipart("/visits", form); r.status != http.StatusSeeOther {
		t.Fatalf("visit with a colleague: %d", r.status)
	}
	id := scalar[int64](h, `SELECT max(id) FROM visits`)
	if v := scalar[string](h, `SELECT string_agg(user_id::text || ':' || lead::text, ',' ORDER BY lead DESC, user_id) FROM visit_visitors WHERE visit_id = $1`, id); v != fmt.Sprintf("%d:true,%d:false", me, colleague) {
		t.Errorf("visitors %s, want the author leading and the colleague once", v)
	}
}

// TestVisitPhotos: an uploaded photo is re-encoded without its EXIF
// segment and served only to the visit's scope, privately; a non-image
// and an oversized file are refused.
func TestVisitPhotos(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	c := h.as("teacher")
	newPath := fmt.Sprintf("/students/%d/visits/new", f.teacherStudent)
	src := testJPEG(2400, 1200)
	if !bytes.Contains(src, []byte(exifMarker)) {
		t.Fatal("test photo lacks its EXIF segment")
	}
	r := c.postMultipart("/visits", visitForm(f.teacherStudent, c.formToken(newPath)), src)
	if r.status != http.StatusSeeOther {
		t.Fatalf("upload: %d", r.status)
	}
	visitID := scalar[int64](h, `SELECT max(id) FROM visits`)
	stored := scalar[[]byte](h, `SELECT jpeg FROM visit_photos WHERE visit_id = $1`, visitID)
	if bytes.Contains(stored, []byte(exifMarker)) || bytes.Contains(stored, []byte("Exif\x00\x00")) {
		t.Error("the stored photo keeps its EXIF segment")
	}
	if !bytes.HasPrefix(stored, []byte{0xFF, 0xD8, 0xFF}) {
		t.Error("the stored photo is not a JPEG")
	}
	if w := scalar[int](h, `SELECT width FROM visit_photos WHERE visit_id = $1`, visitID); w != 1600 {
		t.Errorf("stored width %d, want 1600", w)
	}
	photoID := scalar[int64](h, `SELECT id FROM visit_photos WHERE visit_id = $1`, visitID)
	path := fmt.Sprintf("/visits/%d/photos/%d", visitID, photoID)
	got := c.get(path)
	if got.status != http.StatusOK || got.header.Get("Content-Type") != "image/jpeg" || !strings.Contains(got.header.Get("Cache-Control"), "no-store") ||
		!strings.Contains(got.header.Get("Cache-Control"), "private") {
		t.Errorf("photo: %d %q %q", got.status, got.header.Get("Content-Type"), got.header.Get("Cache-Control"))
	}
	// Another class's teacher (here: the subject teacher, who did not go)
	// and another school get 404.
	if r := h.as("subject").get(path); r.status != http.StatusNotFound {
		t.Errorf("subject teacher: photo %d, want 404", r.status)
	}

	// A text file named .jpg is refused, and nothing is saved.
	before := scalar[int](h, `SELECT count(*) FROM visits`)
	r = c.postMultipart("/visits", visitForm(f.teacherStudent, c.formToken(newPath)), []byte("GIF89a not a photo at all"))
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "只能上传 JPEG 或 PNG 照片") {
		t.Errorf("non-image: %d", r.status)
	}
	// One file over 10 MB is refused with a message.
	big := append(testJPEG(20, 20), make([]byte, 10<<20)...)
	r = c.postMultipart("/visits", visitForm(f.teacherStudent, c.formToken(newPath)), big)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "每张照片不能超过 10 MB") {
		t.Errorf("oversized photo: %d", r.status)
	}
	// A request over the route's limit is 413.
	huge := make([]byte, 11<<20)
	r = c.postMultipart("/visits", visitForm(f.teacherStudent, c.formToken(newPath)), huge, huge, huge)
	if r.status != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized request: %d, want 413", r.status)
	}
	if n := scalar[int](h, `SELECT count(*) FROM visits`); n != before {
		t.Errorf("%d visits saved from refused uploads", n-before)
	}
}

// TestVisitIDOR: a teacher of another class gets 404 for the visit, its
// photo, print, edit, ledger entry and the class export, and no page shows
// the child's name; every refusal is audited.
func TestVisitIDOR(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	// A visit in the other class, with a problem and a photo.
	otherVisit := logVisit(h, "office", f.otherStudent, []string{"living"}, true)
	otherPhoto := scalar[int64](h, `SELECT id FROM visit_photos WHERE visit_id = $1`, otherVisit)
	otherEntry := scalar[int64](h, `SELECT entry_id FROM ledger_visits WHERE visit_id = $1`, otherVisit)
	paths := []string{
		fmt.Sprintf("/visits/%d", otherVisit),
		fmt.Sprintf("/visits/%d/print", otherVisit),
		fmt.Sprintf("/visits/%d/edit", otherVisit),
		fmt.Sprintf("/visits/%d/photos/%d", otherVisit, otherPhoto),
		fmt.Sprintf("/visits/%d/photos/%d", f.teacherVisit, otherPhoto), // a photo of another visit under one's own
		fmt.Sprintf("/ledger/%d", otherEntry),
		fmt.Sprintf("/classes/%d/visits.xlsx", f.otherClass),
		fmt.Sprintf("/classes/%d/visits", f.otherClass),
		fmt.Sprintf("/students/%d/visits/new", f.otherStudent),
		fmt.Sprintf("/ledger.xlsx?class=%d", f.otherClass),
	}
	for _, user := range []string{"teacher"} {
		c := h.as(user)
		for _, path := range paths {
			before := scalar[int](h, `SELECT count(*) FROM audit.events WHERE result = 'denied'`)
			r := c.get(path)
			if r.status != http.StatusNotFound {
				t.Errorf("%s GET %s: %d, want 404", user, path, r.status)
			}
			if strings.Contains(r.body, f.otherStudentNm) {
				t.Errorf("%s GET %s: the body has the child's name", user, path)
			}
			if after := scalar[int](h, `SELECT count(*) FROM audit.events WHERE result = 'denied'`); after != before+1 {
				t.Errorf("%s GET %s: %d denied rows, want 1", user, path, after-before)
			}
		}
		// Writes too.
		for _, path := range []string{fmt.Sprintf("/ledger/%d/actions", otherEntry), fmt.Sprintf("/ledger/%d/close", otherEntry)} {
			if r := c.post(path, url.Values{"version": {"1"}, "note": {"x"}, "acted_on": {"2026-11-29"}}); r.status != http.StatusNotFound {
				t.Errorf("%s POST %s: %d, want 404", user, path, r.status)
			}
		}
		// The ledger list does not list it.
		if r := c.get("/ledger"); strings.Contains(r.body, f.otherStudentNm) {
			t.Errorf("%s: the ledger list shows another class's child", user)
		}
	}
}

// TestBureauSeesCounts: a bureau leader's ledger page has numbers and no
// child's name or note; a supervisor opens one record only after stating
// a reason, which is audited with the grant, and only that record.
func TestBureauSeesCounts(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	name := scalar[string](h, `SELECT name FROM students WHERE id = $1`, f.teacherStudent)
	leader := h.as("leader")
	r := leader.get("/ledger")
	if r.status != http.StatusOK || !strings.Contains(r.body, "全县家访与问题台账") {
		t.Fatalf("leader ledger: %d", r.status)
	}
	if strings.Contains(r.body, name) || strings.Contains(r.body, "情绪低落") {
		t.Error("the bureau leader's page shows a child's name or notes")
	}
	if r := leader.get(fmt.Sprintf("/visits/%d", f.teacherVisit)); r.status != http.StatusForbidden || strings.Contains(r.body, "情绪低落") {
		t.Errorf("leader opens a visit: %d", r.status)
	}

	sup := h.as("supervisor")
	if r := sup.get(fmt.Sprintf("/ledger/%d", f.teacherEntry)); r.status != http.StatusSeeOther || !strings.HasSuffix(r.header.Get("Location"), "/inspect") {
		t.Fatalf("supervisor without a grant: %d %q", r.status, r.header.Get("Location"))
	}
	anon := sup.get(fmt.Sprintf("/ledger/schools/%d", f.officeSchool))
	if anon.status != http.StatusOK || strings.Contains(anon.body, name) || !strings.Contains(anon.body, "申请查阅") {
		t.Errorf("supervisor's school list: %d", anon.status)
	}
	r = sup.post(fmt.Sprintf("/ledger/%d/inspect", f.teacherEntry), url.Values{"reason": {"2026年度综合督导抽查"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("inspect: %d", r.status)
	}
	if n := scalar[int](h, `SELECT count(*) FROM audit.events WHERE action = 'record.inspect' AND object_id = $1 AND details->>'reason' = '2026年度综合督导抽查'`, f.teacherEntry); n != 1 {
		t.Errorf("inspection audited %d times, want 1", n)
	}
	page := sup.get(fmt.Sprintf("/ledger/%d", f.teacherEntry))
	if page.status != http.StatusOK || !strings.Contains(page.body, name) || !strings.Contains(page.body, "督导查阅") {
		t.Errorf("supervisor with a grant: %d", page.status)
	}
	if n := scalar[int](h, `SELECT count(*) FROM audit.events WHERE action = 'ledger.view' AND object_id = $1`, f.teacherEntry); n != 1 {
		t.Errorf("supervisor's read audited %d times, want 1", n)
	}
	// The grant covers that record only: the visit behind it still asks.
	if r := sup.get(fmt.Sprintf("/visits/%d", f.teacherVisit)); r.status != http.StatusSeeOther {
		t.Errorf("the entry's grant opened its visit: %d", r.status)
	}
	// And it ends after 30 minutes.
	later := newHarnessOn(t, h.db, h.st, Config{Now: func() time.Time { return demoNow.Add(31 * time.Minute) }})
	if r := later.as("supervisor").get(fmt.Sprintf("/ledger/%d", f.teacherEntry)); r.status != http.StatusSeeOther {
		t.Errorf("after 31 minutes: %d, want the reason form again", r.status)
	}
}

// TestVisitEditWindow: the author edits for 7 days, then only the office;
// the old values go to a revision and the audit row names only fields.
func TestVisitEditWindow(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	path := fmt.Sprintf("/visits/%d", f.teacherVisit)
	c := h.as("teacher")
	edit := url.Values{"version": {"1"}, "date": {"2026-11-29"}, "mode": {"video"}, "kind": {"routine"},
		"met": {"母亲"}, "study": {"学习认真"}, "mind": {"好多了，愿意交流"}, "problems": {"negative_mood"}}
	r := c.postMultipart(path, edit)
	if r.status != http.StatusSeeOther {
		t.Fatalf("author's edit: %d", r.status)
	}
	rev := scalar[int64](h, `SELECT id FROM visit_revisions WHERE visit_id = $1`, f.teacherVisit)
	if old := scalar[string](h, `SELECT old->>'mind' FROM visit_revisions WHERE id = $1`, rev); old != "情绪低落，不愿说话" {
		t.Errorf("revision keeps %q", old)
	}
	details := scalar[string](h, `SELECT details::text FROM audit.events WHERE action = 'visit.update' AND object_id = $1`, f.teacherVisit)
	if strings.Contains(details, "情绪低落") || !strings.Contains(details, `"mind"`) || !strings.Contains(details, fmt.Sprint(rev)) {
		t.Errorf("audit details %s", details)
	}
	if page := c.get(path); !strings.Contains(page.body, "情绪低落，不愿说话") || !strings.Contains(page.body, "修改记录") {
		t.Error("the visit page lacks its revision")
	}
	// A stale version: 409.
	if r := c.postMultipart(path, edit); r.status != http.StatusConflict {
		t.Errorf("stale edit: %d, want 409", r.status)
	}
	// Eight days later the author may not; the office may.
	later := newHarnessOn(t, h.db, h.st, Config{Now: func() time.Time { return demoNow.Add(8 * 24 * time.Hour) }})
	edit.Set("version", "2")
	edit.Set("date", "2026-11-29")
	if r := later.as("teacher").get(path + "/edit"); r.status != http.StatusNotFound {
		t.Errorf("author after 8 days: edit form %d, want 404", r.status)
	}
	if r := later.as("teacher").postMultipart(path, edit); r.status != http.StatusNotFound {
		t.Errorf("author after 8 days: %d, want 404", r.status)
	}
	edit.Set("study", "office corrected")
	if r := later.as("office").postMultipart(path, edit); r.status != http.StatusSeeOther {
		t.Errorf("office after 8 days: %d", r.status)
	}
}

// TestLedgerSteps: intervention, closing with a note, reopening, each
// audited in its transaction; a double tap does not add a second step.
func TestLedgerSteps(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	c := h.as("office")
	base := fmt.Sprintf("/ledger/%d", f.teacherEntry)
	step := url.Values{"version": {"1"}, "acted_on": {"2026-11-29"}, "note": {"与家长电话沟通"}, "follow_up_on": {"2026-12-05"}}
	if r := c.post(base+"/actions", step); r.status != http.StatusSeeOther {
		t.Fatalf("intervention: %d", r.status)
	}
	if r := c.post(base+"/actions", step); r.status != http.StatusSeeOther {
		t.Fatalf("double tap: %d", r.status)
	}
	if n := scalar[int](h, `SELECT count(*) FROM ledger_actions WHERE entry_id = $1 AND kind = 'intervention'`, f.teacherEntry); n != 1 {
		t.Errorf("%d interventions after a double tap, want 1", n)
	}
	if r := c.post(base+"/close", url.Values{"version": {"2"}, "status": {"resolved"}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "请填写结案说明") {
		t.Errorf("close without a note: %d", r.status)
	}
	if r := c.post(base+"/close", url.Values{"version": {"2"}, "status": {"resolved"}, "closing_note": {"情绪好转"}}); r.status != http.StatusSeeOther {
		t.Fatalf("close: %d", r.status)
	}
	if st := scalar[string](h, `SELECT status FROM ledger_entries WHERE id = $1`, f.teacherEntry); st != "resolved" {
		t.Errorf("status %q", st)
	}
	if r := c.post(base+"/reopen", url.Values{"version": {"3"}, "note": {"又出现情绪问题"}}); r.status != http.StatusSeeOther {
		t.Fatalf("reopen: %d", r.status)
	}
	for _, a := range []string{"ledger.intervention", "ledger.closed", "ledger.reopened"} {
		if n := scalar[int](h, `SELECT count(*) FROM audit.events WHERE action = $1 AND object_id = $2`, a, f.teacherEntry); n != 1 {
			t.Errorf("%s audited %d times", a, n)
		}
	}
	// The export lists it in the schools' column order, with its
	// intervention; the print is the same table on A4 landscape.
	rows := xlsxRows(t, c.get("/ledger.xlsx"))
	columns := []string{"序号", "班级", "学生", "问题类别", "发现日期", "来源", "责任人", "风险等级", "下次回访", "干预措施", "状态", "化解日期"}
	if len(rows) == 0 || !slices.Equal(rows[0], columns) {
		t.Fatalf("export header %v, want %v", rows[:min(1, len(rows))], columns)
	}
	name := scalar[string](h, `SELECT name FROM students WHERE id = $1`, f.teacherStudent)
	class := scalar[string](h, `SELECT name FROM classes WHERE id = $1`, f.teacherClass)
	row := rowWith(rows, name)
	risk := scalar[string](h, `SELECT risk FROM ledger_entries WHERE id = $1`, f.teacherEntry)
	if len(row) < 11 || row[1] != class || row[3] != "消极心理" || row[5] != "日常家访" || row[7] != visit.RiskLabel(risk) || !strings.Contains(row[9], "与家长电话沟通") || row[10] == "" {
		t.Errorf("export row %q: want class %s, 消极心理, 日常家访, risk %s, the intervention and a status", row, class, visit.RiskLabel(risk))
	}
	if n := scalar[int](h, `SELECT count(*) FROM audit.events WHERE action = 'ledger.export'`); n != 1 {
		t.Errorf("export audited %d times", n)
	}
	p := c.get("/ledger/print")
	for _, want := range []string{`class="print-landscape"`, "<th>序号</th><th>班级</th><th>学生</th>", name, "与家长电话沟通"} {
		if p.status != http.StatusOK || !strings.Contains(p.body, want) {
			t.Errorf("ledger print (%d) lacks %q", p.status, want)
		}
	}
}

// TestLedgerClassFilter: the school office filters its ledger by class, the
// options being the school's classes; a class teacher's list has no such
// filter (their own classes only).
func TestLedgerClassFilter(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	r := h.as("office").get("/ledger")
	if r.status != http.StatusOK || !strings.Contains(r.body, `name="class"`) {
		t.Fatalf("office ledger: %d, class filter %v", r.status, strings.Contains(r.body, `name="class"`))
	}
	last := `FROM classes c JOIN role_assignments ra ON ra.school_id = c.school_id JOIN users u ON u.id = ra.user_id
		WHERE u.username = 'office' AND c.archived_at IS NULL ORDER BY c.id DESC LIMIT 1`
	id, name := scalar[int64](h, `SELECT c.id `+last), scalar[string](h, `SELECT c.name `+last)
	if !strings.Contains(r.body, fmt.Sprintf(`<option value="%d">%s</option>`, id, name)) {
		t.Errorf("the class filter lacks %s", name)
	}
	if r := h.as("teacher").get("/ledger"); r.status != http.StatusOK || strings.Contains(r.body, `name="class"`) {
		t.Errorf("teacher ledger: %d, has a class filter", r.status)
	}
}

// TestVisitExportAndPrint: the class's visits as .xlsx, one row per visit
// in the form's order of fields, and one visit's 家访记录表 for A4.
func TestVisitExportAndPrint(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	c := h.as("teacher")
	name := scalar[string](h, `SELECT name FROM students WHERE id = $1`, f.teacherStudent)
	author := scalar[string](h, `SELECT display_name FROM users WHERE username = 'teacher'`)
	rows := xlsxRows(t, c.get(fmt.Sprintf("/classes/%d/visits.xlsx", f.teacherClass)))
	columns := []string{"序号", "家访日期", "学生", "方式", "类型", "家访人员", "校领导参加", "接待人", "学习情况", "生活情况", "心理状况", "家庭情况", "发现的问题", "给家长的建议", "家长的诉求"}
	if len(rows) == 0 || !slices.Equal(rows[0], columns) {
		t.Fatalf("export header %v, want %v", rows[:min(1, len(rows))], columns)
	}
	row := rowWith(rows, name)
	if len(row) < 13 || row[3] != "实地" || row[4] != "日常家访" || !strings.Contains(row[5], author) ||
		row[7] != "母亲" || row[8] != "学习认真" || row[10] != "情绪低落，不愿说话" || row[12] != "消极心理" {
		t.Errorf("export row %q: want the fixture's visit by %s", row, author)
	}
	if n := scalar[int](h, `SELECT count(*) FROM audit.events WHERE action = 'visit.export' AND result = 'success'`); n != 1 {
		t.Errorf("export audited %d times", n)
	}
	p := c.get(fmt.Sprintf("/visits/%d/print", f.teacherVisit))
	for _, want := range []string{"家访记录表", name, author, "母亲", "学习认真", "情绪低落，不愿说话", "消极心理"} {
		if p.status != http.StatusOK || !strings.Contains(p.body, want) {
			t.Errorf("visit print (%d) lacks %q", p.status, want)
		}
	}
}

// TestVisitStatusPage: "我的班级家访" names the window, shows the progress,
// lists the students not yet visited first and marks special groups for
// the class teacher only, never for a subject teacher.
func TestVisitStatusPage(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	if _, err := h.db.Pool.Exec(t.Context(), `UPDATE students SET left_behind = true WHERE id = $1`, f.teacherStudent); err != nil {
		t.Fatal(err)
	}
	r := h.as("teacher").get("/visits")
	if r.status != http.StatusOK || !strings.Contains(r.body, `<p class="window-banner"><b>2026年秋季学期家访：2026年8月25日—2027年1月22日</b>`) {
		t.Fatalf("teacher's page (%d) does not name the window", r.status)
	}
	total := scalar[int](h, `SELECT count(*) FROM students WHERE class_id = $1 AND status = 'enrolled'`, f.teacherClass)
	visited := strings.Count(r.body, `data-status="onsite"`) + strings.Count(r.body, `data-status="video"`) + strings.Count(r.body, `data-status="phone"`)
	if want := fmt.Sprintf(`max="%d" value="%d"`, total, visited); visited == 0 || !strings.Contains(r.body, want) {
		t.Errorf("progress lacks %q", want)
	}
	if first, last := strings.LastIndex(r.body, `data-status="none"`), strings.Index(r.body, `data-status="onsite"`); first < 0 || first > last {
		t.Error("a visited student is listed before one not yet visited")
	}
	name := scalar[string](h, `SELECT name FROM students WHERE id = $1`, f.teacherStudent)
	if !strings.Contains(r.body, name+` <span class="tag">留守儿童</span>`) {
		t.Error("the class teacher's page does not mark the left-behind child")
	}
	s := h.as("subject").get("/visits")
	if s.status != http.StatusOK || !strings.Contains(s.body, name) {
		t.Fatalf("subject teacher's page (%d) lacks the class they teach", s.status)
	}
	for _, flag := range []string{"留守儿童", "特困家庭", "随迁子女", "残疾儿童", "孤儿", "特殊群体"} {
		if strings.Contains(s.body, flag) {
			t.Errorf("subject teacher's page (%d) shows %q", s.status, flag)
		}
	}
}

// TestLedgerAssign: the school office sets an entry's owner, risk and
// follow-up date, audited; an owner from another school is refused with a
// message and nothing changes; a class teacher's owner field is ignored.
func TestLedgerAssign(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	base := fmt.Sprintf("/ledger/%d", f.teacherEntry)
	before := scalar[int64](h, `SELECT owner_id FROM ledger_entries WHERE id = $1`, f.teacherEntry)
	// A class teacher of the school who is not the entry's owner.
	other := scalar[int64](h, `SELECT cs.user_id FROM class_staff cs JOIN classes c ON c.id = cs.class_id
		WHERE c.school_id = $1 AND cs.duty = 'class_teacher' AND cs.user_id <> $2 ORDER BY cs.user_id LIMIT 1`, f.officeSchool, before)
	// A teacher as owner only is ignored: the owner stays, the risk changes.
	form := url.Values{"version": {"1"}, "risk": {"watch"}, "owner": {fmt.Sprint(other)}, "follow_up_on": {"2026-12-06"}}
	if r := h.as("teacher").post(base+"/assign", form); r.status != http.StatusSeeOther {
		t.Fatalf("teacher's assign: %d", r.status)
	}
	if owner, risk := scalar[int64](h, `SELECT owner_id FROM ledger_entries WHERE id = $1`, f.teacherEntry),
		scalar[string](h, `SELECT risk FROM ledger_entries WHERE id = $1`, f.teacherEntry); owner != before || risk != "watch" {
		t.Errorf("after the teacher's assign: owner %d risk %s, want %d watch", owner, risk, before)
	}
	office := h.as("office")
	form.Set("version", "2")
	form.Set("owner", fmt.Sprint(f.otherStaffUser))
	if r := office.post(base+"/assign", form); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "责任人只能是本校教职工") {
		t.Errorf("owner from another school: %d", r.status)
	}
	form.Set("owner", fmt.Sprint(other))
	form.Set("risk", "key")
	if r := office.post(base+"/assign", form); r.status != http.StatusSeeOther {
		t.Fatalf("office's assign: %d %s", r.status, r.body)
	}
	if owner, risk, fu := scalar[int64](h, `SELECT owner_id FROM ledger_entries WHERE id = $1`, f.teacherEntry),
		scalar[string](h, `SELECT risk FROM ledger_entries WHERE id = $1`, f.teacherEntry),
		scalar[string](h, `SELECT follow_up_on::text FROM ledger_entries WHERE id = $1`, f.teacherEntry); owner != other || risk != "key" || fu != "2026-12-06" {
		t.Errorf("after the office's assign: owner %d risk %s follow-up %s, want %d key 2026-12-06", owner, risk, fu, other)
	}
	if n := scalar[int](h, `SELECT count(*) FROM audit.events WHERE action = 'ledger.assigned' AND object_id = $1`, f.teacherEntry); n != 2 {
		t.Errorf("assignments audited %d times, want 2", n)
	}
	// The history names the new owner; the page's two follow-up inputs
	// have ids of their own, and the list says how it is sorted.
	otherName := scalar[string](h, `SELECT display_name FROM users WHERE id = $1`, other)
	page := office.get(base)
	if !strings.Contains(page.body, "责任人改为 "+otherName) {
		t.Errorf("the entry's history does not name the new owner %s", otherName)
	}
	if n := strings.Count(page.body, `id="follow_up_on"`); n > 1 || !strings.Contains(page.body, `id="assign_follow_up_on"`) {
		t.Errorf("%d inputs with id follow_up_on; assign_follow_up_on present: %v", n, strings.Contains(page.body, `id="assign_follow_up_on"`))
	}
	if list := office.get("/ledger"); !strings.Contains(list.body, `id="ledger-order"`) {
		t.Error("the ledger list does not say how it is sorted")
	}
}
