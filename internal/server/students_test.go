package server

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"xietong/internal/privacy"
	"xietong/internal/store"
)

var (
	versionRE   = regexp.MustCompile(`name="version" value="(\d+)"`)
	formTokenRE = regexp.MustCompile(`name="form_token" value="([0-9a-f]{32})"`)
)

// formState reads the version and the one-time token of a form page.
func formState(t *testing.T, r resp) (version, token string) {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("form page: status %d", r.status)
	}
	m := versionRE.FindStringSubmatch(r.body)
	if m == nil {
		t.Fatal("form has no version")
	}
	if tm := formTokenRE.FindStringSubmatch(r.body); tm != nil {
		token = tm[1]
	}
	return m[1], token
}

// editForm is a complete edit submission of the student as it is saved.
func editForm(h *harness, id int64, version string) url.Values {
	h.t.Helper()
	var name, gender, number, township, village, address string
	var flags [5]bool
	if err := h.db.Pool.QueryRow(h.t.Context(), `SELECT name, gender, student_number, township, village, address,
		left_behind, hardship, migrant, disabled, orphan FROM students WHERE id = $1`, id).
		Scan(&name, &gender, &number, &township, &village, &address, &flags[0], &flags[1], &flags[2], &flags[3], &flags[4]); err != nil {
		h.t.Fatal(err)
	}
	v := url.Values{"version": {version}, "name": {name}, "gender": {gender}, "student_number": {number},
		"township": {township}, "village": {village}, "address": {address}}
	for i, key := range []string{"left_behind", "hardship", "migrant", "disabled", "orphan"} {
		if flags[i] {
			v.Set(key, "on") // a checked box, as the browser sends it
		}
	}
	rows, err := h.db.Pool.Query(h.t.Context(), `SELECT name, relation, phone FROM guardians WHERE student_id = $1 ORDER BY position`, id)
	if err != nil {
		h.t.Fatal(err)
	}
	defer rows.Close()
	i := 0
	for rows.Next() {
		i++
		var gn, gr, gp string
		if err := rows.Scan(&gn, &gr, &gp); err != nil {
			h.t.Fatal(err)
		}
		p := fmt.Sprintf("g%d_", i)
		v.Set(p+"name", gn)
		v.Set(p+"relation", gr)
		v.Set(p+"phone", gp)
	}
	return v
}

