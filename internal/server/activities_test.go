package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestActivities: the office records a rule-of-law lecture and a red-base
// practice (bad input keeps what was typed, with a Chinese message by the
// field); the list shows them with the term's duty counts; bureau staff
// find them through the county's list, filtered by school, and export
// them; another school's office neither reads nor deletes them; the
// office deletes one.
func TestActivities(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	h.exec(`TRUNCATE activities`)

	office, staff := h.as("office"), h.as("staff")
	school := scalar[int64](h, `SELECT ra.school_id FROM role_assignments ra JOIN users u ON u.id = ra.user_id WHERE u.username = 'office'`)
	form := func(kv ...string) url.Values {
		v := url.Values{"form_token": {office.formToken("/activities/new")}, "office": {"safety"}, "in_county": {"on"},
			"participants": {"七年级全体"}, "participant_count": {"320"}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}

	// A date after today, and a lecture without its speaker.
	r := office.post("/activities", form("kind", "law_lecture", "title", "未成年人保护法进校园", "held_on", "2026-12-20"))
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "不能晚于今天") ||
		!strings.Contains(r.body, "请填写主讲人") || !strings.Contains(r.body, "未成年人保护法进校园") {
		t.Fatalf("a future lecture without speaker: %d, messages or the typed title missing", r.status)
	}
	// A date of the last term.
	if r := office.post("/activities", form("kind", "law_lecture", "title", "讲座", "held_on", "2026-06-01", "speaker", "张明")); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "不在本学期内") {
		t.Errorf("a date of another term: %d", r.status)
	}
	if r := office.post("/activities", form("kind", "law_lecture", "title", "未成年人保护法进校园", "held_on", "2026-10-15",
		"speaker", "法治副校长 张明", "place", "学校报告厅")); r.status != http.StatusSeeOther {
		t.Fatalf("record a lecture: %d %s", r.status, r.body)
	}
	// A base whose agreement ended before the date.
	ended := scalar[int64](h, `
		INSERT INTO practice_bases (county_id, name, kind, township, agreement_from, agreement_to, created_by)
		SELECT county_id, '已到期的红色基地', 'red', '城关镇', '2024-09-01', '2026-08-31', id FROM users WHERE username = 'admin'
		RETURNING id`)
	if r := office.post("/activities", form("kind", "base_practice", "title", "红色研学", "held_on", "2026-10-20", "office", "moral",
		"base_id", itoa(ended))); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "不在协议期内") {
		t.Errorf("a base out of its agreement: %d", r.status)
	}
	if r := office.post("/activities", form("kind", "base_practice", "title", "红色研学", "held_on", "2026-10-20", "office", "moral")); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "请选择开展活动的基地") {
		t.Errorf("a base practice without a base: %d", r.status)
	}
	red := scalar[int64](h, `SELECT id FROM practice_bases WHERE name = '王海平故居'`)
	if r := office.post("/activities", form("kind", "base_practice", "title", "王海平故居红色研学", "held_on", "2026-10-20",
		"office", "moral", "base_id", itoa(red))); r.status != http.StatusSeeOther {
		t.Fatalf("record a base practice: %d", r.status)
	}
	// At a base is off campus and in the county: R14 and R15 at once.
	if d := scalar[string](h, `SELECT array_to_string(duties, ',') FROM activities WHERE title = '王海平故居红色研学'`); d != "R14,R15" {
		t.Errorf("the base practice counts towards %q, want R14,R15", d)
	}

	list := office.get("/activities")
	if list.status != http.StatusOK || !strings.Contains(list.body, "未成年人保护法进校园") || !strings.Contains(list.body, "王海平故居红色研学") {
		t.Fatalf("the school's list: %d", list.status)
	}
	for _, want := range []string{"法治讲座", "红色教育基地社会实践"} {
		if !strings.Contains(list.body, want) {
			t.Errorf("the list's duty counts miss %s", want)
		}
	}
	if r := office.get("/activities?kind=law_lecture"); strings.Contains(r.body, "王海平故居红色研学") {
		t.Error("the kind filter lets another kind through")
	}
	county := staff.get("/activities?school=" + itoa(school))
	if county.status != http.StatusOK || !strings.Contains(county.body, "未成年人保护法进校园") {
		t.Errorf("staff's county list: %d", county.status)
	}
	if r := staff.get("/activities.xlsx?school=" + itoa(school)); r.status != http.StatusOK || !strings.Contains(r.header.Get("Content-Type"), "spreadsheetml") {
		t.Errorf("export: %d %s", r.status, r.header.Get("Content-Type"))
	}
	if r := staff.get("/activities/print?school=" + itoa(school)); r.status != http.StatusOK || !strings.Contains(r.body, "活动台账") || !strings.Contains(r.body, "王海平故居红色研学") {
		t.Errorf("print: %d", r.status)
	}
	if r := staff.get("/bases/" + itoa(red)); !strings.Contains(r.body, "王海平故居红色研学") {
		t.Error("the base's page does not show the activity held there")
	}
	if r := office.get("/bases/" + itoa(red)); !strings.Contains(r.body, "记在此开展的活动") {
		t.Error("the office is not offered to record an activity at the base")
	}
	lecture := scalar[int64](h, `SELECT id FROM activities WHERE title = '未成年人保护法进校园'`)
	if r := staff.get("/activities/" + itoa(lecture)); r.status != http.StatusOK || !strings.Contains(r.body, "法治副校长 张明") || strings.Contains(r.body, "/delete") {
		t.Errorf("staff's view of the lecture: %d (a delete button for a reader?)", r.status)
	}

	// Another school's activity does not exist for the office.
	other := scalar[int64](h, `SELECT id FROM schools WHERE id <> $1 ORDER BY id LIMIT 1`, school)
	h.exec(`UPDATE activities SET school_id = $1 WHERE id = $2`, other, lecture)
	if r := office.get("/activities/" + itoa(lecture)); r.status != http.StatusNotFound {
		t.Errorf("the office reads another school's: %d, want 404", r.status)
	}
	if r := office.post("/activities/"+itoa(lecture)+"/delete", url.Values{}); r.status != http.StatusNotFound {
		t.Errorf("the office deletes another school's: %d, want 404", r.status)
	}
	if r := office.get("/activities?school=" + itoa(other)); strings.Contains(r.body, "未成年人保护法进校园") {
		t.Error("the office lists another school's by asking for it")
	}
	h.exec(`UPDATE activities SET school_id = $1 WHERE id = $2`, school, lecture)

	// Edit keeps the checks; delete removes it.
	if r := office.post("/activities/"+itoa(lecture), url.Values{"kind": {"law_lecture"}, "title": {""}, "held_on": {"2026-10-15"},
		"office": {"safety"}, "speaker": {"张明"}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "活动名称") {
		t.Errorf("an edit with no title: %d", r.status)
	}
	if r := office.post("/activities/"+itoa(lecture)+"/delete", url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("delete: %d", r.status)
	}
	if n := scalar[int](h, `SELECT count(*) FROM activities WHERE id = $1`, lecture); n != 0 {
		t.Error("the deleted activity is still there")
	}
}

