package server

import (
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"xietong/internal/auth"
	"xietong/internal/store"
	authpages "xietong/web/pages/auth"
)

// loginFailed is the one message for every failed sign-in: it never says
// whether the username exists or the account is locked.
const loginFailed = "用户名或密码错误。连续输错 5 次，账号将被锁定 15 分钟。"

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	if principal(r.Context()) != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	v := authpages.LoginView{Chrome: s.chrome(r, "登录")}
	s.render(w, r, http.StatusOK, authpages.Login(v))
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest)
		return
	}
	// Cleaned before anything else, so that the attempt is audited and
	// never reaches the database as text it refuses (cleanText).
	username, uok := cleanText(strings.TrimSpace(r.PostForm.Get("username")))
	password, pok := cleanText(r.PostForm.Get("password"))
	fail := func(msg string) {
		v := authpages.LoginView{Chrome: s.chrome(r, "登录"), Username: username, Error: msg}
		s.render(w, r, http.StatusUnauthorized, authpages.Login(v))
	}
	if username == "" || password == "" {
		fail("请输入用户名和密码。")
		return
	}
	// The audit row names what was typed, truncated: a password typed into
	// the username box must not be stored whole.
	typed := username
	if utf8.RuneCountInString(typed) > 40 {
		typed = string([]rune(typed)[:40])
	}
	failEvent := func(userID int64, reason string) store.AuditEvent {
		ev := s.event(r, "login", store.ResultFailure)
		ev.ActorName = typed
		if userID != 0 {
			ev.ActorUserID = &userID
		}
		ev.Details = map[string]any{"reason": reason}
		return ev
	}

	if !uok || !pok {
		auth.BurnTime(ctx, password)
		s.audit(r, failEvent(0, "bad_characters"))
		fail("用户名或密码中含有无法识别的字符，请重新输入。")
		return
	}
	u, err := s.store.UserByUsername(ctx, username)
	switch {
	case errors.Is(err, store.ErrNotFound):
		auth.BurnTime(ctx, password)
		s.audit(r, failEvent(0, "unknown_user"))
		fail(loginFailed)
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	var reason string
	switch {
	case u.DisabledAt != nil:
		reason = "disabled"
	case u.Locked:
		reason = "locked"
	case u.PasswordHash == nil:
		reason = "no_password"
	}
	if reason != "" {
		auth.BurnTime(ctx, password)
		s.audit(r, failEvent(u.ID, reason))
		fail(loginFailed)
		return
	}
	needsRehash, err := auth.VerifyPassword(ctx, password, *u.PasswordHash)
	if errors.Is(err, auth.ErrMismatch) {
		err = s.store.InTx(ctx, func(tx *store.Store) error {
			locked, err := tx.RecordLoginFailure(ctx, u.ID)
			if err != nil {
				return err
			}
			ev := failEvent(u.ID, "bad_password")
			ev.Details["locked"] = locked
			return tx.Audit(ctx, ev)
		})
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		fail(loginFailed)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}

	// Success. A new token defeats session fixation.
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessUserID, u.ID)
	s.sessions.Remove(ctx, sessAssignKey)
	token := s.sessions.Token(ctx)
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if needsRehash {
			h, err := auth.HashPassword(ctx, password)
			if err != nil {
				return err
			}
			if err := tx.SetPassword(ctx, u.ID, h, u.MustChangePassword); err != nil {
				return err
			}
		}
		if err := tx.RecordLoginSuccess(ctx, u.ID); err != nil {
			return err
		}
		if err := tx.BindSession(ctx, u.ID, token); err != nil {
			return err
		}
		ev := s.event(r, "login", store.ResultSuccess)
		uid := u.ID
		ev.ActorUserID, ev.ActorName = &uid, u.Username
		return tx.Audit(ctx, ev)
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if u.MustChangePassword {
		http.Redirect(w, r, "/password", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if p := principal(ctx); p != nil {
		s.audit(r, s.event(r, "logout", store.ResultSuccess))
	}
	if err := s.sessions.Destroy(ctx); err != nil {
		s.serverError(w, r, err)
		return
	}
	// Ask the browser to drop anything cached from the signed-in pages.
	w.Header().Set("Clear-Site-Data", `"cache", "storage"`)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
