package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"xietong/internal/parents"
)

// TestParentLink: the parents' link needs no sign-in; a wrong token is 404;
// a bad, empty or overlong opinion gets a Chinese message with the text
// kept; a sent opinion is hidden from all but the office until accepted,
// and its published response then shows on the link's page; a phone sends
// a few at most; a double tap is one opinion; another site's post is
// refused.
func TestParentLink(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	meeting, _, token := matrixMeeting(h, f)
	link := "/p/" + token
	parent := h.client()
	for _, bad := range []string{"/p/nosuchtoken", "/p/" + newLinkToken(), "/p/" + strings.Repeat("a", 22) + "%2F..", "/p/" + token[:21]} {
		if r := parent.get(bad); r.status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", bad, r.status)
		}
	}
	if r := parent.post("/p/"+newLinkToken(), url.Values{"body": {"x"}}); r.status != http.StatusNotFound {
		t.Errorf("POST to an unknown token: %d, want 404", r.status)
	}
	r := parent.get(link)
	if r.status != http.StatusOK || !strings.Contains(r.body, "提意见建议") || !strings.Contains(r.body, "班级家长会") {
		t.Fatalf("the link's page: %d", r.status)
	}
	if strings.Contains(r.body, "希望多组织亲子活动") {
		t.Error("an opinion without a published response shows on the parents' page")
	}
	send := func(c *client, body string) resp {
		return c.post(link, url.Values{"form_token": {c.formToken(link)}, "body": {body}})
	}
	if r := send(parent, "   "); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "请填写意见或建议的内容") {
		t.Errorf("an empty opinion: %d", r.status)
	}
	long := strings.Repeat("家", parents.MaxOpinionRunes+1)
	if r := send(parent, long); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "内容最多 500 个字") || !strings.Contains(r.body, long) {
		t.Errorf("an overlong opinion: %d, message or text missing", r.status)
	}
	if r := send(parent, "放学时校门口\x00拥堵"); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "放学时校门口拥堵") {
		t.Errorf("a NUL byte: %d, want the form back with the text cleaned", r.status)
	}
	if r := parent.post(link, url.Values{"body": {"没有表单令牌"}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "没有表单令牌") {
		t.Errorf("no form token: %d", r.status)
	}
	text := "希望学校在放学时段安排老师在校门口维持秩序"
	tok := parent.formToken(link)
	if r := parent.post(link, url.Values{"form_token": {tok}, "body": {text}}); r.status != http.StatusSeeOther {
		t.Fatalf("send: %d", r.status)
	}
	if r := parent.post(link, url.Values{"form_token": {tok}, "body": {text}}); r.status != http.StatusSeeOther {
		t.Errorf("a double tap: %d, want the same redirect", r.status)
	}
	if n := scalar[int](h, `SELECT count(*)::int FROM parent_opinions WHERE body = $1 AND state = 'received' AND source = 'link' AND created_by IS NULL`, text); n != 1 {
		t.Fatalf("%d received opinions from one send and its double tap, want 1", n)
	}
	if r := parent.get(link + "?sent=1"); !strings.Contains(r.body, "已收到您的意见") || strings.Contains(r.body, text) {
		t.Error("after sending: no thanks, or the unaccepted opinion is shown")
	}
	page := "/parent-meetings/" + itoa(meeting)
	office, leader, teacher := h.as("office"), h.as("principal"), h.as("teacher")
	if r := leader.get(page); strings.Contains(r.body, text) {
		t.Error("the leader sees a parent's opinion before it is accepted")
	}
	if r := office.get(page); !strings.Contains(r.body, text) || !strings.Contains(r.body, "待受理") {
		t.Error("the office does not see the parent's opinion waiting")
	}
	op := scalar[int64](h, `SELECT id FROM parent_opinions WHERE body = $1`, text)
	step := page + "/opinions/" + itoa(op)
	if r := teacher.post(step, url.Values{"from": {"received"}, "step": {"accept"}, "category": {"safety"}, "owner_office": {"safety"}}); r.status != http.StatusSeeOther {
		t.Fatalf("the class teacher accepts: %d", r.status)
	}
	if r := leader.get(page); !strings.Contains(r.body, text) {
		t.Error("the leader does not see the accepted opinion")
	}
	reply := "安全办已安排值周教师每天放学时在校门口值守。"
	if r := office.post(step, url.Values{"from": {"pending"}, "step": {"respond"}, "category": {"safety"}, "owner_office": {"safety"}, "response": {reply}}); r.status != http.StatusSeeOther {
		t.Fatalf("respond: %d", r.status)
	}
	if r := parent.get(link); strings.Contains(r.body, reply) {
		t.Error("an answered but unpublished response shows on the parents' page")
	}
	if r := office.post(step, url.Values{"from": {"answered"}, "step": {"publish"}, "category": {"safety"}, "owner_office": {"safety"}}); r.status != http.StatusSeeOther {
		t.Fatalf("publish: %d", r.status)
	}
	if r := parent.get(link); !strings.Contains(r.body, text) || !strings.Contains(r.body, reply) {
		t.Error("the published response does not show on the parents' page")
	}

	// A phone sends a few at most: two more, then the refusal keeps the text.
	for i, s := range []string{"食堂饭菜偏咸", "希望多开展亲子阅读"} {
		if r := send(parent, s); r.status != http.StatusSeeOther {
			t.Fatalf("opinion %d: %d", i+2, r.status)
		}
	}
	if r := parent.get(link); strings.Contains(r.body, `name="body"`) || !strings.Contains(r.body, "每部手机最多提交 3 条意见") {
		t.Error("a phone that sent its opinions still gets the form")
	}
	fourth := "第四条意见"
	if r := parent.post(link, url.Values{"form_token": {newFormToken()}, "body": {fourth}}); r.status != http.StatusTooManyRequests || !strings.Contains(r.body, fourth) {
		t.Errorf("a fourth opinion from one phone: %d, want 429 with the text", r.status)
	}
	// Another phone may still send; another site's post is refused.
	other := h.client()
	if r := send(other, "另一位家长的建议"); r.status != http.StatusSeeOther {
		t.Errorf("another phone: %d", r.status)
	}
	req, _ := http.NewRequest(http.MethodPost, h.ts.URL+link, strings.NewReader(url.Values{"form_token": {newFormToken()}, "body": {"跨站"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if r := h.client().do(req); r.status != http.StatusForbidden {
		t.Errorf("a cross-site post: %d, want 403", r.status)
	}
	if n := scalar[int](h, `SELECT count(*)::int FROM parent_opinions WHERE body IN ('跨站', $1)`, fourth); n != 0 {
		t.Errorf("%d refused opinions were stored", n)
	}
	if strings.Contains(h.logs.String(), text) {
		t.Error("a parent's opinion text is in the log")
	}
}

// TestParentLinkRateLimit: posts from one client address are limited.
func TestParentLinkRateLimit(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{OpinionsPerMinute: 2})
	f := loadFixtures(h)
	_, _, token := matrixMeeting(h, f)
	link := "/p/" + token
	statuses := []int{}
	for range 3 {
		statuses = append(statuses, h.client().post(link, url.Values{"form_token": {newFormToken()}, "body": {""}}).status)
	}
	if statuses[0] != http.StatusUnprocessableEntity || statuses[1] != http.StatusUnprocessableEntity || statuses[2] != http.StatusTooManyRequests {
		t.Errorf("three posts from one address: %v, want 422 422 429", statuses)
	}
}
