package server

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"xietong/internal/auth"
	"xietong/internal/privacy"
	"xietong/internal/store"
	"xietong/web/pages/home"
)

// idParam reads a positive integer route parameter.
func idParam(r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	return id, err == nil && id > 0
}

// classShow is one class's roster.
func (s *Server) classShow(w http.ResponseWriter, r *http.Request) {
	c, _, ok := s.loadClass(w, r, auth.ViewClassRoster)
	if !ok {
		return
	}
	s.rosterPage(w, r, []int64{c.ID}, false)
}

// rosterPage renders the rosters of classIDs; mine marks a teacher's home.
func (s *Server) rosterPage(w http.ResponseWriter, r *http.Request, classIDs []int64, mine bool) {
	ctx := r.Context()
	p := principal(ctx)
	classes, err := s.store.ClassesByIDs(ctx, classIDs)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	scope := auth.StudentScope(p)
	// A class teacher's own page shows their class's duties (#17 item 4).
	var duties func(store.Class) ([]home.Duty, error)
	if mine && p.Active.Role == auth.ClassTeacher {
		ci, err := s.county(ctx, p.CountyID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		cat, err := s.catalogue(ctx)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		today := s.today()
		duties = func(c store.Class) ([]home.Duty, error) { return s.classDuties(ctx, p, c, ci.cal, cat, today) }
	}
	v := home.ClassView{TermLabel: s.termLabel(ctx, p.CountyID), ShowSpecial: true}
	for _, c := range classes {
		res := auth.Resource{SchoolID: c.SchoolID, ClassID: c.ID}
		if !auth.Can(p, auth.ViewClassRoster, res) {
			continue
		}
		flags := auth.Can(p, auth.ViewSpecialGroups, res)
		v.ShowSpecial = v.ShowSpecial && flags
		rows, err := s.store.ClassRoster(ctx, scope, c.ID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		sec := home.RosterSection{ClassID: c.ID, ClassName: c.Name, SchoolName: c.SchoolName}
		if auth.Can(p, auth.ViewVisitStatus, res) {
			// The teacher's work starts here: who is still to be visited.
			sec.VisitsHref = "/classes/" + strconv.FormatInt(c.ID, 10) + "/visits"
		}
		if auth.Can(p, auth.ViewClassMeetings, res) {
			sec.MeetingsHref = classMeetingsPath(c.ID)
		}
		if auth.Can(p, auth.ViewCommittees, res) {
			sec.CommitteeHref = classCommitteePath(c.ID, "")
		}
		if duties != nil && p.TeachesClass(c.ID) {
			if sec.Duties, err = duties(c); err != nil {
				s.serverError(w, r, err)
				return
			}
		}
		for _, st := range rows {
			row := home.StudentRow{
				ID: st.ID, Name: st.Name, StudentNumber: privacy.MaskStudentNumber(st.StudentNumber), Gender: st.Gender,
				GuardianName: st.GuardianName, GuardianPhone: privacy.MaskPhone(st.GuardianPhone),
			}
			if flags {
				row.Groups = st.SpecialGroups.Labels()
				if st.SpecialGroups.Any() {
					sec.Special++
				}
			}
			sec.Students = append(sec.Students, row)
		}
		v.Sections = append(v.Sections, sec)
	}
	if len(v.Sections) == 0 {
		v.ShowSpecial = false
	}
	switch {
	case mine:
		v.Heading = "我的班级"
	case len(classes) == 1:
		v.Heading = classes[0].Name
		if p.Active.Role != auth.ClassTeacher && p.Active.Role != auth.SubjectTeacher {
			v.Crumb, v.CrumbHref = classes[0].SchoolName, "/schools/"+strconv.FormatInt(classes[0].SchoolID, 10)
		}
	}
	v.Chrome = s.chrome(r, v.Heading)
	s.render(w, r, http.StatusOK, home.Class(v))
}