// TestClubPages: the office registers a club (a name once per school, kept
// as typed when refused), records a session from the club's page, and a
// club activity without its club is refused with a Chinese message.
func TestClubPages(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	h.exec(`TRUNCATE activities, clubs`)
	office, leader := h.as("office"), h.as("leader")
	add := func(name string) resp {
		return office.post("/clubs", url.Values{"form_token": {office.formToken("/clubs/new")}, "name": {name},
			"advisor": {"王晓燕"}, "members": {"四至六年级"}, "member_count": {"30"}})
	}
	if r := add("书法社团"); r.status != http.StatusSeeOther {
		t.Fatalf("add a club: %d", r.status)
	}
	if r := add("书法社团"); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "本校已有同名社团") || !strings.Contains(r.body, "王晓燕") {
		t.Errorf("the same name again: %d", r.status)
	}
	club := scalar[int64](h, `SELECT id FROM clubs WHERE name = '书法社团'`)
	page := office.get("/clubs/" + itoa(club))
	if !strings.Contains(page.body, "记一次社团活动") {
		t.Fatal("the club's page offers no session to record")
	}
	session := func(clubID string) resp {
		return office.post("/activities", url.Values{"form_token": {office.formToken("/activities/new?kind=club&club=" + itoa(club))},
			"kind": {"club"}, "title": {"楷书基本笔画"}, "held_on": {"2026-11-20"}, "office": {"moral"}, "club_id": {clubID},
			"place": {"书法教室"}})
	}
	if r := session(""); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "社团活动请选择社团") {
		t.Errorf("a club activity without a club: %d", r.status)
	}
	if r := session(itoa(club)); r.status != http.StatusSeeOther {
		t.Fatalf("record a session: %d", r.status)
	}
	if d := scalar[string](h, `SELECT array_to_string(duties, ',') FROM activities WHERE club_id = $1`, club); d != "R20" {
		t.Errorf("the session counts towards %q, want R20", d)
	}
	if r := office.get("/clubs"); !strings.Contains(r.body, "1 次") {
		t.Error("the club list does not count the session")
	}
	if r := leader.get("/clubs/" + itoa(club)); r.status != http.StatusOK || !strings.Contains(r.body, "楷书基本笔画") || strings.Contains(r.body, "编辑社团") {
		t.Errorf("the bureau leader's view of the club: %d", r.status)
	}
	if r := office.post("/clubs/"+itoa(club), url.Values{"name": {"书法社团"}, "stopped": {"on"}}); r.status != http.StatusSeeOther {
		t.Fatalf("stop the club: %d", r.status)
	}
	if r := office.get("/activities/new"); strings.Contains(r.body, ">书法社团<") {
		t.Error("a stopped club is still offered for a new session")
	}
}