// TestStudentRoutesIDOR: for every route with a student, class or school id,
// a user asking for one outside their scope gets 404, the page holds no trace
// of it, nothing changes, and the refusal is audited once.
func TestStudentRoutesIDOR(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	other := fmt.Sprintf("/students/%d", f.otherStudent)
	otherSchool := fmt.Sprintf("/students/%d", f.otherSchoolStud)
	form := url.Values{"version": {"1"}, "form_token": {"0123456789abcdef0123456789abcdef"}, "on_date": {"2026-11-20"},
		"reason": {"r"}, "to_class": {fmt.Sprint(f.teacherClass)}, "name": {"改名"}, "gender": {"男"},
		"student_number": {"G123456789"}, "g1_name": {"某某"}, "g1_relation": {"父亲"}, "g1_phone": {"13800001234"}}
	otherName := scalar[string](h, `SELECT name FROM students WHERE id = $1`, f.otherSchoolStud)
	cases := []struct {
		user, method, path, secret string
	}{
		{"teacher", "GET", other, f.otherStudentNm},
		{"teacher", "GET", other + "/edit", f.otherStudentNm},
		{"teacher", "POST", other + "/edit", f.otherStudentNm},
		{"teacher", "GET", other + "/transfer", f.otherStudentNm},
		{"teacher", "POST", other + "/transfer", f.otherStudentNm},
		{"teacher", "GET", other + "/leave", f.otherStudentNm},
		{"teacher", "POST", other + "/leave", f.otherStudentNm},
		{"teacher", "GET", fmt.Sprintf("/classes/%d/students.xlsx", f.otherClass), f.otherStudentNm},
		{"subject", "GET", other + "/edit", f.otherStudentNm},
		{"subject", "POST", other + "/edit", f.otherStudentNm},
		{"subject", "GET", other + "/transfer", f.otherStudentNm},
		{"subject", "POST", other + "/leave", f.otherStudentNm},
		{"subject", "GET", fmt.Sprintf("/classes/%d/students.xlsx", f.otherClass), f.otherStudentNm},
		{"office", "GET", otherSchool + "/edit", otherName},
		{"office", "POST", otherSchool + "/edit", otherName},
		{"office", "GET", otherSchool + "/transfer", otherName},
		{"office", "POST", otherSchool + "/transfer", otherName},
		{"office", "GET", otherSchool + "/leave", otherName},
		{"office", "POST", otherSchool + "/leave", otherName},
		{"office", "GET", fmt.Sprintf("/schools/%d/students.xlsx", f.otherSchool), otherName},
		{"office", "GET", "/students/999999999/edit", ""},
	}
	before := scalar[string](h, `SELECT string_agg(id || status || coalesce(class_id, 0) || name || version, ',' ORDER BY id) FROM students`)
	for _, tc := range cases {
		c := h.as(tc.user)
		denied := scalar[int](h, `SELECT count(*) FROM audit.events WHERE result = 'denied'`)
		var r resp
		if tc.method == "POST" {
			r = c.post(tc.path, form)
		} else {
			r = c.get(tc.path)
		}
		if r.status != http.StatusNotFound {
			t.Errorf("%s %s %s: status %d, want 404", tc.user, tc.method, tc.path, r.status)
		}
		if tc.secret != "" && strings.Contains(r.body, tc.secret) {
			t.Errorf("%s %s %s: the answer contains the out-of-scope student's name", tc.user, tc.method, tc.path)
		}
		if n := scalar[int](h, `SELECT count(*) FROM audit.events WHERE result = 'denied'`); n != denied+1 {
			t.Errorf("%s %s %s: %d denied audit rows, want 1", tc.user, tc.method, tc.path, n-denied)
		}
	}
	if after := scalar[string](h, `SELECT string_agg(id || status || coalesce(class_id, 0) || name || version, ',' ORDER BY id) FROM students`); after != before {
		t.Error("a refused request changed a student")
	}
	if n := scalar[int](h, `SELECT count(*) FROM student_transfers`); n != 0 {
		t.Errorf("%d transfers recorded by refused requests", n)
	}
}

var flagLabels = []string{"留守儿童", "特困家庭", "随迁子女", "残疾儿童", "孤儿", "特殊群体"}

