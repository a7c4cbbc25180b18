package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/inspection"
	"xietong/internal/store"
	"xietong/web/pages/inspections"
)

// inspectionOwner is an inspection as the owner of its photos and
// attachments (the team's on-site evidence).
func inspectionOwner(in *store.Inspection) store.EvidenceOwner {
	return store.EvidenceOwner{Type: "inspection", ID: in.ID, SchoolID: in.SchoolID}
}

// inspectionRubric is the rubric an inspection is scored on: its own once
// scoring started, else the one its year would start from (a read).
func (s *Server) inspectionRubric(ctx context.Context, p *auth.Principal, in *store.Inspection) (*store.Rubric, error) {
	if in.RubricID != nil {
		return s.store.RubricByID(ctx, p.CountyID, *in.RubricID)
	}
	return s.store.RubricOfYear(ctx, p.CountyID, in.SchoolYearID, inspection.DefaultRubric())
}

// itemKey names an item's fields on the sheet: its position in the rubric,
// the same in the rubric a scheduled inspection is offered and the one it
// takes when its first scores are saved.
func itemKey(it store.RubricItem) string { return strconv.Itoa(it.Position) }

// yearDuties are the school's duty statuses for each term of the school
// year begun by today, from the compliance engine as the school's duty
// page reads them: duty → one status a term.
func (s *Server) yearDuties(ctx context.Context, p *auth.Principal, in *store.Inspection) (map[string][]inspections.DutyStatus, error) {
	ci, err := s.county(ctx, p.CountyID)
	if err != nil {
		return nil, err
	}
	y, ok := ci.cal.Year(in.SchoolYearID)
	if !ok {
		return nil, nil
	}
	sc, err := schoolInCounty(ctx, s, p, in.SchoolID)
	if err != nil {
		return nil, err
	}
	cat, err := s.catalogue(ctx)
	if err != nil {
		return nil, err
	}
	today := s.today()
	out := map[string][]inspections.DutyStatus{}
	for _, t := range y.Terms {
		if t.Start.After(today) {
			continue
		}
		rows, _, err := s.schoolDutyRows(ctx, p, sc, ci.cal, t, cat, today)
		if err != nil {
			return nil, err
		}
		for _, row := range rows {
			out[row.ID] = append(out[row.ID], inspections.DutyStatus{ID: row.ID, Short: row.Short, Term: t.Ordinal.Label(),
				Code: row.Status.Code, Symbol: row.Status.Symbol, Label: row.Status.Label, Figure: row.Figure, Notes: row.Notes, Href: row.Href})
		}
	}
	return out, nil
}

// sheetInput is a submitted score sheet, as typed, by item key.
type sheetInput struct {
	scores, findings, scoreErr, findErr map[string]string
	summary, summaryErr                 string
}

