package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"xietong/internal/calendar"
)

func contains(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s: page lacks %q", what, w)
		}
	}
}

// TestSchoolForm: Chinese messages next to the fields, what was typed kept,
// a duplicate code is a message (not a 500), a replayed submit creates one
// school, and the create is audited.
func TestSchoolForm(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	admin := h.as("admin")
	tok := admin.formToken("/admin/schools/new")
	existing := scalar[string](h, `SELECT code FROM schools ORDER BY id LIMIT 1`)

	r := admin.post("/admin/schools", url.Values{"form_token": {tok}, "code": {"城关 01"}, "name": {""}, "stage": {"primary"},
		"township": {"城关镇"}, "rural": {"urban"}})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid school: status %d", r.status)
	}
	contains(t, "invalid school", r.body, "学校代码只能包含字母、数字和连字符", "请填写学校名称", `value="城关 01"`, `value="城关镇"`,
		`id="code-err"`, `id="name-err"`)

	r = admin.post("/admin/schools", url.Values{"form_token": {tok}, "code": {existing}, "name": {"县实验小学"}, "stage": {"primary"},
		"township": {"城关镇"}, "rural": {"urban"}})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("duplicate code: status %d", r.status)
	}
	contains(t, "duplicate code", r.body, "学校代码已被其他学校使用", `value="县实验小学"`)

	good := url.Values{"form_token": {tok}, "code": {"T-900"}, "name": {"县实验小学"}, "stage": {"primary"}, "township": {"城关镇"}, "rural": {"rural"}}
	r = admin.post("/admin/schools", good)
	if r.status != http.StatusSeeOther {
		t.Fatalf("create: status %d", r.status)
	}
	list := admin.get(r.header.Get("Location"))
	contains(t, "list after create", list.body, "县实验小学", "已新增学校")
	// The same submit again (a double tap): one school, sent to the list.
	r = admin.post("/admin/schools", good)
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/admin/schools") {
		t.Errorf("replay: status %d to %q", r.status, r.header.Get("Location"))
	}
	if n := scalar[int](h, `SELECT count(*) FROM schools WHERE code = 'T-900'`); n != 1 {
		t.Errorf("%d schools after a replayed submit, want 1", n)
	}
	if n := scalar[int](h, `SELECT count(*) FROM audit.events WHERE action = 'school.create' AND result = 'success'`); n != 1 {
		t.Errorf("%d school.create audit rows, want 1", n)
	}
	// A duplicate name on another fresh form.
	tok2 := admin.formToken("/admin/schools/new")
	r = admin.post("/admin/schools", url.Values{"form_token": {tok2}, "code": {"T-901"}, "name": {"县实验小学"}, "stage": {"junior"},
		"township": {"城关镇"}, "rural": {"urban"}})
	contains(t, "duplicate name", r.body, "已有同名学校")

	// Search, sort and archive/restore.
	id := scalar[int64](h, `SELECT id FROM schools WHERE code = 'T-900'`)
	if r := admin.get("/admin/schools?q=实验&sort=name&dir=desc"); !strings.Contains(r.body, "县实验小学") || strings.Contains(r.body, existing+"</td>") {
		t.Error("search for 实验 does not list just the new school")
	}
	if r := admin.post(fmt.Sprintf("/admin/schools/%d/archive", id), nil); r.status != http.StatusSeeOther {
		t.Fatalf("archive: %d", r.status)
	}
	if scalar[bool](h, `SELECT archived_at IS NULL FROM schools WHERE id = $1`, id) {
		t.Error("school not archived")
	}
	if r := admin.get("/admin/schools"); strings.Contains(r.body, ">县实验小学</a>") {
		t.Error("archived school still in the active list")
	}
	if r := admin.get("/admin/schools?archived=1"); !strings.Contains(r.body, "县实验小学") {
		t.Error("archived school missing from the archived list")
	}
	admin.post(fmt.Sprintf("/admin/schools/%d/restore", id), nil)
	if !scalar[bool](h, `SELECT archived_at IS NULL FROM schools WHERE id = $1`, id) {
		t.Error("school not restored")
	}
}