// TestStudentListPrivacy: the list masks phones and addresses for everyone,
// shows special groups to the class teacher and never to a subject teacher,
// and ignores a subject teacher's special-group filter rather than letting
// it reveal who is in the group.
func TestStudentListPrivacy(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	ctx := t.Context()
	if _, err := h.db.Pool.Exec(ctx, `UPDATE students SET left_behind = (id = $2), hardship = false, migrant = false, disabled = false, orphan = false WHERE class_id = $1`, f.teacherClass, f.teacherStudent); err != nil {
		t.Fatal(err)
	}
	phone := scalar[string](h, `SELECT phone FROM guardians WHERE student_id = $1 AND position = 1`, f.teacherStudent)
	address := store.FullAddress(scalar[string](h, `SELECT township FROM students WHERE id = $1`, f.teacherStudent),
		scalar[string](h, `SELECT village FROM students WHERE id = $1`, f.teacherStudent),
		scalar[string](h, `SELECT address FROM students WHERE id = $1`, f.teacherStudent))
	unflagged := scalar[string](h, `SELECT name FROM students WHERE class_id = $1 AND id <> $2 ORDER BY id LIMIT 1`, f.teacherClass, f.teacherStudent)
	flagged := scalar[string](h, `SELECT name FROM students WHERE id = $1`, f.teacherStudent)
	list := fmt.Sprintf("/students?class=%d", f.teacherClass)

	teacher := h.as("teacher")
	tr := teacher.get(list)
	if tr.status != http.StatusOK || !strings.Contains(tr.body, "留守儿童") || !strings.Contains(tr.body, flagged) {
		t.Fatalf("class teacher's list: status %d, flag shown %v", tr.status, strings.Contains(tr.body, "留守儿童"))
	}
	if g := teacher.get(list + "&group=left_behind"); !strings.Contains(g.body, flagged) || strings.Contains(g.body, unflagged) {
		t.Error("class teacher's special-group filter does not select the group")
	}
	subject := h.as("subject")
	for _, path := range []string{list, list + "&group=left_behind", "/students", fmt.Sprintf("/students/%d", f.teacherStudent)} {
		r := subject.get(path)
		if r.status != http.StatusOK {
			t.Fatalf("subject %s: %d", path, r.status)
		}
		for _, s := range flagLabels {
			if strings.Contains(r.body, s) {
				t.Errorf("subject teacher's %s shows %q", path, s)
			}
		}
	}
	if g := subject.get(list + "&group=left_behind"); !strings.Contains(g.body, unflagged) {
		t.Error("subject teacher's special-group filter was applied (it reveals the group)")
	}
	for who, r := range map[string]resp{"teacher": tr, "subject": subject.get(list), "office": h.as("office").get(list), "admin": h.as("admin").get(list)} {
		if strings.Contains(r.body, phone) {
			t.Errorf("%s's list shows a guardian's phone in full", who)
		}
		if strings.Contains(r.body, address) {
			t.Errorf("%s's list shows a home address in full", who)
		}
	}
	// The page of the student shows the phone and address in full.
	page := teacher.get(fmt.Sprintf("/students/%d", f.teacherStudent))
	if !strings.Contains(page.body, phone) || !strings.Contains(page.body, address) {
		t.Error("student page lacks the full phone or address for the class teacher")
	}
	// The navigation offers the list to those who may use it.
	if !strings.Contains(teacher.get("/").body, `href="/students"`) {
		t.Error("class teacher's menu lacks 学生名单")
	}
	if strings.Contains(h.as("leader").get("/").body, `href="/students"`) {
		t.Error("bureau leader's menu offers a list of children")
	}
}

// TestStudentListSearchSort: search by name and number, the pinyin sort, an
// unknown sort key falling back to the allowlist, paging, the empty state.
func TestStudentListSearchSort(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	ctx := t.Context()
	for i, name := range []string{"张测试", "安测试", "陈测试"} {
		if _, err := h.db.Pool.Exec(ctx, `UPDATE students SET name = $2 WHERE id = (SELECT id FROM students WHERE class_id = $1 ORDER BY id OFFSET $3 LIMIT 1)`, f.teacherClass, name, i); err != nil {
			t.Fatal(err)
		}
	}
	office := h.as("office")
	r := office.search("测试", "sort", "name")
	a, c, z := strings.Index(r.body, "安测试"), strings.Index(r.body, "陈测试"), strings.Index(r.body, "张测试")
	if a < 0 || !(a < c && c < z) {
		t.Errorf("pinyin order: 安 %d, 陈 %d, 张 %d", a, c, z)
	}
	r = office.search("测试", "sort", "name", "dir", "desc")
	if strings.Index(r.body, "张测试") > strings.Index(r.body, "安测试") {
		t.Error("descending pinyin order")
	}
	number := scalar[string](h, `SELECT student_number FROM students WHERE id = $1`, f.teacherStudent)
	name := scalar[string](h, `SELECT name FROM students WHERE id = $1`, f.teacherStudent)
	if r := office.search(strings.ToLower(number[len(number)-12:])); !strings.Contains(r.body, name) || !strings.Contains(r.body, "共 1 条") {
		t.Errorf("search by part of the student number: found=%v", strings.Contains(r.body, name))
	}
	if r := office.get("/students?sort=st.id;DROP&dir=desc"); r.status != http.StatusOK {
		t.Errorf("unknown sort key: %d", r.status)
	}
	r = office.search("查无此人")
	if !strings.Contains(r.body, "没有找到符合条件的学生") || !strings.Contains(r.body, "清除筛选条件") {
		t.Error("empty result lacks its message and the way out")
	}
	// A ?q= in the URL is ignored: the search text only travels by POST.
	if r := office.get("/students?q=" + url.QueryEscape("查无此人")); !strings.Contains(r.body, "查无此人") && strings.Contains(r.body, "没有找到符合条件的学生") {
		t.Error("the list obeyed a search text from the URL")
	}
	office.search("")
	total := scalar[int](h, `SELECT count(*) FROM students WHERE school_id = $1 AND status = 'enrolled'`, f.officeSchool)
	r = office.get("/students?page=2")
	if total > 50 && !strings.Contains(r.body, fmt.Sprintf("第 51–%d 条，共 %d 条", min(100, total), total)) {
		t.Errorf("page 2 of %d students: pager missing", total)
	}
	// The admin filters by school and sees the school column.
	ra := h.as("admin").get(fmt.Sprintf("/students?school=%d", f.otherSchool))
	if ra.status != http.StatusOK || strings.Contains(ra.body, name) {
		t.Error("admin's school filter lets another school's student through")
	}
}

