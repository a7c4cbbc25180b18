package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"xietong/internal/activity"
	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/phone"
	"xietong/internal/store"
	"xietong/web/components"
	"xietong/web/pages/bases"
)

// baseRoute reads a base of the user's county. A proposal waiting for
// approval is seen only by those who approve it and by the school that
// proposed it; for anyone else it does not exist.
var baseRoute = loader[store.Base]{
	param: "baseID", objType: "practice_base",
	get: func(ctx context.Context, s *Server, p *auth.Principal, id int64) (*store.Base, error) {
		b, err := s.store.GetBase(ctx, p.CountyID, id)
		if err == nil && b.Status == store.BaseProposed && !auth.Can(p, auth.ManageBases, auth.Resource{}) &&
			(b.ProposedBySchoolID == nil || *b.ProposedBySchoolID != p.Active.SchoolID) {
			return nil, fmt.Errorf("server: base %d is another school's proposal: %w", id, store.ErrNotFound)
		}
		return b, err
	},
	resource: func(_ *Server, _ *auth.Principal, _ *store.Base) auth.Resource { return auth.Resource{} },
}

// loadBase loads the {baseID} of the route for action a.
func (s *Server) loadBase(w http.ResponseWriter, r *http.Request, a auth.Action) (*store.Base, bool) {
	b, _, ok := load(s, w, r, baseRoute, auth.ViewBases, a)
	return b, ok
}

func basePath(id int64) string { return "/bases/" + strconv.FormatInt(id, 10) }

func baseKindOptions() []components.Option {
	out := make([]components.Option, len(activity.BaseKinds))
	for i, k := range activity.BaseKinds {
		out[i] = components.Option{Value: k.Code, Label: k.Label}
	}
	return out
}

// agreementLabel is the agreement period as the county writes it.
func agreementLabel(from, to *time.Time) string {
	switch {
	case from == nil && to == nil:
		return "长期"
	case from == nil:
		return "至" + calendar.DateLabel(*to)
	case to == nil:
		return calendar.DateLabel(*from) + "起，长期"
	}
	return calendar.DateLabel(*from) + "—" + calendar.DateLabel(*to)
}

func capacityLabel(c *int) string {
	if c == nil {
		return ""
	}
	return strconv.Itoa(*c) + " 人"
}

func baseDateValue(d *time.Time) string {
	if d == nil {
		return ""
	}
	return d.Format(time.DateOnly)
}

func zeroIfNil(d *time.Time) time.Time {
	if d == nil {
		return time.Time{}
	}
	return *d
}

// newBaseLabel is the list's button: the bureau adds, a school proposes.
func newBaseLabel(p *auth.Principal) string {
	switch {
	case auth.Can(p, auth.ManageBases, auth.Resource{}):
		return "新增基地"
	case auth.Can(p, auth.ProposeBase, auth.Resource{SchoolID: p.Active.SchoolID}):
		return "推荐基地"
	}
	return ""
}

