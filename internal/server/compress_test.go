package server

import (
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"xietong/internal/dbtest"
	"xietong/internal/demo"
	"xietong/internal/store"
	"xietong/web"
)

// TestPagesOverTheWire: on the full demo county, every role's pages go out
// gzipped to a browser that accepts it and weigh at most 60 KB over the
// wire (a weak rural signal); the stylesheet and scripts are served
// compressed too; a client that does not accept gzip gets plain HTML.
func TestPagesOverTheWire(t *testing.T) {
	t.Parallel()
	db := dbtest.New(t)
	st := store.New(db.Pool)
	if _, err := demo.Seed(context.Background(), st, demo.Options{}); err != nil {
		t.Fatal(err)
	}
	h := newHarnessOn(t, db, st, Config{})
	const budget = 60 << 10
	school := scalar[string](h, `SELECT ra.school_id::text FROM role_assignments ra JOIN users u ON u.id = ra.user_id WHERE u.username = 'office'`)
	wire := func(c *client, path string) (status, size int, encoding string, plain string) {
		req, _ := http.NewRequest(http.MethodGet, h.ts.URL+path, nil)
		// Set by hand, the header keeps Go's client from unzipping: the
		// body read is what crossed the wire.
		req.Header.Set("Accept-Encoding", "gzip, deflate, br")
		r := c.do(req)
		status, size, encoding = r.status, len(r.body), r.header.Get("Content-Encoding")
		if encoding == "gzip" {
			zr, err := gzip.NewReader(strings.NewReader(r.body))
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			b, _ := io.ReadAll(zr)
			plain = string(b)
		}
		return
	}
	pages := map[string][]string{
		"teacher":    {"/", "/visits", "/students", "/ledger"},
		"office":     {"/", "/students", "/ledger", "/ledger/print", "/coverage/schools/" + school, "/schools/" + school},
		"leader":     {"/", "/coverage/county", "/ledger"},
		"supervisor": {"/", "/coverage/county"},
		"admin":      {"/", "/admin/schools", "/admin/users", "/admin/calendar", "/audit", "/students", "/coverage/county", "/leadership"},
	}
	for user, paths := range pages {
		c := h.as(user)
		for _, p := range paths {
			status, size, enc, plain := wire(c, p)
			if status != http.StatusOK {
				t.Errorf("%s %s: status %d", user, p, status)
				continue
			}
			if enc != "gzip" || !strings.Contains(plain, "</html>") {
				t.Errorf("%s %s: Content-Encoding %q, want a gzipped page", user, p, enc)
			}
			if size > budget {
				t.Errorf("%s %s: %d KB over the wire, budget 60 KB", user, p, size>>10)
			}
		}
	}
	for _, a := range []string{"app.css", "app.js", "visit-draft.js"} {
		_, size, enc, plain := wire(h.client(), web.Asset(a))
		if enc != "gzip" || size >= len(plain) {
			t.Errorf("%s: Content-Encoding %q, %d bytes for %d", a, enc, size, len(plain))
		}
	}
	// Without gzip in Accept-Encoding: plain.
	req, _ := http.NewRequest(http.MethodGet, h.ts.URL+"/login", nil)
	req.Header.Set("Accept-Encoding", "identity")
	if r := h.client().do(req); r.header.Get("Content-Encoding") != "" || !strings.Contains(r.body, "</html>") {
		t.Errorf("identity: Content-Encoding %q", r.header.Get("Content-Encoding"))
	}
}