// TestStudentEditConflict: two saves of the same version: exactly one
// wins, the other gets the Chinese 409 page, and the audit row names the
// changed fields without their values.
func TestStudentEditConflict(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	path := fmt.Sprintf("/students/%d/edit", f.teacherStudent)
	office, admin := h.as("office"), h.as("admin")
	v1, _ := formState(t, office.get(path))
	v2, _ := formState(t, admin.get(path))
	if v1 != v2 {
		t.Fatalf("versions %s and %s", v1, v2)
	}
	a := editForm(h, f.teacherStudent, v1)
	a.Set("address", "甲地址一号")
	b := editForm(h, f.teacherStudent, v2)
	b.Set("g1_phone", "13912345678")
	ra, rb := office.post(path, a), admin.post(path, b)
	statuses := []int{ra.status, rb.status}
	if !(ra.status == http.StatusSeeOther && rb.status == http.StatusConflict) {
		t.Fatalf("statuses %v, want [303 409]", statuses)
	}
	if !strings.Contains(rb.body, "其他人已经修改") {
		t.Error("409 page lacks its Chinese explanation")
	}
	if got := scalar[string](h, `SELECT address FROM students WHERE id = $1`, f.teacherStudent); got != "甲地址一号" {
		t.Errorf("address %q", got)
	}
	if got := scalar[string](h, `SELECT phone FROM guardians WHERE student_id = $1 AND position = 1`, f.teacherStudent); got == "13912345678" {
		t.Error("the stale edit was written")
	}
	details := scalar[string](h, `SELECT details::text FROM audit.events WHERE action = 'student.edit' AND object_id = $1`, f.teacherStudent)
	if !strings.Contains(details, `"address"`) || strings.Contains(details, "甲地址") {
		t.Errorf("audit details %s: want the field name, not the value", details)
	}
	if n := scalar[int](h, `SELECT count(*) FROM audit.events WHERE action = 'student.edit'`); n != 1 {
		t.Errorf("%d edit audit rows, want 1", n)
	}
}

