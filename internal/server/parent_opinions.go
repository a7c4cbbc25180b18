package server

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/coverage"
	"xietong/internal/parents"
	"xietong/internal/roster"
	"xietong/internal/store"
	"xietong/web/pages/pmeetings"
)

func officeLabel(code string) string {
	if code == "" {
		return ""
	}
	return auth.Office(code).Label()
}

// opinionFix is a step that came back with a message: the opinion, what was
// typed, and the message.
type opinionFix struct {
	id                        int64
	category, owner, response string
	msg                       string
	addErrors, addValues      map[string]string
	addToken                  string
	addFailed                 bool
	// upload: the message of a refused sign-in sheet (evidence) upload.
	upload string
}

// parentMeetingShow is a meeting's page: its counts, lecture, opinions with
// their states and responses, the answered share; for those who manage the
// opinions, the parents' link and the forms.
func (s *Server) parentMeetingShow(w http.ResponseWriter, r *http.Request) {
	m, res, ok := s.loadMeeting(w, r, auth.ViewParentMeeting)
	if !ok {
		return
	}
	s.renderMeeting(w, r, m, res, nil, http.StatusOK)
}

func (s *Server) renderMeeting(w http.ResponseWriter, r *http.Request, m *store.ParentMeeting, res auth.Resource, fix *opinionFix, status int) {
	ctx := r.Context()
	p := principal(ctx)
	manage := auth.Can(p, auth.ManageOpinions, res)
	ops, err := s.store.Opinions(ctx, m.ID, manage)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	classes, err := s.store.MeetingClasses(ctx, m.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	terms, err := s.meetingTerms(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := pmeetings.ShowView{Title: m.SchoolName + " " + calendar.DateLabel(m.HeldOn) + " 家长会",
		Crumb: "家长会", CrumbHref: schoolPath(m.SchoolID, "/parent-meetings"),
		Date: calendar.DateLabel(m.HeldOn), Scope: meetingScopeLabel(m), Term: terms.names[m.TermID],
		Organisers: organiserLabels(m.Organisers), Topic: m.Topic, Attendance: attendanceLabel(m.Invited, m.Attending),
		Lecture: lectureLabel(m), Author: m.AuthorName, PrintHref: meetingPath(m.ID) + "/print",
		Categories: options(parents.OpinionCategories), Offices: officeOptions(),
		AddErrors: map[string]string{}, AddValues: map[string]string{}}
	if auth.Can(p, auth.RecordParentMeeting, res) {
		v.EditHref = meetingPath(m.ID) + "/edit"
	}
	if err := s.meetingSignIn(r, m, res, fix, &v); err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, c := range classes {
		v.Classes = append(v.Classes, pmeetings.ClassCount{Name: c.Name, Invited: strconv.Itoa(c.Invited), Attending: strconv.Itoa(c.Attending)})
	}
	states := make([]parents.OpinionState, len(ops))
	for i, o := range ops {
		st := parents.OpinionState(o.State)
		states[i] = st
		if st == parents.Received {
			v.Received++
		}
		row := pmeetings.Opinion{ID: itoa(o.ID), Body: o.Body, Category: parents.OpinionCategories.Label(o.Category),
			Owner: officeLabel(o.OwnerOffice), State: st.Label(), Hidden: !st.Counted(), Source: parents.OpinionSources.Label(o.Source),
			Response: o.Response}
		if manage {
			fm := &pmeetings.OpinionForm{Action: meetingPath(m.ID) + "/opinions/" + itoa(o.ID), From: o.State,
				Category: o.Category, Owner: o.OwnerOffice, Response: o.Response,
				Accept: st == parents.Received, Respond: st == parents.Pending || st == parents.Answered || st == parents.Published,
				Publish: st == parents.Answered, Retract: st == parents.Published}
			if fix != nil && fix.id == o.ID {
				fm.Category, fm.Owner, fm.Response, fm.Error = fix.category, fix.owner, fix.response, fix.msg
			}
			row.Form = fm
		}
		v.Opinions = append(v.Opinions, row)
	}
	v.Answered, v.Counted = parents.AnsweredShare(states)
	v.Share = coverage.Rate{Num: v.Answered, Den: v.Counted}.Percent()
	if manage {
		v.CanAdd, v.AddAction, v.Token = true, meetingPath(m.ID)+"/opinions", newFormToken()
		v.Link = s.parentLink(r, m.LinkToken)
		v.QR = qrDataURL(v.Link)
		if fix != nil && fix.addFailed {
			v.AddErrors, v.AddValues = fix.addErrors, fix.addValues
			if fix.addToken != "" {
				v.Token = fix.addToken
			}
		}
	}
	v.Chrome = s.chrome(r, "家长会")
	s.render(w, r, status, pmeetings.Show(v))
}

// parentOpinionAdd adds opinions staff collected: one typed (mode one), or
// a pasted list, one per line (mode paste).
func (s *Server) parentOpinionAdd(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	m, res, ok := s.loadMeeting(w, r, auth.ManageOpinions)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	token := f.Token()
	var ops []store.NewOpinion
	source := "staff"
	if f.Get("mode") == "paste" {
		source = "paste"
		cat := f.Get("category")
		if !parents.OpinionCategories.Valid(cat) {
			f.Fail("paste_category", "请选择类别")
		}
		lines := parents.SplitOpinions(f.Values.Get("list"))
		switch {
		case len(lines) == 0:
			f.Fail("list", "请粘贴意见列表，每行一条")
		case len(lines) > parents.MaxPastedOpinions:
			f.Fail("list", "一次最多粘贴 "+strconv.Itoa(parents.MaxPastedOpinions)+" 条")
		}
		for i, l := range lines {
			if msg := parents.ValidateOpinionText(l); msg != "" {
				f.Fail("list", "第 "+strconv.Itoa(i+1)+" 条："+msg)
			}
			ops = append(ops, store.NewOpinion{Body: l, Category: cat})
		}
	} else {
		body := f.Get("body")
		if msg := parents.ValidateOpinionText(body); msg != "" {
			f.Fail("body", msg)
		}
		cat := f.Choice("category", "类别", parents.OpinionCategories.Codes()...)
		owner := f.Get("owner_office")
		if owner != "" && !auth.Office(owner).Valid() {
			f.Fail("owner_office", "请重新选择责任部门")
		}
		ops = []store.NewOpinion{{Body: body, Category: cat, OwnerOffice: owner}}
	}
	if !f.Valid() {
		vals := f.values("body", "category", "owner_office", "list")
		if source == "paste" {
			vals["paste_category"], vals["category"] = vals["category"], ""
		}
		vals["list"] = f.Values.Get("list")
		s.renderMeeting(w, r, m, res, &opinionFix{addFailed: true, addErrors: f.Errors, addValues: vals, addToken: token}, http.StatusUnprocessableEntity)
		return
	}
	loc := meetingPath(m.ID)
	_, replayed, err := s.createOnce(w, r, token, func(tx *store.Store) (string, error) {
		if err := tx.AddOpinions(ctx, m.SchoolID, m.ID, p.UserID, source, ops); err != nil {
			return "", err
		}
		ev := s.event(r, "parent_meeting.opinions_add", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "parent_meeting", &m.ID
		ev.Details = map[string]any{"count": len(ops), "source": source}
		return loc, tx.Audit(ctx, ev)
	})
	if replayed {
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, loc, "已添加 "+strconv.Itoa(len(ops))+" 条意见建议")
}

// opinionStepLabels are the flash messages of each step.
var opinionStepLabels = map[parents.OpinionStep]string{
	parents.Accept: "已受理，待回应", parents.Reject: "已不予受理", parents.Respond: "回应已保存",
	parents.Publish: "已公开，家长扫码可见", parents.Retract: "已撤回公开",
}

// parentOpinionStep moves one opinion: accept or reject a parent's, save a
// response, publish or retract it (parents.NextOpinion decides).
func (s *Server) parentOpinionStep(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	m, res, ok := s.loadMeeting(w, r, auth.ManageOpinions)
	if !ok {
		return
	}
	oid, ok := idParam(r, "opinionID")
	if !ok {
		s.notFound(w, r)
		return
	}
	o, err := s.store.OpinionByID(ctx, m.ID, oid)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	step := parents.OpinionStep(f.Get("step"))
	fix := &opinionFix{id: o.ID, category: f.Get("category"), owner: f.Get("owner_office"), response: f.Get("response")}
	if fix.category == "" {
		fix.category = o.Category
	}
	if _, ok := opinionStepLabels[step]; !ok {
		s.renderError(w, r, http.StatusBadRequest)
		return
	}
	if f.Get("from") != o.State {
		fix.msg = "该意见已被他人处理，请核对后再操作"
		fix.response = o.Response
		s.renderMeeting(w, r, m, res, fix, http.StatusConflict)
		return
	}
	switch {
	case !parents.OpinionCategories.Valid(fix.category):
		fix.msg = "请重新选择类别"
	case fix.owner != "" && !auth.Office(fix.owner).Valid():
		fix.msg = "请重新选择责任部门"
	case len([]rune(fix.response)) > 1000:
		fix.msg = "学校回应不能超过 1000 个字"
	}
	from := parents.OpinionState(o.State)
	response := o.Response
	if step == parents.Respond {
		response = fix.response
	}
	to, msg := parents.NextOpinion(from, step, response)
	if fix.msg == "" {
		fix.msg = msg
	}
	if fix.msg != "" {
		s.renderMeeting(w, r, m, res, fix, http.StatusUnprocessableEntity)
		return
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.ChangeOpinion(ctx, m.ID, o.ID, store.OpinionChange{From: from, To: to, Category: fix.category,
			OwnerOffice: fix.owner, Response: response, UserID: p.UserID}); err != nil {
			return err
		}
		ev := s.event(r, "parent_meeting.opinion_"+string(step), store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "parent_opinion", &o.ID
		ev.Details = map[string]any{"meeting_id": m.ID, "from": string(from), "to": string(to)}
		return tx.Audit(ctx, ev)
	})
	switch {
	case errors.Is(err, store.ErrConflict):
		fix.msg = "该意见已被他人处理，请核对后再操作"
		s.renderMeeting(w, r, m, res, fix, http.StatusConflict)
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, meetingPath(m.ID)+"#opinion-"+itoa(o.ID), opinionStepLabels[step])
}

// parentMeetingPrint is the A4 response sheet for the parent group: the
// published opinions and the school's responses.
func (s *Server) parentMeetingPrint(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	m, _, ok := s.loadMeeting(w, r, auth.ViewParentMeeting)
	if !ok {
		return
	}
	ops, err := s.store.PublishedOpinions(ctx, m.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := pmeetings.PrintView{Chrome: s.chrome(r, "意见建议回复单"), BackHref: meetingPath(m.ID), SchoolName: m.SchoolName,
		Title: m.Topic, Date: calendar.DateLabel(m.HeldOn), Organisers: organiserLabels(m.Organisers)}
	for i, o := range ops {
		v.Items = append(v.Items, pmeetings.PrintItem{N: strconv.Itoa(i + 1), Category: parents.OpinionCategories.Label(o.Category),
			Body: o.Body, Response: o.Response, Owner: officeLabel(o.OwnerOffice)})
	}
	s.render(w, r, http.StatusOK, pmeetings.Print(v))
}

// opinionUpload reads the multipart post of the opinion sheet: its form
// token and the file (bounded by uploadLimit); msg is the Chinese reason
// when there is no file.
func opinionUpload(r *http.Request) (token string, file io.Reader, name, msg string) {
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, "", "请选择要上传的文件"
	}
	for {
		part, err := mr.NextPart()
		if errors.As(err, new(*http.MaxBytesError)) {
			return token, nil, "", tooBigMessage
		}
		if err != nil {
			return token, nil, "", "请选择要上传的文件"
		}
		switch part.FormName() {
		case "form_token":
			b, _ := io.ReadAll(io.LimitReader(part, 64))
			token = strings.TrimSpace(string(b))
		case "file":
			data, err := io.ReadAll(part)
			if errors.As(err, new(*http.MaxBytesError)) {
				return token, nil, "", tooBigMessage
			}
			if err != nil {
				return token, nil, "", "上传中断，请重新上传"
			}
			name = cleanFilename(part.FileName())
			if name == "" && len(data) == 0 {
				return token, nil, "", "请选择要上传的文件"
			}
			return token, bytes.NewReader(data), name, ""
		}
	}
}

// parentOpinionImport imports opinions from a sheet the office kept (.xlsx,
// .xls or .csv): one opinion a row, with its category and the school's
// response where the sheet has them (answered then). All or nothing.
func (s *Server) parentOpinionImport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	m, res, ok := s.loadMeeting(w, r, auth.ManageOpinions)
	if !ok {
		return
	}
	token, file, name, msg := opinionUpload(r)
	fail := func(msg string) {
		s.renderMeeting(w, r, m, res, &opinionFix{addFailed: true, addErrors: map[string]string{"file": msg}, addValues: map[string]string{}}, http.StatusUnprocessableEntity)
	}
	if msg != "" {
		fail(msg)
		return
	}
	if len(token) != 32 || strings.Trim(token, "0123456789abcdef") != "" {
		fail("表单已过期，请刷新页面后重新上传")
		return
	}
	sheets, err := roster.Read(file, name, roster.DefaultLimits())
	var fe *roster.FileError
	if errors.As(err, &fe) {
		fail(fe.Message)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var ops []parents.SheetOpinion
	problems := []string{"文件中没有工作表"}
	for _, sh := range sheets {
		if sh.Hidden {
			continue
		}
		if ops, problems = parents.ReadOpinionSheet(sh.Rows); len(problems) == 0 {
			break
		}
	}
	if len(problems) > 0 {
		fail(strings.Join(problems, "；"))
		return
	}
	rows := make([]store.OpinionRow, len(ops))
	answered := 0
	for i, o := range ops {
		rows[i] = store.OpinionRow{Body: o.Body, Category: o.Category, Source: "xlsx", State: parents.Pending, CreatedBy: p.UserID, CreatedAt: s.cfg.Now()}
		if o.Response != "" {
			rows[i].State, rows[i].Response, rows[i].RespondedBy = parents.Answered, o.Response, p.UserID
			answered++
		}
	}
	loc := meetingPath(m.ID)
	_, replayed, err := s.createOnce(w, r, token, func(tx *store.Store) (string, error) {
		if err := tx.InsertOpinions(ctx, m.ID, rows); err != nil {
			return "", err
		}
		ev := s.event(r, "parent_meeting.opinions_import", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "parent_meeting", &m.ID
		ev.Details = map[string]any{"count": len(rows), "answered": answered}
		return loc, tx.Audit(ctx, ev)
	})
	if replayed {
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, loc, "已导入 "+strconv.Itoa(len(rows))+" 条意见建议（其中 "+strconv.Itoa(answered)+" 条已有回应）")
}
