package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestGuidance: the office records a session for the left-behind group
// (bad input comes back with a Chinese message by the field and what was
// typed, nothing saved; the same form twice saves once), the list's panel
// then shows the group covered; a training clears R22; bureau staff read
// and export the school's list but are offered no form; teachers and
// another school's office see nothing; an edit keeps the checks; a delete
// takes the photos with it.
func TestGuidance(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	h.exec(`TRUNCATE guidance_sessions, parent_schools`)
	h.exec(`DELETE FROM evidence WHERE owner_type IN ('guidance', 'training', 'parent_school')`)

	office, staff, principal := h.as("office"), h.as("staff"), h.as("principal")
	school := scalar[int64](h, `SELECT ra.school_id FROM role_assignments ra JOIN users u ON u.id = ra.user_id WHERE u.username = 'office'`)
	other := scalar[int64](h, `SELECT id FROM schools WHERE id <> $1 ORDER BY id LIMIT 1`, school)
	// The school needs a left-behind student for R11 to ask for a session.
	h.exec(`UPDATE students SET left_behind = true WHERE id = (SELECT id FROM students WHERE school_id = $1 AND status = 'enrolled' ORDER BY id LIMIT 1)`, school)
	leftBehind := scalar[int](h, `SELECT count(*)::int FROM students WHERE school_id = $1 AND status = 'enrolled' AND left_behind`, school)
	token := office.formToken("/guidance/new")
	form := func(kv ...string) url.Values {
		v := url.Values{"form_token": {token}, "kind": {"guidance"}, "mode": {"offline"}, "speaker": {"心理教师 刘芳"},
			"audience": {"left_behind"}, "held_on": {"2026-11-20"}, "topic": {"留守儿童的亲情陪伴"}, "attending": {"28"}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	count := func() int { return scalar[int](h, `SELECT count(*)::int FROM guidance_sessions`) }

	// Before: the panel asks for the group and the training.
	list := office.get("/guidance")
	if list.status != http.StatusOK || !strings.Contains(list.body, "留守儿童家长") || !strings.Contains(list.body, "本学期尚无针对性指导") ||
		!strings.Contains(list.body, "本学期尚未开展") || !strings.Contains(list.body, "尚未建立") {
		t.Fatalf("the office's empty list and its panel: %d", list.status)
	}
	lacking := strings.Count(list.body, "本学期尚无针对性指导")

	for name, c := range map[string]struct {
		form url.Values
		want []string
	}{
		"after today":                      {form("held_on", "2026-12-20"), []string{"不能晚于今天"}},
		"outside the term":                 {form("held_on", "2026-06-01"), []string{"不在本学期内"}},
		"empty topic":                      {form("topic", " "), []string{"请填写主题"}},
		"negative attending":               {form("attending", "-3"), []string{"参加人数不能为负数"}},
		"more than invited":                {form("invited", "20", "attending", "28"), []string{"实到人数（28）不能多于应到人数（20）"}},
		"a class of another school":        {form("audience", "class", "class_id", itoa(scalar[int64](h, `SELECT id FROM classes WHERE school_id = $1 LIMIT 1`, other))), []string{"请选择本校的班级"}},
		"a grade the school lacks":         {form("audience", "grade", "grade", "12"), []string{"本校没有"}},
		"a class audience without a class": {form("audience", "class"), []string{"请选择班级"}},
		"a training without its form":      {form("kind", "training"), []string{"请选择培训形式"}},
	} {
		r := office.post("/guidance", c.form)
		if r.status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422", name, r.status)
			continue
		}
		for _, w := range append(c.want, "心理教师 刘芳") {
			if !strings.Contains(r.body, w) {
				t.Errorf("%s: the form back lacks %q", name, w)
			}
		}
	}
	if n := count(); n != 0 {
		t.Fatalf("refused forms saved %d sessions", n)
	}

	r := office.post("/guidance", form("invited", "30"))
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/guidance/") {
		t.Fatalf("record a session: %d %s", r.status, r.header.Get("Location"))
	}
	session := r.header.Get("Location")
	if again := office.post("/guidance", form("invited", "30")); again.status != http.StatusSeeOther || count() != 1 {
		t.Errorf("the same form twice: %d, %d sessions", again.status, count())
	}
	if n := scalar[int](h, `SELECT count(*)::int FROM audit.events WHERE action = 'guidance.create'`); n != 1 {
		t.Errorf("%d audit rows for one session", n)
	}
	page := office.get(session)
	if page.status != http.StatusOK || !strings.Contains(page.body, "留守儿童家长") || !strings.Contains(page.body, "28 人（应到 30 人）") || !strings.Contains(page.body, "上传照片或附件") {
		t.Errorf("the session's page for the office: %d", page.status)
	}
	if up := office.uploadForm(session+"/evidence", url.Values{"form_token": {office.formToken(session)}}, "现场.jpg", testJPEG(64, 48)); up.status != http.StatusSeeOther {
		t.Fatalf("a photo: %d", up.status)
	}
	list = office.get("/guidance")
	if !strings.Contains(list.body, "留守儿童的亲情陪伴") || !strings.Contains(list.body, "已指导 1 次") || strings.Count(list.body, "本学期尚无针对性指导") != lacking-1 {
		t.Errorf("after the session the panel still asks for the group (%d left-behind students)", leftBehind)
	}
	if !strings.Contains(list.body, "已开展 1 次") {
		t.Error("the quarter of the session is not shown as done")
	}

	// A training clears R22.
	tr := office.post("/guidance", url.Values{"form_token": {office.formToken("/guidance/new?kind=training")}, "kind": {"training"}, "form": {"class_course"},
		"mode": {"offline"}, "speaker": {"县家庭教育讲师团"}, "audience": {"all"}, "held_on": {"2026-11-25"}, "topic": {"家校协同育人主题班会课"}, "attending": {"300"}})
	if tr.status != http.StatusSeeOther {
		t.Fatalf("record a training: %d", tr.status)
	}
	if l := office.get("/guidance?kind=training"); !strings.Contains(l.body, "家校协同育人主题班会课") || strings.Contains(l.body, "留守儿童的亲情陪伴") ||
		!strings.Contains(l.body, "本学期已开展 1 次") {
		t.Error("the kind filter or R22 on the panel")
	}

	// Sorted by attendance, either way; a page of the list.
	asc, desc := office.get("/guidance?sort=attending"), office.get("/guidance?sort=attending&dir=desc")
	if i, j := strings.Index(asc.body, "留守儿童的亲情陪伴"), strings.Index(asc.body, "家校协同育人主题班会课"); i < 0 || j < 0 || i > j {
		t.Error("sorted by attendance: the smaller session is not first")
	}
	if i, j := strings.Index(desc.body, "留守儿童的亲情陪伴"), strings.Index(desc.body, "家校协同育人主题班会课"); i < 0 || j < 0 || i < j {
		t.Error("sorted by attendance, descending: the larger training is not first")
	}
	if p := office.get("/guidance?page=2"); p.status != http.StatusOK || strings.Contains(p.body, "留守儿童的亲情陪伴") {
		t.Errorf("the second page of two rows: %d", p.status)
	}
	if q := office.get("/guidance?q=" + url.QueryEscape("班会课")); !strings.Contains(q.body, "家校协同育人主题班会课") || strings.Contains(q.body, "留守儿童的亲情陪伴") {
		t.Error("the search")
	}

	// Bureau staff read, export and print the school's list; no form.
	county := staff.get("/guidance?school=" + itoa(school))
	if county.status != http.StatusOK || !strings.Contains(county.body, "留守儿童的亲情陪伴") || strings.Contains(county.body, "/guidance/new") {
		t.Errorf("staff's view of the school's list: %d", county.status)
	}
	if all := staff.get("/guidance"); !strings.Contains(all.body, "全县") || !strings.Contains(all.body, "家校协同育人主题班会课") {
		t.Error("staff's county list")
	}
	if x := staff.get("/guidance.xlsx?school=" + itoa(school)); x.status != http.StatusOK || !strings.Contains(x.header.Get("Content-Type"), "spreadsheetml") {
		t.Errorf("export: %d %s", x.status, x.header.Get("Content-Type"))
	}
	if p := staff.get("/guidance/print?school=" + itoa(school)); p.status != http.StatusOK || !strings.Contains(p.body, "台账") || !strings.Contains(p.body, "留守儿童的亲情陪伴") {
		t.Errorf("print: %d", p.status)
	}
	if s := staff.get(session); s.status != http.StatusOK || strings.Contains(s.body, "/delete") || strings.Contains(s.body, "上传照片或附件") {
		t.Errorf("staff's view of the session: %d (a delete or upload for a reader?)", s.status)
	}
	if s := principal.get(session); s.status != http.StatusOK {
		t.Errorf("the school's leader reads the session: %d", s.status)
	}
	if s := principal.post(session+"/delete", url.Values{}); s.status != http.StatusForbidden {
		t.Errorf("the school's leader deletes: %d, want 403", s.status)
	}
	for _, u := range []string{"teacher", "subject"} {
		if g := h.as(u).get("/guidance"); g.status != http.StatusForbidden {
			t.Errorf("%s reads the list: %d", u, g.status)
		}
	}

	// Another school's session does not exist for the office.
	id := strings.TrimPrefix(session, "/guidance/")
	h.exec(`UPDATE guidance_sessions SET school_id = $1 WHERE id = $2`, other, id)
	if g := office.get(session); g.status != http.StatusNotFound {
		t.Errorf("the office reads another school's: %d, want 404", g.status)
	}
	if g := office.post(session+"/delete", url.Values{}); g.status != http.StatusNotFound {
		t.Errorf("the office deletes another school's: %d, want 404", g.status)
	}
	if g := office.get("/guidance?school=" + itoa(other)); strings.Contains(g.body, "留守儿童的亲情陪伴") {
		t.Error("the office lists another school's by asking for it")
	}
	h.exec(`UPDATE guidance_sessions SET school_id = $1 WHERE id = $2`, school, id)

	// An edit keeps the checks and what was typed; nothing changes.
	e := office.post(session, url.Values{"topic": {"改过的主题"}, "held_on": {"2026-11-20"}, "mode": {"online"}, "speaker": {"刘芳"},
		"audience": {"left_behind"}, "attending": {"40"}, "invited": {"30"}})
	if e.status != http.StatusUnprocessableEntity || !strings.Contains(e.body, "改过的主题") || !strings.Contains(e.body, "不能多于应到人数") {
		t.Errorf("an edit with more attending than invited: %d", e.status)
	}
	if topic := scalar[string](h, `SELECT topic FROM guidance_sessions WHERE id = $1`, id); topic != "留守儿童的亲情陪伴" {
		t.Errorf("a refused edit changed the topic to %q", topic)
	}
	if e := office.post(session, url.Values{"topic": {"改过的主题"}, "held_on": {"2026-11-20"}, "mode": {"online"}, "speaker": {"刘芳"},
		"audience": {"left_behind"}, "attending": {"25"}, "invited": {"30"}}); e.status != http.StatusSeeOther {
		t.Errorf("an edit: %d", e.status)
	}
	if d := office.post(session+"/delete", url.Values{}); d.status != http.StatusSeeOther {
		t.Fatalf("delete: %d", d.status)
	}
	if n := scalar[int](h, `SELECT count(*)::int FROM evidence WHERE owner_type = 'guidance' AND owner_id = $1`, id); n != 0 || count() != 1 {
		t.Errorf("after the delete: %d photos left, %d sessions", n, count())
	}
}