// TestStudentEditChecks: Chinese messages next to the fields, with what was
// typed kept; the unique student number; a landline normalised; the class
// teacher's guardians-only form, which can change neither the details nor
// the special-group flags it does not show.
func TestStudentEditChecks(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	path := fmt.Sprintf("/students/%d/edit", f.teacherStudent)
	office := h.as("office")
	v, _ := formState(t, office.get(path))
	bad := editForm(h, f.teacherStudent, v)
	bad.Set("g1_phone", "1380000")
	bad.Set("name", "")
	bad.Set("birth_date", "2099-01-01")
	r := office.post(path, bad)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad form: status %d", r.status)
	}
	for _, want := range []string{"电话号码不正确", "请填写姓名", "出生日期不能晚于今天", `value="1380000"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("bad form's page lacks %q", want)
		}
	}
	dup := editForm(h, f.teacherStudent, v)
	dup.Set("student_number", scalar[string](h, `SELECT student_number FROM students WHERE id = $1`, f.otherSchoolStud))
	if r := office.post(path, dup); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "该学籍号已被本县其他学生使用") {
		t.Errorf("duplicate number: status %d", r.status)
	}
	// A landline is normalised and saved.
	ok := editForm(h, f.teacherStudent, v)
	ok.Set("g1_phone", "0851 8612345")
	if r := office.post(path, ok); r.status != http.StatusSeeOther {
		t.Fatalf("good form: status %d", r.status)
	}
	if got := scalar[string](h, `SELECT phone FROM guardians WHERE student_id = $1 AND position = 1`, f.teacherStudent); got != "0851-8612345" {
		t.Errorf("saved phone %q", got)
	}

	// The class teacher: guardians only. The details they might send are ignored.
	if _, err := h.db.Pool.Exec(t.Context(), `UPDATE students SET orphan = true WHERE id = $1`, f.teacherStudent); err != nil {
		t.Fatal(err)
	}
	teacher := h.as("teacher")
	page := teacher.get(path)
	if strings.Contains(page.body, `name="student_number"`) || !strings.Contains(page.body, `name="g1_phone"`) {
		t.Error("class teacher's form offers the details, or lacks the guardians")
	}
	tv, _ := formState(t, page)
	tf := editForm(h, f.teacherStudent, tv)
	tf.Set("name", "班主任改名")
	tf.Set("g2_name", "王五")
	tf.Set("g2_relation", "祖母")
	tf.Set("g2_phone", "13700001111")
	if r := teacher.post(path, tf); r.status != http.StatusSeeOther {
		t.Fatalf("class teacher's save: %d", r.status)
	}
	if n := scalar[string](h, `SELECT name FROM students WHERE id = $1`, f.teacherStudent); n == "班主任改名" {
		t.Error("a class teacher changed the name")
	}
	if !scalar[bool](h, `SELECT orphan FROM students WHERE id = $1`, f.teacherStudent) {
		t.Error("a guardians-only save cleared a special-group flag")
	}
	if n := scalar[int](h, `SELECT count(*) FROM guardians WHERE student_id = $1 AND phone = '13700001111'`, f.teacherStudent); n != 1 {
		t.Error("class teacher's new guardian not saved")
	}
	if d := scalar[string](h, `SELECT details::text FROM audit.events WHERE action = 'student.edit' AND actor_name = 'teacher'`); d != `{"fields": ["guardians"]}` {
		t.Errorf("class teacher's audit details %s", d)
	}
}

// TestStudentTransferAndLeave: a class transfer with history and audit, a
// replayed form that moves once, a school transfer after which the sending
// office no longer sees the student, and leaving school with confirmation.
func TestStudentTransferAndLeave(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	office := h.as("office")
	base := fmt.Sprintf("/students/%d", f.teacherStudent)
	v, tok := formState(t, office.get(base+"/transfer"))
	if tok == "" {
		t.Fatal("transfer form has no one-time token")
	}
	form := url.Values{"version": {v}, "form_token": {tok}, "to_class": {fmt.Sprint(f.otherClass)}, "on_date": {"2026-11-20"}, "reason": {"分班调整"}}
	// A bad date keeps what was typed and says why.
	bad := url.Values{"version": {v}, "form_token": {tok}, "to_class": {fmt.Sprint(f.otherClass)}, "on_date": {"2099-01-01"}, "reason": {"分班调整"}}
	if r := office.post(base+"/transfer", bad); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "日期不能晚于今天") || !strings.Contains(r.body, "分班调整") {
		t.Errorf("future date: status %d", r.status)
	}
	r := office.post(base+"/transfer", form)
	if r.status != http.StatusSeeOther || r.header.Get("Location") != base {
		t.Fatalf("transfer: %d %q", r.status, r.header.Get("Location"))
	}
	// The same form again (a double tap): no second move, sent to the same place.
	if r := office.post(base+"/transfer", form); r.status != http.StatusSeeOther || r.header.Get("Location") != base {
		t.Errorf("replay: %d %q", r.status, r.header.Get("Location"))
	}
	if n := scalar[int](h, `SELECT count(*) FROM student_transfers WHERE student_id = $1`, f.teacherStudent); n != 1 {
		t.Errorf("%d transfers, want 1", n)
	}
	if c := scalar[int64](h, `SELECT class_id FROM students WHERE id = $1`, f.teacherStudent); c != f.otherClass {
		t.Errorf("class %d, want %d", c, f.otherClass)
	}
	page := office.get(base)
	if !strings.Contains(page.body, "转班") || !strings.Contains(page.body, "分班调整") {
		t.Error("student page lacks the history entry")
	}
	// The old class teacher no longer sees the student.
	if r := h.as("teacher").get(base); r.status != http.StatusNotFound {
		t.Errorf("old class teacher: %d", r.status)
	}
	if d := scalar[string](h, `SELECT details->>'kind' FROM audit.events WHERE action = 'student.transfer'`); d != "class" {
		t.Errorf("audit kind %q", d)
	}

	// To another school: the office is sent to the list and loses the student.
	v, tok = formState(t, office.get(base+"/transfer?school="+fmt.Sprint(f.otherSchool)))
	target := scalar[int64](h, `SELECT id FROM classes WHERE school_id = $1 ORDER BY id LIMIT 1`, f.otherSchool)
	r = office.post(base+"/transfer", url.Values{"version": {v}, "form_token": {tok}, "school": {fmt.Sprint(f.otherSchool)}, "to_class": {fmt.Sprint(target)}, "on_date": {"2026-11-25"}, "reason": {"随父母迁居"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/students" {
		t.Fatalf("school transfer: %d %q", r.status, r.header.Get("Location"))
	}
	if r := office.get(base); r.status != http.StatusNotFound {
		t.Errorf("sending office still sees the student: %d", r.status)
	}
	admin := h.as("admin")
	if r := admin.get(base); !strings.Contains(r.body, "转学") || !strings.Contains(r.body, "随父母迁居") {
		t.Error("history lacks the school transfer")
	}

	// Leaving school, by the admin now (the office of the new school would too).
	lp := admin.get(base + "/leave")
	if !strings.Contains(lp.body, "data-confirm=") || !strings.Contains(lp.body, "归档") {
		t.Error("leave form lacks its confirmation")
	}
	v, tok = formState(t, lp)
	if r := admin.post(base+"/leave", url.Values{"version": {v}, "form_token": {tok}, "on_date": {"2026-11-28"}, "reason": {""}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "请填写原因") {
		t.Errorf("leave without reason: %d", r.status)
	}
	if r := admin.post(base+"/leave", url.Values{"version": {v}, "form_token": {tok}, "on_date": {"2026-11-28"}, "reason": {"转往外县"}}); r.status != http.StatusSeeOther {
		t.Fatalf("leave: %d", r.status)
	}
	if st := scalar[string](h, `SELECT status || coalesce(class_id::text, '-') FROM students WHERE id = $1`, f.teacherStudent); st != "left-" {
		t.Errorf("after leaving: %s", st)
	}
	if r := admin.get(base); !strings.Contains(r.body, "已离校") || strings.Contains(r.body, "/leave") {
		t.Error("page of a student who left: status missing, or leave offered again")
	}
	if r := admin.get(fmt.Sprintf("/students?status=left&school=%d", f.otherSchool)); !strings.Contains(r.body, base+`"`) {
		t.Error("the archived student is not in the list of those who left")
	}
	// A stale transfer form (the version before leaving) is refused.
	if r := admin.post(base+"/transfer", url.Values{"version": {v}, "form_token": {"00000000000000000000000000000001"}, "to_class": {fmt.Sprint(target)}, "on_date": {"2026-11-28"}, "reason": {"x"}}); r.status != http.StatusConflict {
		t.Errorf("transfer of a student who left: %d, want 409", r.status)
	}
	if n := scalar[int](h, `SELECT count(*) FROM audit.events WHERE action IN ('student.transfer', 'student.leave') AND result = 'success'`); n != 3 {
		t.Errorf("%d move audit rows, want 3", n)
	}
}

