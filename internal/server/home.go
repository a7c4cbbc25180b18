package server

import (
	"net/http"

	"xietong/internal/auth"
)

// home shows the active role's own page: the county for bureau roles, the
// school for school roles, the class roster for teachers.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	p := principal(r.Context())
	switch {
	case p.Active.Role == "":
		s.renderErrorMessage(w, r, http.StatusForbidden, "尚未分配角色",
			"您的账号还没有分配任何角色或任教班级。请联系学校德育处或教育局管理员。")
	case p.Active.Role.County():
		s.countyPage(w, r)
	case p.Active.Role == auth.SchoolLeader || p.Active.Role == auth.SchoolOffice:
		s.ownSchoolPage(w, r)
	default:
		s.rosterPage(w, r, p.Active.ClassIDs, true)
	}
}