// TestParentSchool: the office registers its parent school (a date ahead
// of today and an empty head refused, what was typed kept) and uploads the
// charter; the leader and bureau staff read it, neither may edit it; a
// teacher reads nothing.
func TestParentSchool(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	h.exec(`TRUNCATE parent_schools`)
	office, staff := h.as("office"), h.as("staff")
	school := scalar[int64](h, `SELECT ra.school_id FROM role_assignments ra JOIN users u ON u.id = ra.user_id WHERE u.username = 'office'`)
	path := "/schools/" + itoa(school) + "/parent-school"

	if p := office.get(path); p.status != http.StatusOK || !strings.Contains(p.body, "尚未登记家长学校") || !strings.Contains(p.body, "登记家长学校") {
		t.Fatalf("no parent school yet: %d", p.status)
	}
	if up := office.uploadForm(path+"/evidence", url.Values{"form_token": {newFormToken()}}, "章程.pdf", []byte("%PDF-1.7 章程")); up.status != http.StatusConflict {
		t.Errorf("a charter before the parent school: %d, want 409", up.status)
	}
	r := office.post(path, url.Values{"established_on": {"2027-09-01"}, "head": {""}, "teachers": {"王老师、赵老师"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "不能晚于今天") || !strings.Contains(r.body, "请填写校长（负责人）") || !strings.Contains(r.body, "王老师、赵老师") {
		t.Errorf("a bad form: %d", r.status)
	}
	if n := scalar[int](h, `SELECT count(*)::int FROM parent_schools`); n != 0 {
		t.Fatalf("a refused form saved %d", n)
	}
	if r := office.post(path, url.Values{"established_on": {"2019-09-01"}, "head": {"张校长"}, "teachers": {"王老师、赵老师"}}); r.status != http.StatusSeeOther {
		t.Fatalf("save: %d", r.status)
	}
	if up := office.uploadForm(path+"/evidence", url.Values{"form_token": {office.formToken(path)}}, "章程.pdf", []byte("%PDF-1.7 家长学校章程")); up.status != http.StatusSeeOther {
		t.Fatalf("the charter: %d", up.status)
	}
	if n := scalar[int](h, `SELECT count(*)::int FROM audit.events WHERE action = 'parent_school.save'`); n != 1 {
		t.Errorf("%d audit rows for one save", n)
	}
	for _, u := range []string{"principal", "staff", "supervisor"} {
		p := h.as(u).get(path)
		if p.status != http.StatusOK || !strings.Contains(p.body, "张校长") || !strings.Contains(p.body, "章程.pdf") || strings.Contains(p.body, path+"/edit") {
			t.Errorf("%s reads the parent school: %d (an edit link for a reader?)", u, p.status)
		}
	}
	if p := staff.post(path, url.Values{"established_on": {"2019-09-01"}, "head": {"改"}}); p.status != http.StatusForbidden {
		t.Errorf("staff edits: %d, want 403", p.status)
	}
	if p := h.as("teacher").get(path); p.status != http.StatusForbidden {
		t.Errorf("a teacher reads: %d, want 403", p.status)
	}
	if l := office.get("/guidance"); !strings.Contains(l.body, "已建立") {
		t.Error("the list's panel does not show the parent school")
	}
	if s := staff.get("/schools/" + itoa(school)); !strings.Contains(s.body, path) {
		t.Error("the school's page does not link to its parent school")
	}
}
