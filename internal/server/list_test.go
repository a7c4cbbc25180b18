package server

import (
	"net/http/httptest"
	"strings"
	"testing"
)

func TestListQuery(t *testing.T) {
	t.Parallel()
	r := httptest.NewRequest("GET", "/students?q=+张+&sort=evil;DROP&page=3&class=7", nil)
	l := parseList(r, 50, "name", "number")
	if l.Q != "张" || l.Sort != "name" || l.Page != 3 || l.Offset() != 100 {
		t.Fatalf("parsed %+v", l)
	}
	if h := l.SortHref("name"); !strings.Contains(h, "dir=desc") || strings.Contains(h, "page=") || !strings.Contains(h, "class=7") {
		t.Errorf("SortHref(name) = %q", h)
	}
	if h := l.SortHref("number"); strings.Contains(h, "dir=") || !strings.Contains(h, "sort=number") {
		t.Errorf("SortHref(number) = %q", h)
	}
	p := l.Pager(120)
	if p.From != 101 || p.To != 120 || p.NextHref != "" || !strings.Contains(p.PrevHref, "page=2") {
		t.Errorf("pager %+v", p)
	}
	if p := parseList(httptest.NewRequest("GET", "/s?page=-4", nil), 50, "a").Pager(0); p.Total != 0 || p.PrevHref != "" {
		t.Errorf("empty pager %+v", p)
	}
}

func TestForm(t *testing.T) {
	t.Parallel()
	r := httptest.NewRequest("POST", "/x", strings.NewReader("name=+%E5%BC%A0%E4%B8%89+&date=2026-13-01&n=abc&tok=zz&form_token=0123456789abcdef0123456789abcdef"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	f, status := parseForm(r)
	if status != 0 {
		t.Fatal(status)
	}
	if v := f.Text("name", "姓名", true, 10); v != "张三" {
		t.Errorf("Text = %q", v)
	}
	f.Text("missing", "班级", true, 10)
	f.Date("date", "日期", true)
	f.Int("n", "人数", 0, 9)
	if tok := f.Token(); tok == "" {
		t.Error("valid token refused")
	}
	want := map[string]string{"missing": "请填写班级", "date": "日期格式不正确，应为 2026-09-01", "n": "人数应为 0 到 9 之间的整数"}
	for k, v := range want {
		if f.Errors[k] != v {
			t.Errorf("error[%s] = %q, want %q", k, f.Errors[k], v)
		}
	}
	if f.Valid() {
		t.Error("form with errors is valid")
	}
}
