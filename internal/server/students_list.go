package server

import (
	"cmp"
	"net/http"
	"net/url"
	"strconv"

	"xietong/internal/auth"
	"xietong/internal/privacy"
	"xietong/internal/store"
	"xietong/web/components"
	"xietong/web/pages/students"
)

// sessStudentSearch holds the student search text between the search POST
// and the list GETs (and its pages), so that no child's name is ever in a
// URL (docs/domain.md, "Privacy by design").
const sessStudentSearch = "students_q"

// studentSearch takes the filter form: the search text goes into the
// session, the other filters (which name no child) into the list's URL.
func (s *Server) studentSearch(w http.ResponseWriter, r *http.Request) {
	p := principal(r.Context())
	if !auth.Can(p, auth.ListStudents, auth.Resource{}) {
		s.deny(w, r, auth.ListStudents, "", 0)
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	q := []rune(f.Get("q"))
	if len(q) > 50 {
		q = q[:50]
	}
	if len(q) == 0 {
		s.sessions.Remove(r.Context(), sessStudentSearch)
	} else {
		s.sessions.Put(r.Context(), sessStudentSearch, string(q))
	}
	v := url.Values{}
	for _, k := range []string{"school", "class", "gender", "group", "status", "sort", "dir"} {
		if x := f.Get(k); x != "" {
			v.Set(k, x)
		}
	}
	target := "/students"
	if len(v) > 0 {
		target += "?" + v.Encode()
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// studentList is /students: search, filters, sort and pages over the
// students of the user's scope. Every filter goes to SQL through the scope,
// so a filter can only narrow; filters the user may not use (another school,
// a special group for a subject teacher) are ignored rather than obeyed.
func (s *Server) studentList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !auth.Can(p, auth.ListStudents, auth.Resource{}) {
		s.deny(w, r, auth.ListStudents, "", 0)
		return
	}
	l := parseList(r, 50, store.StudentSorts...)
	// The search text comes from the session (see studentSearch), never
	// from the URL.
	l.Q = s.sessions.GetString(ctx, sessStudentSearch)
	q := r.URL.Query()
	sc := auth.StudentScope(p)
	f := store.StudentFilter{
		CountyID: p.CountyID, Q: l.Q, Sort: l.Sort, Desc: l.Desc, Limit: l.PerPage, Offset: l.Offset(),
	}
	// A county-wide scope (the admin) may narrow by school and sees the column.
	v := students.ListView{Q: l.Q, Sort: q.Get("sort"), Dir: q.Get("dir"), ShowSchool: sc.All}
	if sc.All {
		f.SchoolID = queryID(q.Get("school"))
		schools, err := s.store.SchoolOptions(ctx, p.CountyID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for _, sc := range schools {
			v.Schools = append(v.Schools, components.Option{Value: strconv.FormatInt(sc.ID, 10), Label: sc.Name})
		}
	}
	f.ClassID = queryID(q.Get("class"))
	if g := q.Get("gender"); g == "男" || g == "女" {
		f.Gender = g
	}
	// Special groups: only for roles that may see flags; for anyone else
	// the filter would reveal them through the rows it returns.
	flagRole := auth.Allows(p.Active.Role, auth.ViewSpecialGroups)
	if flagRole {
		f.Group = q.Get("group")
		for _, o := range store.SpecialGroupOptions {
			v.Groups = append(v.Groups, components.Option{Value: o.Key, Label: o.Label})
		}
	}
	// Students who left or graduated have no class, so only a scope of a
	// whole school or the county (leaders, offices, the admin) holds them.
	if sc.ClassIDs == nil {
		f.Status = q.Get("status")
		v.Statuses = []components.Option{{Value: "", Label: "在读"}, {Value: store.StatusLeft, Label: "已离校"}, {Value: store.StatusGraduated, Label: "已毕业"}}
	}
	classes, err := s.store.ClassesInScope(ctx, p.CountyID, sc, f.SchoolID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, c := range classes {
		label := c.Name
		if sc.All && f.SchoolID == 0 {
			label = c.SchoolName + " " + c.Name
		}
		v.Classes = append(v.Classes, components.Option{Value: strconv.FormatInt(c.ID, 10), Label: label})
	}
	rows, total, err := s.store.ListStudents(ctx, sc, f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, st := range rows {
		res := auth.Resource{SchoolID: st.SchoolID}
		if st.ClassID != nil {
			res.ClassID = *st.ClassID
		}
		row := students.ListRow{
			ID: st.ID, Name: st.Name, StudentNumber: privacy.MaskStudentNumber(st.StudentNumber), Gender: st.Gender,
			SchoolName: st.SchoolName, ClassName: st.ClassName, GuardianName: st.GuardianName,
			GuardianPhone: privacy.MaskPhone(st.GuardianPhone), Address: privacy.MaskAddress(st.Address),
		}
		if st.ClassID == nil {
			row.ClassName = statusLabels[st.Status]
		}
		if flagRole && auth.Can(p, auth.ViewSpecialGroups, res) {
			row.Groups = st.SpecialGroups.Labels()
		}
		v.Rows = append(v.Rows, row)
	}
	v.ShowSpecial = flagRole
	v.School, v.Class, v.Gender, v.Group, v.Status = idString(f.SchoolID), idString(f.ClassID), f.Gender, f.Group, f.Status
	v.Filtered = f.Q != "" || f.SchoolID != 0 || f.ClassID != 0 || f.Gender != "" || f.Group != "" || f.Status != ""
	v.Headers = map[string]components.SortHeader{
		"name": l.Header("姓名", "name", false), "number": l.Header("学籍号", "number", false), "class": l.Header("班级", "class", false),
	}
	v.Pager = l.Pager(total)
	switch {
	case v.Filtered:
		v.EmptyText = "没有找到符合条件的学生。请换一个关键词，或点击“清除筛选条件”查看全部学生。"
	case sc.ClassIDs != nil:
		v.EmptyText = "您本学期任教的班级还没有学生。如名单有误，请联系学校德育处导入或调整学生名单。"
	default:
		v.EmptyText = "还没有学生名单。请学校德育处从 Excel 导入学生名单，或联系系统管理员。"
	}
	v.Exports = s.exportLinks(p, f, classes)
	// The import goes into one school: the office's own, or the school the
	// administrator chose in the filter.
	if school := cmp.Or(f.SchoolID, p.Active.SchoolID); school != 0 && auth.Can(p, auth.ImportRoster, auth.Resource{SchoolID: school}) {
		v.ImportHref = schoolPath(school, "/import/students")
	}
	v.Chrome = s.chrome(r, "学生名单")
	s.render(w, r, http.StatusOK, students.List(v))
}

// exportLinks offers the roster downloads the user may take for what the
// list shows: the chosen class, else the user's school, else the county.
func (s *Server) exportLinks(p *auth.Principal, f store.StudentFilter, classes []store.ClassOption) []students.ExportLink {
	var out []students.ExportLink
	if f.ClassID != 0 {
		for _, c := range classes {
			if c.ID == f.ClassID && auth.Can(p, auth.ExportRoster, auth.Resource{SchoolID: c.SchoolID, ClassID: c.ID}) {
				out = append(out, students.ExportLink{Href: "/classes/" + idString(c.ID) + "/students.xlsx", Label: "导出本班名单"})
				if auth.Can(p, auth.ExportFullContacts, auth.Resource{SchoolID: c.SchoolID, ClassID: c.ID}) {
					out = append(out, students.ExportLink{Href: "/classes/" + idString(c.ID) + "/students.xlsx?contacts=full", Label: "导出（含完整联系方式，将记录）"})
				}
			}
		}
		return out
	}
	school := f.SchoolID
	if school == 0 {
		school = p.Active.SchoolID
	}
	switch {
	case school != 0 && auth.Can(p, auth.ExportRoster, auth.Resource{SchoolID: school}):
		out = append(out, students.ExportLink{Href: "/schools/" + idString(school) + "/students.xlsx", Label: "导出全校名单"})
		if auth.Can(p, auth.ExportFullContacts, auth.Resource{SchoolID: school}) {
			out = append(out, students.ExportLink{Href: "/schools/" + idString(school) + "/students.xlsx?contacts=full", Label: "导出（含完整联系方式，将记录）"})
		}
	case school == 0 && auth.Can(p, auth.ExportCountyRoster, auth.Resource{}):
		out = append(out, students.ExportLink{Href: "/students.xlsx", Label: "导出全县名单"})
	default:
		for _, c := range classes {
			if auth.Can(p, auth.ExportRoster, auth.Resource{SchoolID: c.SchoolID, ClassID: c.ID}) {
				out = append(out, students.ExportLink{Href: "/classes/" + idString(c.ID) + "/students.xlsx", Label: "导出" + c.Name + "名单"})
			}
		}
	}
	return out
}

// queryID reads an optional id from the query string (0 when absent or bad).
func queryID(v string) int64 {
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}

func idString(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}
