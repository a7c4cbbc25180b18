package server

import (
	"net/http"
	"strconv"

	"xietong/internal/auth"
	"xietong/internal/coverage"
	"xietong/internal/store"
	"xietong/internal/xlsx"
	"xietong/web/components/chart"
	cv "xietong/web/pages/coverage"
)

// classCovAccess is what the viewer may see of a class's coverage.
type classCovAccess struct {
	class *store.Class
	// names: the list of students (R02); for R03 the list is of flagged
	// students, so it needs flags too.
	names, flags bool
}

func (s *Server) classCoverageAccess(w http.ResponseWriter, r *http.Request, a auth.Action) (classCovAccess, bool) {
	ctx := r.Context()
	p := principal(ctx)
	c, res, ok := s.loadClass(w, r, a)
	if !ok {
		return classCovAccess{}, false
	}
	if p.Active.Role.County() {
		// County roles see every class of their county, in counts.
		sc, err := s.store.SchoolByID(ctx, c.SchoolID)
		if err != nil || sc.CountyID != p.CountyID {
			s.notFound(w, r)
			return classCovAccess{}, false
		}
	}
	return classCovAccess{class: c, names: auth.Can(p, auth.ViewVisitStatus, res), flags: auth.Can(p, auth.ViewSpecialGroups, res)}, true
}

// classCoverage is one class's coverage: a progress bar and the mode split
// for everyone allowed; for the class's teachers and the school's leader and
// office also the students, not yet visited first.
func (s *Server) classCoverage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	acc, ok := s.classCoverageAccess(w, r, auth.ViewCoverage)
	if !ok {
		return
	}
	c := acc.class
	win, ws, ok := s.pickWindow(r, p.CountyID)
	if !ok {
		s.renderErrorMessage(w, r, http.StatusNotFound, "还没有校历", "教育局尚未设置学年校历，暂无家访时段。")
		return
	}
	counts, err := s.store.OneClassCoverage(ctx, c.ID, win.Key)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	export := ""
	if auth.Can(p, auth.ExportCoverage, auth.Resource{SchoolID: c.SchoolID, ClassID: c.ID}) {
		export = classCovPath(c.ID) + "/export"
	}
	missingOnly := r.URL.Query().Get("show") == "missing"
	v := cv.ClassView{Head: s.covHead(r, c.Name+" · 家访覆盖", win, ws, export), MissingOnly: missingOnly}
	switch {
	case p.Active.Role.County():
		v.Crumbs = []cv.Crumb{{Label: "全县家访覆盖", Href: withW("/coverage/county", win)},
			{Label: c.SchoolName, Href: withW(schoolCovPath(c.SchoolID), win)}, {Label: c.Name}}
	case p.Active.Role == auth.SchoolLeader || p.Active.Role == auth.SchoolOffice:
		v.Crumbs = []cv.Crumb{{Label: c.SchoolName, Href: withW(schoolCovPath(c.SchoolID), win)}, {Label: c.Name}}
	default:
		v.Heading = "我的班级 · " + c.Name
		if len(p.Active.ClassIDs) > 1 {
			mine, err := s.store.ClassesByIDs(ctx, p.Active.ClassIDs)
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			for _, o := range mine {
				if o.ID != c.ID {
					v.Others = append(v.Others, cv.Crumb{Label: o.Name, Href: withW(classCovPath(o.ID), win)})
				}
			}
		}
	}
	if missingOnly {
		v.Hidden = []cv.Param{{Name: "show", Value: "missing"}}
	}
	cc := counts.Duty(win.Key.Kind)
	v.Summary = s.covSummary(win, cc)
	v.Progress = chart.ProgressView{Num: cc.Met, Den: cc.Students, Label: v.Summary.Unit, Status: v.Summary.Status}
	v.Modes = chart.ModeSplit("家访方式（按最优方式计一次）", cc)
	v.AllHref = withW(classCovPath(c.ID), win)
	v.MissingHref = withW(classCovPath(c.ID), win, "show", "missing")

	v.ShowNames = acc.names && (!win.Vacation() || acc.flags)
	v.ShowFlags = acc.flags
	switch {
	case v.ShowNames:
		v.Summary.MissingHref = v.MissingHref
		rows, err := s.store.ClassStudentCoverage(ctx, auth.StudentScope(p), c.ID, win.Key, win.Vacation(), missingOnly)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for _, st := range rows {
			line := cv.StudentLine{Name: st.Name, Gender: st.Gender, Href: "/students/" + strconv.FormatInt(st.StudentID, 10),
				Mode: st.Mode(), Visits: st.Visits(), Left: st.Left,
				Met: st.Mode() == coverage.OnSite || (!win.Vacation() && st.Best != "")}
			if acc.flags {
				line.Groups = (store.SpecialGroups{LeftBehind: st.LeftBehind, Hardship: st.Hardship}).Labels()
			}
			v.Students = append(v.Students, line)
		}
	case acc.names:
		v.NamesNote = "寒暑假关爱家访名单涉及特殊群体信息，仅班主任和学校领导、德育处可见。"
	case p.Active.Role.County():
		v.NamesNote = "教育局只查看统计数字，不显示学生个人信息。"
	}
	v.Chrome = v.Head.Chrome
	s.render(w, r, http.StatusOK, cv.Class(v))
}

