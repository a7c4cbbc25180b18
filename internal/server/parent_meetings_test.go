package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestParentMeetingRecord: the office records a whole-school meeting by
// class (the totals are the classes' sums); bad input keeps what was typed
// with a Chinese message; a class teacher records only their own class's
// meetings and sees no others; a subject teacher has no part.
func TestParentMeetingRecord(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	office, teacher, leader := h.as("office"), h.as("teacher"), h.as("principal")
	list := "/schools/" + itoa(f.officeSchool) + "/parent-meetings"
	term := itoa(scalar[int64](h, `SELECT t.id FROM terms t JOIN school_years y ON y.id = t.school_year_id WHERE y.start_year = 2026 AND t.ordinal = 1`))
	form := func(c *client, v url.Values) url.Values {
		v.Set("form_token", c.formToken(list+"/new"))
		return v
	}
	base := func() url.Values {
		return url.Values{"term": {term}, "held_on": {"2026-10-16"}, "scope": {"school"}, "organisers": {"moral", "safety"},
			"topic": {"期中家长会：家校共育"}, "invited": {"40"}, "attending": {"41"}, "lecture_speaker": {"王校长"}, "lecture_topic": {"青春期心理健康"}}
	}
	r := office.post(list, form(office, base()))
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "实到人数（41）不能多于应到人数（40）") || !strings.Contains(r.body, "期中家长会：家校共育") {
		t.Fatalf("attending over invited: %d, message or typed topic missing", r.status)
	}
	v := base()
	v.Set("held_on", "2026-08-01")
	v.Set("attending", "30")
	if r := office.post(list, form(office, v)); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "日期不在所选学期内") || !strings.Contains(r.body, "青春期心理健康") {
		t.Fatalf("a date outside the term: %d, message or typed lecture missing", r.status)
	}
	v = base()
	v.Set("attending", "")
	v.Set("att_"+itoa(f.teacherClass), "35")
	v.Set("inv_"+itoa(f.teacherClass), "38")
	v.Set("att_"+itoa(f.otherClass), "20")
	v.Set("inv_"+itoa(f.otherClass), "25")
	r = office.post(list, form(office, v))
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/parent-meetings/") {
		t.Fatalf("office records a meeting: %d %s", r.status, r.header.Get("Location"))
	}
	whole := r.header.Get("Location")
	if inv, att := scalar[int](h, `SELECT invited FROM parent_meetings WHERE topic = '期中家长会：家校共育'`), scalar[int](h, `SELECT attending FROM parent_meetings WHERE topic = '期中家长会：家校共育'`); inv != 63 || att != 55 {
		t.Errorf("the meeting's counts are %d/%d, want the classes' sums 63/55", att, inv)
	}
	if r := office.get(whole); r.status != http.StatusOK || !strings.Contains(r.body, "55/63") || !strings.Contains(r.body, "德育处、安全办") || !strings.Contains(r.body, "青春期心理健康（主讲：王校长）") {
		t.Errorf("the meeting's page: %d, counts, organisers or lecture missing", r.status)
	}
	if r := leader.get(list + "?q=" + url.QueryEscape("家校共育")); r.status != http.StatusOK || !strings.Contains(r.body, "期中家长会：家校共育") || strings.Contains(r.body, "记家长会</a>") {
		t.Errorf("the leader's list: %d, meeting missing or a record button shown", r.status)
	}
	if r := leader.get(list + "?organiser=growth"); strings.Contains(r.body, "期中家长会：家校共育") {
		t.Error("the organiser filter kept a meeting 学生成长发展中心 did not organise")
	}

	// The class teacher: their class only.
	tv := url.Values{"term": {term}, "held_on": {"2026-11-20"}, "scope": {"school"}, "organisers": {"division"},
		"topic": {"班级家长会：期末复习"}, "invited": {"40"}, "attending": {"36"}}
	if r := teacher.post(list, form(teacher, tv)); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "班主任只能记录本班的家长会") {
		t.Errorf("a teacher's whole-school meeting: %d", r.status)
	}
	tv.Set("scope", "class")
	tv.Set("class", itoa(f.otherClass))
	if r := teacher.post(list, form(teacher, tv)); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "只能为您任班主任的本校班级记录家长会") {
		t.Errorf("a teacher's meeting for another class: %d", r.status)
	}
	tv.Set("class", itoa(f.teacherClass))
	r = teacher.post(list, form(teacher, tv))
	if r.status != http.StatusSeeOther {
		t.Fatalf("the teacher records their class's meeting: %d", r.status)
	}
	own := r.header.Get("Location")
	if r := teacher.get(list); !strings.Contains(r.body, "班级家长会：期末复习") || strings.Contains(r.body, "期中家长会：家校共育") {
		t.Error("the teacher's list shows other than their class's meetings")
	}
	if r := teacher.get(whole); r.status != http.StatusNotFound {
		t.Errorf("the teacher opens the whole-school meeting: %d, want 404", r.status)
	}
	if r := h.as("subject").get(own); r.status != http.StatusForbidden {
		t.Errorf("the subject teacher opens the class's meeting: %d, want 403", r.status)
	}
	// Editing keeps the checks.
	ev := url.Values{"term": {term}, "held_on": {"2026-11-20"}, "scope": {"class"}, "class": {itoa(f.teacherClass)}, "organisers": {"division"},
		"topic": {"班级家长会：期末复习与安全"}, "invited": {"40"}, "attending": {"50"}}
	if r := teacher.post(own, ev); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "期末复习与安全") {
		t.Errorf("a bad edit: %d", r.status)
	}
	ev.Set("attending", "38")
	if r := teacher.post(own, ev); r.status != http.StatusSeeOther {
		t.Errorf("an edit: %d", r.status)
	}
	if n := scalar[int](h, `SELECT attending FROM parent_meetings WHERE topic = '班级家长会：期末复习与安全'`); n != 38 {
		t.Errorf("edited attending %d", n)
	}
	if n := scalar[int](h, `SELECT count(*)::int FROM audit.events WHERE action IN ('parent_meeting.create', 'parent_meeting.update')`); n != 3 {
		t.Errorf("%d audit rows for two meetings and an edit", n)
	}
}

