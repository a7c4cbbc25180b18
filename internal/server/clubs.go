package server

import (
	"context"
	"net/http"
	"strconv"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/store"
	"xietong/web/pages/activities"
)

// clubRoute reads a club of the user's county: a school's staff only their
// own school's (their assignment's school in the WHERE), county roles any
// school's. Its sessions are counted in the current term.
var clubRoute = loader[store.Club]{
	param: "clubID", objType: "club",
	get: func(ctx context.Context, s *Server, p *auth.Principal, id int64) (*store.Club, error) {
		return s.store.GetClub(ctx, p.CountyID, p.Active.SchoolID, s.currentTermID(ctx, p.CountyID), id)
	},
	resource: func(_ *Server, _ *auth.Principal, c *store.Club) auth.Resource {
		return auth.Resource{SchoolID: c.SchoolID}
	},
}

// loadClub loads the {clubID} of the route for action a.
func (s *Server) loadClub(w http.ResponseWriter, r *http.Request, a auth.Action) (*store.Club, bool) {
	c, _, ok := load(s, w, r, clubRoute, auth.ViewActivities, a)
	return c, ok
}

func clubPath(id int64) string { return "/clubs/" + strconv.FormatInt(id, 10) }

// clubList is a school's clubs (R20) with their sessions this term; county
// roles see a school's with ?school=, or every school's.
func (s *Server) clubList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !s.mayViewActivities(w, r, p) {
		return
	}
	schoolID := p.Active.SchoolID
	if p.Active.Role.County() {
		schoolID, _ = strconv.ParseInt(r.URL.Query().Get("school"), 10, 64)
	}
	rows, err := s.store.ListClubs(ctx, p.CountyID, schoolID, s.currentTermID(ctx, p.CountyID))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := activities.ClubsView{Term: s.termLabel(ctx, p.CountyID), County: schoolID == 0}
	if schoolID != 0 {
		if sc, err := schoolInCounty(ctx, s, p, schoolID); err == nil {
			v.Heading = sc.Name
		}
	} else {
		v.Heading = "全县"
	}
	if auth.Can(p, auth.RecordActivity, auth.Resource{SchoolID: p.Active.SchoolID}) {
		v.NewHref = "/clubs/new"
	}
	for _, c := range rows {
		row := activities.ClubRow{Href: clubPath(c.ID), Name: c.Name, School: c.SchoolName, Advisor: c.Advisor,
			Members: clubMembers(&c), Sessions: c.Sessions, Active: c.Active}
		if c.LastSession != nil {
			row.Last = calendar.DateLabel(*c.LastSession)
		}
		v.Rows = append(v.Rows, row)
	}
	v.Chrome = s.chrome(r, "学生社团")
	s.render(w, r, http.StatusOK, activities.Clubs(v))
}

func clubMembers(c *store.Club) string {
	if c.MemberCount == nil {
		return c.Members
	}
	if c.Members == "" {
		return strconv.Itoa(*c.MemberCount) + " 人"
	}
	return c.Members + "，" + strconv.Itoa(*c.MemberCount) + " 人"
}

func (s *Server) clubShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	c, ok := s.loadClub(w, r, auth.ViewActivities)
	if !ok {
		return
	}
	sessions, _, err := s.store.ListActivities(ctx, store.ActivityFilter{CountyID: p.CountyID, SchoolID: c.SchoolID,
		ClubID: c.ID, Desc: true, Limit: 200})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := activities.ClubView{Name: c.Name, School: c.SchoolName, Advisor: c.Advisor, Members: c.Members,
		Description: c.Description, Active: c.Active}
	if c.MemberCount != nil {
		v.Count = strconv.Itoa(*c.MemberCount) + " 人"
	}
	for _, a := range sessions {
		v.Sessions = append(v.Sessions, activityRow(a))
	}
	if auth.Can(p, auth.RecordActivity, auth.Resource{SchoolID: c.SchoolID}) {
		v.EditHref = clubPath(c.ID) + "/edit"
		if c.Active {
			v.RecordHref = "/activities/new?kind=club&club=" + itoa(c.ID)
		}
	}
	v.Chrome = s.chrome(r, c.Name)
	s.render(w, r, http.StatusOK, activities.Club(v))
}