// classCoverageExport is the class view as .xlsx: the students with their
// status for those who may see names, else the class's counts.
func (s *Server) classCoverageExport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	acc, ok := s.classCoverageAccess(w, r, auth.ExportCoverage)
	if !ok {
		return
	}
	c := acc.class
	win, _, ok := s.pickWindow(r, p.CountyID)
	if !ok {
		s.notFound(w, r)
		return
	}
	names := acc.names && (!win.Vacation() || acc.flags)
	if !names {
		counts, err := s.store.OneClassCoverage(ctx, c.ID, win.Key)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		cc := counts.Duty(win.Key.Kind)
		s.sendXLSX(w, r, exportName(c.SchoolName+c.Name, win), string(auth.ExportCoverage), "class", c.ID,
			"家访覆盖", append([]string{"班级"}, covHeaders...), []float64{16, 8, 8, 8, 8, 8, 8, 8, 10},
			func(xw *xlsx.Writer) error {
				return xw.Row(append([]any{c.Name}, covCells(cc, s.covStatus(win, cc))...)...)
			})
		return
	}
	rows, err := s.store.ClassStudentCoverage(ctx, auth.StudentScope(p), c.ID, win.Key, win.Vacation(), false)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	headers := []string{"序号", "姓名", "性别", "特殊群体", "家访方式", "实地次数", "视频次数", "电话次数", "是否达标", "备注"}
	widths := []float64{6, 12, 6, 16, 10, 9, 9, 9, 9, 16}
	if !acc.flags {
		headers[3] = "—"
	}
	s.sendXLSX(w, r, exportName(c.SchoolName+c.Name, win), string(auth.ExportCoverage), "class", c.ID,
		"家访覆盖", headers, widths, func(xw *xlsx.Writer) error {
			for i, st := range rows {
				groups := ""
				if acc.flags {
					for j, g := range (store.SpecialGroups{LeftBehind: st.LeftBehind, Hardship: st.Hardship}).Labels() {
						if j > 0 {
							groups += "、"
						}
						groups += g
					}
				}
				met := st.Mode() == coverage.OnSite || (!win.Vacation() && st.Best != "")
				note := ""
				if st.Left {
					note = "点名日后已转出"
				}
				if err := xw.Row(i+1, st.Name, st.Gender, groups, st.Mode().Label(), st.OnSiteN, st.VideoN, st.PhoneN,
					map[bool]string{true: "是", false: "否"}[met], note); err != nil {
					return err
				}
			}
			return nil
		})
}
