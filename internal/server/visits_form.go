package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/store"
	"xietong/internal/visit"
	"xietong/web/components"
	"xietong/web/pages/visits"
)

// visitNew is the visit form for one student (and their siblings).
func (s *Server) visitNew(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	id, ok := idParam(r, "studentID")
	if !ok {
		s.notFound(w, r)
		return
	}
	st, _, ok := s.visitStudent(w, r, id, s.store.StudentRecord)
	if !ok {
		return
	}
	win := s.visitWindow(ctx, p.CountyID)
	fields := store.VisitFields{Date: s.today(), Kind: win.Kind}
	v, err := s.visitFormView(r, st, fields, nil, map[string]string{})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v.Token = newFormToken()
	s.render(w, r, http.StatusOK, visits.Form(v))
}

// studentLoader reads a student inside a scope: the whole record
// (store.StudentRecord) for a form, or only where they are
// (store.StudentPlace) for a write.
type studentLoader func(context.Context, auth.Scope, int64) (*store.Student, error)

// visitStudent loads the student a visit is filed under, inside the user's
// scope, and checks that the user may log a visit for them. Not
// loadStudent: visitCreate names the student in the form, not the route,
// the read differs by use (studentLoader), and only an enrolled student in
// a class may be visited.
func (s *Server) visitStudent(w http.ResponseWriter, r *http.Request, id int64, load studentLoader) (*store.Student, auth.Resource, bool) {
	p := principal(r.Context())
	if !auth.Allows(p.Active.Role, auth.LogVisit) {
		s.deny(w, r, auth.LogVisit, "student", id)
		return nil, auth.Resource{}, false
	}
	st, err := load(r.Context(), auth.StudentScope(p), id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && (st.ClassID == nil || st.Status != "enrolled")) {
		s.deny(w, r, auth.LogVisit, "student", id)
		return nil, auth.Resource{}, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return nil, auth.Resource{}, false
	}
	res := auth.Resource{SchoolID: st.SchoolID, ClassID: *st.ClassID}
	if !auth.Can(p, auth.LogVisit, res) {
		s.deny(w, r, auth.LogVisit, "student", id)
		return nil, auth.Resource{}, false
	}
	return st, res, true
}

// visitWindow is the visit window open today.
func (s *Server) visitWindow(ctx context.Context, countyID int64) visit.Window {
	ci, err := s.county(ctx, countyID)
	if err != nil {
		return visit.Window{Kind: "routine"}
	}
	w, ok := visit.WindowAt(ci.cal, s.today())
	if !ok {
		return visit.Window{Kind: "routine"}
	}
	return w
}

// visitFormView fills the form's view model from fields and the user's
// choices (sibling ids checked).
func (s *Server) visitFormView(r *http.Request, st *store.Student, f store.VisitFields, siblingsChecked []int64, errs map[string]string) (visits.FormView, error) {
	ctx := r.Context()
	p := principal(ctx)
	win := s.visitWindow(ctx, p.CountyID)
	v := visits.FormView{
		Chrome:      s.chrome(r, "记家访"),
		Heading:     "记家访",
		Action:      "/visits",
		DraftKey:    fmt.Sprintf("visit:u%d:s%d", p.UserID, st.ID),
		StudentID:   st.ID,
		StudentName: st.Name,
		ClassName:   st.ClassName,
		Date:        dateValue(f.Date),
		Mode:        f.Mode,
		Kind:        f.Kind,
		Leader:      f.LeaderJoined,
		Author:      p.DisplayName,
		Met:         f.Met, Study: f.Study, Life: f.Life, Mind: f.Mind, Family: f.Family,
		Other: f.OtherProblem, Advice: f.Advice, Requests: f.Requests,
		PhotoSlots: visit.MaxPhotos,
		Errors:     errs,
		CancelHref: "/visits",
	}
	v.Chrome.Scripts = []string{"visit-draft.js"}
	if win.Name != "" {
		v.Window = "当前：" + win.Label() + "（建议类型：" + visit.KindLabel(win.Kind) + "）"
	}
	if p.Active.Role == auth.SchoolLeader || p.Active.Role == auth.SchoolOffice {
		v.CancelHref = "/classes/" + strconv.FormatInt(*st.ClassID, 10) + "/visits"
	}
	for _, m := range visit.Modes {
		v.Modes = append(v.Modes, visits.Choice{Value: m.Code, Label: m.Label, Checked: m.Code == f.Mode})
	}
	for _, k := range visit.Kinds {
		v.Kinds = append(v.Kinds, components.Option{Value: k.Code, Label: k.Label})
	}
	for _, c := range visit.Categories {
		v.Problems = append(v.Problems, visits.Choice{Value: c.Code, Label: c.Label, Checked: slices.Contains(f.Problems, c.Code)})
	}
	sibs, err := s.store.Siblings(ctx, st.SchoolID, st.ID)
	if err != nil {
		return v, err
	}
	for _, sb := range sibs {
		v.Siblings = append(v.Siblings, visits.Choice{Value: strconv.FormatInt(sb.ID, 10), Label: sb.Name + "（" + sb.ClassName + "）", Checked: slices.Contains(siblingsChecked, sb.ID)})
	}
	staff, err := s.store.SchoolStaff(ctx, st.SchoolID, s.currentTermID(ctx, p.CountyID))
	if err != nil {
		return v, err
	}
	for _, m := range staff {
		if m.ID == p.UserID {
			continue
		}
		v.Staff = append(v.Staff, visits.Choice{Value: strconv.FormatInt(m.ID, 10), Label: m.Name, Checked: slices.Contains(f.Companions, m.ID)})
	}
	return v, nil
}

