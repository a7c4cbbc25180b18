package server

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/store"
	"xietong/internal/visit"
	"xietong/web/pages/visits"
)

// visitResource is where a visit sits for the policy, and the user's part
// in it (visitRoute adds the author's edit window and a supervisor's grant).
func visitResource(p *auth.Principal, v *store.Visit) auth.Resource {
	res := auth.Resource{SchoolID: v.SchoolID, ClassID: v.ClassID, ClassIDs: v.ClassIDs()}
	res.Author = v.AuthorID == p.UserID
	res.Participant = v.IsVisitor(p.UserID)
	return res
}

// auditRead records a look at a child's notes by someone other than the
// people who work with the child day to day (儿童个人信息网络保护规定 §15).
func (s *Server) auditRead(r *http.Request, action, objType string, id int64, res auth.Resource) {
	p := principal(r.Context())
	if res.Participant {
		return
	}
	for _, c := range append([]int64{res.ClassID}, res.ClassIDs...) {
		if p.Active.Role == auth.ClassTeacher && p.TeachesClass(c) {
			return
		}
	}
	ev := s.event(r, action, store.ResultSuccess)
	ev.ObjectType, ev.ObjectID = objType, &id
	if res.Granted {
		ev.Details = map[string]any{"inspection": true}
	}
	s.audit(r, ev)
}

// visitShow is one visit.
func (s *Server) visitShow(w http.ResponseWriter, r *http.Request) {
	p := principal(r.Context())
	v, res, ok := s.loadVisit(w, r, auth.ViewVisit)
	if !ok {
		return
	}
	s.auditRead(r, "visit.view", "visit", v.ID, res)
	editRes := res
	view := visits.ShowView{
		Chrome:    s.chrome(r, "家访记录"),
		Heading:   studentNames(v) + " · " + calendar.DateLabel(v.Date) + "家访",
		Facts:     visitFacts(v),
		Texts:     visitTexts(v),
		PrintHref: visitPath(v.ID) + "/print",
	}
	for _, c := range v.Problems {
		view.Problems = append(view.Problems, problemLabel(c, v.OtherProblem))
	}
	if len(v.Problems) > 0 && !res.Granted {
		view.LedgerHref = "/ledger"
	}
	view.Crumb, view.CrumbHref = v.Students[0].ClassName, s.classVisitsHref(p, v.ClassID)
	if res.Granted {
		view.Crumb, view.CrumbHref = "全县台账", "/ledger"
		view.Inspection = "督导查阅：本次查阅已记录，授权只对这条记录有效。"
	}
	for _, id := range v.PhotoIDs {
		view.Photos = append(view.Photos, visits.PhotoThumb{ID: id, Src: photoPath(v.ID, id)})
	}
	switch {
	case auth.Can(p, auth.EditVisit, editRes):
		view.EditHref = visitPath(v.ID) + "/edit"
		if p.Active.Role != auth.SchoolOffice {
			view.EditNote = "记录后 7 天内可修改，之后由学校德育处更正。"
		}
	case res.Author:
		view.EditNote = "已超过 7 天，如需更正请联系学校德育处。"
	}
	for _, rv := range v.Revisions {
		rev := visits.Revision{Editor: rv.Editor, When: rv.EditedAt.In(calendar.Shanghai).Format("2006-01-02 15:04"), Fields: rv.Fields}
		for _, f := range rv.Fields {
			rev.Old = append(rev.Old, visits.Fact{Label: fieldLabel(f), Value: oldValue(f, rv.Old[f])})
		}
		view.Revisions = append(view.Revisions, rev)
	}
	s.render(w, r, http.StatusOK, visits.Show(view))
}

func studentNames(v *store.Visit) string {
	names := make([]string, len(v.Students))
	for i, st := range v.Students {
		names[i] = st.Name
	}
	return joinNames(names)
}

func problemLabel(code, other string) string {
	if code == "other" && other != "" {
		return "其他：" + other
	}
	return visit.CategoryLabel(code)
}

