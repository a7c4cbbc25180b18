package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"xietong/internal/auth"
	"xietong/internal/store"
	"xietong/web/components"
	"xietong/web/pages/org"
)

func userPath(id int64, suffix string) string { return "/users/" + strconv.FormatInt(id, 10) + suffix }

func (s *Server) userPage(w http.ResponseWriter, r *http.Request) {
	u, _, ok := s.loadUser(w, r, auth.ManageStaff)
	if !ok {
		return
	}
	s.renderUser(w, r, u, nil, http.StatusOK)
}

func (s *Server) renderUser(w http.ResponseWriter, r *http.Request, u *store.User, f *form, status int) {
	ctx := r.Context()
	p := principal(ctx)
	v := org.UserView{
		ID: u.ID, Username: u.Username, Name: u.DisplayName, Self: u.ID == p.UserID, Disabled: u.DisabledAt != nil,
		School: "县教育局", Status: "正常", Token: newFormToken(), Errors: map[string]string{}, Values: map[string]string{},
		RoleOps: roleOptions(p), OfficeOps: officeOptions(), TermName: s.termLabel(ctx, p.CountyID),
	}
	if u.Phone != nil {
		v.Phone = *u.Phone
	}
	if f != nil {
		v.Errors, v.Values = f.Errors, f.values("role", "office", "school")
	}
	switch {
	case u.DisabledAt != nil:
		v.Status = "已停用"
	case u.PasswordHash == nil:
		v.Status = "未设置密码，不能登录"
	case u.MustChangePassword:
		v.Status = "待首次登录修改密码"
	case u.Locked:
		v.Status = "因多次密码错误暂时锁定"
	}
	if u.SchoolID != 0 {
		sc, err := s.store.SchoolByID(ctx, u.SchoolID)
		if err == nil {
			v.School = sc.Name
		}
		v.Crumb, v.CrumbHref = v.School+" · 教职工账号", schoolPath(u.SchoolID, "/staff")
	} else {
		v.Crumb, v.CrumbHref = "账号管理", "/admin/users"
	}
	if auth.Can(p, auth.ManageStaff, auth.Resource{}) {
		schools, err := s.store.ActiveSchools(ctx, p.CountyID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for _, sc := range schools {
			v.SchoolOps = append(v.SchoolOps, components.Option{Value: strconv.FormatInt(sc.ID, 10), Label: sc.Name})
		}
		if v.Values["school"] == "" && u.SchoolID != 0 {
			v.Values["school"] = strconv.FormatInt(u.SchoolID, 10)
		}
	}
	// The one-time password is shown once: taken from the session here.
	if otp := s.sessions.GetString(ctx, sessOneTime); otp != "" {
		if id, pw, ok := strings.Cut(otp, ":"); ok && id == strconv.FormatInt(u.ID, 10) {
			s.sessions.Remove(ctx, sessOneTime)
			v.OneTime = pw
		}
	}
	roles, err := s.store.ListRoleAssignments(ctx, u.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, a := range roles {
		row := org.RoleRow{Label: a.Label()}
		if auth.Can(p, auth.AssignRole, auth.Resource{SchoolID: a.SchoolID, Grant: auth.Role(a.Role), OwnAccount: u.ID == p.UserID}) {
			row.Remove = userPath(u.ID, "/roles/"+strconv.FormatInt(a.ID, 10)+"/remove")
		}
		v.Roles = append(v.Roles, row)
	}
	duties, err := s.store.ListUserClassDuties(ctx, u.ID, s.currentTermID(ctx, p.CountyID))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, d := range duties {
		label := d.ClassName + " 班主任"
		if d.Duty == string(auth.SubjectTeacher) {
			label = d.ClassName + " " + d.Subject
		}
		v.Duties = append(v.Duties, label)
	}
	v.Chrome = s.chrome(r, u.DisplayName)
	s.render(w, r, status, org.User(v))
}

// userResetPassword gives the account a new one-time password, shown once,
// and ends its sessions.
func (s *Server) userResetPassword(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, _, ok := s.loadUser(w, r, auth.ManageStaff)
	if !ok {
		return
	}
	if u.ID == principal(ctx).UserID {
		http.Redirect(w, r, "/password", http.StatusSeeOther)
		return
	}
	plain, err := auth.OneTimePassword()
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	hash, err := auth.HashPassword(ctx, plain)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SetPassword(ctx, u.ID, hash, true); err != nil {
			return err
		}
		if err := tx.EndUserSessions(ctx, u.ID, ""); err != nil {
			return err
		}
		ev := s.event(r, "user.password_reset", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "user", &u.ID
		return tx.Audit(ctx, ev)
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessOneTime, strconv.FormatInt(u.ID, 10)+":"+plain)
	s.done(w, r, userPath(u.ID, ""), "已重置密码。")
}

func (s *Server) userDisable(w http.ResponseWriter, r *http.Request) { s.userSetDisabled(w, r, true) }
func (s *Server) userEnable(w http.ResponseWriter, r *http.Request)  { s.userSetDisabled(w, r, false) }

// userSetDisabled disables an account (ending its sessions at once) or
// enables it again. Nobody disables their own account.
func (s *Server) userSetDisabled(w http.ResponseWriter, r *http.Request, disabled bool) {
	ctx := r.Context()
	u, _, ok := s.loadUser(w, r, auth.ManageStaff)
	if !ok {
		return
	}
	if u.ID == principal(ctx).UserID {
		s.renderErrorMessage(w, r, http.StatusUnprocessableEntity, "不能停用自己的账号", "请让其他管理员操作。")
		return
	}
	action, msg := "user.disable", "已停用“"+u.DisplayName+"”，其登录已立即结束。"
	if !disabled {
		action, msg = "user.enable", "已启用“"+u.DisplayName+"”。"
	}
	err := s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SetUserDisabled(ctx, u.ID, disabled); err != nil {
			return err
		}
		ev := s.event(r, action, store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "user", &u.ID
		return tx.Audit(ctx, ev)
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, userPath(u.ID, ""), msg)
}

// userAssignRole gives the account a school or county role. A school office
// gives roles in its own school only.
func (s *Server) userAssignRole(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	u, _, ok := s.loadUser(w, r, auth.ManageStaff)
	if !ok || s.refuseOwnRoles(w, r, u) {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	token := f.Token()
	role, office := s.readRole(f, roleOptions(p))
	if f.Get("role") == "" {
		f.Fail("role", "请选择角色")
	}
	schoolID := u.SchoolID
	if role != "" && !role.County() && auth.Can(p, auth.ManageStaff, auth.Resource{}) {
		schoolID = f.ID("school", "学校", true)
	}
	if role.County() {
		schoolID = 0
	}
	if role != "" && !role.County() && schoolID == 0 {
		f.Fail("school", "请选择学校")
	}
	if role != "" && !auth.Can(p, auth.AssignRole, auth.Resource{SchoolID: schoolID, Grant: role, OwnAccount: u.ID == p.UserID}) {
		f.Fail("role", "无权分配这个角色")
	}
	if !f.Valid() {
		s.renderUser(w, r, u, f, http.StatusUnprocessableEntity)
		return
	}
	loc, replayed, err := s.createOnce(w, r, token, func(tx *store.Store) (string, error) {
		if schoolID != 0 {
			sc, err := tx.SchoolByID(ctx, schoolID)
			if err != nil || sc.CountyID != p.CountyID {
				return "", store.ErrNotFound
			}
		}
		id, err := tx.AssignRole(ctx, u.ID, role, schoolID, office)
		if err != nil {
			return "", err
		}
		ev := s.event(r, "user.assign", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "role_assignment", &id
		ev.Details = map[string]any{"user_id": u.ID, "role": string(role), "school_id": schoolID}
		return userPath(u.ID, ""), tx.Audit(ctx, ev)
	})
	switch {
	case replayed:
		return
	case errors.Is(err, store.ErrConflict):
		f.Fail("role", "该账号已有这个角色")
		s.renderUser(w, r, u, f, http.StatusUnprocessableEntity)
		return
	case errors.Is(err, store.ErrNotFound):
		f.Fail("school", "学校无效，请重新选择")
		s.renderUser(w, r, u, f, http.StatusUnprocessableEntity)
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, loc, "已分配角色，对方下次打开页面即生效。")
}

// refuseOwnRoles answers 403 (and audits the refusal) when u is the
// signed-in user's own account: nobody gives or takes their own roles
// (auth.AssignRole).
func (s *Server) refuseOwnRoles(w http.ResponseWriter, r *http.Request, u *store.User) bool {
	if u.ID != principal(r.Context()).UserID {
		return false
	}
	s.auditDenied(r, auth.AssignRole, "user", u.ID)
	s.renderErrorMessage(w, r, http.StatusForbidden, "不能给自己分配或取消角色", "角色须由其他管理人员分配。")
	return true
}

func (s *Server) userRemoveRole(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	u, _, ok := s.loadUser(w, r, auth.ManageStaff)
	if !ok || s.refuseOwnRoles(w, r, u) {
		return
	}
	aid, ok := idParam(r, "assignmentID")
	if !ok {
		s.notFound(w, r)
		return
	}
	roles, err := s.store.ListRoleAssignments(ctx, u.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var found *store.RoleAssignmentRow
	for i := range roles {
		if roles[i].ID == aid {
			found = &roles[i]
		}
	}
	if found == nil || !auth.Can(p, auth.AssignRole, auth.Resource{SchoolID: found.SchoolID, Grant: auth.Role(found.Role), OwnAccount: u.ID == p.UserID}) {
		s.deny(w, r, auth.AssignRole, "role_assignment", aid)
		return
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.RemoveRoleAssignment(ctx, u.ID, aid); err != nil {
			return err
		}
		ev := s.event(r, "user.unassign", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "role_assignment", &aid
		ev.Details = map[string]any{"user_id": u.ID, "role": found.Role}
		return tx.Audit(ctx, ev)
	})
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, userPath(u.ID, ""), "已取消角色。")
}