func dateValue(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}

// readVisitFields checks the typed and picked fields of a visit form.
// staff are those companions may be picked from, author the visit's lead
// (visit.Companions decides who joins).
func (s *Server) readVisitFields(ctx context.Context, f *form, countyID int64, staff []store.StaffMember, author int64) store.VisitFields {
	ci, err := s.county(ctx, countyID)
	var cal calendar.Calendar
	if err == nil {
		cal = ci.cal
	}
	today := s.today()
	var vf store.VisitFields
	vf.Date = f.Date("date", "家访日期", true)
	if !vf.Date.IsZero() {
		earliest := visit.EarliestDate(cal, today)
		switch {
		case vf.Date.After(today):
			f.Fail("date", "家访日期不能晚于今天")
		case vf.Date.Before(earliest):
			f.Fail("date", "家访日期不能早于"+calendar.DateLabel(earliest)+"（本学期开学前一周）")
		}
		vf.TermID, vf.VacationID = visit.Periods(cal, vf.Date)
	}
	vf.Mode = f.Choice("mode", "家访方式", visit.Modes.Codes()...)
	vf.Kind = f.Choice("kind", "家访类型", visit.Kinds.Codes()...)
	vf.LeaderJoined = f.Bool("leader_joined")
	var picked, eligible []int64
	for _, raw := range f.Values["companions"] {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			id = 0 // never a user: reported as not on the staff
		}
		picked = append(picked, id)
	}
	for _, m := range staff {
		eligible = append(eligible, m.ID)
	}
	joined, unknown, tooMany := visit.Companions(picked, eligible, author)
	vf.Companions = joined
	switch {
	case unknown:
		f.Fail("companions", "同行人员只能从本校教职工中选择")
	case tooMany:
		f.Fail("companions", fmt.Sprintf("同行人员最多 %d 人", visit.MaxCompanions))
	}
	vf.Met = f.Text("met", "接待人", false, 100)
	vf.Study = f.Text("study", "学习情况", false, 1000)
	vf.Life = f.Text("life", "生活情况", false, 1000)
	vf.Mind = f.Text("mind", "心理状况", false, 1000)
	vf.Family = f.Text("family", "家庭情况", false, 1000)
	for _, c := range f.Values["problems"] {
		if !visit.ValidCategory(c) {
			f.Fail("problems", "请从列出的问题中选择")
			continue
		}
		if !slices.Contains(vf.Problems, c) {
			vf.Problems = append(vf.Problems, c)
		}
	}
	vf.OtherProblem = f.Text("other_problem", "其他问题", false, 100)
	if slices.Contains(vf.Problems, "other") && vf.OtherProblem == "" {
		f.Fail("other_problem", "勾选了“其他”，请写明是什么问题")
	}
	if !slices.Contains(vf.Problems, "other") {
		vf.OtherProblem = ""
	}
	vf.Advice = f.Text("advice", "给家长的建议", false, 1000)
	vf.Requests = f.Text("requests", "家长的诉求", false, 1000)
	return vf
}

// readPhotos re-encodes the uploaded photos, recording a message on the
// photos field for any that is refused.
func readPhotos(ctx context.Context, mf *multipartForm, slots int) []store.Photo {
	if mf.photoError != "" {
		mf.Fail("photos", mf.photoError)
	}
	if len(mf.photos) > slots {
		mf.Fail("photos", "照片最多 5 张")
		return nil
	}
	var out []store.Photo
	for _, b := range mf.photos {
		ph, err := processPhoto(ctx, b)
		switch {
		case errors.Is(err, errNotImage):
			mf.Fail("photos", "只能上传 JPEG 或 PNG 照片")
		case errors.Is(err, errPhotoLarge):
			mf.Fail("photos", "照片像素过大，请用手机相机的普通模式拍摄")
		case err != nil:
			mf.Fail("photos", "照片无法处理，请重新选择")
		default:
			out = append(out, ph)
		}
	}
	return out
}