// TestActivityEvidence: the office uploads a photo (kept re-encoded as
// JPEG) and a PDF; a picture named .pdf is refused with a Chinese message;
// bureau staff open both; an activity of another school's files are not
// reachable; the office deletes one; the activity's delete takes its
// evidence with it.
func TestActivityEvidence(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	office, staff, teacher := h.as("office"), h.as("staff"), h.as("teacher")
	school := scalar[int64](h, `SELECT ra.school_id FROM role_assignments ra JOIN users u ON u.id = ra.user_id WHERE u.username = 'office'`)
	id := scalar[int64](h, `
		INSERT INTO activities (school_id, term_id, kind, title, held_on, office, author_id)
		SELECT $1, t.id, 'safety', '交通安全教育', '2026-11-02', 'safety', u.id FROM terms t, users u
		WHERE u.username = 'office' AND t.starts_on = '2026-09-01' RETURNING id`, school)
	page := "/activities/" + itoa(id)
	up := func(name string, data []byte) resp {
		return office.uploadForm(page+"/evidence", url.Values{"form_token": {office.formToken(page)}}, name, data)
	}
	if r := up("现场.jpg", testJPEG(64, 48)); r.status != http.StatusSeeOther {
		t.Fatalf("upload a photo: %d", r.status)
	}
	if r := up("签到表.pdf", []byte("%PDF-1.4\n签到表")); r.status != http.StatusSeeOther {
		t.Fatalf("upload a pdf: %d", r.status)
	}
	r := up("方案.pdf", testJPEG(10, 10))
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "与文件名不符") {
		t.Errorf("a picture named .pdf: %d", r.status)
	}
	if r := up("setup.exe", []byte("MZ\x90\x00")); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "只能上传") {
		t.Errorf("an exe: %d", r.status)
	}
	photo := scalar[int64](h, `SELECT id FROM evidence WHERE owner_id = $1 AND kind = 'photo'`, id)
	pdf := scalar[int64](h, `SELECT id FROM evidence WHERE owner_id = $1 AND kind = 'attachment'`, id)
	show := staff.get(page)
	if !strings.Contains(show.body, "签到表.pdf") || !strings.Contains(show.body, "/evidence/"+itoa(photo)) || strings.Contains(show.body, "上传照片或附件") {
		t.Errorf("staff's view of the evidence (no upload form for a reader)")
	}
	if r := staff.get(page + "/evidence/" + itoa(photo)); r.status != http.StatusOK || r.header.Get("Content-Type") != "image/jpeg" {
		t.Errorf("staff open the photo: %d %s", r.status, r.header.Get("Content-Type"))
	}
	if r := staff.get(page + "/evidence/" + itoa(pdf)); r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Disposition"), "attachment") || !strings.HasPrefix(r.body, "%PDF") {
		t.Errorf("staff download the pdf: %d %s", r.status, r.header.Get("Content-Disposition"))
	}
	if r := teacher.get(page + "/evidence/" + itoa(pdf)); r.status != http.StatusForbidden {
		t.Errorf("a teacher opens the pdf: %d, want 403", r.status)
	}
	// Through another activity the file does not exist.
	other := scalar[int64](h, `INSERT INTO activities (school_id, term_id, kind, title, held_on, office, author_id)
		SELECT school_id, term_id, kind, '另一活动', held_on, office, author_id FROM activities WHERE id = $1 RETURNING id`, id)
	if r := staff.get("/activities/" + itoa(other) + "/evidence/" + itoa(pdf)); r.status != http.StatusNotFound {
		t.Errorf("the pdf through another activity: %d, want 404", r.status)
	}
	if r := office.post(page+"/evidence/"+itoa(photo)+"/delete", url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("delete the photo: %d", r.status)
	}
	if r := office.post(page+"/delete", url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("delete the activity: %d", r.status)
	}
	if n := scalar[int](h, `SELECT count(*) FROM evidence WHERE owner_type = 'activity' AND owner_id = $1`, id); n != 0 {
		t.Errorf("%d evidence rows outlive their activity", n)
	}
	if n := scalar[int](h, `SELECT count(*) FROM evidence_files`); n != 0 {
		t.Errorf("%d files outlive their last use", n)
	}
}