func visitFacts(v *store.Visit) []visits.Fact {
	var classes []string
	for _, st := range v.Students {
		if !slices.Contains(classes, st.ClassName) {
			classes = append(classes, st.ClassName)
		}
	}
	var companions []string
	lead := ""
	for _, x := range v.Visitors {
		if x.Lead {
			lead = x.Name
		} else {
			companions = append(companions, x.Name)
		}
	}
	leader := "否"
	if v.LeaderJoined {
		leader = "是"
	}
	return []visits.Fact{
		{Label: "学校", Value: v.SchoolName},
		{Label: "班级", Value: strings.Join(classes, "、")},
		{Label: "学生", Value: studentNames(v)},
		{Label: "家访日期", Value: calendar.DateLabel(v.Date)},
		{Label: "方式", Value: visit.ModeLabel(v.Mode)},
		{Label: "类型", Value: visit.KindLabel(v.Kind)},
		{Label: "主访教师", Value: lead},
		{Label: "同行人员", Value: orNone(strings.Join(companions, "、"))},
		{Label: "校领导参加", Value: leader},
		{Label: "接待人", Value: orNone(v.Met)},
	}
}

func visitTexts(v *store.Visit) []visits.Fact {
	return []visits.Fact{
		{Label: "学习情况", Value: orNone(v.Study)},
		{Label: "生活情况", Value: orNone(v.Life)},
		{Label: "心理状况", Value: orNone(v.Mind)},
		{Label: "家庭情况", Value: orNone(v.Family)},
		{Label: "给家长的建议", Value: orNone(v.Advice)},
		{Label: "家长的诉求", Value: orNone(v.Requests)},
	}
}

func orNone(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

var fieldLabels = map[string]string{
	"date": "家访日期", "mode": "方式", "kind": "类型", "leader_joined": "校领导参加", "companions": "同行人员",
	"met": "接待人", "study": "学习情况", "life": "生活情况", "mind": "心理状况", "family": "家庭情况",
	"problems": "发现的问题", "other_problem": "其他问题", "advice": "给家长的建议", "requests": "家长的诉求",
	"photos_added": "照片（新增）", "photos_removed": "照片（删除）",
}

func fieldLabel(f string) string {
	if l, ok := fieldLabels[f]; ok {
		return l
	}
	return f
}

// oldValue renders a revision's old value.
func oldValue(field string, v any) string {
	switch field {
	case "mode":
		return visit.ModeLabel(fmt.Sprint(v))
	case "kind":
		return visit.KindLabel(fmt.Sprint(v))
	case "leader_joined":
		if v == true {
			return "是"
		}
		return "否"
	case "problems":
		var out []string
		if xs, ok := v.([]any); ok {
			for _, x := range xs {
				out = append(out, visit.CategoryLabel(fmt.Sprint(x)))
			}
		}
		return orNone(strings.Join(out, "、"))
	case "companions":
		if xs, ok := v.([]any); ok {
			return strconv.Itoa(len(xs)) + " 人"
		}
		return "—"
	case "photos_added":
		return "—"
	case "photos_removed":
		if xs, ok := v.([]any); ok {
			return strconv.Itoa(len(xs)) + " 张"
		}
	}
	if v == nil {
		return "—"
	}
	return orNone(fmt.Sprint(v))
}

// visitPrint is the 家访记录表 on A4.
func (s *Server) visitPrint(w http.ResponseWriter, r *http.Request) {
	v, res, ok := s.loadVisit(w, r, auth.ViewVisit)
	if !ok {
		return
	}
	s.auditRead(r, "visit.print", "visit", v.ID, res)
	var problems []string
	for _, c := range v.Problems {
		problems = append(problems, problemLabel(c, v.OtherProblem))
	}
	texts := visitTexts(v)
	texts = append(texts[:4], append([]visits.Fact{{Label: "发现的问题", Value: orNone(strings.Join(problems, "、"))}}, texts[4:]...)...)
	view := visits.PrintView{
		Chrome: s.chrome(r, "家访记录表"), SchoolName: v.SchoolName,
		Rows: visitFacts(v)[1:], Texts: texts, BackHref: visitPath(v.ID),
	}
	for _, id := range v.PhotoIDs {
		view.Photos = append(view.Photos, visits.PhotoThumb{ID: id, Src: photoPath(v.ID, id)})
	}
	s.render(w, r, http.StatusOK, visits.Print(view))
}

// visitPhoto serves one photo to those who may read the visit; anyone else
// gets 404. Never cached outside the user's browser session.
func (s *Server) visitPhoto(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	photoID, ok := idParam(r, "photoID")
	if !ok {
		s.notFound(w, r)
		return
	}
	v, _, ok := s.loadVisit(w, r, auth.ViewVisit)
	if !ok {
		return
	}
	b, err := s.store.VisitPhoto(ctx, auth.RecordScope(p), v.ID, photoID, s.cfg.Now())
	if errors.Is(err, store.ErrNotFound) {
		s.deny(w, r, auth.ViewVisit, "photo", photoID)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "image/jpeg")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	_, _ = w.Write(b)
}
