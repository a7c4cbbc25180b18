package server

import (
	"errors"
	"net/http"
	"strconv"

	"xietong/internal/auth"
	"xietong/internal/compliance"
	"xietong/internal/store"
	"xietong/web/components"
	"xietong/web/pages/org"
)

// leadershipGroup is the group of the route: the county's (/leadership) or a
// school's (/schools/{schoolID}/leadership), with the actions that guard it.
type leadershipGroup struct {
	school       *store.School
	view, manage auth.Action
	res          auth.Resource
	path         string
}

func (s *Server) routeGroup(w http.ResponseWriter, r *http.Request, write bool) (leadershipGroup, bool) {
	p := principal(r.Context())
	if chiParam(r, "schoolID") == "" {
		g := leadershipGroup{view: auth.ViewCountyLeadership, manage: auth.ManageCountyLeadership, path: "/leadership"}
		a := g.view
		if write {
			a = g.manage
		}
		if !auth.Can(p, a, auth.Resource{}) {
			s.deny(w, r, a, "leadership", 0)
			return g, false
		}
		return g, true
	}
	a := auth.ViewLeadership
	if write {
		a = auth.ManageLeadership
	}
	sc, _, ok := s.loadSchool(w, r, a)
	if !ok {
		return leadershipGroup{}, false
	}
	return leadershipGroup{school: sc, view: auth.ViewLeadership, manage: auth.ManageLeadership,
		res: auth.Resource{SchoolID: sc.ID}, path: schoolPath(sc.ID, "/leadership")}, true
}

func (s *Server) leadershipPage(w http.ResponseWriter, r *http.Request) {
	g, ok := s.routeGroup(w, r, false)
	if !ok {
		return
	}
	s.renderLeadership(w, r, g, nil, http.StatusOK)
}

func positionOptions() []components.Option {
	out := make([]components.Option, len(store.LeadershipPositions))
	for i, p := range store.LeadershipPositions {
		out[i] = components.Option{Value: p, Label: store.LeadershipPositionLabel(p)}
	}
	return out
}

func (s *Server) renderLeadership(w http.ResponseWriter, r *http.Request, g leadershipGroup, f *form, status int) {
	ctx := r.Context()
	p := principal(ctx)
	ci, err := s.county(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := org.LeadershipView{
		Action: g.path, CanEdit: auth.Can(p, g.manage, g.res), Token: newFormToken(),
		Errors: map[string]string{}, Values: map[string]string{}, Positions: positionOptions(),
	}
	var schoolID int64
	if g.school != nil {
		schoolID = g.school.ID
		v.Heading = g.school.Name + "学校家庭社会协同育人工作领导小组"
		v.Crumb, v.CrumbHref = g.school.Name, schoolPath(g.school.ID, "")
	} else {
		v.Heading = ci.name + "学校家庭社会协同育人工作领导小组"
	}
	if f != nil {
		v.Errors, v.Values = f.Errors, f.values("position", "user", "name", "title")
	}
	members, err := s.store.ListLeadership(ctx, p.CountyID, schoolID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var count store.LeadershipCount
	for _, m := range members {
		switch m.Position {
		case "leader":
			count.Leaders++
		case "deputy":
			count.Deputies++
		default:
			count.Members++
		}
		row := org.Member{Position: store.LeadershipPositionLabel(m.Position), Name: m.Name, Title: m.Title}
		if v.CanEdit {
			row.Remove = "/leadership/" + strconv.FormatInt(m.ID, 10) + "/remove"
		}
		v.Members = append(v.Members, row)
	}
	if v.School = g.school != nil; v.School {
		v.Problems = compliance.MechanismProblems(count.Leaders, count.Deputies, count.Members)
	}
	if v.CanEdit {
		staff, err := s.store.StaffOptions(ctx, p.CountyID, schoolID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for _, u := range staff {
			v.StaffOps = append(v.StaffOps, components.Option{Value: strconv.FormatInt(u.ID, 10), Label: u.DisplayName + "（" + u.Username + "）"})
		}
	}
	v.Chrome = s.chrome(r, "领导小组")
	s.render(w, r, status, org.Leadership(v))
}

func (s *Server) leadershipAdd(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	g, ok := s.routeGroup(w, r, true)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	token := f.Token()
	m := store.NewLeadershipMember{CountyID: p.CountyID}
	if g.school != nil {
		m.SchoolID = g.school.ID
	}
	m.Position = f.Choice("position", "在小组中的职务", store.LeadershipPositions...)
	m.UserID = f.ID("user", "账号", false)
	m.Name = f.Text("name", "姓名", m.UserID == 0, 40)
	if m.UserID == 0 && f.Errors["name"] != "" {
		f.Errors["name"] = "请选择账号或填写姓名"
	}
	m.Title = f.Text("title", "单位及职务", false, 80)
	if !f.Valid() {
		s.renderLeadership(w, r, g, f, http.StatusUnprocessableEntity)
		return
	}
	_, replayed, err := s.createOnce(w, r, token, func(tx *store.Store) (string, error) {
		id, err := tx.AddLeadershipMember(ctx, m)
		if err != nil {
			return "", err
		}
		ev := s.event(r, "leadership.add", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "leadership_member", &id
		ev.Details = map[string]any{"school_id": m.SchoolID, "position": m.Position}
		return g.path, tx.Audit(ctx, ev)
	})
	switch {
	case replayed:
		return
	case errors.Is(err, store.ErrNotFound):
		f.Fail("user", "账号无效，请重新选择")
		s.renderLeadership(w, r, g, f, http.StatusUnprocessableEntity)
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, g.path, "已添加成员。")
}

// leadershipRemove removes a member from whichever group it is in, if the
// user may edit that group. No loader: which action is asked depends on
// the member's group (a school's or the county's), known only once it is
// read, while a loader asks one action chosen by the route.
func (s *Server) leadershipRemove(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	id, ok := idParam(r, "memberID")
	if !auth.Allows(p.Active.Role, auth.ManageLeadership) && !auth.Allows(p.Active.Role, auth.ManageCountyLeadership) {
		s.deny(w, r, auth.ManageLeadership, "leadership_member", id)
		return
	}
	schoolID, err := s.store.LeadershipMemberSchool(ctx, p.CountyID, id)
	if !ok || errors.Is(err, store.ErrNotFound) {
		s.deny(w, r, auth.ManageLeadership, "leadership_member", id)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	a, back := auth.ManageLeadership, schoolPath(schoolID, "/leadership")
	if schoolID == 0 {
		a, back = auth.ManageCountyLeadership, "/leadership"
	}
	if !auth.Can(p, a, auth.Resource{SchoolID: schoolID}) {
		s.deny(w, r, a, "leadership_member", id)
		return
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.RemoveLeadershipMember(ctx, p.CountyID, schoolID, id); err != nil {
			return err
		}
		ev := s.event(r, "leadership.remove", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "leadership_member", &id
		ev.Details = map[string]any{"school_id": schoolID}
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
	s.done(w, r, back, "已移除成员。")
}