// TestRosterExport: an office's class export is a real .xlsx with the
// class's rows, full contacts and a formula-looking name kept as text; the
// county file is masked and carries no special groups; a subject teacher is
// refused; each export is audited with its row count.
func TestRosterExport(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	ctx := t.Context()
	if _, err := h.db.Pool.Exec(ctx, `UPDATE students SET name = '=1+1', left_behind = true WHERE id = $1`, f.teacherStudent); err != nil {
		t.Fatal(err)
	}
	phone := scalar[string](h, `SELECT phone FROM guardians WHERE student_id = $1 AND position = 1`, f.teacherStudent)
	size := scalar[int](h, `SELECT count(*) FROM students WHERE class_id = $1 AND status = 'enrolled'`, f.teacherClass)
	open := func(r resp) [][]string {
		t.Helper()
		x := xlsxFile(t, r)
		defer x.Close()
		rows, err := x.GetRows("学生名单")
		if err != nil {
			t.Fatal(err)
		}
		for i := range rows {
			for j := range rows[i] {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if fm, _ := x.GetCellFormula("学生名单", cell); fm != "" {
					t.Errorf("%s holds formula %q", cell, fm)
				}
			}
		}
		return rows
	}
	has := func(rows [][]string, s string) bool {
		for _, row := range rows {
			for _, c := range row {
				if c == s {
					return true
				}
			}
		}
		return false
	}
	classPath := fmt.Sprintf("/classes/%d/students.xlsx", f.teacherClass)
	rows := open(h.as("office").get(classPath))
	if len(rows) != size+1 {
		t.Errorf("class export has %d data rows, want %d", len(rows)-1, size)
	}
	if !has(rows, "=1+1") {
		t.Error("the name =1+1 did not come back as text")
	}
	// By default contacts are masked, even for those who may have them.
	if has(rows, phone) || !has(rows, phone[:3]+"****"+phone[7:]) || !has(rows, "留守儿童") {
		t.Error("the office's default class export: want masked phones and the special group")
	}
	if n := scalar[int](h, `SELECT (details->>'rows')::int FROM audit.events WHERE action = 'roster.export' AND object_type = 'class'`); n != size {
		t.Errorf("audited row count %d, want %d", n, size)
	}
	// In full only when asked for, and the audit row says so.
	if rows := open(h.as("office").get(classPath + "?contacts=full")); !has(rows, phone) {
		t.Error("the office's export with full contacts lacks the phone")
	}
	if n := scalar[int](h, `SELECT count(*) FROM audit.events WHERE action = 'roster.export' AND result = 'success' AND details->>'masked' = 'false'`); n != 1 {
		t.Errorf("%d unmasked exports audited as such, want 1", n)
	}
	// The class teacher exports their own class too.
	if rows := open(h.as("teacher").get(classPath + "?contacts=full")); !has(rows, phone) {
		t.Error("class teacher's export lacks the phone they may see")
	}
	// The administrator's school file is masked: asking for full is refused.
	schoolPath := fmt.Sprintf("/schools/%d/students.xlsx", scalar[int64](h, `SELECT school_id FROM classes WHERE id = $1`, f.teacherClass))
	if r := h.as("admin").get(schoolPath + "?contacts=full"); r.status != http.StatusForbidden {
		t.Errorf("admin's school file in full: %d, want 403", r.status)
	}
	// The county file: masked, no special groups.
	county := open(h.as("admin").get("/students.xlsx"))
	total := scalar[int](h, `SELECT count(*) FROM students WHERE status = 'enrolled'`)
	if len(county) != total+1 || has(county, phone) || !has(county, phone[:3]+"****"+phone[7:]) {
		t.Errorf("county export: %d rows (want %d), full phone present %v", len(county)-1, total, has(county, phone))
	}
	if has(county, "特殊群体") || has(county, "留守儿童") {
		t.Error("the county file carries special groups")
	}
	// A subject teacher is refused, and the refusal audited.
	sr := h.as("subject").get(classPath)
	if sr.status != http.StatusForbidden || strings.Contains(sr.header.Get("Content-Type"), "spreadsheetml") {
		t.Errorf("subject teacher's export: %d", sr.status)
	}
	if n := scalar[int](h, `SELECT count(*) FROM audit.events WHERE action = 'roster.export' AND result = 'denied' AND actor_name = 'subject'`); n != 1 {
		t.Errorf("%d denied export rows for the subject teacher", n)
	}
	if n := scalar[int](h, `SELECT count(*) FROM audit.events WHERE action = 'roster.export' AND result = 'success'`); n != 4 {
		t.Errorf("%d export audit rows, want 4", n)
	}
}

