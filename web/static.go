// Package web holds what the browser receives: embedded static assets served
// under content-hashed URLs, and (in its sub-packages) the templ components
// that render view models. Nothing here queries the database.
package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed static
var staticFS embed.FS

// assets maps a file name under static/ to its content hash.
var assets = func() map[string]string {
	m := map[string]string{}
	_ = fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		h := sha256.Sum256(b)
		m[strings.TrimPrefix(p, "static/")] = hex.EncodeToString(h[:])[:12]
		return nil
	})
	return m
}()

// Asset returns the URL of a static file, with its content hash in the path
// so that it can be cached for a year and still change on every release.
// An unknown name panics at render time in tests rather than 404 in prod.
func Asset(name string) string {
	h, ok := assets[name]
	if !ok {
		panic("web: unknown asset " + name)
	}
	return "/static/" + h + "/" + name
}

// gzipped holds the text assets compressed once, at start (best
// compression: it is paid once), for browsers that accept gzip — a phone on
// a weak rural signal fetches the stylesheet and scripts a third their size.
var gzipped = func() map[string][]byte {
	m := map[string][]byte{}
	for name := range assets {
		ext := path.Ext(name)
		if ext != ".css" && ext != ".js" && ext != ".svg" {
			continue
		}
		b, err := staticFS.ReadFile("static/" + name)
		if err != nil {
			continue
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		_, _ = zw.Write(b)
		_ = zw.Close()
		if buf.Len() < len(b) {
			m[name] = buf.Bytes()
		}
	}
	return m
}()

// AcceptsGzip reports whether the request's Accept-Encoding allows gzip.
func AcceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// StaticHandler serves /static/{hash}/{name}, gzipped when the browser
// accepts it. A request whose hash is not the current one (an old page
// after a release) still gets the current file, but without the long cache.
func StaticHandler() http.Handler {
	sub, _ := fs.Sub(staticFS, "static")
	files := http.FileServer(http.FS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rest := strings.TrimPrefix(r.URL.Path, "/static/")
		hash, name, ok := strings.Cut(rest, "/")
		name = path.Clean("/" + name)[1:]
		want, known := assets[name]
		if !ok || !known {
			http.NotFound(w, r)
			return
		}
		if hash == want {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		w.Header().Add("Vary", "Accept-Encoding")
		if gz, ok := gzipped[name]; ok && AcceptsGzip(r) {
			w.Header().Set("Content-Type", mime.TypeByExtension(path.Ext(name)))
			w.Header().Set("Content-Encoding", "gzip")
			http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(gz))
			return
		}
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/" + name
		files.ServeHTTP(w, r2)
	})
}

// Script returns the URL of the first static file whose name starts with
// prefix (vendored files carry their version in the name).
func Script(prefix string) string {
	best := ""
	for name := range assets {
		if strings.HasPrefix(name, prefix) && name > best {
			best = name
		}
	}
	if best == "" {
		panic("web: no asset with prefix " + prefix)
	}
	return Asset(best)
}
