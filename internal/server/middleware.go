package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"time"

	"github.com/go-chi/chi/v5"
)

type ctxKey int

const (
	keyRequest ctxKey = iota
	keyPrincipal
	keyRawBody
)

// reqInfo travels with a request so that the access log, written after the
// handler, can name the user that loadPrincipal found deeper in the chain.
type reqInfo struct {
	id     string
	userID int64
}

func requestInfo(ctx context.Context) *reqInfo {
	ri, _ := ctx.Value(keyRequest).(*reqInfo)
	if ri == nil {
		return &reqInfo{}
	}
	return ri
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// requestLog writes one structured line per request. It logs the route
// pattern, never the raw path or query string, so no child's data or search
// term reaches the log.
func (s *Server) requestLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		var b [8]byte
		_, _ = rand.Read(b[:])
		ri := &reqInfo{id: hex.EncodeToString(b[:])}
		w.Header().Set("X-Request-Id", ri.id)
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), keyRequest, ri)))
		route := "unmatched"
		if rc := chi.RouteContext(r.Context()); rc != nil && rc.RoutePattern() != "" {
			route = rc.RoutePattern()
		}
		status := sw.status
		if status == 0 {
			status = http.StatusOK
		}
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		if route == "/static/*" || route == "/healthz" || route == "/readyz" {
			level = slog.LevelDebug
		}
		s.log.LogAttrs(r.Context(), level, "request",
			slog.String("request_id", ri.id),
			slog.String("method", r.Method),
			slog.String("route", route),
			slog.Int("status", status),
			slog.Int("bytes", sw.bytes),
			slog.Int64("user_id", ri.userID),
			slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
		)
	})
}

// recoverPanic turns a panic into the Chinese 500 page; the stack goes to the
// log, never to the user.
func (s *Server) recoverPanic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "request_id", requestInfo(r.Context()).id, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				w.Header().Set("Connection", "close")
				s.renderError(w, r, http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// securityHeaders sets the headers every response carries. The CSP allows
// no inline script or style at all, so it needs no nonce. HSTS goes out
// whenever the app is configured for TLS (SESSION_SECURE=true, typically
// behind a TLS-terminating proxy, where r.TLS is nil) or serves TLS itself.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
		"connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Permissions-Policy", "geolocation=(), microphone=(), camera=(self)")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if s.cfg.SessionSecure || r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// crossOrigin refuses unsafe requests from other origins (Go's
// CrossOriginProtection, which replaces CSRF tokens).
func (s *Server) crossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.renderErrorMessage(w, r, http.StatusForbidden, "请求被拒绝", "该请求来自其他网站，已被拒绝。请回到本系统页面重新操作。")
	}))
	return cop.Handler(next)
}

// noStore keeps signed-in pages out of every cache (shared office PCs, the
// Back button after sign-out).
func noStore(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// limitBody caps request bodies at 1 MiB; upload routes raise it with
// uploadLimit, which finds the unwrapped body in the context.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			// The unlimited body stays within reach of uploadLimit, the
			// only way to raise this limit (on the upload routes).
			r = r.WithContext(context.WithValue(r.Context(), keyRawBody, r.Body))
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
		}
		next.ServeHTTP(w, r)
	})
}

// maxFormBody bounds every request body but uploads.
const maxFormBody = 1 << 20

// uploadLimit raises the body limit of one route to n bytes (a visit with
// its photos, a roster upload: docs/security.md R19), in place of limitBody's.
func uploadLimit(n int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if raw, ok := r.Context().Value(keyRawBody).(io.ReadCloser); ok {
				r.Body = http.MaxBytesReader(w, raw, n)
			}
			next.ServeHTTP(w, r)
		})
	}
}

// badQuery refuses a request whose query string holds text PostgreSQL
// cannot store (a NUL byte, bytes that are not UTF-8: see cleanText) with a
// Chinese 400 page, before any handler (or the session, which keeps a
// list's search) sees it. Forms are checked field by field in parseForm.
func (s *Server) badQuery(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawQuery != "" {
			q, err := url.ParseQuery(r.URL.RawQuery)
			if err == nil && len(cleanValues(q)) > 0 {
				s.renderErrorMessage(w, r, http.StatusBadRequest, "无法识别的字符",
					"链接或搜索条件中含有无法识别的字符（空字符或乱码）。请返回，删除这些字符后重新输入。")
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}
