package server

import (
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/store"
	"xietong/web/components"
	"xietong/web/pages/org"
)

// Session key of a one-time password waiting to be shown once.
const sessOneTime = "otp"

var (
	usernameRe = regexp.MustCompile(`^[A-Za-z0-9_.-]{2,40}$`)
	phoneRe    = regexp.MustCompile(`^[0-9+-]{5,20}$`)
)

func officeOptions() []components.Option {
	out := make([]components.Option, len(auth.Offices))
	for i, o := range auth.Offices {
		out[i] = components.Option{Value: string(o), Label: o.Label()}
	}
	return out
}

// roleOptions are the roles the viewer may give: a school office gives its
// school's roles, the administrator any.
func roleOptions(p *auth.Principal) []components.Option {
	var out []components.Option
	admin := auth.Can(p, auth.ManageStaff, auth.Resource{})
	for _, r := range auth.Roles {
		if r.Teacher() {
			continue // class duties are set on the class page, per term
		}
		if !admin && !auth.Can(p, auth.AssignRole, auth.Resource{SchoolID: p.Active.SchoolID, Grant: r}) {
			continue
		}
		out = append(out, components.Option{Value: string(r), Label: r.Label()})
	}
	return out
}

func roleLabels(codes []string) string {
	var out []string
	for _, c := range codes {
		role, office, _ := strings.Cut(c, ":")
		if office != "" {
			out = append(out, auth.Office(office).Label())
		} else {
			out = append(out, auth.Role(role).Label())
		}
	}
	return strings.Join(out, "、")
}

// staffList lists the accounts a school manages (schoolID > 0) or, for the
// administrator, every account of the county.
func (s *Server) staffList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	var sc *store.School
	if chiParam(r, "schoolID") != "" {
		var ok bool
		if sc, _, ok = s.loadSchool(w, r, auth.ManageStaff); !ok {
			return
		}
	} else if !auth.Can(p, auth.ManageStaff, auth.Resource{}) {
		s.deny(w, r, auth.ManageStaff, "user", 0)
		return
	}
	l := parseList(r, 30, "name", "username", "school", "login")
	f := store.StaffFilter{CountyID: p.CountyID, Q: l.Q, Sort: l.Sort, Desc: l.Desc, Offset: l.Offset(), Limit: l.PerPage}
	v := org.StaffListView{
		Name: l.Header("姓名", "name", false), Username: l.Header("用户名", "username", false),
		School: l.Header("所属", "school", false), Login: l.Header("最近登录", "login", false), Q: l.Q,
	}
	if sc != nil {
		f.SchoolID = sc.ID
		v.Heading, v.Crumb, v.CrumbHref = sc.Name+" · 教职工账号", sc.Name, schoolPath(sc.ID, "")
		v.Action, v.NewHref = schoolPath(sc.ID, "/staff"), schoolPath(sc.ID, "/staff/new")
		if auth.Can(p, auth.ImportRoster, auth.Resource{SchoolID: sc.ID}) {
			v.ImportHref = schoolPath(sc.ID, "/import/staff")
		}
	} else {
		v.Heading, v.Action, v.NewHref, v.ShowSchool = "账号管理", "/admin/users", "/admin/users/new", true
	}
	rows, total, err := s.store.ListStaff(ctx, f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v.Chrome, v.Pager = s.chrome(r, v.Heading), l.Pager(total)
	for _, u := range rows {
		status := "从未登录"
		switch {
		case u.Disabled:
			status = "已停用"
		case u.LastLoginAt != nil:
			status = calendar.DateLabel(u.LastLoginAt.In(calendar.Shanghai))
		}
		school := u.SchoolName
		if school == "" {
			school = "县教育局"
		}
		v.Rows = append(v.Rows, org.StaffRow{ID: u.ID, Username: u.Username, Name: u.DisplayName, School: school,
			Roles: roleLabels(u.Roles), Status: status})
	}
	s.render(w, r, http.StatusOK, org.StaffList(v))
}

// staffFormView is the empty or failed account form of a school (sc) or of
// the county (sc nil).
func (s *Server) staffFormView(r *http.Request, sc *store.School) org.StaffFormView {
	p := principal(r.Context())
	v := org.StaffFormView{Roles: roleOptions(p), Offices: officeOptions(), Errors: map[string]string{}, Values: map[string]string{}}
	if sc != nil {
		v.Heading, v.Crumb, v.CrumbHref, v.Action = sc.Name+" · 新建账号", sc.Name+" · 教职工账号", schoolPath(sc.ID, "/staff"), schoolPath(sc.ID, "/staff")
		var school []components.Option
		for _, o := range v.Roles {
			if !auth.Role(o.Value).County() {
				school = append(school, o)
			}
		}
		v.Roles = school
	} else {
		v.Heading, v.Crumb, v.CrumbHref, v.Action = "新建县级账号", "账号管理", "/admin/users", "/admin/users"
		var county []components.Option
		for _, o := range v.Roles {
			if auth.Role(o.Value).County() {
				county = append(county, o)
			}
		}
		v.Roles = county
	}
	v.Chrome = s.chrome(r, v.Heading)
	return v
}

