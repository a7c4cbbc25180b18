package server

import (
	"net/http"
	"strconv"
	"strings"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/visit"
	"xietong/internal/xlsx"
	"xietong/web/pages/visits"
)

// visitsHome is "我的班级家访" for teachers (every class they teach), and
// the school's progress per class for the school leader and office.
func (s *Server) visitsHome(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	switch {
	case p.Active.Role.Teacher():
		s.statusPage(w, r, p.Active.ClassIDs, true)
	case p.Active.Role == auth.SchoolLeader || p.Active.Role == auth.SchoolOffice:
		s.schoolProgressPage(w, r)
	default:
		s.deny(w, r, auth.ViewVisitStatus, "visits", 0)
	}
}

// classVisits is one class's visit status, for the school's drill-down.
func (s *Server) classVisits(w http.ResponseWriter, r *http.Request) {
	c, _, ok := s.loadClass(w, r, auth.ViewVisitStatus)
	if !ok {
		return
	}
	s.statusPage(w, r, []int64{c.ID}, false)
}

// statusPage lists the students of classIDs with their visit status in the
// window open today: not yet visited first.
func (s *Server) statusPage(w http.ResponseWriter, r *http.Request, classIDs []int64, mine bool) {
	ctx := r.Context()
	p := principal(ctx)
	win := s.visitWindow(ctx, p.CountyID)
	scope := auth.StudentScope(p)
	classes, statuses, err := s.store.ClassesVisitStatus(ctx, scope, classIDs, win.Start, win.End)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := visits.StatusView{Heading: "我的班级家访", ShowSpecial: true}
	if win.Name != "" {
		v.Window = win.Label()
		v.WindowState = win.State(s.today()).Label()
		if win.State(s.today()) == calendar.Open {
			v.WindowState = "进行中，还剩 " + strconv.Itoa(win.DaysLeft(s.today())) + " 天"
		}
	}
	for i, c := range classes {
		res := auth.Resource{SchoolID: c.SchoolID, ClassID: c.ID}
		if !auth.Can(p, auth.ViewVisitStatus, res) {
			continue
		}
		flags := auth.Can(p, auth.ViewSpecialGroups, res)
		v.ShowSpecial = v.ShowSpecial && flags
		rows := statuses[i]
		// Links to a visit only for those who may read the class's notes.
		readNotes := auth.Can(p, auth.ViewVisit, res)
		sec := visits.StatusSection{
			ClassID: c.ID, ClassName: c.Name, SchoolName: c.SchoolName, Total: len(rows),
			CanLog: auth.Can(p, auth.LogVisit, res),
		}
		if auth.Can(p, auth.ExportVisits, res) {
			sec.ExportHref = "/classes/" + strconv.FormatInt(c.ID, 10) + "/visits.xlsx"
		}
		for _, st := range rows {
			row := visits.StatusStudent{
				ID: st.ID, Name: st.Name, Gender: st.Gender, StatusLabel: "未家访",
				NewHref: "/students/" + strconv.FormatInt(st.ID, 10) + "/visits/new",
			}
			switch {
			case st.Onsite:
				row.Status, row.StatusLabel = "onsite", "已实地家访"
				sec.Onsite++
			case st.Video:
				row.Status, row.StatusLabel = "video", "已视频家访"
				sec.Video++
			case st.Phone:
				row.Status, row.StatusLabel = "phone", "已电话家访"
				sec.Phone++
			}
			if st.Visits > 0 {
				sec.Visited++
				if readNotes && st.LastID != nil {
					row.VisitHref = visitPath(*st.LastID)
				}
			}
			if flags {
				row.Groups = st.SpecialGroups.Labels()
				if st.LeftBehind || st.Hardship {
					sec.Flagged++
					if st.Onsite {
						sec.FlaggedOnsite++
					}
				}
			}
			sec.Students = append(sec.Students, row)
		}
		v.Sections = append(v.Sections, sec)
	}
	if len(v.Sections) == 0 {
		v.ShowSpecial = false
	}
	if !mine && len(classes) == 1 {
		v.Heading = classes[0].Name + " · 家访"
		v.Crumb, v.CrumbHref = "家访进度", "/visits"
	}
	v.Chrome = s.chrome(r, v.Heading)
	s.render(w, r, http.StatusOK, visits.Status(v))
}

// schoolProgressPage is the school's visit progress per class.
func (s *Server) schoolProgressPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	sc, err := s.store.SchoolByID(ctx, p.Active.SchoolID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	win := s.visitWindow(ctx, p.CountyID)
	rows, err := s.store.SchoolVisitProgress(ctx, sc.ID, s.currentTermID(ctx, p.CountyID), win.Start, win.End)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := visits.ProgressView{Chrome: s.chrome(r, "家访进度"), SchoolName: sc.Name}
	if win.Name != "" {
		v.Window = win.Label()
	}
	for _, c := range rows {
		v.Rows = append(v.Rows, visits.ProgressRow{
			Href: "/classes/" + strconv.FormatInt(c.ID, 10) + "/visits", Name: c.Name, Teacher: c.Teacher,
			Students: c.Students, Visited: c.Visited,
		})
		v.Students += c.Students
		v.Visited += c.Visited
	}
	s.render(w, r, http.StatusOK, visits.Progress(v))
}

// classVisitsExport sends a class's visits as .xlsx.
func (s *Server) classVisitsExport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	c, _, ok := s.loadClass(w, r, auth.ExportVisits)
	if !ok {
		return
	}
	rows, err := s.store.ClassVisits(ctx, auth.RecordScope(p), c.ID, s.cfg.Now())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	headers := []string{"序号", "家访日期", "学生", "方式", "类型", "家访人员", "校领导参加", "接待人", "学习情况", "生活情况", "心理状况", "家庭情况", "发现的问题", "给家长的建议", "家长的诉求"}
	widths := []float64{6, 12, 14, 6, 14, 16, 8, 10, 30, 30, 30, 30, 20, 30, 30}
	s.sendXLSX(w, r, c.SchoolName+c.Name+"家访记录.xlsx", string(auth.ExportVisits), "class", c.ID, "家访记录", headers, widths,
		func(xw *xlsx.Writer) error {
			for i, v := range rows {
				var problems []string
				for _, code := range v.Problems {
					problems = append(problems, problemLabel(code, v.OtherProblem))
				}
				leader := "否"
				if v.LeaderJoined {
					leader = "是"
				}
				if err := xw.Row(i+1, v.Date, v.Students, visit.ModeLabel(v.Mode), visit.KindLabel(v.Kind), v.Visitors, leader,
					v.Met, v.Study, v.Life, v.Mind, v.Family, strings.Join(problems, "、"), v.Advice, v.Requests); err != nil {
					return err
				}
			}
			return nil
		})
}
