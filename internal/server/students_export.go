package server

import (
	"context"
	"net/http"
	"strings"

	"xietong/internal/auth"
	"xietong/internal/privacy"
	"xietong/internal/store"
	"xietong/internal/xlsx"
)

// rosterOptions say what a roster export may carry, decided by the policy
// for the exported school or class:
//   - full contacts (guardians' phones, home address) only with
//     auth.ExportFullContacts — the admin, the school's office, the class's
//     own class teacher; masked for everyone else and always in the county
//     file;
//   - special groups only with auth.ViewSpecialGroups, and never in the
//     county file.
type rosterOptions struct {
	fullContacts bool
	flags        bool
}

var rosterHeaders = []string{"序号", "学校", "班级", "姓名", "学籍号", "性别", "出生日期", "家庭住址", "监护人", "关系", "联系电话"}
var rosterWidths = []float64{7, 22, 14, 10, 24, 6, 12, 36, 10, 8, 16, 24}

// writeRoster streams the students that f selects within sc into xw, row by
// row from the database: neither the rows nor the sheet are held in memory.
func writeRoster(ctx context.Context, st *store.Store, sc auth.Scope, f store.StudentFilter, o rosterOptions, xw *xlsx.Writer) error {
	n := 0
	return st.EachRosterRow(ctx, sc, f, func(r *store.RosterExportRow) error {
		n++
		phone, addr, number := r.GuardianPhone, r.Address, r.StudentNumber
		if !o.fullContacts {
			phone, addr, number = privacy.MaskPhone(phone), privacy.MaskAddress(addr), privacy.MaskStudentNumber(number)
		}
		birth := ""
		if r.BirthDate != nil {
			birth = *r.BirthDate
		}
		if o.flags {
			return xw.Row(n, r.SchoolName, r.ClassName, r.Name, number, r.Gender, birth, addr,
				r.GuardianName, r.GuardianRelation, phone, strings.Join(r.SpecialGroups.Labels(), "、"))
		}
		return xw.Row(n, r.SchoolName, r.ClassName, r.Name, number, r.Gender, birth, addr,
			r.GuardianName, r.GuardianRelation, phone)
	})
}

// sendRoster sends the roster of f as an audited, streamed .xlsx.
func (s *Server) sendRoster(w http.ResponseWriter, r *http.Request, filename, objType string, objID int64, f store.StudentFilter, o rosterOptions) {
	ctx := r.Context()
	p := principal(ctx)
	f.CountyID = p.CountyID
	headers := rosterHeaders
	if o.flags {
		headers = append(headers[:len(headers):len(headers)], "特殊群体")
	}
	r = r.WithContext(withExportDetails(ctx, map[string]any{"masked": !o.fullContacts}))
	s.sendXLSX(w, r, filename, "roster.export", objType, objID, "学生名单", headers, rosterWidths,
		func(xw *xlsx.Writer) error { return writeRoster(ctx, s.store, auth.StudentScope(p), f, o, xw) })
}

// classRosterExport is /classes/{classID}/students.xlsx. A class outside
// the user's scope is 404 like its page; a role that may see the class but
// never export (a subject teacher) is 403.
func (s *Server) classRosterExport(w http.ResponseWriter, r *http.Request) {
	// Seeing the class comes first: a class outside the user's reach is
	// 404 like its page, a subject teacher who sees it but may never export
	// gets 403.
	c, res, ok := load(s, w, r, classRoute, auth.ViewClassRoster, auth.ExportRoster)
	if !ok {
		return
	}
	o, ok := s.rosterChoice(w, r, res, "class", c.ID)
	if !ok {
		return
	}
	s.sendRoster(w, r, c.SchoolName+c.Name+"学生名单.xlsx", "class", c.ID, store.StudentFilter{SchoolID: c.SchoolID, ClassID: c.ID}, o)
}

// rosterChoice reads what the user chose for an export of res: contacts
// and 学籍号 masked unless they asked for them in full (?contacts=full),
// which only those who act on them may (auth.ExportFullContacts: 403 for
// anyone else, audited); the export's audit row says which it was.
func (s *Server) rosterChoice(w http.ResponseWriter, r *http.Request, res auth.Resource, objType string, objID int64) (rosterOptions, bool) {
	p := principal(r.Context())
	o := rosterOptions{flags: auth.Can(p, auth.ViewSpecialGroups, res)}
	if r.URL.Query().Get("contacts") == "full" {
		if !auth.Can(p, auth.ExportFullContacts, res) {
			s.deny(w, r, auth.ExportFullContacts, objType, objID)
			return o, false
		}
		o.fullContacts = true
	}
	return o, true
}

// schoolRosterExport is /schools/{schoolID}/students.xlsx: another school's
// roster is 404 for a school office, 403 for roles that never export one.
func (s *Server) schoolRosterExport(w http.ResponseWriter, r *http.Request) {
	sc, res, ok := s.loadSchool(w, r, auth.ExportRoster)
	if !ok {
		return
	}
	o, ok := s.rosterChoice(w, r, res, "school", sc.ID)
	if !ok {
		return
	}
	s.sendRoster(w, r, sc.Name+"学生名单.xlsx", "school", sc.ID, store.StudentFilter{SchoolID: sc.ID}, o)
}

// countyRosterExport is /students.xlsx, the admin's county file: masked
// contacts and no special groups (it exists for reconciliation).
func (s *Server) countyRosterExport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !auth.Can(p, auth.ExportCountyRoster, auth.Resource{}) {
		s.deny(w, r, auth.ExportCountyRoster, "county", p.CountyID)
		return
	}
	ci, err := s.county(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.sendRoster(w, r, ci.name+"学生名单.xlsx", "county", p.CountyID, store.StudentFilter{}, rosterOptions{})
}