// visitCreate logs a visit. The form token is claimed in the same
// transaction as the visit, its ledger entries and the audit row, so that a
// double tap or an offline draft sent twice makes one visit; the replay is
// sent to the first visit.
func (s *Server) visitCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !auth.Allows(p.Active.Role, auth.LogVisit) {
		s.deny(w, r, auth.LogVisit, "visit", 0)
		return
	}
	mf, status := parseVisitForm(r, visit.MaxPhotos)
	if mf == nil {
		s.renderError(w, r, status)
		return
	}
	var ids []int64
	for _, raw := range mf.Values["student_ids"] {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id <= 0 {
			s.renderError(w, r, http.StatusBadRequest)
			return
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 || len(ids) > 7 {
		s.renderError(w, r, http.StatusBadRequest)
		return
	}
	// Where the student is suffices to authorise the visit; the whole
	// record is read only to show the form again.
	st, _, ok := s.visitStudent(w, r, ids[0], s.store.StudentPlace)
	if !ok {
		return
	}
	// Siblings: other students of the school who share a guardian's phone.
	if len(ids) > 1 {
		sibs, err := s.store.Siblings(ctx, st.SchoolID, st.ID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for _, id := range ids[1:] {
			if !slices.ContainsFunc(sibs, func(sb store.Sibling) bool { return sb.ID == id }) {
				s.deny(w, r, auth.LogVisit, "student", id)
				return
			}
		}
	}
	termID := s.currentTermID(ctx, p.CountyID)
	// The staff list only checks companions; most visits have none.
	var staff []store.StaffMember
	var err error
	if len(mf.Values["companions"]) > 0 {
		if staff, err = s.store.SchoolStaff(ctx, st.SchoolID, termID); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	token := mf.Token()
	fields := s.readVisitFields(ctx, mf.form, p.CountyID, staff, p.UserID)
	photos := readPhotos(ctx, mf, visit.MaxPhotos)
	if !mf.Valid() {
		if len(mf.photos) > 0 && mf.Errors["photos"] == "" {
			mf.Errors["photos"] = "请重新选择照片（表单有误时照片不会保留）"
		}
		full, err := s.store.StudentRecord(ctx, auth.StudentScope(p), st.ID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		v, err := s.visitFormView(r, full, fields, ids[1:], mf.Errors)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		v.Token = token
		if token == "" {
			v.Token = newFormToken()
		}
		s.render(w, r, http.StatusUnprocessableEntity, visits.Form(v))
		return
	}
	ev := s.event(r, string(auth.LogVisit), store.ResultSuccess)
	ev.ObjectType = "visit"
	ev.Details = map[string]any{"students": len(ids), "photos": len(photos), "problems": len(fields.Problems)}
	// One call writes the visit, its ledger entries, the audit row and the
	// claim of the one-time token (last, with where the visit leads: a
	// replay rolls the whole visit back and goes where the first went).
	_, out, loc, err := s.store.LogVisit(ctx, store.NewVisit{
		SchoolID: st.SchoolID, AuthorID: p.UserID, StudentIDs: ids, VisitFields: fields, Photos: photos, CurrentTermID: termID,
		CreatedAt: s.cfg.Now(),
	}, ev, token, visitPathPrefix)
	if errors.Is(err, errReplay) {
		if loc == "" {
			loc = "/visits"
		}
		seeOther(w, r, loc)
		return
	}
	if errors.Is(err, store.ErrNotFound) {
		s.deny(w, r, auth.LogVisit, "student", ids[0])
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	msg := "家访记录已保存。"
	if out.Opened+out.Joined > 0 {
		msg += fmt.Sprintf("发现的 %d 个问题已记入问题台账。", out.Opened+out.Joined)
	}
	s.flash(r, msg)
	seeOther(w, r, s.classVisitsHref(p, *st.ClassID))
}

// seeOther ends a POST with a redirect (PRG). The offline-draft script
// sends the form with fetch, which would follow a 303 itself and so eat the
// flash on a page it never shows: it asks with X-Xietong-Draft and gets the
// location in a header instead, and goes there.
func seeOther(w http.ResponseWriter, r *http.Request, loc string) {
	if r.Header.Get("X-Xietong-Draft") == "1" {
		w.Header().Set("X-Location", loc)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, loc, http.StatusSeeOther)
}

// classVisitsHref is where a user follows a class's visits: a teacher's
// own page, or the class's page for the school.
func (s *Server) classVisitsHref(p *auth.Principal, classID int64) string {
	if p.TeachesClass(classID) {
		return "/visits"
	}
	return "/classes/" + strconv.FormatInt(classID, 10) + "/visits"
}

// visitPathPrefix followed by a visit's id is the visit's page.
const visitPathPrefix = "/visits/"

func visitPath(id int64) string { return visitPathPrefix + strconv.FormatInt(id, 10) }

// visitEdit is the edit form of a visit.
func (s *Server) visitEdit(w http.ResponseWriter, r *http.Request) {
	v, _, ok := s.loadVisit(w, r, auth.EditVisit)
	if !ok {
		return
	}
	view, err := s.visitEditView(r, v, v.VisitFields, map[string]string{})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, visits.Form(view))
}

func (s *Server) visitEditView(r *http.Request, v *store.Visit, f store.VisitFields, errs map[string]string) (visits.FormView, error) {
	st := &store.Student{ID: v.Students[0].ID, Name: v.Students[0].Name, ClassName: v.Students[0].ClassName, SchoolID: v.SchoolID, ClassID: &v.ClassID}
	view, err := s.visitFormView(r, st, f, nil, errs)
	if err != nil {
		return view, err
	}
	view.Siblings = nil
	view.Chrome.Scripts = nil
	view.Chrome.Title, view.Heading = "修改家访记录", "修改家访记录"
	view.Edit, view.Version = true, v.Version
	view.Action = visitPath(v.ID)
	view.CancelHref = visitPath(v.ID)
	view.Author = v.AuthorName
	for _, id := range v.PhotoIDs {
		view.Photos = append(view.Photos, visits.PhotoThumb{ID: id, Src: photoPath(v.ID, id)})
	}
	view.PhotoSlots = visit.MaxPhotos - len(v.PhotoIDs)
	names := make([]string, len(v.Students))
	for i, x := range v.Students {
		names[i] = x.Name
	}
	view.StudentName = joinNames(names)
	return view, nil
}

func joinNames(names []string) string {
	out := ""
	for i, n := range names {
		if i > 0 {
			out += "、"
		}
		out += n
	}
	return out
}

func photoPath(visitID, photoID int64) string {
	return visitPath(visitID) + "/photos/" + strconv.FormatInt(photoID, 10)
}

// visitUpdate saves an edit: the old values of changed fields go to a
// revision, the audit row names the fields and the revision.
func (s *Server) visitUpdate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	v, _, ok := s.loadVisit(w, r, auth.EditVisit)
	if !ok {
		return
	}
	mf, status := parseVisitForm(r, visit.MaxPhotos)
	if mf == nil {
		s.renderError(w, r, status)
		return
	}
	staff, err := s.store.SchoolStaff(ctx, v.SchoolID, s.currentTermID(ctx, p.CountyID))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	// Companions who left the school's staff stay on an old visit.
	for _, id := range v.Companions {
		if !slices.ContainsFunc(staff, func(m store.StaffMember) bool { return m.ID == id }) {
			staff = append(staff, store.StaffMember{ID: id})
		}
	}
	version, err := strconv.Atoi(mf.Get("version"))
	if err != nil {
		s.renderError(w, r, http.StatusBadRequest)
		return
	}
	fields := s.readVisitFields(ctx, mf.form, p.CountyID, staff, v.AuthorID)
	var remove []int64
	for _, raw := range mf.Values["remove_photos"] {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err == nil && slices.Contains(v.PhotoIDs, id) {
			remove = append(remove, id)
		}
	}
	photos := readPhotos(ctx, mf, visit.MaxPhotos-len(v.PhotoIDs)+len(remove))
	if !mf.Valid() {
		view, err := s.visitEditView(r, v, fields, mf.Errors)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		view.Version = version
		s.render(w, r, http.StatusUnprocessableEntity, visits.Form(view))
		return
	}
	var changed []string
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		var rev int64
		var out store.LedgerOutcome
		var err error
		changed, rev, out, err = tx.UpdateVisit(ctx, v, store.VisitChange{
			VisitID: v.ID, EditorID: p.UserID, Version: version, Fields: fields, AddPhotos: photos, RemovePhotos: remove,
		}, s.currentTermID(ctx, p.CountyID))
		if err != nil || len(changed) == 0 {
			return err
		}
		ev := s.event(r, string(auth.EditVisit), store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "visit", &v.ID
		ev.Details = map[string]any{"fields": changed, "revision": rev, "ledger_opened": out.Opened, "ledger_joined": out.Joined}
		return tx.Audit(ctx, ev)
	})
	if errors.Is(err, store.ErrConflict) {
		s.renderError(w, r, http.StatusConflict)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if len(changed) == 0 {
		s.flash(r, "没有修改任何内容。")
	} else {
		s.flash(r, "家访记录已修改，原内容已存入修改记录。")
	}
	http.Redirect(w, r, visitPath(v.ID), http.StatusSeeOther)
}
