package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/store"
	"xietong/internal/workplan"
	"xietong/web/pages/plans"
)

// maxProposals is how many proposed records an item shows.
const maxProposals = 3

// planDone is a plan against what was done: each item with its state, its
// linked record or the records proposed for it, the summary line and the
// term's records linked to no item.
type planDone struct {
	items     []plans.Item
	summary   string
	unplanned []plans.Record
}

// recordHref is where a record of the school's term is shown.
func recordHref(schoolID int64, r store.PlanRecord) string {
	switch r.Type {
	case store.RecordActivity:
		return "/activities/" + strconv.FormatInt(r.RecordID, 10)
	case store.RecordClassMeeting:
		return schoolPath(schoolID, "/meetings")
	case store.RecordParentMeeting:
		return "/parent-meetings/" + strconv.FormatInt(r.RecordID, 10)
	case store.RecordPreTerm, store.RecordVacation:
		return "/coverage/schools/" + strconv.FormatInt(schoolID, 10)
	}
	return ""
}

// newRecordHref is where the school records one of kind, "" where no
// feature records it yet.
func newRecordHref(schoolID int64, kind string) string {
	switch kind {
	case "class_meeting":
		return schoolPath(schoolID, "/meetings")
	case "parent_meeting":
		return schoolPath(schoolID, "/parent-meetings/new")
	case "pre_term_visits", "vacation_visits":
		return "/visits"
	case "other_activity":
		return "/activities/new"
	case "base_practice", "offsite_practice", "volunteer", "law_lecture", "prohibited_items", "culture_heritage", "club":
		return "/activities/new?kind=" + kind
	}
	return ""
}

func recordView(schoolID int64, r store.PlanRecord) plans.Record {
	return plans.Record{Date: calendar.DateLabel(r.On), Kind: workplan.RecordKinds.Label(r.Kind), Title: r.Title,
		Href: recordHref(schoolID, r), Value: r.Type + ":" + strconv.FormatInt(r.RecordID, 10)}
}

// againstDone matches the plan's items with the school's records of the
// term: the links confirmed, workplan.Propose for the others (when edit,
// the viewer being the office), workplan.Summarize for the line.
func (s *Server) againstDone(ctx context.Context, pl *store.Plan, term calendar.Term, items []workplan.Item, edit bool) (planDone, error) {
	var out planDone
	records, err := s.store.PlanRecords(ctx, pl.SchoolID, term)
	if err != nil {
		return out, err
	}
	links, err := s.store.PlanLinks(ctx, pl.ID)
	if err != nil {
		return out, err
	}
	byKey := map[int64]store.PlanRecord{}
	var recs []workplan.Record
	for _, r := range records {
		if _, dup := byKey[r.ID]; !dup {
			byKey[r.ID] = r
		}
		recs = append(recs, r.Record)
	}
	linkOf := map[int64]store.PlanLink{}
	taken := map[int64]bool{}
	linked := map[int64]bool{}
	for _, l := range links {
		linkOf[l.ItemID], taken[l.Key()], linked[l.ItemID] = l, true, true
	}
	today := s.today()
	for _, it := range items {
		st := workplan.StateOf(it, linked[it.ID], today)
		row := plans.Item{Date: calendar.DateLabel(it.On), Kind: workplan.RecordKinds.Label(it.Kind), Office: auth.Office(it.Office).Label(),
			Title: it.Title, State: st.Label(), StateCode: string(st)}
		itemPath := planPath(pl.ID, "/items/"+strconv.FormatInt(it.ID, 10))
		if l, ok := linkOf[it.ID]; ok {
			if r, ok := byKey[l.Key()]; ok {
				rv := recordView(pl.SchoolID, r)
				row.Record = &rv
			} else {
				row.Record = &plans.Record{Title: "（关联的记录已删除）"}
			}
			if edit {
				row.UnlinkAction = itemPath + "/unlink"
			}
		} else if edit {
			seen := map[int64]bool{}
			for _, r := range workplan.Propose(it, recs, taken) {
				if seen[r.ID] || len(row.Proposals) == maxProposals {
					continue
				}
				seen[r.ID] = true
				row.Proposals = append(row.Proposals, recordView(pl.SchoolID, byKey[r.ID]))
			}
			row.LinkAction = itemPath + "/link"
			if st != workplan.ItemDone {
				row.NewHref = newRecordHref(pl.SchoolID, it.Kind)
			}
		}
		out.items = append(out.items, row)
	}
	out.summary = workplan.Summarize(items, linked, today).String()
	shown := map[int64]bool{}
	for _, r := range records {
		if taken[r.ID] || shown[r.ID] {
			continue
		}
		shown[r.ID] = true
		out.unplanned = append(out.unplanned, recordView(pl.SchoolID, r))
	}
	return out, nil
}

