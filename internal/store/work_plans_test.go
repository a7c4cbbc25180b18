package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/store"
	"xietong/internal/workplan"
)

// TestWorkPlans: a school has one plan per term; its sections and items
// are kept as typed; a step moves the state only from the state it was
// decided on (a second, stale step is a conflict), a submission keeps a
// version that reads back for workplan.Diff, the history lists each step
// with its comment, and the bureau's list shows every school, those
// without a plan as not submitted.
func TestWorkPlans(t *testing.T) {
	t.Parallel()
	st, db := seeded(t)
	ctx := context.Background()
	if _, err := db.Pool.Exec(ctx, `TRUNCATE work_plans CASCADE`); err != nil {
		t.Fatal(err)
	}
	var county, termID int64
	var term calendar.Term
	if err := db.Pool.QueryRow(ctx, `SELECT y.county_id, t.id, t.school_year_id, t.starts_on, t.ends_on FROM terms t
		JOIN school_years y ON y.id = t.school_year_id WHERE y.start_year = 2026 AND t.ordinal = 1`).
		Scan(&county, &termID, &term.SchoolYearID, &term.Start, &term.End); err != nil {
		t.Fatal(err)
	}
	term.ID = termID
	school := one[int64](t, db, `SELECT id FROM schools ORDER BY code LIMIT 1`)
	other := one[int64](t, db, `SELECT id FROM schools ORDER BY code OFFSET 1 LIMIT 1`)
	office := one[int64](t, db, `SELECT user_id FROM role_assignments WHERE role = 'school_office' AND school_id = $1 LIMIT 1`, school)
	staff := one[int64](t, db, `SELECT user_id FROM role_assignments WHERE role = 'bureau_staff' LIMIT 1`)
	at := time.Date(2026, 9, 3, 10, 0, 0, 0, time.UTC)
	day := func(n int) time.Time { return calendar.AddDays(term.Start, n) }

	sec := workplan.Sections{Guiding: "以立德树人为根本任务。\n\n坚持家校社协同。", Goals: "<b>全员家访</b>", Measures: "1. 家访\n2. 班会", Assurance: "领导小组"}
	id, err := st.CreatePlan(ctx, store.NewPlan{SchoolID: school, TermID: termID, CreatedBy: office, Sections: sec, At: at,
		Items: []workplan.Item{{Kind: "class_meeting", Office: "moral", Title: "开学第一周主题班会", On: day(2)}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreatePlan(ctx, store.NewPlan{SchoolID: school, TermID: termID, CreatedBy: office, At: at}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("a second plan for the same term: %v, want conflict", err)
	}
	if _, err := st.PlanByID(ctx, county+1000, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a plan read from another county: %v, want not found", err)
	}
	p, err := st.PlanOf(ctx, school, termID)
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != id || p.State != workplan.Draft || p.Sections != sec || p.SchoolName == "" || p.SubmittedAt != nil {
		t.Fatalf("plan as read: %+v", p)
	}
	if _, err := st.PlanOf(ctx, other, termID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the other school's plan: %v, want not found", err)
	}

	law, err := st.AddPlanItem(ctx, id, workplan.Item{Kind: "law_lecture", Office: "safety", Title: "法治副校长讲座", On: day(20)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddPlanItem(ctx, id, workplan.Item{Kind: "nonsense", Office: "safety", Title: "x", On: day(3)}); err == nil {
		t.Error("an item of an unknown kind was stored")
	}
	if _, err := st.AddPlanItem(ctx, id, workplan.Item{Kind: "club", Office: "moral", Title: " ", On: day(3)}); err == nil {
		t.Error("an item without a title was stored")
	}
	items, err := st.PlanItems(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || items[0].Kind != "class_meeting" || items[1].ID != law || !items[1].On.Equal(day(20)) {
		t.Fatalf("items: %+v", items)
	}

	// Submit, as decided by the workflow.
	to, werr := workplan.Next(p.Workflow(items), workplan.Submit, workplan.ActorOffice, "", term)
	if werr != nil {
		t.Fatal(werr)
	}
	snap := p.Workflow(items)
	step := store.PlanStep{PlanID: id, ActorID: office, ActorRole: auth.SchoolOffice, Step: workplan.Submit,
		From: p.State, To: to, At: at.Add(time.Hour), Snapshot: &snap}
	if err := st.RecordPlanStep(ctx, step); err != nil {
		t.Fatal(err)
	}
	if err := st.RecordPlanStep(ctx, step); !errors.Is(err, store.ErrConflict) {
		t.Errorf("the same submission twice: %v, want conflict", err)
	}
	p, _ = st.PlanByID(ctx, county, id)
	if p.State != workplan.Submitted || p.SubmittedAt == nil || !p.SubmittedAt.Equal(at.Add(time.Hour)) {
		t.Fatalf("after submission: %+v", p)
	}

	// Returned with a comment; the school moves an item and resubmits.
	if err := st.RecordPlanStep(ctx, store.PlanStep{PlanID: id, ActorID: staff, ActorRole: auth.BureauStaff, Step: workplan.Return,
		From: workplan.Submitted, To: workplan.Returned, Comment: "法治讲座请安排两次", At: at.Add(48 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	err = st.InTx(ctx, func(tx *store.Store) error {
		lp, err := tx.LockPlan(ctx, county, id)
		if err != nil {
			return err
		}
		if !lp.State.Editable() {
			t.Errorf("a returned plan is not editable: %s", lp.State)
		}
		if _, err := tx.AddPlanItem(ctx, id, workplan.Item{Kind: "law_lecture", Office: "safety", Title: "法治副校长第二次讲座", On: day(60)}); err != nil {
			return err
		}
		return tx.UpdatePlanSections(ctx, id, workplan.Sections{Guiding: sec.Guiding, Goals: sec.Goals, Measures: sec.Measures + "\n3. 法治讲座两次", Assurance: sec.Assurance}, true, at.Add(50*time.Hour))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.RemovePlanItem(ctx, id+1000, law); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an item removed through another plan: %v, want not found", err)
	}
	p, _ = st.PlanByID(ctx, county, id)
	items, _ = st.PlanItems(ctx, id)
	if !p.LeaderFirst || len(items) != 3 {
		t.Fatalf("after editing: leader first %v, %d items", p.LeaderFirst, len(items))
	}
	snap = p.Workflow(items)
	if err := st.RecordPlanStep(ctx, store.PlanStep{PlanID: id, ActorID: office, ActorRole: auth.SchoolOffice, Step: workplan.Submit,
		From: workplan.Returned, To: workplan.LeaderReview, At: at.Add(52 * time.Hour), Snapshot: &snap}); err != nil {
		t.Fatal(err)
	}
	p, _ = st.PlanByID(ctx, county, id)
	if p.State != workplan.LeaderReview || !p.SubmittedAt.Equal(at.Add(time.Hour)) {
		t.Errorf("waiting for the leader: %s, reached the bureau %v (still the first time)", p.State, p.SubmittedAt)
	}

	versions, err := st.PlanVersions(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(versions) != 2 || versions[0].Number != 2 || versions[1].Number != 1 || versions[0].SubmittedBy == "" {
		t.Fatalf("versions: %+v", versions)
	}
	if len(versions[1].Plan.Items) != 2 || !versions[1].Plan.Items[1].On.Equal(day(20)) || versions[1].Plan.Sections != sec {
		t.Errorf("first version as read: %+v", versions[1].Plan)
	}
	c := workplan.Diff(versions[1].Plan, versions[0].Plan)
	if len(c.Added) != 1 || c.Added[0].Title != "法治副校长第二次讲座" || len(c.Sections) != 1 || c.Sections[0] != "主要措施" || len(c.Removed) != 0 {
		t.Errorf("what changed: %+v", c)
	}

	events, err := st.PlanEvents(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 3 || events[1].Step != workplan.Return || events[1].Comment != "法治讲座请安排两次" || events[1].ActorRole != auth.BureauStaff || events[0].To != workplan.LeaderReview {
		t.Errorf("history: %+v", events)
	}

	rows, err := st.TermPlanStates(ctx, county, termID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]store.PlanStateRow{}
	for _, r := range rows {
		got[r.SchoolID] = r
	}
	if len(rows) < 2 || got[school].State != workplan.LeaderReview || got[school].Items != 3 || got[school].PlanID != id ||
		got[other].State != workplan.NotSubmitted || got[other].PlanID != 0 || got[other].SubmittedAt != nil {
		t.Errorf("the bureau's list: %+v", rows)
	}
}

// TestPlanRecords: the records plan against done matches a school's items
// with: its activities (by their record kind), one per day of themed class
// meetings, its parent meetings once per organising office, its pre-term
// visits; each with a key unique across the tables. A link is one record
// per item and one item per record, of the plan's own items only.
func TestPlanRecords(t *testing.T) {
	t.Parallel()
	st, db := seeded(t)
	ctx := context.Background()
	var term calendar.Term
	if err := db.Pool.QueryRow(ctx, `SELECT t.id, t.school_year_id, t.starts_on, t.ends_on FROM terms t
		JOIN school_years y ON y.id = t.school_year_id WHERE y.start_year = 2026 AND t.ordinal = 1`).
		Scan(&term.ID, &term.SchoolYearID, &term.Start, &term.End); err != nil {
		t.Fatal(err)
	}
	school := one[int64](t, db, `SELECT id FROM schools ORDER BY code LIMIT 1`)
	recs, err := st.PlanRecords(ctx, school, term)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	keys := map[int64]bool{}
	for _, r := range recs {
		kinds[r.Kind]++
		if !workplan.RecordKinds.Valid(r.Kind) || r.Title == "" || r.On.IsZero() {
			t.Errorf("record %+v", r)
		}
		if r.Type != store.RecordParentMeeting && keys[r.ID] {
			t.Errorf("key %d twice", r.ID)
		}
		keys[r.ID] = true
	}
	activities := one[int](t, db, `SELECT count(*)::int FROM activities WHERE school_id = $1 AND term_id = $2`, school, term.ID)
	meetingDays := one[int](t, db, `SELECT count(DISTINCT held_on)::int FROM class_meetings WHERE school_id = $1 AND term_id = $2`, school, term.ID)
	if activities == 0 || meetingDays == 0 || kinds["class_meeting"] != meetingDays || kinds["pre_term_visits"] != 1 {
		t.Errorf("records by kind %v: want %d class meeting days and the pre-term visits (%d activities)", kinds, meetingDays, activities)
	}
	pm := one[int](t, db, `SELECT coalesce(sum(cardinality(organisers)), 0)::int FROM parent_meetings WHERE school_id = $1 AND term_id = $2`, school, term.ID)
	if kinds["parent_meeting"] != pm {
		t.Errorf("%d parent meeting records, want one per organiser (%d)", kinds["parent_meeting"], pm)
	}
	if other, _ := st.PlanRecords(ctx, school+100000, term); len(other) != 0 {
		t.Errorf("a school that does not exist has %d records", len(other))
	}

	plan := one[int64](t, db, `SELECT id FROM work_plans WHERE school_id = $1 AND term_id = $2`, school, term.ID)
	items, err := st.PlanItems(ctx, plan)
	if err != nil || len(items) < 2 {
		t.Fatalf("demo plan items: %v %d", err, len(items))
	}
	by := one[int64](t, db, `SELECT created_by FROM work_plans WHERE id = $1`, plan)
	at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	r := recs[0]
	if err := st.LinkPlanItem(ctx, plan, items[0].ID, r.Type, r.RecordID, by, at); err != nil {
		t.Fatal(err)
	}
	if err := st.LinkPlanItem(ctx, plan, items[1].ID, r.Type, r.RecordID, by, at); !errors.Is(err, store.ErrConflict) {
		t.Errorf("one record for two items: %v, want conflict", err)
	}
	if err := st.LinkPlanItem(ctx, plan, items[0].ID, recs[1].Type, recs[1].RecordID, by, at); !errors.Is(err, store.ErrConflict) {
		t.Errorf("two records for one item: %v, want conflict", err)
	}
	if err := st.LinkPlanItem(ctx, plan+100000, items[1].ID, r.Type, r.RecordID, by, at); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an item linked through another plan: %v, want not found", err)
	}
	if err := st.LinkPlanItem(ctx, plan, items[1].ID, "nonsense", 1, by, at); err == nil {
		t.Error("a record of an unknown type was linked")
	}
	links, err := st.PlanLinks(ctx, plan)
	if err != nil || len(links) != 1 || links[0].ItemID != items[0].ID || links[0].Key() != r.ID || links[0].LinkedBy == "" {
		t.Fatalf("links: %v %+v", err, links)
	}
	if err := st.UnlinkPlanItem(ctx, plan, items[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := st.UnlinkPlanItem(ctx, plan, items[0].ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unlinking twice: %v, want not found", err)
	}
}
