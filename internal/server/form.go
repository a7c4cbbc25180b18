package server

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"xietong/internal/calendar"
	"xietong/internal/store"
)

// form reads and checks a submitted form. Each check records a Chinese
// message under the field's name, so that the page can show it next to the
// field and refill what the user typed.
type form struct {
	Values url.Values
	Errors map[string]string
}

// parseForm parses the body of r. A body over the limit is 413, anything
// else unreadable 400; callers render that and stop. A value PostgreSQL
// could not store (see cleanText) is cleaned and its field fails with
// badTextMessage, so the form comes back with what was typed, minus the
// offending bytes, instead of a 500.
func parseForm(r *http.Request) (*form, int) {
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, http.StatusRequestEntityTooLarge
		}
		return nil, http.StatusBadRequest
	}
	f := &form{Values: r.PostForm, Errors: map[string]string{}}
	f.clean()
	return f, 0
}

// badTextMessage is the field message for a value with NUL bytes or bytes
// that are not UTF-8.
const badTextMessage = "含有无法识别的字符（空字符或乱码），已删除，请检查后再提交"

// cleanText is v as text PostgreSQL stores: without NUL bytes and with
// invalid UTF-8 dropped (PostgreSQL refuses both). ok is false when v
// needed cleaning.
func cleanText(v string) (clean string, ok bool) {
	if utf8.ValidString(v) && !strings.ContainsRune(v, 0) {
		return v, true
	}
	return strings.ReplaceAll(strings.ToValidUTF8(v, ""), "\x00", ""), false
}

// cleanValues cleans every key and value of vs in place (cleanText) and
// returns the keys that needed it, cleaned.
func cleanValues(vs url.Values) []string {
	var bad []string
	for k, list := range vs {
		ck, kok := cleanText(k)
		dirty := !kok
		for i, v := range list {
			if c, ok := cleanText(v); !ok {
				list[i], dirty = c, true
			}
		}
		if !kok {
			delete(vs, k)
			vs[ck] = append(vs[ck], list...)
		}
		if dirty {
			bad = append(bad, ck)
		}
	}
	return bad
}

// clean applies cleanValues to the form, failing each field it touched.
func (f *form) clean() {
	for _, k := range cleanValues(f.Values) {
		f.Fail(k, badTextMessage)
	}
}

// Get is the trimmed value of field.
func (f *form) Get(field string) string { return strings.TrimSpace(f.Values.Get(field)) }

// Fail records msg for field unless it already has a message.
func (f *form) Fail(field, msg string) {
	if _, ok := f.Errors[field]; !ok {
		f.Errors[field] = msg
	}
}

// Valid reports whether no check failed.
func (f *form) Valid() bool { return len(f.Errors) == 0 }

// Text is a trimmed text field: required or not, at most max characters.
func (f *form) Text(field, label string, required bool, max int) string {
	v := f.Get(field)
	switch {
	case v == "" && required:
		f.Fail(field, "请填写"+label)
	case utf8.RuneCountInString(v) > max:
		f.Fail(field, label+"不能超过 "+strconv.Itoa(max)+" 个字")
	}
	return v
}

// Date is a yyyy-mm-dd field as a civil date (zero when empty).
func (f *form) Date(field, label string, required bool) time.Time {
	v := f.Get(field)
	if v == "" {
		if required {
			f.Fail(field, "请填写"+label)
		}
		return time.Time{}
	}
	d, err := calendar.ParseDate(v)
	if err != nil {
		f.Fail(field, label+"格式不正确，应为 2026-09-01")
		return time.Time{}
	}
	return d
}

// ID is a positive integer field, such as a select of records.
func (f *form) ID(field, label string, required bool) int64 {
	v := f.Get(field)
	if v == "" {
		if required {
			f.Fail(field, "请选择"+label)
		}
		return 0
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		f.Fail(field, label+"无效，请重新选择")
		return 0
	}
	return id
}

// Int is an integer field within [lo, hi].
func (f *form) Int(field, label string, lo, hi int) int {
	v := f.Get(field)
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		f.Fail(field, label+"应为 "+strconv.Itoa(lo)+" 到 "+strconv.Itoa(hi)+" 之间的整数")
		return 0
	}
	return n
}

// Choice is a field whose value must be one of allowed.
func (f *form) Choice(field, label string, allowed ...string) string {
	v := f.Get(field)
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	f.Fail(field, "请选择"+label)
	return ""
}

// Bool is a checkbox.
func (f *form) Bool(field string) bool {
	switch f.Get(field) {
	case "on", "1", "true", "yes":
		return true
	}
	return false
}

// newFormToken is the one-time token a form carries (see store.ClaimFormToken).
func newFormToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// formToken reads and checks the token of a submitted form.
func (f *form) Token() string {
	t := f.Get("form_token")
	if len(t) != 32 || strings.Trim(t, "0123456789abcdef") != "" {
		f.Fail("form_token", "表单已过期，请刷新页面后重新提交")
		return ""
	}
	return t
}

// errReplay ends a transaction whose form was already submitted.
var errReplay = store.ErrReplay

// flash shows msg on the next page.
func (s *Server) flash(r *http.Request, msg string) {
	s.sessions.Put(r.Context(), sessFlash, msg)
}