// search submits the student filter form as the page does (POST) and
// returns the list it redirects to, failing if the search text leaks into
// the URL.
func (c *client) search(q string, kv ...string) resp {
	c.h.t.Helper()
	form := url.Values{"q": {q}}
	for i := 0; i+1 < len(kv); i += 2 {
		form.Set(kv[i], kv[i+1])
	}
	r := c.post("/students/search", form)
	if r.status != http.StatusSeeOther {
		c.h.t.Fatalf("search: status %d", r.status)
	}
	loc := r.header.Get("Location")
	if strings.Contains(loc, "q=") || (q != "" && strings.Contains(loc, url.QueryEscape(q))) {
		c.h.t.Fatalf("search text in the URL: %s", loc)
	}
	return c.get(loc)
}

// TestContactsBeyondNeed: the 学籍号, the guardians' phones and the home
// address are whole on a student's page only for those who act on them (the
// class teacher, the school office); a subject teacher of the class and the
// administrator see them masked; every list shows the 学籍号 masked.
func TestContactsBeyondNeed(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	number := scalar[string](h, `SELECT student_number FROM students WHERE id = $1`, f.teacherStudent)
	phone := scalar[string](h, `SELECT phone FROM guardians WHERE student_id = $1 AND phone <> '' ORDER BY position LIMIT 1`, f.teacherStudent)
	page := fmt.Sprintf("/students/%d", f.teacherStudent)
	for user, full := range map[string]bool{"teacher": true, "office": true, "subject": false, "admin": false} {
		r := h.as(user).get(page)
		if r.status != http.StatusOK {
			t.Errorf("%s: student page %d", user, r.status)
			continue
		}
		if got := strings.Contains(r.body, number) && strings.Contains(r.body, phone); got != full {
			t.Errorf("%s: whole 学籍号 and phone shown %v, want %v", user, got, full)
		}
		if !full && !strings.Contains(r.body, privacy.MaskPhone(phone)) {
			t.Errorf("%s: the masked phone is missing", user)
		}
	}
	for _, user := range []string{"teacher", "office"} {
		list := h.as(user).get("/students")
		if strings.Contains(list.body, number) || !strings.Contains(list.body, privacy.MaskStudentNumber(number)) {
			t.Errorf("%s: the list shows the whole 学籍号", user)
		}
	}
}
