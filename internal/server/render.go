package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/a-h/templ"

	"xietong/internal/store"
	"xietong/web"
	"xietong/web/layout"
	"xietong/web/pages/errorpage"
)

// render writes a component with status. It renders into a buffer first so
// that an error never sends half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer putPageBuffer(buf)
	if err := c.Render(r.Context(), buf); err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	writePage(w, r, status, buf)
}

// writePage sends a rendered page: gzipped for a browser that accepts it
// (every phone browser does: a 100 KB county table is about 12 KB over a
// weak signal; level 1 gives most of the saving for a fraction of the
// CPU), and with its length, in one piece rather than chunked (fewer writes
// for the server, no chunks for the client).
func writePage(w http.ResponseWriter, r *http.Request, status int, page *bytes.Buffer) {
	h := w.Header()
	h.Add("Vary", "Accept-Encoding")
	if page.Len() > 1024 && web.AcceptsGzip(r) {
		zb := pageBuffers.Get().(*bytes.Buffer)
		defer putPageBuffer(zb)
		zw := gzipWriters.Get().(*gzip.Writer)
		zw.Reset(zb)
		_, _ = zw.Write(page.Bytes())
		_ = zw.Close()
		gzipWriters.Put(zw)
		h.Set("Content-Encoding", "gzip")
		page = zb
	}
	h.Set("Content-Length", strconv.Itoa(page.Len()))
	w.WriteHeader(status)
	_, _ = page.WriteTo(w)
}

var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return zw
}}

// pageBuffers keeps the buffers pages render into: a county-wide table is
// a few hundred kilobytes, and growing a fresh buffer to that size on every
// request was a tenth of the page's CPU.
var pageBuffers = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 64<<10)) }}

func putPageBuffer(b *bytes.Buffer) {
	if b.Cap() > 1<<20 {
		return // an export-sized page: let it go rather than pin it
	}
	b.Reset()
	pageBuffers.Put(b)
}

var errorTexts = map[int][2]string{
	http.StatusBadRequest:            {"请求有误", "提交的内容无法识别，请返回重新填写。"},
	http.StatusForbidden:             {"无权访问", "您当前的身份没有权限查看此页面。如需访问，请联系学校或教育局管理员。"},
	http.StatusNotFound:              {"页面不存在", "您要找的页面不存在，或您没有权限查看。"},
	http.StatusMethodNotAllowed:      {"操作不被允许", "此页面不支持该操作。"},
	http.StatusConflict:              {"内容已被修改", "这条记录已被其他人修改，请刷新后重新操作。"},
	http.StatusRequestEntityTooLarge: {"提交内容过大", "提交的内容超过了允许的大小。"},
	http.StatusTooManyRequests:       {"操作过于频繁", "请稍候一分钟再试。"},
	http.StatusInternalServerError:   {"系统出错了", "服务器处理请求时出错，我们已记录此问题。请稍后再试。"},
	http.StatusServiceUnavailable:    {"系统暂时不可用", "数据库暂时无法连接，请稍后刷新页面重试。您的数据不会丢失。"},
}

// renderError renders the Chinese page for status.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int) {
	t, ok := errorTexts[status]
	if !ok {
		t = errorTexts[http.StatusInternalServerError]
	}
	s.renderErrorMessage(w, r, status, t[0], t[1])
}

func (s *Server) renderErrorMessage(w http.ResponseWriter, r *http.Request, status int, heading, msg string) {
	v := errorpage.View{Chrome: s.chromeNoFlash(r, heading), Status: status, Heading: heading, Message: msg}
	var buf bytes.Buffer
	if err := errorpage.Page(v).Render(r.Context(), &buf); err != nil {
		http.Error(w, msg, status)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	if status == http.StatusServiceUnavailable {
		h.Set("Retry-After", "5")
	}
	writePage(w, r, status, &buf)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotFound)
}

func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusMethodNotAllowed)
}

// serverError logs err once and answers 503 when the database is out of
// reach (the page recovers by itself when it returns), else 500.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		// The client went away (closed the tab, lost the signal): nothing
		// to answer and nothing wrong with the server.
		s.log.Debug("request canceled", "request_id", requestInfo(r.Context()).id)
		return
	}
	if store.Busy(err) {
		// A lock or statement timeout: a 503 the page recovers from, with
		// its own words (a locked table is not an outage).
		s.log.Warn("request timed out in the database", "request_id", requestInfo(r.Context()).id, "err", err.Error())
		s.renderErrorMessage(w, r, http.StatusServiceUnavailable, "系统繁忙",
			"数据正被其他操作占用或系统繁忙，本次操作没有保存任何内容。请稍候几秒后刷新或重新提交。")
		return
	}
	status := http.StatusInternalServerError
	if s.databaseDown(r.Context(), err) {
		status = http.StatusServiceUnavailable
	}
	s.log.Error("request failed", "request_id", requestInfo(r.Context()).id, "status", status, "err", err.Error())
	s.renderError(w, r, status)
}

// databaseDown tells an outage from a bug: a failed ping within a second
// means the database, not the query, is the problem.
func (s *Server) databaseDown(ctx context.Context, err error) bool {
	if errors.Is(err, context.Canceled) {
		return false
	}
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
	defer cancel()
	return s.store.Ping(pctx) != nil
}

// chromeNoFlash is the page chrome for error pages: the user's name if
// known, and no flash (an error page must not consume one).
func (s *Server) chromeNoFlash(r *http.Request, title string) layout.Chrome {
	c := layout.Chrome{Title: title}
	if p := principal(r.Context()); p != nil {
		c.SignedIn = true
		c.UserName = p.DisplayName
	}
	return c
}