func (s *Server) baseList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !auth.Can(p, auth.ViewBases, auth.Resource{}) {
		s.deny(w, r, auth.ViewBases, "practice_base", 0)
		return
	}
	q := r.URL.Query()
	f := store.BaseFilter{CountyID: p.CountyID, Township: q.Get("township"), Q: q.Get("q"),
		WithProposed: auth.Can(p, auth.ManageBases, auth.Resource{})}
	if k := q.Get("kind"); activity.BaseKinds.Valid(k) {
		f.Kind = k
	}
	rows, err := s.store.ListBases(ctx, f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	towns, err := s.store.BaseTownships(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := bases.ListView{Chrome: s.chrome(r, "社会实践基地"), Kind: f.Kind, Township: f.Township, Q: f.Q,
		Kinds: baseKindOptions(), NewLabel: newBaseLabel(p), Filtered: f.Kind != "" || f.Township != "" || f.Q != ""}
	for _, t := range towns {
		v.Townships = append(v.Townships, components.Option{Value: t, Label: t})
	}
	for _, b := range rows {
		v.Rows = append(v.Rows, bases.Row{Href: basePath(b.ID), Name: b.Name, Kind: activity.BaseKinds.Label(b.Kind),
			Township: b.Township, Contact: b.ContactName, Capacity: capacityLabel(b.Capacity),
			Agreement: agreementLabel(b.AgreementFrom, b.AgreementTo), Proposed: b.Status == store.BaseProposed})
	}
	s.render(w, r, http.StatusOK, bases.List(v))
}

func (s *Server) baseShow(w http.ResponseWriter, r *http.Request) {
	p := principal(r.Context())
	b, ok := s.loadBase(w, r, auth.ViewBases)
	if !ok {
		return
	}
	v := bases.ShowView{Chrome: s.chrome(r, b.Name), Name: b.Name, Kind: activity.BaseKinds.Label(b.Kind),
		Township: b.Township, Address: b.Address, ContactName: b.ContactName, ContactPhone: b.ContactPhone,
		Capacity: capacityLabel(b.Capacity), SafetyNotes: b.SafetyNotes, Agreement: agreementLabel(b.AgreementFrom, b.AgreementTo),
		Open:     activity.BaseOpen(zeroIfNil(b.AgreementFrom), zeroIfNil(b.AgreementTo), s.today()),
		Proposed: b.Status == store.BaseProposed, ProposedBy: b.ProposedBySchool}
	own := auth.Resource{SchoolID: p.Active.SchoolID}
	if v.ShowActivities = auth.Can(p, auth.ViewActivities, own); v.ShowActivities {
		// The activities the user may see: their school's, or (county
		// roles, whose assignment names no school) every school's.
		rows, _, err := s.store.ListActivities(r.Context(), store.ActivityFilter{CountyID: p.CountyID,
			SchoolID: p.Active.SchoolID, BaseID: b.ID, Desc: true, Limit: 100})
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for _, a := range rows {
			v.Activities = append(v.Activities, bases.Activity{Href: activityPath(a.ID), Date: calendar.DateLabel(a.HeldOn),
				School: a.SchoolName, Kind: activity.Kinds.Label(a.Kind), Title: a.Title})
		}
		if auth.Can(p, auth.RecordActivity, own) && !v.Proposed {
			v.NewActivityHref = "/activities/new?kind=base_practice&base=" + itoa(b.ID)
		}
	}
	if auth.Can(p, auth.ManageBases, auth.Resource{}) {
		v.EditHref = basePath(b.ID) + "/edit"
		if v.Proposed {
			v.ApproveAction = basePath(b.ID) + "/approve"
		}
	}
	s.render(w, r, http.StatusOK, bases.Show(v))
}

// mayAddBase says whether p may add a base and how: as the bureau (active)
// or as a school (a proposal). The refusal is of ManageBases.
func mayAddBase(p *auth.Principal) (proposal, ok bool) {
	if auth.Can(p, auth.ManageBases, auth.Resource{}) {
		return false, true
	}
	if auth.Can(p, auth.ProposeBase, auth.Resource{SchoolID: p.Active.SchoolID}) {
		return true, true
	}
	return false, false
}

func (s *Server) baseNewForm(w http.ResponseWriter, r *http.Request) {
	p := principal(r.Context())
	proposal, ok := mayAddBase(p)
	if !ok {
		s.deny(w, r, auth.ManageBases, "practice_base", 0)
		return
	}
	s.renderBaseForm(w, r, http.StatusOK, newBaseForm(proposal, newFormToken(), nil))
}

func newBaseForm(proposal bool, token string, f *form) bases.FormView {
	v := bases.FormView{Heading: "新增基地", Action: "/bases", Cancel: "/bases", Token: token, Proposal: proposal,
		Errors: map[string]string{}, Values: map[string]string{}, Kinds: baseKindOptions()}
	if proposal {
		v.Heading = "推荐基地"
	}
	if f != nil {
		v.Errors, v.Values = f.Errors, baseValues(f)
	}
	return v
}

func baseValues(f *form) map[string]string {
	return f.values("name", "kind", "township", "address", "contact_name", "contact_phone", "capacity",
		"agreement_from", "agreement_to", "safety_notes")
}

func (s *Server) renderBaseForm(w http.ResponseWriter, r *http.Request, status int, v bases.FormView) {
	v.Chrome = s.chrome(r, v.Heading)
	s.render(w, r, status, bases.Form(v))
}

// readBase checks the base form, with Chinese messages by each field.
func readBase(f *form) store.BaseFields {
	var b store.BaseFields
	b.Name = f.Text("name", "基地名称", true, 60)
	b.Kind = f.Choice("kind", "类别", activity.BaseKinds.Codes()...)
	b.Township = f.Text("township", "所在乡镇", false, 30)
	b.Address = f.Text("address", "地址", false, 100)
	b.ContactName = f.Text("contact_name", "联系人", false, 40)
	if v := f.Text("contact_phone", "联系电话", false, 20); v != "" && f.Errors["contact_phone"] == "" {
		if n, ok := phone.Normalize(v); ok {
			b.ContactPhone = n
		} else {
			f.Fail("contact_phone", "联系电话格式不正确，请填写 11 位手机号或带区号的固定电话（如 0851-8612345）")
		}
	}
	if f.Get("capacity") != "" {
		c := f.Int("capacity", "可容纳人数", 0, 100000)
		b.Capacity = &c
	}
	b.SafetyNotes = f.Text("safety_notes", "安全注意事项", false, 1000)
	b.AgreementFrom = f.Date("agreement_from", "协议开始日期", false)
	b.AgreementTo = f.Date("agreement_to", "协议结束日期", false)
	if !b.AgreementFrom.IsZero() && !b.AgreementTo.IsZero() && b.AgreementTo.Before(b.AgreementFrom) {
		f.Fail("agreement_to", "协议结束日期不能早于开始日期")
	}
	return b
}

func (s *Server) baseCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	proposal, ok := mayAddBase(p)
	if !ok {
		s.deny(w, r, auth.ManageBases, "practice_base", 0)
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	token := f.Token()
	nb := store.NewBase{BaseFields: readBase(f), CountyID: p.CountyID, CreatedBy: p.UserID, Status: store.BaseActive}
	action := "base.create"
	if proposal {
		nb.Status, nb.ProposedBySchoolID, action = store.BaseProposed, p.Active.SchoolID, "base.propose"
	}
	again := func() {
		t := token
		if t == "" {
			t = newFormToken()
		}
		s.renderBaseForm(w, r, http.StatusUnprocessableEntity, newBaseForm(proposal, t, f))
	}
	if !f.Valid() {
		again()
		return
	}
	loc, replayed, err := s.createOnce(w, r, token, func(tx *store.Store) (string, error) {
		id, err := tx.CreateBase(ctx, nb)
		if err != nil {
			return "", err
		}
		ev := s.event(r, action, store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "practice_base", &id
		ev.Details = map[string]any{"kind": nb.Kind}
		return basePath(id), tx.Audit(ctx, ev)
	})
	switch {
	case replayed:
		return
	case store.BaseNameTaken(err):
		f.Fail("name", "全县已有同名基地")
		again()
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	msg := "已新增基地“" + nb.Name + "”。"
	if proposal {
		msg = "已推荐基地“" + nb.Name + "”，等待教育局审核。"
	}
	s.done(w, r, loc, msg)
}

func editBaseForm(b *store.Base, f *form) bases.FormView {
	v := bases.FormView{Heading: "编辑基地", Action: basePath(b.ID), Cancel: basePath(b.ID),
		Errors: map[string]string{}, Kinds: baseKindOptions()}
	if f != nil {
		v.Errors, v.Values = f.Errors, baseValues(f)
		return v
	}
	capacity := ""
	if b.Capacity != nil {
		capacity = strconv.Itoa(*b.Capacity)
	}
	v.Values = map[string]string{"name": b.Name, "kind": b.Kind, "township": b.Township, "address": b.Address,
		"contact_name": b.ContactName, "contact_phone": b.ContactPhone, "capacity": capacity,
		"agreement_from": baseDateValue(b.AgreementFrom), "agreement_to": baseDateValue(b.AgreementTo), "safety_notes": b.SafetyNotes}
	return v
}

func (s *Server) baseEditForm(w http.ResponseWriter, r *http.Request) {
	b, ok := s.loadBase(w, r, auth.ManageBases)
	if !ok {
		return
	}
	s.renderBaseForm(w, r, http.StatusOK, editBaseForm(b, nil))
}

func (s *Server) baseUpdate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	b, ok := s.loadBase(w, r, auth.ManageBases)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	in := readBase(f)
	if !f.Valid() {
		s.renderBaseForm(w, r, http.StatusUnprocessableEntity, editBaseForm(b, f))
		return
	}
	err := s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.UpdateBase(ctx, p.CountyID, b.ID, in); err != nil {
			return err
		}
		ev := s.event(r, "base.update", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "practice_base", &b.ID
		ev.Details = map[string]any{"kind": in.Kind}
		return tx.Audit(ctx, ev)
	})
	switch {
	case store.BaseNameTaken(err):
		f.Fail("name", "全县已有同名基地")
		s.renderBaseForm(w, r, http.StatusUnprocessableEntity, editBaseForm(b, f))
		return
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r)
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, basePath(b.ID), "已保存“"+in.Name+"”。")
}

// baseApprove lists a school's proposal in the registry. Approving a base
// already listed changes nothing.
func (s *Server) baseApprove(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	b, ok := s.loadBase(w, r, auth.ManageBases)
	if !ok {
		return
	}
	if b.Status != store.BaseProposed {
		http.Redirect(w, r, basePath(b.ID), http.StatusSeeOther)
		return
	}
	err := s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.ApproveBase(ctx, p.CountyID, b.ID); err != nil {
			return err
		}
		ev := s.event(r, "base.approve", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "practice_base", &b.ID
		if b.ProposedBySchoolID != nil {
			ev.Details = map[string]any{"school_id": *b.ProposedBySchoolID}
		}
		return tx.Audit(ctx, ev)
	})
	if errors.Is(err, store.ErrNotFound) { // approved meanwhile
		http.Redirect(w, r, basePath(b.ID), http.StatusSeeOther)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, basePath(b.ID), "已将“"+b.Name+"”列入全县基地名录。")
}
