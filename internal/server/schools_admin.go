package server

import (
	"errors"
	"net/http"
	"regexp"
	"strconv"

	"xietong/internal/auth"
	"xietong/internal/store"
	"xietong/web/components"
	"xietong/web/pages/org"
)

var stageCodes = []string{"primary", "junior", "nine_year", "senior", "complete"}

var schoolCodeRe = regexp.MustCompile(`^[0-9A-Za-z-]{1,20}$`)

func stageOptions() []components.Option {
	out := make([]components.Option, len(stageCodes))
	for i, c := range stageCodes {
		out[i] = components.Option{Value: c, Label: store.StageLabel(c)}
	}
	return out
}

func ruralValue(rural bool) string {
	if rural {
		return "rural"
	}
	return "urban"
}

// schoolsList is the administrator's list of schools.
func (s *Server) schoolsList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !auth.Can(p, auth.ManageSchools, auth.Resource{}) {
		s.deny(w, r, auth.ManageSchools, "school", 0)
		return
	}
	l := parseList(r, 30, "code", "name", "township", "stage")
	archived := r.URL.Query().Get("archived") == "1"
	rows, total, err := s.store.ListSchools(ctx, store.SchoolFilter{
		CountyID: p.CountyID, Q: l.Q, Archived: archived, Sort: l.Sort, Desc: l.Desc, Offset: l.Offset(), Limit: l.PerPage,
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := org.SchoolListView{
		Chrome: s.chrome(r, "学校管理"), Q: l.Q, Archived: archived,
		Code: l.Header("代码", "code", false), Name: l.Header("学校", "name", false),
		Stage: l.Header("学段", "stage", false), Township: l.Header("乡镇", "township", false),
		Pager: l.Pager(total),
	}
	if archived {
		v.OtherHref = "/admin/schools"
	} else {
		v.OtherHref = "/admin/schools?archived=1"
	}
	for _, sc := range rows {
		rural := "城镇"
		if sc.Rural {
			rural = "农村"
		}
		v.Rows = append(v.Rows, org.SchoolRow{ID: sc.ID, Code: sc.Code, Name: sc.Name, Stage: store.StageLabel(sc.Stage),
			Township: sc.Township, Rural: rural, Archived: sc.ArchivedAt != nil})
	}
	s.render(w, r, http.StatusOK, org.SchoolList(v))
}

func (s *Server) schoolNewForm(w http.ResponseWriter, r *http.Request) {
	p := principal(r.Context())
	if !auth.Can(p, auth.ManageSchools, auth.Resource{}) {
		s.deny(w, r, auth.ManageSchools, "school", 0)
		return
	}
	s.render(w, r, http.StatusOK, org.SchoolForm(org.SchoolFormView{
		Chrome: s.chrome(r, "新增学校"), Heading: "新增学校", Action: "/admin/schools", Token: newFormToken(), Stages: stageOptions(),
	}))
}

// readSchool checks the school form.
func readSchool(f *form, countyID int64) store.NewSchool {
	sc := store.NewSchool{CountyID: countyID}
	sc.Code = f.Text("code", "学校代码", true, 20)
	if sc.Code != "" && f.Errors["code"] == "" && !schoolCodeRe.MatchString(sc.Code) {
		f.Fail("code", "学校代码只能包含字母、数字和连字符")
	}
	sc.Name = f.Text("name", "学校名称", true, 60)
	sc.Stage = f.Choice("stage", "学段", stageCodes...)
	sc.Township = f.Text("township", "所在乡镇", true, 30)
	sc.Rural = f.Choice("rural", "城乡", "urban", "rural") == "rural"
	return sc
}

// schoolConflict puts a unique-constraint conflict next to its field and
// reports whether err was one.
func schoolConflict(f *form, err error) bool {
	switch store.SchoolConflictField(err) {
	case "code":
		f.Fail("code", "学校代码已被其他学校使用")
	case "name":
		f.Fail("name", "已有同名学校")
	default:
		return false
	}
	return true
}

func (s *Server) schoolFormAgain(w http.ResponseWriter, r *http.Request, f *form, heading, action string, id int64, version int) {
	v := org.SchoolFormView{
		Chrome: s.chrome(r, heading), Heading: heading, Action: action, ID: id, Version: version, Errors: f.Errors,
		Code: f.Get("code"), Name: f.Get("name"), Stage: f.Get("stage"), Township: f.Get("township"), Rural: f.Get("rural"),
		Stages: stageOptions(),
	}
	if id == 0 {
		v.Token = f.Get("form_token")
		if f.Errors["form_token"] != "" {
			v.Token = newFormToken()
		}
	}
	s.render(w, r, http.StatusUnprocessableEntity, org.SchoolForm(v))
}

func (s *Server) schoolCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !auth.Can(p, auth.ManageSchools, auth.Resource{}) {
		s.deny(w, r, auth.ManageSchools, "school", 0)
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	token := f.Token()
	sc := readSchool(f, p.CountyID)
	if !f.Valid() {
		s.schoolFormAgain(w, r, f, "新增学校", "/admin/schools", 0, 0)
		return
	}
	loc, replayed, err := s.createOnce(w, r, token, func(tx *store.Store) (string, error) {
		id, err := tx.CreateSchool(ctx, sc)
		if err != nil {
			return "", err
		}
		ev := s.event(r, "school.create", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "school", &id
		ev.Details = map[string]any{"code": sc.Code}
		return "/admin/schools", tx.Audit(ctx, ev)
	})
	switch {
	case replayed:
		return
	case schoolConflict(f, err):
		s.schoolFormAgain(w, r, f, "新增学校", "/admin/schools", 0, 0)
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, loc+"?q="+sc.Code, "已新增学校“"+sc.Name+"”。")
}

func editAction(id int64) string { return "/admin/schools/" + strconv.FormatInt(id, 10) }

func (s *Server) schoolEditForm(w http.ResponseWriter, r *http.Request) {
	sc, _, ok := s.loadSchoolRecord(w, r, auth.ManageSchools)
	if !ok {
		return
	}
	if sc.ArchivedAt != nil { // restored first, never edited while archived
		s.notFound(w, r)
		return
	}
	s.render(w, r, http.StatusOK, org.SchoolForm(org.SchoolFormView{
		Chrome: s.chrome(r, "编辑学校"), Heading: "编辑学校", Action: editAction(sc.ID), ID: sc.ID, Version: sc.Version,
		Code: sc.Code, Name: sc.Name, Stage: sc.Stage, Township: sc.Township, Rural: ruralValue(sc.Rural), Stages: stageOptions(),
	}))
}

func (s *Server) schoolUpdate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	sc, _, ok := s.loadSchoolRecord(w, r, auth.ManageSchools)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	version, err := strconv.Atoi(f.Get("version"))
	if err != nil || version < 1 {
		s.renderError(w, r, http.StatusBadRequest)
		return
	}
	in := readSchool(f, sc.CountyID)
	if !f.Valid() {
		s.schoolFormAgain(w, r, f, "编辑学校", editAction(sc.ID), sc.ID, version)
		return
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.UpdateSchool(ctx, sc.ID, int64(version), in); err != nil {
			return err
		}
		ev := s.event(r, "school.update", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "school", &sc.ID
		return tx.Audit(ctx, ev)
	})
	switch {
	case schoolConflict(f, err):
		s.schoolFormAgain(w, r, f, "编辑学校", editAction(sc.ID), sc.ID, version)
		return
	case errors.Is(err, store.ErrConflict):
		s.conflict(w, r)
		return
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r)
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	s.forgetCounty(sc.CountyID)
	s.done(w, r, "/admin/schools", "已保存“"+in.Name+"”。")
}

func (s *Server) schoolArchive(w http.ResponseWriter, r *http.Request) {
	s.schoolSetArchived(w, r, true)
}
func (s *Server) schoolRestore(w http.ResponseWriter, r *http.Request) {
	s.schoolSetArchived(w, r, false)
}

func (s *Server) schoolSetArchived(w http.ResponseWriter, r *http.Request, archived bool) {
	ctx := r.Context()
	sc, _, ok := s.loadSchoolRecord(w, r, auth.ManageSchools)
	if !ok {
		return
	}
	action, msg, back := "school.archive", "已归档“"+sc.Name+"”，可在“已归档的学校”中恢复。", "/admin/schools"
	if !archived {
		action, msg, back = "school.restore", "已恢复“"+sc.Name+"”。", "/admin/schools?archived=1"
	}
	err := s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SetSchoolArchived(ctx, sc.CountyID, sc.ID, archived); err != nil {
			return err
		}
		ev := s.event(r, action, store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "school", &sc.ID
		return tx.Audit(ctx, ev)
	})
	if errors.Is(err, store.ErrNotFound) {
		// Already archived (or restored): nothing to do.
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, back, msg)
}
