package server

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/httprate"
	qrcode "github.com/skip2/go-qrcode"

	"xietong/internal/calendar"
	"xietong/internal/parents"
	"xietong/internal/store"
	"xietong/web/layout"
	"xietong/web/pages/pmeetings"
)

// The parents' link of a meeting (/p/{token}): no sign-in, no personal data
// asked, text only. What guards it: the token (16 random bytes) is the only
// way in, a wrong one is 404; a phone keeps a random cookie and sends at
// most parents.MaxOpinionsPerDevice opinions per meeting (only its hash is
// stored); each client address is rate-limited (OpinionsPerMinute); the
// form's one-time token makes a double tap one opinion; the app's
// cross-origin protection refuses a post from another site; and nothing a
// parent sends is shown to anyone but the school office until it is
// accepted.

func (s *Server) parentLinkPath(token string) string { return "/p/" + token }

// parentLink is the absolute link of a meeting for its QR code, on the host
// the office reached the app by.
func (s *Server) parentLink(r *http.Request, token string) string {
	scheme := "http"
	if r.TLS != nil || s.cfg.SessionSecure {
		scheme = "https"
	}
	return scheme + "://" + r.Host + s.parentLinkPath(token)
}

// qrDataURL is link's QR code as a data: PNG URL ("" if it cannot be made).
func qrDataURL(link string) string {
	png, err := qrcode.Encode(link, qrcode.Medium, 256)
	if err != nil {
		return ""
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(png)
}

// validLinkToken: what newLinkToken makes, before any database read.
func validLinkToken(t string) bool {
	if len(t) < 22 || len(t) > 64 {
		return false
	}
	return strings.Trim(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == ""
}

func (s *Server) deviceCookieName() string {
	if s.cfg.SessionSecure {
		return "__Host-xietong_device"
	}
	return "xietong_device"
}

// device is the hash of the phone's device cookie, set when it has none.
func (s *Server) device(w http.ResponseWriter, r *http.Request) string {
	name := s.deviceCookieName()
	val := ""
	if c, err := r.Cookie(name); err == nil && len(c.Value) == 32 && strings.Trim(c.Value, "0123456789abcdef") == "" {
		val = c.Value
	} else {
		var b [16]byte
		_, _ = rand.Read(b[:])
		val = hex.EncodeToString(b[:])
		http.SetCookie(w, &http.Cookie{Name: name, Value: val, Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()),
			HttpOnly: true, Secure: s.cfg.SessionSecure, SameSite: http.SameSiteLaxMode})
	}
	sum := sha256.Sum256([]byte("xietong-device:" + val))
	return hex.EncodeToString(sum[:16])
}

// opinionRateLimit limits parents' opinion posts per client address.
func (s *Server) opinionRateLimit() func(http.Handler) http.Handler {
	return httprate.LimitBy(s.cfg.OpinionsPerMinute, time.Minute,
		func(r *http.Request) (string, error) { return httprate.CanonicalizeIP(s.clientIP(r)), nil },
		httprate.WithLimitHandler(func(w http.ResponseWriter, r *http.Request) {
			s.renderErrorMessage(w, r, http.StatusTooManyRequests, "提交太频繁", "提交太频繁，请稍后再试。")
		}))
}

// linkMeeting reads the meeting of the route's token; a malformed or
// unknown token is 404.
func (s *Server) linkMeeting(w http.ResponseWriter, r *http.Request) (*store.ParentMeeting, bool) {
	token := chi.URLParam(r, "token")
	if !validLinkToken(token) {
		s.notFound(w, r)
		return nil, false
	}
	m, err := s.store.ParentMeetingByToken(r.Context(), token)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return nil, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return nil, false
	}
	return m, true
}

func (s *Server) parentLinkPage(w http.ResponseWriter, r *http.Request) {
	m, ok := s.linkMeeting(w, r)
	if !ok {
		return
	}
	s.renderParentLink(w, r, m, s.device(w, r), "", "", r.URL.Query().Get("sent") == "1", http.StatusOK)
}

func (s *Server) renderParentLink(w http.ResponseWriter, r *http.Request, m *store.ParentMeeting, dev, text, msg string, sent bool, status int) {
	ctx := r.Context()
	n, err := s.store.DeviceOpinions(ctx, m.ID, dev)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	pub, err := s.store.PublishedOpinions(ctx, m.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := pmeetings.ParentView{Chrome: layout.Chrome{Title: "家长意见建议"}, SchoolName: m.SchoolName,
		Title: calendar.DateLabel(m.HeldOn) + " " + meetingScopeLabel(m) + "家长会", Topic: m.Topic,
		Action: s.parentLinkPath(m.LinkToken), Token: newFormToken(), Text: text, Error: msg, Sent: sent,
		Max: parents.MaxOpinionRunes}
	if ok, limit := parents.DeviceMaySend(n); !ok {
		v.Limit = limit
	}
	for _, o := range pub {
		v.Published = append(v.Published, pmeetings.PublishedOpinion{Category: parents.OpinionCategories.Label(o.Category), Body: o.Body, Response: o.Response})
	}
	s.render(w, r, status, pmeetings.Parent(v))
}

// parentLinkSend takes a parent's opinion: checked (a Chinese message that
// keeps the text), at most a few per phone, once per form; it waits hidden
// until the office accepts it.
func (s *Server) parentLinkSend(w http.ResponseWriter, r *http.Request) {
	m, ok := s.linkMeeting(w, r)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	text := f.Values.Get("body")
	token := f.Token()
	msg := parents.ValidateOpinionText(text)
	if f.Errors["body"] != "" {
		msg = f.Errors["body"]
	}
	if msg == "" && token == "" {
		msg = f.Errors["form_token"]
	}
	dev := s.device(w, r)
	if msg != "" {
		s.renderParentLink(w, r, m, dev, text, msg, false, http.StatusUnprocessableEntity)
		return
	}
	_, err := s.store.AddParentOpinion(r.Context(), m.ID, strings.TrimSpace(text), dev, token)
	switch {
	case errors.Is(err, store.ErrReplay):
	case errors.Is(err, store.ErrDeviceLimit):
		_, limit := parents.DeviceMaySend(parents.MaxOpinionsPerDevice)
		s.renderParentLink(w, r, m, dev, text, limit, false, http.StatusTooManyRequests)
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, s.parentLinkPath(m.LinkToken)+"?sent=1", http.StatusSeeOther)
}
