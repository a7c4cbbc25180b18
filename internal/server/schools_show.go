package server

import (
	"errors"
	"fmt"
	"net/http"

	"xietong/internal/auth"
	"xietong/internal/store"
	"xietong/web/layout"
	"xietong/web/pages/home"
)

func (s *Server) countyPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !auth.Can(p, auth.ViewCountyOverview, auth.Resource{}) {
		s.deny(w, r, auth.ViewCountyOverview, "county", p.CountyID)
		return
	}
	rows, err := s.store.ListSchoolSummaries(ctx, p.CountyID, s.currentTermID(ctx, p.CountyID))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	ci, err := s.county(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := home.CountyView{Chrome: s.chrome(r, "全县学校"), CountyName: ci.name, TermLabel: s.termLabel(ctx, p.CountyID)}
	for _, sc := range rows {
		v.Schools = append(v.Schools, home.SchoolRow{
			ID: sc.ID, Code: sc.Code, Name: sc.Name, Stage: store.StageLabel(sc.Stage), Township: sc.Township,
			Rural: sc.Rural, Classes: sc.Classes, Students: sc.Students,
		})
		v.TotalClass += sc.Classes
		v.TotalPupils += sc.Students
	}
	s.render(w, r, http.StatusOK, home.County(v))
}

// schoolShow is the drill-down from the county to one school.
func (s *Server) schoolShow(w http.ResponseWriter, r *http.Request) {
	sc, _, ok := s.loadSchool(w, r, auth.ViewSchool)
	if !ok {
		return
	}
	s.schoolPage(w, r, sc, true)
}

// ownSchoolPage is the home of a school's leader and office: the school of
// their active role, which comes from the session and not from the route,
// so there is no route object to load.
func (s *Server) ownSchoolPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !auth.Can(p, auth.ViewSchool, auth.Resource{SchoolID: p.Active.SchoolID}) {
		s.deny(w, r, auth.ViewSchool, "school", p.Active.SchoolID)
		return
	}
	sc, err := schoolInCounty(ctx, s, p, p.Active.SchoolID)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.schoolPage(w, r, sc, false)
}

// schoolPage is one school with its classes; drill marks the county's
// drill-down (a link back to the county).
func (s *Server) schoolPage(w http.ResponseWriter, r *http.Request, sc *store.School, drill bool) {
	ctx := r.Context()
	p := principal(ctx)
	schoolID := sc.ID
	classes, err := s.store.ListClassSummaries(ctx, schoolID, s.currentTermID(ctx, p.CountyID))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	rural := "城镇"
	if sc.Rural {
		rural = "农村"
	}
	v := home.SchoolView{
		Chrome:      s.chrome(r, sc.Name),
		BackToCount: drill && p.Active.Role.County(),
		SchoolName:  sc.Name,
		Facts:       fmt.Sprintf("%s · %s · %s · 学校代码 %s", store.StageLabel(sc.Stage), sc.Township, rural, sc.Code),
		TermLabel:   s.termLabel(ctx, p.CountyID),
		ShowSpecial: auth.Can(p, auth.ViewSpecialGroups, auth.Resource{SchoolID: schoolID}),
	}
	res := auth.Resource{SchoolID: schoolID}
	for _, l := range []struct {
		a           auth.Action
		path, label string
	}{{auth.ViewOrg, "/classes", "班级与教师"}, {auth.ManageStaff, "/staff", "教职工账号"}, {auth.ViewLeadership, "/leadership", "领导小组"}, {auth.ViewClassMeetings, "/meetings", "主题班会"}, {auth.ViewPlan, "/plan", "工作方案"}, {auth.ViewCommittees, "/committees", "家长委员会"}, {auth.ViewSchoolCompliance, "/compliance", "职责达标"}, {auth.ViewParentMeetings, "/parent-meetings", "家长会"}} {
		if auth.Can(p, l.a, res) {
			v.Links = append(v.Links, layout.NavItem{Href: schoolPath(schoolID, l.path), Label: l.label})
		}
	}
	if auth.Can(p, auth.ViewActivities, res) {
		v.Links = append(v.Links, layout.NavItem{Href: "/activities?school=" + itoa(schoolID), Label: "实践活动"})
	}
	if auth.Can(p, auth.ViewGuidance, res) {
		v.Links = append(v.Links, layout.NavItem{Href: schoolPath(schoolID, "/parent-school"), Label: "家长学校"})
		v.Links = append(v.Links, layout.NavItem{Href: "/guidance?school=" + itoa(schoolID), Label: "家庭教育指导"})
	}
	if p.Active.Role.County() && auth.Can(p, auth.ViewInspections, res) {
		v.Links = append(v.Links, layout.NavItem{Href: "/inspections?school=" + itoa(schoolID), Label: "督导检查"})
	}
	if auth.Can(p, auth.ViewLectures, res) {
		v.Links = append(v.Links, layout.NavItem{Href: "/lectures?school=" + itoa(schoolID), Label: "讲座转发"})
	}
	for _, c := range classes {
		v.Classes = append(v.Classes, home.ClassRow{
			ID: c.ID, Name: c.Name, TeacherName: c.TeacherName, Students: c.Students, Special: c.SpecialGroup,
			Link: auth.Can(p, auth.ViewClassRoster, auth.Resource{SchoolID: schoolID, ClassID: c.ID}),
		})
		v.Students += c.Students
		v.Special += c.SpecialGroup
	}
	s.render(w, r, http.StatusOK, home.School(v))
}
