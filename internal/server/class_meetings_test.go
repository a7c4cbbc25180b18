package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestClassMeetingJourney: 德育处 sets a theme for the whole school; the
// class teacher's form comes prefilled with it and one save records the
// meeting; the school's summary counts the class. Bad input keeps what was
// typed, with a Chinese message.
func TestClassMeetingJourney(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	office, teacher := h.as("office"), h.as("teacher")
	school := fmt.Sprintf("/schools/%d/meetings", f.officeSchool)
	class := fmt.Sprintf("/classes/%d/meetings", f.teacherClass)
	today := h.srv.today().Format("2006-01-02")
	before := scalar[int](h, `SELECT count(*)::int FROM class_meetings WHERE class_id = $1`, f.teacherClass)

	r := office.post(school+"/themes", url.Values{"form_token": {office.formToken(school)}, "held_on": {"2001-01-01"}, "theme": {"mental_health"}, "title": {"第一周 心理健康主题班会"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "日期不在本学期内") || !strings.Contains(r.body, "第一周 心理健康主题班会") {
		t.Fatalf("a date outside the term: %d, message or typed title missing", r.status)
	}
	r = office.post(school+"/themes", url.Values{"form_token": {office.formToken(school)}, "held_on": {today}, "theme": {"mental_health"}, "title": {"第一周 心理健康主题班会"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("set theme: %d", r.status)
	}
	page := teacher.get(class)
	if page.status != http.StatusOK || !strings.Contains(page.body, "学校统一主题") || !strings.Contains(page.body, `value="第一周 心理健康主题班会"`) {
		t.Fatalf("the teacher's form is not prefilled with the school's theme: %d", page.status)
	}
	r = teacher.post(class, url.Values{"form_token": {teacher.formToken(class)}, "held_on": {today}, "theme": {"mental_health"}, "title": {""}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "班会题目") {
		t.Fatalf("an empty title: %d", r.status)
	}
	r = teacher.post(class, url.Values{"form_token": {teacher.formToken(class)}, "held_on": {today}, "theme": {"mental_health"}, "title": {"第一周 心理健康主题班会"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("record: %d", r.status)
	}
	n := scalar[int](h, `SELECT count(*)::int FROM class_meetings WHERE class_id = $1`, f.teacherClass)
	if n != before+1 {
		t.Errorf("%d meetings stored, want %d", n, before+1)
	}
	if page := teacher.get(class); !strings.Contains(page.body, "本学期已开班会") || !strings.Contains(page.body, "第一周 心理健康主题班会") {
		t.Error("the class's list does not show the meeting")
	}
	sum := office.get(school)
	if sum.status != http.StatusOK || !strings.Contains(sum.body, "班 第一周已开") || !strings.Contains(sum.body, class) {
		t.Errorf("school summary: %d", sum.status)
	}
	// The subject teacher reads the class's meetings but may not record one.
	if page := h.as("subject").get(class); page.status != http.StatusOK || strings.Contains(page.body, "记主题班会") {
		t.Errorf("subject teacher: %d, or offered the form", page.status)
	}
}

// TestClassMeetingPhoto: after saving, the class teacher lands on the
// meeting's page, adds its photo there, and may delete the meeting (its
// photo goes with it); a subject teacher sees it but may not delete it.
func TestClassMeetingPhoto(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	teacher, subject := h.as("teacher"), h.as("subject")
	class := "/classes/" + itoa(f.teacherClass) + "/meetings"
	r := teacher.post(class, url.Values{"form_token": {teacher.formToken(class)}, "held_on": {"2026-11-20"},
		"theme": {"mental_health"}, "title": {"阳光心态 快乐成长"}})
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/class-meetings/") {
		t.Fatalf("record: %d to %s", r.status, r.header.Get("Location"))
	}
	page := r.header.Get("Location")
	if r := teacher.uploadForm(page+"/evidence", url.Values{"form_token": {teacher.formToken(page)}}, "班会.jpg", testJPEG(80, 60)); r.status != http.StatusSeeOther {
		t.Fatalf("photo: %d", r.status)
	}
	id := strings.TrimPrefix(page, "/class-meetings/")
	if n := scalar[int](h, `SELECT count(*) FROM evidence WHERE owner_type = 'class_meeting' AND owner_id = $1::bigint`, id); n != 1 {
		t.Fatalf("%d photos", n)
	}
	if r := subject.get(page); r.status != http.StatusOK || !strings.Contains(r.body, "阳光心态") || strings.Contains(r.body, "/delete") {
		t.Errorf("the subject teacher's view: %d (with a delete button?)", r.status)
	}
	if r := subject.post(page+"/delete", url.Values{}); r.status != http.StatusForbidden {
		t.Errorf("the subject teacher deletes: %d, want 403", r.status)
	}
	if r := teacher.post(page+"/delete", url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("delete: %d", r.status)
	}
	if n := scalar[int](h, `SELECT count(*) FROM evidence WHERE owner_type = 'class_meeting' AND owner_id = $1::bigint`, id); n != 0 {
		t.Errorf("%d photos outlive the meeting", n)
	}
}
