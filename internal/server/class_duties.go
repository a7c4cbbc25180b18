package server

import (
	"context"
	"time"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/compliance"
	"xietong/internal/parents"
	"xietong/internal/store"
	"xietong/web/pages/home"
)

// classDutyIDs are the duties a class teacher does for their own class
// (#17 item 4): the pre-term visits (R02), the vacation visits of the
// left-behind and hardship families (R03), the first week's themed class
// meeting (R05) and the class parent committee (R06).
var classDutyIDs = []string{"R02", "R03", "R05", "R06"}

// classDuties judges the class on those duties for the term the
// compliance engine looks at today, by the same rules and periods as the
// school's page, from the class's own counters and records: one class's
// share instead of the school's.
func (s *Server) classDuties(ctx context.Context, p *auth.Principal, c store.Class, cal calendar.Calendar, cat catalogue, today time.Time) ([]home.Duty, error) {
	term, ok := cal.CurrentTerm(today)
	if !ok {
		return nil, nil
	}
	school, err := s.store.SchoolByID(ctx, c.SchoolID)
	if err != nil {
		return nil, err
	}
	judged, qs := cat.judge(cal, term, today)
	res := auth.Resource{SchoolID: c.SchoolID, ClassID: c.ID}
	var out []home.Duty
	for _, id := range classDutyIDs {
		j, ok := judged[id]
		if !ok {
			continue
		}
		var q store.DutyQuery
		for _, x := range qs {
			if x.DutyID == id {
				q = x
			}
		}
		f, href, err := s.classFigures(ctx, p, id, c, term, q, res)
		if err != nil {
			return nil, err
		}
		x := j.evaluate(school.Stage, f, today)
		st := statusView(x.Status)
		d := home.Duty{ID: id, Name: cat.short[id], Code: st.Code, Label: st.Label, Symbol: st.Symbol,
			Figure: x.Figure, Deadline: deadline(j, today), Href: href}
		if x.Status != compliance.Met && x.Status != compliance.NA {
			d.Notes = f.Problems
		}
		// A class holds one meeting and one committee: yes or no, not 0/1.
		if f.Available && x.Status != compliance.NA {
			switch {
			case id == "R05" && f.Num == 1:
				d.Figure = "已召开"
			case id == "R05":
				d.Figure = "未召开"
			case id == "R06" && f.Num == 1:
				d.Figure = "符合要求"
			case id == "R06":
				d.Figure = "不符合要求"
			}
		}
		out = append(out, d)
	}
	return out, nil
}

// classFigures reads one duty's figures for the class, and the page that
// explains them when the user may open it.
func (s *Server) classFigures(ctx context.Context, p *auth.Principal, id string, c store.Class, term calendar.Term, q store.DutyQuery, res auth.Resource) (compliance.Figures, string, error) {
	link := func(a auth.Action, href string) string {
		if auth.Can(p, a, res) {
			return href
		}
		return ""
	}
	switch id {
	case "R02", "R03":
		key := store.WindowKey{Kind: calendar.KindPreTerm, ID: term.ID}
		if id == "R03" {
			if q.VacationID == 0 {
				return compliance.Figures{}, "", nil
			}
			key = store.WindowKey{Kind: calendar.KindVacation, ID: q.VacationID}
		}
		counts, err := s.store.OneClassCoverage(ctx, c.ID, key)
		if err != nil {
			return compliance.Figures{}, "", err
		}
		d := counts.Duty(key.Kind)
		w := covWindow{Key: key}
		return compliance.Figures{Available: true, Num: d.Met, Den: d.Students},
			link(auth.ViewCoverage, classCovPath(c.ID)+"?w="+w.Param()), nil
	case "R05":
		ms, err := s.store.ListClassMeetings(ctx, c.ID, term.ID)
		if err != nil {
			return compliance.Figures{}, "", err
		}
		f := compliance.Figures{Available: true, Den: 1}
		for _, m := range ms {
			if q.Window.Contains(m.HeldOn) {
				f.Num = 1
			}
		}
		if f.Num == 0 {
			f.Problems = []string{"开学第一周（" + q.Window.Label() + "）尚未记录主题班会"}
		}
		return f, link(auth.ViewClassMeetings, classMeetingsPath(c.ID)), nil
	case "R06":
		com, err := s.store.ClassCommitteeOf(ctx, c.ID)
		if err != nil {
			return compliance.Figures{}, "", err
		}
		st := store.ClassCommitteeStatus{Exists: com.ID != 0, Draft: com.Draft}
		if st.Exists {
			st.Problems = parents.ClassCommitteeProblems(store.CommitteeRules(com.Members))
		}
		f := compliance.Figures{Available: true, Den: 1}
		switch {
		case st.Valid():
			f.Num = 1
		case !st.Exists:
			f.Problems = []string{"尚未组建班级家长委员会"}
		case st.Draft:
			f.Problems = []string{"沿用上学年名单，待确认"}
		default:
			f.Problems = st.Problems
		}
		return f, link(auth.ViewCommittees, classCommitteePath(c.ID, "")), nil
	}
	return compliance.Figures{}, "", nil
}
