package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestLectures: bureau staff publish a lecture (bad input comes back with
// Chinese messages by the field and what was typed); other roles may not;
// the school's office finds it among what it has to forward with its due
// day, confirms in two taps (today and the class groups ticked), once
// only; it cannot confirm for another school; a late confirmation is
// marked late; the bureau's list and the lecture's page show who
// forwarded, when, to which groups; a withdrawal takes it off the
// school's list.
func TestLectures(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	h.exec(`TRUNCATE lectures CASCADE`)
	staff, office, principal, teacher := h.as("staff"), h.as("office"), h.as("principal"), h.as("teacher")
	school := scalar[int64](h, `SELECT ra.school_id FROM role_assignments ra JOIN users u ON u.id = ra.user_id WHERE u.username = 'office'`)
	other := scalar[int64](h, `SELECT id FROM schools WHERE id <> $1 AND archived_at IS NULL ORDER BY id LIMIT 1`, school)
	h.exec(`UPDATE schools SET stage = 'primary' WHERE id = $1`, school)

	form := func(kv ...string) url.Values {
		v := url.Values{"form_token": {staff.formToken("/lectures/new")}, "audience": {"all"}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	for _, c := range []struct {
		name  string
		form  url.Values
		wants []string
	}{
		{"empty title, ftp link", form("title", "", "link_url", "ftp://example.cn/a", "published_on", "2026-11-29"),
			[]string{"请填写讲座名称", "链接应以 http:// 或 https:// 开头", "ftp://example.cn/a"}},
		{"a date ahead", form("title", "如何陪伴孩子度过青春期", "link_url", "https://example.cn/a", "published_on", "2026-12-05"),
			[]string{"发布日期不能晚于今天", "如何陪伴孩子度过青春期", "https://example.cn/a"}},
		{"a date long past", form("title", "如何陪伴孩子度过青春期", "link_url", "https://example.cn/a", "published_on", "2026-09-01"),
			[]string{"发布日期不能早于 30 天前", "如何陪伴孩子度过青春期"}},
		{"a stage without its stage", form("title", "习惯养成", "link_url", "https://example.cn/a", "published_on", "2026-11-29", "audience", "stage"),
			[]string{"请选择学段", "习惯养成"}},
		{"special groups unnamed", form("title", "关爱留守儿童", "link_url", "https://example.cn/a", "published_on", "2026-11-29", "audience", "special"),
			[]string{"请写明哪些群体", "关爱留守儿童"}},
		{"no link, a bad date", form("title", "安全教育", "link_url", "", "published_on", "2026-13-01"),
			[]string{"请填写链接", "发布日期格式不正确", "安全教育"}},
	} {
		r := staff.post("/lectures", c.form)
		if r.status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422", c.name, r.status)
			continue
		}
		for _, w := range c.wants {
			if !strings.Contains(r.body, w) {
				t.Errorf("%s: the page lacks %q", c.name, w)
			}
		}
	}
	if n := scalar[int](h, `SELECT count(*)::int FROM lectures`); n != 0 {
		t.Fatalf("%d lectures stored from bad forms", n)
	}
	for _, u := range []*client{office, principal, teacher} {
		if r := u.post("/lectures", form("title", "越权发布", "link_url", "https://example.cn/x", "published_on", "2026-11-29")); r.status != http.StatusForbidden {
			t.Errorf("a school's user publishes: %d, want 403", r.status)
		}
	}

	// Published on the 25th: due on the 28th, overdue on the 29th (today).
	good := form("title", "如何陪伴孩子度过青春期", "link_url", "https://example.cn/a", "published_on", "2026-11-25")
	r := staff.post("/lectures", good)
	if r.status != http.StatusSeeOther {
		t.Fatalf("publish: %d", r.status)
	}
	if again := staff.post("/lectures", good); again.status != http.StatusSeeOther || again.header.Get("Location") != r.header.Get("Location") {
		t.Errorf("a double submit: %d to %s", again.status, again.header.Get("Location"))
	}
	late := scalar[int64](h, `SELECT id FROM lectures WHERE title = '如何陪伴孩子度过青春期'`)
	if n := scalar[int](h, `SELECT count(*)::int FROM lectures`); n != 1 {
		t.Errorf("%d lectures after a double submit, want 1", n)
	}
	if r := staff.post("/lectures", form("title", "小学生习惯养成", "link_url", "http://example.cn/b", "published_on", "2026-11-28",
		"audience", "stage", "audience_stage", "primary")); r.status != http.StatusSeeOther {
		t.Fatalf("publish a primary lecture: %d", r.status)
	}
	onTime := scalar[int64](h, `SELECT id FROM lectures WHERE title = '小学生习惯养成'`)
	if a := scalar[string](h, `SELECT action FROM audit.events WHERE object_type = 'lecture' AND object_id = $1 ORDER BY id DESC LIMIT 1`, onTime); a != "lecture.create" {
		t.Errorf("audit of the publish: %q", a)
	}

	// The school's list: both to forward, the overdue one marked.
	list := office.get("/lectures")
	if list.status != http.StatusOK || !strings.Contains(list.body, "待转发") || !strings.Contains(list.body, "小学生习惯养成") ||
		!strings.Contains(list.body, "逾期未转发") || !strings.Contains(list.body, "2026年12月1日") || !strings.Contains(list.body, "确认转发") {
		t.Fatalf("the office's list: %d", list.status)
	}
	if r := principal.get("/lectures"); r.status != http.StatusOK || !strings.Contains(r.body, "小学生习惯养成") || strings.Contains(r.body, "确认转发</a>") {
		t.Errorf("the school leader's list: %d (reads, does not confirm)", r.status)
	}
	// Two taps: the lecture's page has today and the class groups ticked.
	page := office.get("/lectures/" + itoa(onTime))
	if page.status != http.StatusOK || !strings.Contains(page.body, `value="2026-11-29"`) || !strings.Contains(page.body, `value="各班家长群" checked`) {
		t.Fatalf("the confirmation's defaults: %d", page.status)
	}
	confirm := func(c *client, lecture, schoolID int64, kv ...string) resp {
		v := url.Values{"form_token": {office.formToken("/lectures/" + itoa(lecture))}, "forwarded_on": {"2026-11-29"}, "groups": {"各班家长群"}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return c.post("/lectures/"+itoa(lecture)+"/schools/"+itoa(schoolID)+"/forward", v)
	}
	// Bad input keeps what was typed.
	r = confirm(office, onTime, school, "forwarded_on", "2026-11-20", "other_group", "七年级家长群")
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "不能早于讲座发布日期") || !strings.Contains(r.body, "七年级家长群") {
		t.Errorf("a date before publishing: %d", r.status)
	}
	r = confirm(office, onTime, school, "groups", "")
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "请选择转发到的家长群") {
		t.Errorf("no group: %d", r.status)
	}
	// Another school: 404, nothing stored, even with the school's own form.
	if r := confirm(office, onTime, other); r.status != http.StatusNotFound {
		t.Errorf("the office confirms for another school: %d, want 404", r.status)
	}
	if r := office.get("/lectures/" + itoa(onTime) + "/schools/" + itoa(other)); r.status != http.StatusNotFound {
		t.Errorf("the office reads another school's forwarding: %d, want 404", r.status)
	}
	if r := confirm(principal, onTime, school); r.status != http.StatusForbidden {
		t.Errorf("the school leader confirms: %d, want 403", r.status)
	}
	if r := confirm(office, onTime, school, "groups", "全校家长群"); r.status != http.StatusSeeOther {
		t.Fatalf("confirm: %d", r.status)
	}
	if r := confirm(office, onTime, school); r.status != http.StatusConflict || !strings.Contains(r.body, "只需确认一次") || !strings.Contains(r.body, "全校家长群") {
		t.Errorf("confirm twice: %d, want 409 with a clear message", r.status)
	}
	if n := scalar[int](h, `SELECT count(*)::int FROM lecture_forwards`); n != 1 {
		t.Fatalf("%d forwards, want 1", n)
	}
	if r := confirm(office, late, school, "forwarded_on", "2026-11-29"); r.status != http.StatusSeeOther {
		t.Fatalf("confirm the late one: %d", r.status)
	}
	if page := office.get("/lectures/" + itoa(late)); !strings.Contains(page.body, "逾期 1 天转发") || !strings.Contains(page.body, "照片与附件") {
		t.Errorf("the late one's page: the lateness or the screenshot's upload missing")
	}
	done := office.get("/lectures")
	if !strings.Contains(done.body, "没有待转发的讲座") || !strings.Contains(done.body, "已按时转发") || !strings.Contains(done.body, "全校家长群") {
		t.Error("the office's list after confirming")
	}

	// The bureau: counts in the list, each school's state on the lecture's page.
	county := staff.get("/lectures")
	if county.status != http.StatusOK || !strings.Contains(county.body, "小学生习惯养成") || !strings.Contains(county.body, "发布讲座") {
		t.Fatalf("the bureau's list: %d", county.status)
	}
	show := staff.get("/lectures/" + itoa(late))
	if show.status != http.StatusOK || !strings.Contains(show.body, "逾期 1 天转发") || !strings.Contains(show.body, "逾期未转发") ||
		!strings.Contains(show.body, "各班家长群") || !strings.Contains(show.body, "撤回") {
		t.Errorf("the lecture's page for the bureau: %d", show.status)
	}
	if r := h.as("leader").get("/lectures/" + itoa(late)); r.status != http.StatusOK || strings.Contains(r.body, "撤回</button>") {
		t.Errorf("the bureau leader's page: %d (reads, does not withdraw)", r.status)
	}
	if r := staff.get("/lectures?school=" + itoa(school)); r.status != http.StatusOK || !strings.Contains(r.body, "逾期 1 天转发") {
		t.Errorf("the bureau drills down to the school: %d", r.status)
	}
	if r := staff.get("/lectures.xlsx"); r.status != http.StatusOK || !strings.Contains(r.header.Get("Content-Type"), "spreadsheet") {
		t.Errorf("export: %d %s", r.status, r.header.Get("Content-Type"))
	}
	if r := office.get("/lectures/print"); r.status != http.StatusOK || !strings.Contains(r.body, "讲座转发台账") {
		t.Errorf("the school's print: %d", r.status)
	}
	// A senior school does not see the primary lecture.
	h.exec(`UPDATE schools SET stage = 'senior' WHERE id = $1`, school)
	if r := principal.get("/lectures/" + itoa(late)); r.status != http.StatusOK {
		t.Errorf("a lecture for all: %d", r.status)
	}
	if r := principal.get("/lectures/" + itoa(onTime)); r.status != http.StatusNotFound {
		t.Errorf("a senior school opens a primary lecture: %d, want 404", r.status)
	}
	h.exec(`UPDATE schools SET stage = 'primary' WHERE id = $1`, school)

	// Edit keeps the checks; withdraw takes it off the school's list.
	if r := staff.post("/lectures/"+itoa(onTime), url.Values{"title": {""}, "link_url": {"https://example.cn/b"}, "audience": {"all"}, "published_on": {"2026-11-28"}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "请填写讲座名称") {
		t.Errorf("an edit without a title: %d", r.status)
	}
	if r := staff.post("/lectures/"+itoa(late)+"/withdraw", url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", r.status)
	}
	if r := office.get("/lectures/" + itoa(late)); r.status != http.StatusNotFound {
		t.Errorf("the school opens a withdrawn lecture: %d, want 404", r.status)
	}
	if r := staff.get("/lectures/" + itoa(late) + "/edit"); r.status != http.StatusConflict {
		t.Errorf("edit a withdrawn lecture: %d, want 409", r.status)
	}
	if r := staff.get("/lectures?withdrawn=yes"); !strings.Contains(r.body, "如何陪伴孩子度过青春期") || !strings.Contains(r.body, "已撤回") {
		t.Error("the withdrawn filter")
	}
}