// TestSchoolEditConflict: two edits from the same version: the second is a
// Chinese 409, and the first one's change stays.
func TestSchoolEditConflict(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	admin := h.as("admin")
	id := scalar[int64](h, `SELECT id FROM schools ORDER BY id LIMIT 1`)
	page := admin.get(fmt.Sprintf("/admin/schools/%d/edit", id))
	if !strings.Contains(page.body, `name="version" value="1"`) {
		t.Fatal("edit form lacks the version")
	}
	form := func(name string) url.Values {
		return url.Values{"version": {"1"}, "code": {"X-1"}, "name": {name}, "stage": {"primary"}, "township": {"城关镇"}, "rural": {"urban"}}
	}
	if r := admin.post(fmt.Sprintf("/admin/schools/%d", id), form("第一次修改")); r.status != http.StatusSeeOther {
		t.Fatalf("first edit: %d", r.status)
	}
	r := admin.post(fmt.Sprintf("/admin/schools/%d", id), form("第二次修改"))
	if r.status != http.StatusConflict || !strings.Contains(r.body, "已被其他人修改") {
		t.Errorf("second edit: status %d", r.status)
	}
	if n := scalar[string](h, `SELECT name FROM schools WHERE id = $1`, id); n != "第一次修改" {
		t.Errorf("name %q after the conflict", n)
	}
}

// TestCalendarForm: the new-year form is prefilled from DefaultYear; a
// vacation in the wrong place is refused with the message next to it and
// the dates kept; a valid year is saved, audited and shown at once (the
// cached calendar is dropped); a stale edit is 409.
func TestCalendarForm(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	admin := h.as("admin")
	page := admin.get("/admin/calendar")
	contains(t, "calendar", page.body, "2026—2027学年第一学期", "当前", "2025—2026学年")
	form := admin.get("/admin/calendar/new?start=2027")
	def := calendar.DefaultYear(2027)
	contains(t, "new year form", form.body, `value="2027"`, `value="`+def.Terms[1].Start.Format("2006-01-02")+`"`)
	tok := tokenRe.FindStringSubmatch(form.body)[1]
	vals := url.Values{"form_token": {tok}, "start_year": {"2027"}}
	for k, v := range yearValues(def) {
		vals.Set(k, v)
	}
	bad := url.Values{}
	for k, v := range vals {
		bad[k] = v
	}
	bad.Set("winter_start", "2028-01-10") // inside the first term
	r := admin.post("/admin/calendar", bad)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad year: status %d", r.status)
	}
	contains(t, "bad year", r.body, "寒假必须在第一学期结束之后、第二学期开始之前", `id="winter_start-err"`, `value="2028-01-10"`)
	overlap := url.Values{}
	for k, v := range vals {
		overlap[k] = v
	}
	overlap.Set("start_year", "2026")
	for k, v := range yearValues(calendar.DefaultYear(2026)) {
		overlap.Set(k, v)
	}
	contains(t, "existing year", admin.post("/admin/calendar", overlap).body, "2026—2027学年已存在")

	if r := admin.post("/admin/calendar", vals); r.status != http.StatusSeeOther {
		t.Fatalf("create year: status %d", r.status)
	}
	contains(t, "calendar after create", admin.get("/admin/calendar").body, "2027—2028学年", "已新增2027—2028学年")
	if n := scalar[int](h, `SELECT count(*) FROM audit.events WHERE action = 'calendar.year_create'`); n != 1 {
		t.Errorf("%d calendar.year_create audit rows", n)
	}
	// The roll-over preview sees the new year at once (cache dropped).
	if r := admin.get("/admin/rollover"); strings.Contains(r.body, "校历中还没有2027—2028学年") {
		t.Error("roll-over page still misses the new year: stale calendar cache")
	}

	yid := scalar[int64](h, `SELECT id FROM school_years WHERE start_year = 2027`)
	edit := url.Values{"version": {"1"}}
	for k, v := range yearValues(def) {
		edit.Set(k, v)
	}
	edit.Set("term2_end", "2028-07-05")
	if r := admin.post(fmt.Sprintf("/admin/calendar/%d", yid), edit); r.status != http.StatusSeeOther {
		t.Fatalf("edit year: status %d", r.status)
	}
	if d := scalar[string](h, `SELECT ends_on::text FROM terms WHERE school_year_id = $1 AND ordinal = 2`, yid); d != "2028-07-05" {
		t.Errorf("term 2 ends %s after the edit", d)
	}
	if r := admin.post(fmt.Sprintf("/admin/calendar/%d", yid), edit); r.status != http.StatusConflict {
		t.Errorf("stale edit: status %d, want 409", r.status)
	}
}