func (s *Server) staffScope(w http.ResponseWriter, r *http.Request) (*store.School, bool) {
	p := principal(r.Context())
	if chiParam(r, "schoolID") != "" {
		sc, _, ok := s.loadSchool(w, r, auth.ManageStaff)
		return sc, ok
	}
	if !auth.Can(p, auth.ManageStaff, auth.Resource{}) {
		s.deny(w, r, auth.ManageStaff, "user", 0)
		return nil, false
	}
	return nil, true
}

func (s *Server) staffNewForm(w http.ResponseWriter, r *http.Request) {
	sc, ok := s.staffScope(w, r)
	if !ok {
		return
	}
	v := s.staffFormView(r, sc)
	v.Token = newFormToken()
	s.render(w, r, http.StatusOK, org.StaffForm(v))
}

// staffCreate creates an account with a one-time password, shown once on
// the account's page; the user must replace it at first sign-in.
func (s *Server) staffCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	sc, ok := s.staffScope(w, r)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	token := f.Token()
	nu := store.NewUser{CountyID: p.CountyID, MustChangePassword: true}
	if sc != nil {
		nu.SchoolID = sc.ID
	}
	nu.Username = f.Text("username", "用户名", true, 40)
	if nu.Username != "" && f.Errors["username"] == "" && !usernameRe.MatchString(nu.Username) {
		f.Fail("username", "用户名只能包含字母、数字、点、下划线或连字符，2–40 位")
	}
	nu.DisplayName = f.Text("display_name", "姓名", true, 40)
	nu.Phone = f.Text("phone", "手机号", false, 20)
	if nu.Phone != "" && !phoneRe.MatchString(nu.Phone) {
		f.Fail("phone", "手机号格式不正确")
	}
	v := s.staffFormView(r, sc)
	role, office := s.readRole(f, v.Roles)
	again := func() {
		v.Errors, v.Values, v.Token = f.Errors, f.values("username", "display_name", "phone", "role", "office"), token
		if token == "" {
			v.Token = newFormToken()
		}
		s.render(w, r, http.StatusUnprocessableEntity, org.StaffForm(v))
	}
	if !f.Valid() {
		again()
		return
	}
	plain, err := auth.OneTimePassword()
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if nu.PasswordHash, err = auth.HashPassword(ctx, plain); err != nil {
		s.serverError(w, r, err)
		return
	}
	var id int64
	_, replayed, err := s.createOnce(w, r, token, func(tx *store.Store) (string, error) {
		var err error
		if id, err = tx.CreateUser(ctx, nu); err != nil {
			return "", err
		}
		if role != "" {
			if _, err := tx.AssignRole(ctx, id, role, nu.SchoolID, office); err != nil {
				return "", err
			}
		}
		ev := s.event(r, "user.create", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "user", &id
		ev.Details = map[string]any{"school_id": nu.SchoolID, "role": string(role)}
		return "/users/" + strconv.FormatInt(id, 10), tx.Audit(ctx, ev)
	})
	switch {
	case replayed:
		return
	case errors.Is(err, store.ErrConflict):
		f.Fail("username", "用户名已被使用，请换一个")
		again()
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessOneTime, strconv.FormatInt(id, 10)+":"+plain)
	s.done(w, r, "/users/"+strconv.FormatInt(id, 10), "已创建账号“"+nu.DisplayName+"”。")
}

// readRole reads an optional role (and office) among the allowed options.
func (s *Server) readRole(f *form, allowed []components.Option) (auth.Role, auth.Office) {
	v := f.Get("role")
	if v == "" {
		return "", ""
	}
	ok := false
	for _, o := range allowed {
		ok = ok || o.Value == v
	}
	if !ok {
		f.Fail("role", "请选择角色")
		return "", ""
	}
	role := auth.Role(v)
	var office auth.Office
	if role == auth.SchoolOffice {
		office = auth.Office(f.Get("office"))
		if !office.Valid() {
			f.Fail("office", "请选择科室")
		}
	}
	return role, office
}

func chiParam(r *http.Request, name string) string { return chi.URLParam(r, name) }
