package server

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"xietong/web/components"
)

// listQuery is the state of a long list: search text, sort and page, read
// from the query string. Sort keys come from an allowlist, never from the
// request into SQL.
type listQuery struct {
	Q       string
	Sort    string
	Desc    bool
	Page    int
	PerPage int
	base    string
	query   url.Values
}

// parseList reads q, sort, dir and page. sorts is the allowlist; the first
// entry is the default.
func parseList(r *http.Request, perPage int, sorts ...string) listQuery {
	q := r.URL.Query()
	l := listQuery{Q: strings.TrimSpace(q.Get("q")), Page: 1, PerPage: perPage, base: r.URL.Path, query: q}
	if utf8.RuneCountInString(l.Q) > 50 {
		l.Q = string([]rune(l.Q)[:50])
	}
	l.Sort = q.Get("sort")
	if !slices.Contains(sorts, l.Sort) && len(sorts) > 0 {
		l.Sort = sorts[0]
	}
	l.Desc = q.Get("dir") == "desc"
	if p, err := strconv.Atoi(q.Get("page")); err == nil && p > 1 && p < 100000 {
		l.Page = p
	}
	return l
}

// Offset is the SQL offset of the page.
func (l listQuery) Offset() int { return (l.Page - 1) * l.PerPage }

// With returns the list's URL with some parameters changed ("" removes).
func (l listQuery) With(kv ...string) string {
	v := url.Values{}
	for k, vs := range l.query {
		v[k] = slices.Clone(vs)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			v.Del(kv[i])
		} else {
			v.Set(kv[i], kv[i+1])
		}
	}
	if len(v) == 0 {
		return l.base
	}
	return l.base + "?" + v.Encode()
}

// SortHref is the link of a column header: sorting by key, flipping the
// direction when it is already the sort, and back to page 1.
func (l listQuery) SortHref(key string) string {
	dir := ""
	if l.Sort == key && !l.Desc {
		dir = "desc"
	}
	return l.With("sort", key, "dir", dir, "page", "")
}

// Header is a sortable column header for key.
func (l listQuery) Header(label, key string, num bool) components.SortHeader {
	return components.SortHeader{Label: label, Href: l.SortHref(key), Current: l.Sort == key, Desc: l.Desc, Num: num}
}

// Pager describes the page links for total rows.
func (l listQuery) Pager(total int) components.Pager {
	p := components.Pager{Total: total}
	if total == 0 {
		return p
	}
	p.From = l.Offset() + 1
	p.To = min(l.Offset()+l.PerPage, total)
	if l.Page > 1 {
		p.PrevHref = l.With("page", strconv.Itoa(l.Page-1))
	}
	if p.To < total {
		p.NextHref = l.With("page", strconv.Itoa(l.Page+1))
	}
	return p
}
