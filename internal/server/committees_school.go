package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"xietong/internal/auth"
	"xietong/internal/parents"
	"xietong/internal/privacy"
	"xietong/internal/store"
	"xietong/web/components"
	"xietong/web/pages/committees"
)

// repPath is the POST path of a representative's button (head, delete).
func repPath(schoolID, repID int64, action string) string {
	return schoolPath(schoolID, "/committees/school/reps/"+strconv.FormatInt(repID, 10)+"/"+action)
}

// schoolCommittees is the school's overview of R06 and R07 for the school
// year: every class's committee (complete, with problems, none) and
// whether the school committee meets its make-up. Names and counts only:
// county roles read it.
func (s *Server) schoolCommittees(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	sc, _, ok := s.loadSchool(w, r, auth.ViewCommittees)
	if !ok {
		return
	}
	year, ok := s.committeeYear(w, r)
	if !ok {
		return
	}
	rows, err := s.store.SchoolCommitteeSummary(ctx, sc.ID, year.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	school, err := s.store.SchoolCommitteeOf(ctx, sc.ID, year.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := committees.SchoolView{
		SchoolName: sc.Name, YearLabel: year.Name(), Crumb: sc.Name, CrumbHref: schoolPath(sc.ID, ""),
		All: len(rows), SchoolHref: schoolPath(sc.ID, "/committees/school"), SchoolProblems: school.Problems(),
	}
	for _, c := range rows {
		row := committees.ClassRow{Name: c.Name, Head: c.HeadName, Members: c.Members, Valid: c.Valid(), Problems: c.Problems}
		switch {
		case !c.Exists || c.Members == 0:
			row.State, row.Problems = "未组建", nil
			v.Missing++
		case c.Draft:
			row.State = "草稿待确认"
		case row.Valid:
			row.State = "完整"
			v.Valid++
		default:
			row.State = "有问题"
		}
		if auth.Can(p, auth.ViewCommittees, auth.Resource{SchoolID: sc.ID, ClassID: c.ClassID}) {
			row.Href = classCommitteePath(c.ClassID, "")
		}
		v.Classes = append(v.Classes, row)
	}
	v.Chrome = s.chrome(r, "家长委员会")
	s.render(w, r, http.StatusOK, committees.School(v))
}

// schoolCommittee is the school parent committee with its make-up check
// and, for the office, the forms that compose it.
func (s *Server) schoolCommittee(w http.ResponseWriter, r *http.Request) {
	sc, _, ok := s.loadSchool(w, r, auth.ViewCommittees)
	if !ok {
		return
	}
	s.renderSchoolCommittee(w, r, sc, nil, http.StatusOK)
}

func (s *Server) renderSchoolCommittee(w http.ResponseWriter, r *http.Request, sc *store.School, f *form, status int) {
	ctx := r.Context()
	p := principal(ctx)
	year, ok := s.committeeYear(w, r)
	if !ok {
		return
	}
	c, err := s.store.SchoolCommitteeOf(ctx, sc.ID, year.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	res := auth.Resource{SchoolID: sc.ID}
	full := auth.Can(p, auth.ViewFullContacts, res)
	v := committees.SchoolCommitteeView{
		SchoolName: sc.Name, YearLabel: year.Name(), Crumb: "家长委员会", CrumbHref: schoolPath(sc.ID, "/committees"),
		Problems: c.Problems(), Reps: len(c.Reps), PrintHref: schoolPath(sc.ID, "/committees/school/print"),
		CanEdit: auth.Can(p, auth.EditSchoolCommittee, res), AddAction: schoolPath(sc.ID, "/committees/school/reps"), Token: newFormToken(),
		Errors: map[string]string{}, Values: map[string]string{},
	}
	for _, d := range groupReps(c) {
		div := committees.Division{Name: d.name}
		for _, rep := range d.reps {
			row := committees.Rep{Name: rep.Name, Relation: rep.Relation, Phone: rep.Phone, ClassName: rep.ClassName, Division: d.name, Head: rep.Head}
			if !full {
				row.Phone = privacy.MaskPhone(row.Phone)
			}
			if v.CanEdit {
				row.HeadAction, row.RemoveAction = repPath(sc.ID, rep.ID, "head"), repPath(sc.ID, rep.ID, "delete")
			}
			div.Reps = append(div.Reps, row)
		}
		v.Divisions = append(v.Divisions, div)
	}
	if v.CanEdit {
		cand, err := s.store.RepCandidates(ctx, sc.ID, year.ID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for _, m := range cand {
			label := divisionName(m.DivisionName) + " · " + m.ClassName + " · " + m.Name
			if m.Head {
				label += "（班级负责人）"
			}
			v.Candidates = append(v.Candidates, components.Option{Value: strconv.FormatInt(m.MemberID, 10), Label: label})
		}
	}
	if f != nil {
		v.Errors, v.Values = f.Errors, f.values("member_id", "head")
	}
	v.Chrome = s.chrome(r, "学校家委会")
	s.render(w, r, status, committees.SchoolCommittee(v))
}

// divisionName is a representative's division, or what to say when their
// grade is in none.
func divisionName(name string) string {
	if name == "" {
		return "未划分年级部"
	}
	return name
}

type repGroup struct {
	name string
	reps []store.SchoolRep
}

// groupReps puts the representatives under the school's divisions, in the
// school's order, and those of a grade in no division last.
func groupReps(c store.SchoolCommittee) []repGroup {
	out := make([]repGroup, 0, len(c.Divisions)+1)
	at := map[int64]int{}
	for _, d := range c.Divisions {
		at[d.ID] = len(out)
		out = append(out, repGroup{name: d.Name})
	}
	for _, rep := range c.Reps {
		i, ok := at[rep.DivisionID]
		if !ok {
			at[rep.DivisionID] = len(out)
			i = len(out)
			out = append(out, repGroup{name: divisionName(rep.DivisionName)})
		}
		out[i].reps = append(out[i].reps, rep)
	}
	return out
}

// schoolCommitteePrint is the A4 member list of the school committee with
// a signature column.
func (s *Server) schoolCommitteePrint(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	sc, res, ok := s.loadSchool(w, r, auth.ViewCommittees)
	if !ok {
		return
	}
	year, ok := s.committeeYear(w, r)
	if !ok {
		return
	}
	c, err := s.store.SchoolCommitteeOf(ctx, sc.ID, year.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	full := auth.Can(p, auth.ViewFullContacts, res)
	v := committees.PrintView{SchoolName: sc.Name, YearLabel: year.Name(), Crumb: "学校家委会", CrumbHref: schoolPath(sc.ID, "/committees/school")}
	if problems := c.Problems(); len(problems) == 0 {
		v.Status = "符合每个年级部 3 名代表、1 名负责人的要求"
	} else {
		v.Status = "尚不符合要求：" + strings.Join(problems, "；")
	}
	for _, d := range groupReps(c) {
		for _, rep := range d.reps {
			row := committees.PrintRow{Division: d.name, Name: rep.Name, ClassName: rep.ClassName, Role: "代表", Phone: rep.Phone}
			if rep.Head {
				row.Role = "负责人"
			}
			if !full {
				row.Phone = privacy.MaskPhone(row.Phone)
			}
			v.Rows = append(v.Rows, row)
		}
	}
	v.Chrome = s.chrome(r, "学校家委会成员名单")
	s.render(w, r, http.StatusOK, committees.Print(v))
}

// schoolRepAdd puts a class committee member on the school committee. A
// committee over the make-up is saved and shown as not meeting it.
func (s *Server) schoolRepAdd(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	sc, _, ok := s.loadSchool(w, r, auth.EditSchoolCommittee)
	if !ok {
		return
	}
	year, ok := s.committeeYear(w, r)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	token := f.Token()
	memberID := f.ID("member_id", "班级家委会成员", true)
	head := f.Bool("head")
	if !f.Valid() {
		s.renderSchoolCommittee(w, r, sc, f, http.StatusUnprocessableEntity)
		return
	}
	loc := schoolPath(sc.ID, "/committees/school")
	_, replayed, err := s.createOnce(w, r, token, func(tx *store.Store) (string, error) {
		id, err := tx.AddSchoolRep(ctx, sc.ID, year.ID, memberID, false)
		if err != nil {
			return "", err
		}
		if head {
			if err := tx.SetSchoolRepHead(ctx, sc.ID, year.ID, id, true); err != nil {
				return "", err
			}
		}
		ev := s.event(r, "committee.rep_add", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "committee_rep", &id
		ev.Details = map[string]any{"school_id": sc.ID, "member_id": memberID, "head": head}
		return loc, tx.Audit(ctx, ev)
	})
	if replayed {
		return
	}
	switch {
	case errors.Is(err, store.ErrConflict):
		f.Fail("member_id", "该成员已是学校家委会代表")
	case errors.Is(err, store.ErrNotFound):
		f.Fail("member_id", "请从本校本学年的班级家委会成员中选择")
	case err != nil:
		s.serverError(w, r, err)
		return
	default:
		s.done(w, r, loc, "已添加学校家委会代表")
		return
	}
	s.renderSchoolCommittee(w, r, sc, f, http.StatusUnprocessableEntity)
}

// schoolRepHead makes a representative the head of their division
// (head=1), the division's other head stepping down, or no longer a head.
func (s *Server) schoolRepHead(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	sc, _, ok := s.loadSchool(w, r, auth.EditSchoolCommittee)
	if !ok {
		return
	}
	repID, ok := idParam(r, "repID")
	if !ok {
		s.notFound(w, r)
		return
	}
	year, ok := s.committeeYear(w, r)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	head := f.Get("head") != "0"
	err := s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SetSchoolRepHead(ctx, sc.ID, year.ID, repID, head); err != nil {
			return err
		}
		ev := s.event(r, "committee.rep_head", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "committee_rep", &repID
		ev.Details = map[string]any{"school_id": sc.ID, "head": head}
		return tx.Audit(ctx, ev)
	})
	if errors.Is(err, store.ErrNotFound) {
		f.Fail("head", parents.HeadMustBeMember)
		s.renderSchoolCommittee(w, r, sc, f, http.StatusUnprocessableEntity)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	msg := "已设定年级部负责人"
	if !head {
		msg = "已取消负责人"
	}
	s.done(w, r, schoolPath(sc.ID, "/committees/school"), msg)
}

// schoolRepRemove takes a representative off the school committee; they
// stay on their class's.
func (s *Server) schoolRepRemove(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	sc, _, ok := s.loadSchool(w, r, auth.EditSchoolCommittee)
	if !ok {
		return
	}
	repID, ok := idParam(r, "repID")
	if !ok {
		s.notFound(w, r)
		return
	}
	year, ok := s.committeeYear(w, r)
	if !ok {
		return
	}
	var name string
	err := s.store.InTx(ctx, func(tx *store.Store) error {
		var err error
		if name, err = tx.RemoveSchoolRep(ctx, sc.ID, year.ID, repID); err != nil {
			return err
		}
		ev := s.event(r, "committee.rep_remove", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "committee_rep", &repID
		ev.Details = map[string]any{"school_id": sc.ID}
		return tx.Audit(ctx, ev)
	})
	loc := schoolPath(sc.ID, "/committees/school")
	if errors.Is(err, store.ErrNotFound) {
		s.done(w, r, loc, "该代表已不在学校家委会中")
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, loc, "已将 "+name+" 移出学校家委会")
}