// sheetView builds the score sheet of an inspection; in is what was typed
// (nil: the stored scores).
func (s *Server) sheetView(ctx context.Context, p *auth.Principal, in *store.Inspection, rb *store.Rubric, typed *sheetInput, uploadErr string) (*inspections.SheetView, error) {
	scores, err := s.store.InspectionScores(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	duties, err := s.yearDuties(ctx, p, in)
	if err != nil {
		return nil, err
	}
	files, err := s.store.ListEvidence(ctx, inspectionOwner(in))
	if err != nil {
		return nil, err
	}
	score := auth.Can(p, auth.ScoreInspection, auth.Resource{SchoolID: in.SchoolID})
	path := inspectionPath(in.ID)
	sheet := store.ScoreSheet(rb.Items, scores)
	t := sheet.Tally()
	v := &inspections.SheetView{Rubric: rb.Title, Total: t.Total.String(), Max: t.Max.String(), Percent: strconv.Itoa(t.Percent()),
		Grade: inspection.Grade(t.Percent()), Scored: t.Scored, Unscored: t.Unscored + t.Invalid, Summary: in.Summary,
		Form: score && in.State.Scorable(), Action: path + "/scores", Version: strconv.Itoa(in.Version), Errors: map[string]string{},
		DraftKey: fmt.Sprintf("inspection:u%d:i%d", p.UserID, in.ID),
		Evidence: evidenceView(files, path, score && (in.State.Scorable() || in.State == inspection.Scored), newFormToken(), uploadErr)}
	if v.Rubric == "" {
		v.Rubric = calendar.YearName(in.StartYear) + "协同育人督导评分细则"
	}
	if t.Scored == 0 {
		v.Grade = "未评分"
	}
	if typed != nil {
		v.Summary, v.Errors["sheet"] = typed.summary, "评分有需要修改的地方，请查看标红的项目"
	}
	for _, g := range sheet.GroupTotals() {
		gv := inspections.GroupView{Name: g.Group, Max: g.Tally.Max.String(), Score: g.Tally.Total.String()}
		for _, item := range rb.Items {
			if item.Group != g.Group {
				continue
			}
			key := itemKey(item)
			iv := inspections.ItemView{Key: key, Title: item.Title, Max: inspection.Points(item.Max).String(), Guide: item.Guide}
			if sc, ok := scores[item.ID]; ok {
				iv.Findings = sc.Findings
				if sc.Tenths != nil {
					iv.Score = inspection.Points(*sc.Tenths).String()
				}
			}
			if typed != nil {
				iv.Score, iv.Findings, iv.ScoreError, iv.FindError = typed.scores[key], typed.findings[key], typed.scoreErr[key], typed.findErr[key]
			}
			for _, d := range item.Duties {
				iv.Duties = append(iv.Duties, duties[d]...)
			}
			gv.Items = append(gv.Items, iv)
		}
		v.Groups = append(v.Groups, gv)
	}
	if score {
		switch in.State {
		case inspection.Scheduled, inspection.InProgress:
			v.Steps = append(v.Steps, inspections.StepButton{Action: path + "/finish", Label: "完成评分",
				Question: "确定完成评分吗？完成后评分不能再改，除非退回修改。"})
		case inspection.Scored:
			v.Steps = append(v.Steps,
				inspections.StepButton{Action: path + "/release", Label: "发布报告", Primary: true,
					Question: "确定把督导报告发布给学校吗？发布后学校可以查看评分与意见。"},
				inspections.StepButton{Action: path + "/reopen", Label: "退回修改评分", Question: "确定退回修改评分吗？"})
		}
	}
	return v, nil
}

// readSheet reads a submitted score sheet against the rubric's items: a
// score empty (unscored) or within 0..max (inspection.CheckScore), findings
// and the summary within their lengths.
func readSheet(f *form, items []store.RubricItem) (sheetInput, map[string]store.ScoreInput, bool) {
	in := sheetInput{scores: map[string]string{}, findings: map[string]string{}, scoreErr: map[string]string{}, findErr: map[string]string{}}
	out := map[string]store.ScoreInput{}
	ok := true
	for _, it := range items {
		key := itemKey(it)
		raw, findings := f.Get("score_"+key), f.Get("findings_"+key)
		in.scores[key], in.findings[key] = raw, findings
		si := store.ScoreInput{Findings: findings}
		if raw != "" {
			p, good := inspection.ParsePoints(raw)
			switch msg := inspection.CheckScore(p, inspection.Points(it.Max)); {
			case !good:
				in.scoreErr[key], ok = "得分应为数字，最多一位小数，如 8 或 8.5", false
			case msg != "":
				in.scoreErr[key], ok = msg, false
			default:
				n := int(p)
				si.Tenths = &n
			}
		}
		if utf8.RuneCountInString(findings) > 2000 {
			in.findErr[key], ok = "检查发现不能超过 2000 个字", false
		}
		out[key] = si
	}
	in.summary = f.Get("summary")
	if utf8.RuneCountInString(in.summary) > 4000 {
		in.summaryErr, ok = "总体评价不能超过 4000 个字", false
	}
	return in, out, ok
}

func (s *Server) inspectionScoresSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	in, ok := s.loadInspection(w, r, auth.ScoreInspection)
	if !ok {
		return
	}
	if !in.State.Scorable() {
		s.renderErrorMessage(w, r, http.StatusConflict, "不能评分", "这次督导检查当前为“"+in.State.Label()+"”，评分已不能修改。")
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	rb, err := s.inspectionRubric(ctx, p, in)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	typed, byKey, valid := readSheet(f, rb.Items)
	if !valid {
		sheet, err := s.sheetView(ctx, p, in, rb, &typed, "")
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		s.renderInspection(w, r, in, sheet, http.StatusUnprocessableEntity)
		return
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		version := in.Version
		if in.RubricID == nil {
			if _, err := tx.YearRubric(ctx, p.CountyID, in.SchoolYearID, inspection.DefaultRubric()); err != nil {
				return err
			}
		}
		if in.State == inspection.Scheduled {
			// The first scores start the inspection, which takes its rubric.
			if err := tx.SetInspectionState(ctx, p.CountyID, in.ID, version, inspection.Scheduled, inspection.InProgress, p.UserID, "", time.Time{}); err != nil {
				return err
			}
		}
		cur, err := tx.GetInspection(ctx, inspectionScope(p), in.ID)
		if err != nil {
			return err
		}
		stored, err := tx.RubricByID(ctx, p.CountyID, *cur.RubricID)
		if err != nil {
			return err
		}
		if len(stored.Items) != len(rb.Items) {
			return fmt.Errorf("server: the rubric of inspection %d changed meanwhile: %w", in.ID, store.ErrConflict)
		}
		scores := make([]store.ScoreInput, 0, len(stored.Items))
		scored := 0
		for _, it := range stored.Items {
			si := byKey[itemKey(it)]
			si.ItemID = it.ID
			if si.Tenths != nil {
				scored++
			}
			scores = append(scores, si)
		}
		if err := tx.SaveInspectionScores(ctx, p.CountyID, in.ID, p.UserID, typed.summary, scores); err != nil {
			return err
		}
		ev := s.event(r, "inspection.score_save", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID, ev.SchoolID = "inspection", &in.ID, &in.SchoolID
		ev.Details = map[string]any{"items": len(scores), "scored": scored}
		return tx.Audit(ctx, ev)
	})
	switch {
	case errors.Is(err, store.ErrConflict), errors.Is(err, store.ErrNotFound):
		s.conflict(w, r)
	case err != nil:
		s.serverError(w, r, err)
	default:
		// No fragment: the draft script goes to the location it is given,
		// and a fragment of the page it is on would not load it again.
		s.flash(r, "评分已保存")
		seeOther(w, r, inspectionPath(in.ID))
	}
}

// inspectionFacts are what inspection.Next needs of an inspection: its
// score sheet as stored.
func (s *Server) inspectionFacts(ctx context.Context, p *auth.Principal, in *store.Inspection) (inspection.Facts, error) {
	rb, err := s.inspectionRubric(ctx, p, in)
	if err != nil {
		return inspection.Facts{}, err
	}
	scores, err := s.store.InspectionScores(ctx, in.ID)
	if err != nil {
		return inspection.Facts{}, err
	}
	return inspection.Facts{State: in.State, Sheet: store.ScoreSheet(rb.Items, scores)}, nil
}

// inspectionScoreStep takes a scoring step (finish, reopen, release).
func (s *Server) inspectionScoreStep(step inspection.Step, flash string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		in, ok := s.loadInspection(w, r, auth.ScoreInspection)
		if !ok {
			return
		}
		facts, err := s.inspectionFacts(r.Context(), principal(r.Context()), in)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		s.inspectionStep(w, r, in, step, facts, "", flash)
	}
}