// planLink confirms that a proposed record fulfilled the item.
func (s *Server) planLink(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	pl, _, ok := s.loadPlan(w, r, auth.ViewPlan, auth.EditPlan)
	if !ok {
		return
	}
	itemID, ok := idParam(r, "itemID")
	if !ok {
		s.notFound(w, r)
		return
	}
	term, _, ok := s.planTerm(w, r, pl.TermID)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	typ, idText, _ := strings.Cut(f.Get("record"), ":")
	recordID, err := strconv.ParseInt(idText, 10, 64)
	if !store.ValidRecordType(typ) || err != nil || recordID <= 0 {
		s.showPlan(w, r, pl, nil, "请从建议的记录中选择一条", http.StatusUnprocessableEntity)
		return
	}
	items, err := s.store.PlanItems(ctx, pl.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var item *workplan.Item
	for i := range items {
		if items[i].ID == itemID {
			item = &items[i]
		}
	}
	if item == nil {
		s.notFound(w, r)
		return
	}
	records, err := s.store.PlanRecords(ctx, pl.SchoolID, term)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	links, err := s.store.PlanLinks(ctx, pl.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	taken := map[int64]bool{}
	for _, l := range links {
		taken[l.Key()] = true
	}
	recs := make([]workplan.Record, 0, len(records))
	for _, rec := range records {
		recs = append(recs, rec.Record)
	}
	key, proposed := store.RecordKey(typ, recordID), false
	for _, rec := range workplan.Propose(*item, recs, taken) {
		proposed = proposed || rec.ID == key
	}
	if !proposed {
		s.showPlan(w, r, pl, nil, "这条记录与计划活动“"+item.Title+"”的类别、科室或日期不符，或已关联到其他计划活动", http.StatusUnprocessableEntity)
		return
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.LinkPlanItem(ctx, pl.ID, itemID, typ, recordID, p.UserID, s.cfg.Now()); err != nil {
			return err
		}
		ev := s.event(r, "plan.link", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "plan", &pl.ID
		ev.Details = map[string]any{"school_id": pl.SchoolID, "item_id": itemID, "record": typ + ":" + idText}
		return tx.Audit(ctx, ev)
	})
	if errors.Is(err, store.ErrConflict) {
		s.showPlan(w, r, pl, nil, "计划活动“"+item.Title+"”已关联了完成记录", http.StatusConflict)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, planPath(pl.ID, "#items"), "已确认“"+item.Title+"”的完成记录")
}

// planUnlink removes an item's confirmed record.
func (s *Server) planUnlink(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	pl, _, ok := s.loadPlan(w, r, auth.ViewPlan, auth.EditPlan)
	if !ok {
		return
	}
	itemID, ok := idParam(r, "itemID")
	if !ok {
		s.notFound(w, r)
		return
	}
	err := s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.UnlinkPlanItem(ctx, pl.ID, itemID); err != nil {
			return err
		}
		ev := s.event(r, "plan.unlink", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "plan", &pl.ID
		ev.Details = map[string]any{"school_id": pl.SchoolID, "item_id": itemID}
		return tx.Audit(ctx, ev)
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r)
	case err != nil:
		s.serverError(w, r, err)
	default:
		s.done(w, r, planPath(pl.ID, "#items"), "已取消关联")
	}
}

// planLedger is the plan against done on A4, the school's 工作台账.
func (s *Server) planLedger(w http.ResponseWriter, r *http.Request) {
	pl, _, ok := s.loadPlan(w, r, auth.ViewPlan, auth.ViewPlan)
	if !ok {
		return
	}
	term, label, ok := s.planTerm(w, r, pl.TermID)
	if !ok {
		return
	}
	items, err := s.store.PlanItems(r.Context(), pl.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	done, err := s.againstDone(r.Context(), pl, term, items, false)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := plans.LedgerView{SchoolName: pl.SchoolName, TermLabel: label, State: pl.State.Label(), Summary: done.summary,
		PlanHref: planPath(pl.ID, ""), Printed: calendar.DateLabel(s.today()), Items: done.items, Unplanned: done.unplanned}
	v.Chrome = s.chrome(r, "工作台账")
	s.render(w, r, http.StatusOK, plans.Ledger(v))
}