// TestOfficeOtherSchool: the office of school A gets 404 for everything of
// school B, and nothing of B changes.
func TestOfficeOtherSchool(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	office := h.as("office")
	b := fmt.Sprint(f.otherSchool)
	u := fmt.Sprint(f.otherStaffUser)
	otherName := scalar[string](h, `SELECT display_name FROM users WHERE id = $1`, f.otherStaffUser)
	duty := scalar[int64](h, `SELECT cs.id FROM class_staff cs JOIN classes c ON c.id = cs.class_id WHERE c.school_id = $1 LIMIT 1`, f.otherSchool)
	gets := []string{"/schools/" + b + "/classes", "/schools/" + b + "/staff", "/schools/" + b + "/staff/new",
		"/schools/" + b + "/leadership", "/users/" + u}
	for _, p := range gets {
		r := office.get(p)
		if r.status != http.StatusNotFound {
			t.Errorf("office GET %s: %d, want 404", p, r.status)
		}
		if strings.Contains(r.body, otherName) {
			t.Errorf("office GET %s: page shows school B's staff", p)
		}
	}
	posts := []string{"/schools/" + b + "/classes", "/schools/" + b + "/grades", "/schools/" + b + "/divisions",
		"/schools/" + b + "/duties", fmt.Sprintf("/schools/%s/duties/%d/remove", b, duty), "/schools/" + b + "/staff",
		"/schools/" + b + "/leadership", "/users/" + u + "/disable", "/users/" + u + "/password", "/users/" + u + "/roles"}
	for _, p := range posts {
		if r := office.post(p, url.Values{"form_token": {strings.Repeat("a", 32)}, "name": {"x"}, "position": {"member"}}); r.status != http.StatusNotFound {
			t.Errorf("office POST %s: %d, want 404", p, r.status)
		}
	}
	if scalar[bool](h, `SELECT disabled_at IS NOT NULL OR must_change_password FROM users WHERE id = $1`, f.otherStaffUser) {
		t.Error("school B's account was changed by school A's office")
	}
	if n := scalar[int](h, `SELECT count(*) FROM class_staff WHERE id = $1`, duty); n != 1 {
		t.Error("school B's duty was removed by school A's office")
	}
	// A duty with a class of school B posted to school A's own route: refused.
	classB := scalar[int64](h, `SELECT id FROM classes WHERE school_id = $1 LIMIT 1`, f.otherSchool)
	tok := office.formToken(fmt.Sprintf("/schools/%d/classes", f.officeSchool))
	r := office.post(fmt.Sprintf("/schools/%d/duties", f.officeSchool), url.Values{"form_token": {tok},
		"term":       {fmt.Sprint(h.srv.currentTermID(context.Background(), scalar[int64](h, `SELECT id FROM counties`)))},
		"duty_class": {fmt.Sprint(classB)}, "duty_user": {fmt.Sprint(f.staffUser)}, "duty_kind": {"class_teacher"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "班级、教师或学期无效") {
		t.Errorf("duty on school B's class through school A: status %d", r.status)
	}
}

// TestStaffOneTimePassword: the office creates an account; the one-time
// password is shown once; the new user signs in with it and must change it
// before anything else; an assignment made by the office shows at the
// user's next request.
func TestStaffOneTimePassword(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	office := h.as("office")
	staff := fmt.Sprintf("/schools/%d/staff", f.officeSchool)
	tok := office.formToken(staff + "/new")
	r := office.post(staff, url.Values{"form_token": {tok}, "username": {"li.hua"}, "display_name": {"李华"}, "phone": {"13800000000"},
		"role": {"school_office"}, "office": {""}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "请选择科室") || !strings.Contains(r.body, `value="li.hua"`) {
		t.Fatalf("missing office: status %d", r.status)
	}
	r = office.post(staff, url.Values{"form_token": {tok}, "username": {"li.hua"}, "display_name": {"李华"}, "phone": {"13800000000"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("create: status %d", r.status)
	}
	page := office.get(r.header.Get("Location"))
	m := regexp.MustCompile(`<b class="otp">([^<]+)</b>`).FindStringSubmatch(page.body)
	if m == nil {
		t.Fatal("one-time password not shown")
	}
	otp := m[1]
	if again := office.get(r.header.Get("Location")); strings.Contains(again.body, otp) {
		t.Error("one-time password shown twice")
	}
	uid := scalar[int64](h, `SELECT id FROM users WHERE username = 'li.hua'`)
	if sid := scalar[int64](h, `SELECT school_id FROM users WHERE id = $1`, uid); sid != f.officeSchool {
		t.Errorf("new account belongs to school %d", sid)
	}

	li := h.client()
	li.login("li.hua", otp)
	if r := li.get("/"); r.status != http.StatusSeeOther || r.header.Get("Location") != "/password" {
		t.Fatalf("first sign-in: %d to %q, want the password page", r.status, r.header.Get("Location"))
	}
	if r := li.post("/password", url.Values{"current": {otp}, "new": {"Huali#2026x"}, "confirm": {"Huali#2026x"}}); r.status != http.StatusSeeOther {
		t.Fatalf("change password: %d", r.status)
	}
	if r := li.get("/"); r.status != http.StatusForbidden || !strings.Contains(r.body, "尚未分配角色") {
		t.Errorf("after the change, without a role: %d", r.status)
	}
	// The office makes 李华 class teacher; the next request shows the class.
	class := f.otherClass
	tok = office.formToken(fmt.Sprintf("/schools/%d/classes", f.officeSchool))
	term := scalar[int64](h, `SELECT t.id FROM terms t JOIN school_years y ON y.id = t.school_year_id WHERE y.start_year = 2026 AND t.ordinal = 1`)
	r = office.post(fmt.Sprintf("/schools/%d/duties", f.officeSchool), url.Values{"form_token": {tok}, "term": {fmt.Sprint(term)},
		"duty_class": {fmt.Sprint(class)}, "duty_user": {fmt.Sprint(uid)}, "duty_kind": {"class_teacher"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("assign class teacher: %d", r.status)
	}
	className := scalar[string](h, `SELECT name FROM classes WHERE id = $1`, class)
	if r := li.get("/"); r.status != http.StatusOK || !strings.Contains(r.body, className) {
		t.Errorf("class teacher's next request: %d, class %q missing", r.status, className)
	}
	// Reset: a new one-time password, the user's sessions end.
	if r := office.post(fmt.Sprintf("/users/%d/password", uid), nil); r.status != http.StatusSeeOther {
		t.Fatalf("reset: %d", r.status)
	}
	if r := li.get("/"); r.status != http.StatusSeeOther || r.header.Get("Location") != "/login" {
		t.Errorf("after a reset the old session still works: %d %q", r.status, r.header.Get("Location"))
	}
	// Disable ends sessions too and refuses sign-in.
	li2 := h.client()
	if r := office.post(fmt.Sprintf("/users/%d/disable", uid), nil); r.status != http.StatusSeeOther {
		t.Fatalf("disable: %d", r.status)
	}
	if r := li2.post("/login", url.Values{"username": {"li.hua"}, "password": {"Huali#2026x"}}); r.status == http.StatusSeeOther {
		t.Error("disabled account signed in")
	}
	for _, a := range []string{"user.create", "user.password_reset", "user.disable", "class_staff.create"} {
		if n := scalar[int](h, `SELECT count(*) FROM audit.events WHERE action = $1 AND result = 'success'`, a); n != 1 {
			t.Errorf("%d %s audit rows, want 1", n, a)
		}
	}
}

// TestRollover: the preview counts per school; the apply promotes, moves,
// graduates (archived, not deleted), writes history, and is audited; the
// school page then shows the new classes only in the new year.
func TestRollover(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	admin := h.as("admin")
	if r := admin.get("/admin/rollover"); !strings.Contains(r.body, "校历中还没有2027—2028学年") {
		t.Error("roll-over without the next year does not say so")
	}
	ctx := context.Background()
	countyID := scalar[int64](h, `SELECT id FROM counties`)
	if _, err := h.st.CreateSchoolYear(ctx, countyID, calendar.DefaultYear(2027)); err != nil {
		t.Fatal(err)
	}
	h.srv.forgetCounty(countyID)
	enrolled := scalar[int](h, `SELECT count(*) FROM students WHERE status = 'enrolled'`)
	// Top grades: 6 in primary schools, 9 in junior and nine-year schools.
	top := `(sc.stage = 'primary' AND g.level = 6) OR (sc.stage IN ('junior', 'nine_year') AND g.level = 9)`
	grads := scalar[int](h, `SELECT count(*) FROM students st JOIN classes c ON c.id = st.class_id JOIN grades g ON g.id = c.grade_id
		JOIN schools sc ON sc.id = c.school_id WHERE st.status = 'enrolled' AND (`+top+`)`)
	gradClasses := scalar[int](h, `SELECT count(*) FROM classes c JOIN grades g ON g.id = c.grade_id JOIN schools sc ON sc.id = c.school_id WHERE `+top)
	if grads == 0 {
		t.Fatal("demo data has no top-grade students")
	}
	page := admin.get("/admin/rollover")
	contains(t, "preview", page.body, "2026—2027学年", "2027—2028学年", fmt.Sprintf(`<th class="num">%d</th>`, enrolled-grads),
		fmt.Sprintf(`<th class="num">%d</th>`, grads))
	tok := tokenRe.FindStringSubmatch(page.body)[1]
	if n := scalar[int](h, `SELECT count(*) FROM students WHERE status = 'graduated'`); n != 0 {
		t.Fatal("the preview changed something")
	}
	from := scalar[int64](h, `SELECT id FROM school_years WHERE start_year = 2026`)
	r := admin.post("/admin/rollover", url.Values{"form_token": {tok}, "from": {fmt.Sprint(from)}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "请勾选") {
		t.Fatalf("unconfirmed roll-over: %d", r.status)
	}
	r = admin.post("/admin/rollover", url.Values{"form_token": {tok}, "from": {fmt.Sprint(from)}, "confirm": {"on"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("apply: %d", r.status)
	}
	checks := []struct {
		what string
		sql  string
		want int
	}{
		{"graduated students", `SELECT count(*) FROM students WHERE status = 'graduated'`, grads},
		{"students moved to 2027 classes", `SELECT count(*) FROM students st JOIN classes c ON c.id = st.class_id JOIN grades g ON g.id = c.grade_id
			JOIN school_years y ON y.id = g.school_year_id WHERE st.status = 'enrolled' AND y.start_year = 2027`, enrolled - grads},
		{"enrolled students left in 2026 classes", `SELECT count(*) FROM students st JOIN classes c ON c.id = st.class_id JOIN grades g ON g.id = c.grade_id
			JOIN school_years y ON y.id = g.school_year_id WHERE st.status = 'enrolled' AND y.start_year = 2026`, 0},
		{"archived top-grade classes", `SELECT count(*) FROM classes WHERE archived_at IS NOT NULL`, gradClasses},
		{"open history rows (promoted)", `SELECT count(*) FROM student_class_history WHERE to_date IS NULL AND reason = 'promoted' AND from_date = '2027-09-01'`, enrolled - grads},
		{"closed history rows", `SELECT count(*) FROM student_class_history WHERE to_date = '2027-08-31'`, enrolled},
		{"students without an open stay", `SELECT count(*) FROM students st WHERE st.status = 'enrolled' AND NOT EXISTS (
			SELECT 1 FROM student_class_history h WHERE h.student_id = st.id AND h.to_date IS NULL AND h.class_id = st.class_id)`, 0},
		{"audit rows", `SELECT count(*) FROM audit.events WHERE action = 'rollover.apply' AND (details->>'graduated_students')::int = ` + fmt.Sprint(grads), 1},
		{"duties in 2027 terms", `SELECT count(*) FROM class_staff cs JOIN terms t ON t.id = cs.term_id JOIN school_years y ON y.id = t.school_year_id WHERE y.start_year = 2027`, 0},
		{"students deleted", `SELECT ` + fmt.Sprint(enrolled) + ` - count(*) FROM students`, 0},
	}
	for _, c := range checks {
		if got := scalar[int](h, c.sql); got != c.want {
			t.Errorf("%s: %d, want %d", c.what, got, c.want)
		}
	}
	// A promoted class keeps its number and takes the next grade's name.
	if n := scalar[int](h, `SELECT count(*) FROM classes c JOIN grades g ON g.id = c.grade_id JOIN school_years y ON y.id = g.school_year_id
		WHERE y.start_year = 2027 AND c.name NOT LIKE g.name || '(%)班'`); n != 0 {
		t.Errorf("%d new classes misnamed", n)
	}
	// Again: refused, nothing more changes.
	if tokenRe.MatchString(admin.get("/admin/rollover?from=" + fmt.Sprint(from)).body) {
		t.Error("a rolled-over year still offers the apply form")
	}
	if r := admin.post("/admin/rollover", url.Values{"form_token": {strings.Repeat("b", 32)}, "from": {fmt.Sprint(from)}, "confirm": {"on"}}); r.status != http.StatusConflict {
		t.Errorf("second roll-over: %d, want 409", r.status)
	}
	// Today is still in 2026—2027: the school page lists that year's classes,
	// not the new ones (ListClassSummaries is per school year).
	sid := scalar[int64](h, `SELECT id FROM schools ORDER BY id LIMIT 1`)
	want := scalar[int](h, `SELECT count(*) FROM classes c JOIN grades g ON g.id = c.grade_id JOIN school_years y ON y.id = g.school_year_id
		WHERE c.school_id = $1 AND y.start_year = 2026 AND c.archived_at IS NULL`, sid)
	sums, err := h.st.ListClassSummaries(ctx, sid, h.srv.currentTermID(ctx, countyID))
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) != want {
		t.Errorf("school page lists %d classes, want the %d of 2026—2027", len(sums), want)
	}
}

// TestLeadershipGroups: the admin edits the county's group, an office its
// school's (an account or a named outsider), the page prints.
func TestLeadershipGroups(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	h.exec(`TRUNCATE leadership_members`)
	admin := h.as("admin")
	tok := admin.formToken("/leadership")
	r := admin.post("/leadership", url.Values{"form_token": {tok}, "position": {"leader"}, "name": {""}, "title": {"县教育局党组书记、局长"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "请选择账号或填写姓名") || !strings.Contains(r.body, "县教育局党组书记、局长") {
		t.Fatalf("member without a name: %d", r.status)
	}
	if r := admin.post("/leadership", url.Values{"form_token": {tok}, "position": {"leader"}, "name": {"王局长"}, "title": {"县教育局党组书记、局长"}}); r.status != http.StatusSeeOther {
		t.Fatalf("add county member: %d", r.status)
	}
	contains(t, "county group", h.as("leader").get("/leadership").body, "王局长", "组长", "县教育局党组书记、局长", "工作领导小组")

	office := h.as("office")
	path := fmt.Sprintf("/schools/%d/leadership", f.officeSchool)
	contains(t, "a school without a group (R21)", office.get(path).body, "工作机制尚未建立", "尚未建立学校工作领导小组")
	tok = office.formToken(path)
	if r := office.post(path, url.Values{"form_token": {tok}, "position": {"member"}, "user": {fmt.Sprint(f.staffUser)}, "title": {"德育处主任"}}); r.status != http.StatusSeeOther {
		t.Fatalf("add school member: %d", r.status)
	}
	staffName := scalar[string](h, `SELECT display_name FROM users WHERE id = $1`, f.staffUser)
	contains(t, "school group", office.get(path).body, staffName, "德育处主任", "成员", "data-print", "领导小组未设组长")
	// An account of another school cannot join school A's group.
	tok = office.formToken(path)
	if r := office.post(path, url.Values{"form_token": {tok}, "position": {"member"}, "user": {fmt.Sprint(f.otherStaffUser)}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("other school's account in the group: %d", r.status)
	}
	member := scalar[int64](h, `SELECT id FROM leadership_members WHERE school_id = $1`, f.officeSchool)
	county := scalar[int64](h, `SELECT id FROM leadership_members WHERE school_id IS NULL`)
	if r := office.post(fmt.Sprintf("/leadership/%d/remove", county), nil); r.status != http.StatusForbidden {
		t.Errorf("office removing a county member: %d", r.status)
	}
	if r := office.post(fmt.Sprintf("/leadership/%d/remove", member), nil); r.status != http.StatusSeeOther {
		t.Errorf("office removing its member: %d", r.status)
	}
	if n := scalar[int](h, `SELECT count(*) FROM leadership_members`); n != 1 {
		t.Errorf("%d members left, want 1", n)
	}
}