// TestParentOpinionsAnswered: the office types an opinion and pastes a
// list; a response needs text (the typed text kept); answered and published
// opinions make the share; the leader reads the responses without forms;
// the response sheet lists the published ones only.
func TestParentOpinionsAnswered(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	meeting, _, _ := matrixMeeting(h, f)
	office, leader := h.as("office"), h.as("principal")
	page := "/parent-meetings/" + itoa(meeting)
	r := office.post(page+"/opinions", url.Values{"form_token": {office.formToken(page)}, "mode": {"paste"}, "category": {"homework"},
		"list": {"1. 作业太多，孩子睡得晚\n\n2、希望周末少布置书面作业"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("paste: %d", r.status)
	}
	if r := office.post(page+"/opinions", url.Values{"form_token": {office.formToken(page)}, "mode": {"one"}, "body": {"  "}, "category": {"safety"}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "请填写意见或建议的内容") {
		t.Errorf("an empty opinion: %d", r.status)
	}
	if n := scalar[int](h, `SELECT count(*)::int FROM parent_opinions WHERE meeting_id = $1 AND category = 'homework' AND source = 'paste'`, meeting); n != 2 {
		t.Fatalf("pasted %d opinions, want 2", n)
	}
	op := scalar[int64](h, `SELECT id FROM parent_opinions WHERE body = '作业太多，孩子睡得晚'`)
	step := page + "/opinions/" + itoa(op)
	if r := office.post(step, url.Values{"from": {"pending"}, "step": {"publish"}, "category": {"homework"}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "请先回应，再公开") {
		t.Errorf("publishing before a response: %d", r.status)
	}
	if r := office.post(step, url.Values{"from": {"pending"}, "step": {"respond"}, "category": {"homework"}, "owner_office": {"academic"}, "response": {" "}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "请填写学校的回应") {
		t.Errorf("an empty response: %d", r.status)
	}
	resp := "教务处已统一要求各班控制书面作业总量，一、二年级不布置书面家庭作业。"
	if r := office.post(step, url.Values{"from": {"pending"}, "step": {"respond"}, "category": {"homework"}, "owner_office": {"academic"}, "response": {resp}}); r.status != http.StatusSeeOther {
		t.Fatalf("respond: %d", r.status)
	}
	if r := office.post(step, url.Values{"from": {"pending"}, "step": {"respond"}, "category": {"homework"}, "response": {"x"}}); r.status != http.StatusConflict {
		t.Errorf("a stale step: %d, want 409", r.status)
	}
	if r := office.post(step, url.Values{"from": {"answered"}, "step": {"publish"}, "category": {"homework"}, "owner_office": {"academic"}}); r.status != http.StatusSeeOther {
		t.Fatalf("publish: %d", r.status)
	}
	r = leader.get(page)
	if r.status != http.StatusOK || !strings.Contains(r.body, "1/3") || !strings.Contains(r.body, resp) || strings.Contains(r.body, `name="step"`) {
		t.Errorf("the leader's page: %d, share 1/3 or response missing, or forms shown", r.status)
	}
	if strings.Contains(r.body, "/p/") {
		t.Error("the leader sees the parents' link, which only those who manage opinions hand out")
	}
	if r := office.get(page); !strings.Contains(r.body, "data:image/png;base64,") || !strings.Contains(r.body, "/p/") {
		t.Error("the office's page has no parents' link and QR code")
	}
	r = leader.get(page + "/print")
	if r.status != http.StatusOK || !strings.Contains(r.body, resp) || strings.Contains(r.body, "希望周末少布置书面作业") || !strings.Contains(r.body, "data-print") {
		t.Errorf("the response sheet: %d, the published one missing or an unanswered one listed", r.status)
	}
}

// TestParentOpinionImport: the office imports a sheet of opinions (those
// with a response come in answered); a sheet without the opinion column,
// or a file that is not a sheet, gets a Chinese message and imports
// nothing; the same form twice imports once.
func TestParentOpinionImport(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	meeting, _, _ := matrixMeeting(h, f)
	office := h.as("office")
	page := "/parent-meetings/" + itoa(meeting)
	imp := page + "/opinions/import"
	count := func() int {
		return scalar[int](h, `SELECT count(*)::int FROM parent_opinions WHERE meeting_id = $1 AND source = 'xlsx'`, meeting)
	}
	bad := sheetXLSX(t, [][]any{{"姓名", "电话"}, {"张三", "13800000000"}})
	if r := office.uploadForm(imp, url.Values{"form_token": {office.formToken(page)}}, "意见.xlsx", bad); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "没有“意见建议”列") {
		t.Errorf("a sheet without the opinion column: %d", r.status)
	}
	if r := office.uploadForm(imp, url.Values{"form_token": {office.formToken(page)}}, "意见.xlsx", []byte("not a workbook")); r.status != http.StatusUnprocessableEntity {
		t.Errorf("a file that is not a sheet: %d", r.status)
	}
	good := sheetXLSX(t, [][]any{{"秋季家长会意见汇总"}, {"序号", "类别", "意见建议", "学校回应"},
		{1, "作业负担", "作业太多，孩子睡得晚", ""}, {2, "校园安全", "校门口拥堵", "已安排值周教师值守"}, {3, nil, "希望多开展亲子活动", nil}})
	tok := office.formToken(page)
	r := office.uploadForm(imp, url.Values{"form_token": {tok}}, "意见.xlsx", good)
	if r.status != http.StatusSeeOther {
		t.Fatalf("import: %d %s", r.status, excerpt(r.body))
	}
	if r := office.uploadForm(imp, url.Values{"form_token": {tok}}, "意见.xlsx", good); r.status != http.StatusSeeOther {
		t.Errorf("the same form again: %d", r.status)
	}
	if n := count(); n != 3 {
		t.Fatalf("%d opinions imported, want 3", n)
	}
	if st := scalar[string](h, `SELECT state || '/' || category FROM parent_opinions WHERE body = '校门口拥堵'`); st != "answered/safety" {
		t.Errorf("the answered row is %s", st)
	}
	if st := scalar[string](h, `SELECT state || '/' || category FROM parent_opinions WHERE body = '希望多开展亲子活动'`); st != "pending/other" {
		t.Errorf("a row without category or response is %s", st)
	}
	if r := h.as("principal").uploadForm(imp, url.Values{"form_token": {newFormToken()}}, "意见.xlsx", good); r.status != http.StatusForbidden || count() != 3 {
		t.Errorf("the leader imports: %d", r.status)
	}
}

// TestMeetingSignInSheet: the office adds the sign-in sheet's photo on the
// meeting's page (re-encoded, a file that is not what its name says refused
// with the page again); the school's leader and the class teacher see it;
// a county role sees only that one was uploaded and cannot open it; the
// office deletes it (the page asks first).
func TestMeetingSignInSheet(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	meeting, _, _ := matrixMeeting(h, f)
	page := meetingPath(meeting)
	office := h.as("office")
	if r := office.get(page); r.status != http.StatusOK || !strings.Contains(r.body, "未上传") || !strings.Contains(r.body, `action="`+page+`/evidence"`) {
		t.Fatalf("before the upload: %d, or no upload form", r.status)
	}
	if r := office.uploadForm(page+"/evidence", url.Values{"form_token": {office.formToken(page)}}, "签到表.jpg", []byte("不是照片")); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "只能上传") {
		t.Fatalf("a file that is not a photo: %d", r.status)
	}
	if r := office.uploadForm(page+"/evidence", url.Values{"form_token": {office.formToken(page)}}, "签到表.jpg", testJPEG(120, 90)); r.status != http.StatusSeeOther {
		t.Fatalf("upload: %d", r.status)
	}
	id := scalar[int64](h, `SELECT id FROM evidence WHERE owner_type = 'parent_meeting' AND owner_id = $1 AND kind = 'photo'`, meeting)
	photo := page + "/evidence/" + itoa(id)
	for _, who := range []string{"office", "principal", "teacher"} {
		c := h.as(who)
		if r := c.get(page); !strings.Contains(r.body, "已上传 1 份") || !strings.Contains(r.body, `src="`+photo+`"`) {
			t.Errorf("%s: the page does not show the sheet", who)
		}
		if r := c.get(photo); r.status != http.StatusOK || r.header.Get("Content-Type") != "image/jpeg" {
			t.Errorf("%s opens the photo: %d %s", who, r.status, r.header.Get("Content-Type"))
		}
	}
	if r := h.as("teacher").get(page); !strings.Contains(r.body, photo+"/delete") {
		t.Error("the class teacher, who records the class's meeting, is not offered the delete")
	}
	if r := h.as("principal").get(page); strings.Contains(r.body, photo+"/delete") {
		t.Error("the leader is offered the delete")
	}
	county := h.as("leader")
	if r := county.get(page); r.status != http.StatusOK || !strings.Contains(r.body, "已上传 1 份（含家长姓名，仅本校可查看）") || strings.Contains(r.body, photo) {
		t.Errorf("a county role: %d; wants the count and no photo", r.status)
	}
	if r := county.get(photo); r.status != http.StatusForbidden {
		t.Errorf("a county role opens the photo: %d, want 403", r.status)
	}
	if r := office.post(photo+"/delete", nil); r.status != http.StatusSeeOther {
		t.Fatalf("delete: %d", r.status)
	}
	if r := office.get(page); !strings.Contains(r.body, "未上传") || strings.Contains(r.body, photo) {
		t.Error("the sheet is still shown after its deletion")
	}
	for action, want := range map[string]int{"evidence.add": 1, "evidence.delete": 1} {
		if n := scalar[int](h, `SELECT count(*)::int FROM audit.events WHERE action = $1 AND object_type = 'parent_meeting' AND result = 'success'`, action); n != want {
			t.Errorf("%d %s audit rows, want %d", n, action, want)
		}
	}
}