// evidenceOpen reports whether the team's photos and attachments may still
// change: not once the report is released (or the inspection cancelled);
// else it answers 409.
func (s *Server) evidenceOpen(w http.ResponseWriter, r *http.Request, in *store.Inspection) bool {
	if in.State.Scorable() || in.State == inspection.Scored {
		return true
	}
	s.renderErrorMessage(w, r, http.StatusConflict, "不能修改", "这次督导检查当前为“"+in.State.Label()+"”，督导照片与附件不再增减。")
	return false
}

func (s *Server) inspectionEvidenceAdd(w http.ResponseWriter, r *http.Request) {
	in, ok := s.loadInspection(w, r, auth.ScoreInspection)
	if !ok {
		return
	}
	if !s.evidenceOpen(w, r, in) {
		return
	}
	s.addEvidence(w, r, inspectionOwner(in), inspectionPath(in.ID)+"#sheet", func(msg string) {
		p := principal(r.Context())
		rb, err := s.inspectionRubric(r.Context(), p, in)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		sheet, err := s.sheetView(r.Context(), p, in, rb, nil, msg)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		s.renderInspection(w, r, in, sheet, http.StatusUnprocessableEntity)
	})
}

func (s *Server) inspectionEvidence(w http.ResponseWriter, r *http.Request) {
	in, ok := s.loadInspection(w, r, auth.ViewInspections)
	if !ok {
		return
	}
	s.sendEvidence(w, r, inspectionOwner(in))
}

func (s *Server) inspectionEvidenceDelete(w http.ResponseWriter, r *http.Request) {
	in, ok := s.loadInspection(w, r, auth.ScoreInspection)
	if !ok {
		return
	}
	if !s.evidenceOpen(w, r, in) {
		return
	}
	s.deleteEvidence(w, r, inspectionOwner(in), inspectionPath(in.ID)+"#sheet")
}
