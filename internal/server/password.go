package server

import (
	"errors"
	"net/http"

	"xietong/internal/auth"
	"xietong/internal/store"
	authpages "xietong/web/pages/auth"
)

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) {
	p := principal(r.Context())
	v := authpages.PasswordView{Chrome: s.chrome(r, "修改密码"), Forced: p.MustChangePassword}
	s.render(w, r, http.StatusOK, authpages.ChangePassword(v))
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest)
		return
	}
	current, next, confirm := r.PostForm.Get("current"), r.PostForm.Get("new"), r.PostForm.Get("confirm")
	errs := map[string]string{}
	u, err := s.store.UserByID(ctx, p.UserID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if current == "" {
		errs["current"] = "请输入当前密码"
	} else if u.PasswordHash == nil {
		errs["current"] = "当前密码不正确"
	} else if _, err := auth.VerifyPassword(ctx, current, *u.PasswordHash); errors.Is(err, auth.ErrMismatch) {
		errs["current"] = "当前密码不正确"
	} else if err != nil {
		s.serverError(w, r, err)
		return
	}
	if msg := auth.CheckPasswordPolicy(next, u.Username); msg != "" {
		errs["new"] = msg
	} else if next == current {
		errs["new"] = "新密码不能与当前密码相同"
	}
	if confirm != next {
		errs["confirm"] = "两次输入的新密码不一致"
	}
	if len(errs) > 0 {
		// Passwords are never echoed back into the form.
		v := authpages.PasswordView{Chrome: s.chrome(r, "修改密码"), Forced: p.MustChangePassword, Errors: errs}
		s.render(w, r, http.StatusUnprocessableEntity, authpages.ChangePassword(v))
		return
	}
	hash, err := auth.HashPassword(ctx, next)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.serverError(w, r, err)
		return
	}
	token := s.sessions.Token(ctx)
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SetPassword(ctx, p.UserID, hash, false); err != nil {
			return err
		}
		// Every other session of this user ends: a changed password must
		// lock out whoever knew the old one.
		if err := tx.EndUserSessions(ctx, p.UserID, ""); err != nil {
			return err
		}
		if err := tx.BindSession(ctx, p.UserID, token); err != nil {
			return err
		}
		ev := s.event(r, "password.change", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "user", &p.UserID
		return tx.Audit(ctx, ev)
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessFlash, "密码已修改。")
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
