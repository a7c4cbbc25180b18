package components

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/a-h/templ"
)

func render(t *testing.T, c templ.Component) string {
	t.Helper()
	var b bytes.Buffer
	if err := c.Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestInputKeepsValueAndShowsError(t *testing.T) {
	t.Parallel()
	html := render(t, Input(Field{Name: "name", Label: "姓名", Value: `张"三<b>`, Error: "请填写姓名", Required: true}))
	for _, want := range []string{`id="name"`, `value="张&#34;三&lt;b&gt;"`, `aria-invalid="true"`, `aria-describedby="name-err"`, `请填写姓名`, `required`} {
		if !strings.Contains(html, want) {
			t.Errorf("input lacks %q:\n%s", want, html)
		}
	}
	ok := render(t, Input(Field{Name: "phone", Label: "电话", Hint: "11 位手机号"}))
	if strings.Contains(ok, "aria-invalid") || !strings.Contains(ok, `aria-describedby="phone-hint"`) {
		t.Errorf("valid input: %s", ok)
	}
}

func TestSelectMarksSelected(t *testing.T) {
	t.Parallel()
	html := render(t, Select(Field{Name: "g", Label: "性别", Value: "女"}, []Option{{"男", "男"}, {"女", "女"}}, "请选择"))
	if !strings.Contains(html, `<option value="女" selected>`) || strings.Contains(html, `<option value="男" selected>`) {
		t.Errorf("select: %s", html)
	}
}

func TestPagesAndSortHeader(t *testing.T) {
	t.Parallel()
	html := render(t, Pages(Pager{Total: 120, From: 51, To: 100, PrevHref: "/s?page=1", NextHref: "/s?page=3"}))
	for _, want := range []string{"第 51–100 条，共 120 条", `href="/s?page=1"`, `href="/s?page=3"`} {
		if !strings.Contains(html, want) {
			t.Errorf("pager lacks %q: %s", want, html)
		}
	}
	if render(t, Pages(Pager{})) != "" {
		t.Error("empty pager renders")
	}
	th := render(t, Th(SortHeader{Label: "姓名", Href: "/s?sort=name&dir=desc", Current: true}))
	if !strings.Contains(th, `aria-sort="ascending"`) || !strings.Contains(th, "▲") {
		t.Errorf("th: %s", th)
	}
	// One aria-sort, no stray attribute, on a descending column.
	th = render(t, Th(SortHeader{Label: "姓名", Href: "/s?sort=name", Current: true, Desc: true}))
	if !strings.HasPrefix(th, `<th aria-sort="descending">`) || strings.Contains(th, "ascending") || !strings.Contains(th, "▼") {
		t.Errorf("descending th: %s", th)
	}
	if th = render(t, Th(SortHeader{Label: "姓名", Href: "/s?sort=name"})); !strings.HasPrefix(th, "<th>") {
		t.Errorf("unsorted th: %s", th)
	}
}

func TestConfirmButton(t *testing.T) {
	t.Parallel()
	html := render(t, ConfirmButton("/students/1/leave", "办理离校", "确定要办理离校吗？", true))
	if !strings.Contains(html, `method="post"`) || !strings.Contains(html, `data-confirm="确定要办理离校吗？"`) || !strings.Contains(html, "btn danger") {
		t.Errorf("confirm: %s", html)
	}
}