var clubFields = []string{"name", "advisor", "members", "member_count", "description", "stopped"}

func readClub(f *form) store.ClubFields {
	var c store.ClubFields
	c.Name = f.Text("name", "社团名称", true, 40)
	c.Advisor = f.Text("advisor", "指导教师", false, 40)
	c.Members = f.Text("members", "成员", false, 200)
	if f.Get("member_count") != "" {
		n := f.Int("member_count", "成员人数", 0, 10000)
		c.MemberCount = &n
	}
	c.Description = f.Text("description", "社团简介", false, 1000)
	c.Active = !f.Bool("stopped")
	return c
}

func (s *Server) renderClubForm(w http.ResponseWriter, r *http.Request, status int, v activities.ClubFormView) {
	v.Chrome = s.chrome(r, v.Heading)
	s.render(w, r, status, activities.ClubForm(v))
}

func (s *Server) clubNewForm(w http.ResponseWriter, r *http.Request) {
	if !s.mayRecordActivity(w, r, principal(r.Context())) {
		return
	}
	s.renderClubForm(w, r, http.StatusOK, activities.ClubFormView{Heading: "新增社团", Action: "/clubs", Cancel: "/clubs",
		Token: newFormToken(), Errors: map[string]string{}, Values: map[string]string{}})
}

func (s *Server) clubCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !s.mayRecordActivity(w, r, p) {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	token := f.Token()
	in := readClub(f)
	again := func() {
		if token == "" {
			token = newFormToken()
		}
		s.renderClubForm(w, r, http.StatusUnprocessableEntity, activities.ClubFormView{Heading: "新增社团", Action: "/clubs",
			Cancel: "/clubs", Token: token, Errors: f.Errors, Values: f.values(clubFields...)})
	}
	if !f.Valid() {
		again()
		return
	}
	loc, replayed, err := s.createOnce(w, r, token, func(tx *store.Store) (string, error) {
		id, err := tx.CreateClub(ctx, p.Active.SchoolID, in)
		if err != nil {
			return "", err
		}
		ev := s.event(r, "club.create", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "club", &id
		return clubPath(id), tx.Audit(ctx, ev)
	})
	switch {
	case replayed:
		return
	case store.ClubNameTaken(err):
		f.Fail("name", "本校已有同名社团")
		again()
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, loc, "已新增社团“"+in.Name+"”")
}

func storedClubValues(c *store.Club) map[string]string {
	v := map[string]string{"name": c.Name, "advisor": c.Advisor, "members": c.Members, "description": c.Description}
	if c.MemberCount != nil {
		v["member_count"] = strconv.Itoa(*c.MemberCount)
	}
	if !c.Active {
		v["stopped"] = "on"
	}
	return v
}

func (s *Server) clubEditForm(w http.ResponseWriter, r *http.Request) {
	c, ok := s.loadClub(w, r, auth.RecordActivity)
	if !ok {
		return
	}
	s.renderClubForm(w, r, http.StatusOK, activities.ClubFormView{Heading: "编辑社团", Action: clubPath(c.ID),
		Cancel: clubPath(c.ID), Edit: true, Errors: map[string]string{}, Values: storedClubValues(c)})
}

func (s *Server) clubUpdate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, ok := s.loadClub(w, r, auth.RecordActivity)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	in := readClub(f)
	again := func() {
		s.renderClubForm(w, r, http.StatusUnprocessableEntity, activities.ClubFormView{Heading: "编辑社团", Action: clubPath(c.ID),
			Cancel: clubPath(c.ID), Edit: true, Errors: f.Errors, Values: f.values(clubFields...)})
	}
	if !f.Valid() {
		again()
		return
	}
	err := s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.UpdateClub(ctx, c.SchoolID, c.ID, in); err != nil {
			return err
		}
		ev := s.event(r, "club.update", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "club", &c.ID
		return tx.Audit(ctx, ev)
	})
	switch {
	case store.ClubNameTaken(err):
		f.Fail("name", "本校已有同名社团")
		again()
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, clubPath(c.ID), "社团已保存")
}
