package store_test

import (
	"context"
	"errors"
	"testing"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/parents"
	"xietong/internal/store"
)

// TestGuidance: a school's parent school is saved and changed; guidance
// sessions and trainings are kept apart by kind, listed with filters and
// pages inside the scope, edited and deleted with their evidence; the
// term's checks count sessions per quarter and per special group against
// the school's flagged students, and nothing of another school.
func TestGuidance(t *testing.T) {
	t.Parallel()
	f := newVisitFixture(t)
	ctx := context.Background()
	if _, err := f.db.Pool.Exec(ctx, `TRUNCATE guidance_sessions, parent_schools`); err != nil {
		t.Fatal(err)
	}
	county := one[int64](t, f.db, `SELECT county_id FROM schools WHERE id = $1`, f.school)
	office := one[int64](t, f.db, `SELECT id FROM users WHERE username = 'office'`)

	if _, err := f.st.ParentSchoolOf(ctx, f.school); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("parent school before any: %v", err)
	}
	ps := store.ParentSchoolFields{EstablishedOn: calendar.D(2019, 9, 1), Head: "李校长", Teachers: "王老师、赵老师"}
	if err := f.st.SaveParentSchool(ctx, f.school, office, ps); err != nil {
		t.Fatal(err)
	}
	ps.Head = "张校长"
	if err := f.st.SaveParentSchool(ctx, f.school, office, ps); err != nil {
		t.Fatal(err)
	}
	got, err := f.st.ParentSchoolOf(ctx, f.school)
	if err != nil || got.Head != "张校长" || got.Teachers != "王老师、赵老师" || !got.EstablishedOn.Equal(calendar.D(2019, 9, 1)) || got.UpdatedByName == "" {
		t.Fatalf("parent school: %+v %v", got, err)
	}
	if err := f.st.SaveParentSchool(ctx, f.school, office, store.ParentSchoolFields{EstablishedOn: calendar.D(2019, 9, 1), Head: " "}); err == nil {
		t.Error("a parent school without a head was stored")
	}

	add := func(kind string, fl store.GuidanceFields) int64 {
		t.Helper()
		fl.TermID = f.termID
		id, err := f.st.CreateGuidance(ctx, store.NewGuidance{GuidanceFields: fl, SchoolID: f.school, AuthorID: office, Kind: kind})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	g1 := add(parents.KindGuidance, store.GuidanceFields{HeldOn: calendar.D(2026, 9, 20), Mode: "offline", Topic: "如何陪伴孩子适应新学期",
		Speaker: "王老师", Audience: "all", Invited: 400, Attending: 320})
	add(parents.KindGuidance, store.GuidanceFields{HeldOn: calendar.D(2026, 10, 15), Mode: "online", Topic: "留守儿童的亲情陪伴",
		Speaker: "心理教师 刘芳", Audience: "left_behind", Attending: 28})
	g3 := add(parents.KindGuidance, store.GuidanceFields{HeldOn: calendar.D(2026, 11, 5), Mode: "offline", Topic: "班级家庭教育沙龙",
		Speaker: "班主任", Audience: "class", ClassID: f.classA, Attending: 35, GradeLevel: 3})
	tr := add(parents.KindTraining, store.GuidanceFields{Form: "class_course", HeldOn: calendar.D(2026, 10, 30), Mode: "offline",
		Topic: "家校协同育人专题培训", Speaker: "县家庭教育讲师团", Audience: "grade", GradeLevel: 2, Attending: 150})

	otherClass := one[int64](t, f.db, `SELECT id FROM classes WHERE school_id = $1 LIMIT 1`, f.other)
	bad := store.NewGuidance{SchoolID: f.school, AuthorID: office, Kind: parents.KindGuidance, GuidanceFields: store.GuidanceFields{
		TermID: f.termID, HeldOn: calendar.D(2026, 11, 6), Mode: "offline", Topic: "x", Speaker: "y", Audience: "class", ClassID: otherClass}}
	if _, err := f.st.CreateGuidance(ctx, bad); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a class of another school: %v, want not found", err)
	}
	bad.Audience, bad.Attending = "all", -1
	if _, err := f.st.CreateGuidance(ctx, bad); err == nil {
		t.Error("a negative attendance was stored")
	}
	bad.Attending, bad.Kind = 1, parents.KindTraining
	if _, err := f.st.CreateGuidance(ctx, bad); err == nil {
		t.Error("a training without its form was stored")
	}
	bad.Kind, bad.Invited, bad.Attending = parents.KindGuidance, 10, 11
	if _, err := f.st.CreateGuidance(ctx, bad); err == nil {
		t.Error("more attending than invited was stored")
	}

	officeScope := auth.Scope{SchoolID: f.school}
	list, total, err := f.st.ListGuidance(ctx, county, officeScope, store.GuidanceFilter{SchoolID: f.school, Kind: parents.KindGuidance, TermID: f.termID})
	if err != nil || total != 3 || len(list) != 3 || list[0].ID != g3 || list[2].ID != g1 {
		t.Fatalf("office's list: %d %+v %v", total, list, err)
	}
	if list[len(list)-1].Invited != 400 || list[0].Invited != 0 {
		t.Errorf("invited as given, 0 when not: %d, %d", list[len(list)-1].Invited, list[0].Invited)
	}
	if list[0].ClassName == "" || list[0].GradeLevel != 0 || list[0].AuthorName == "" || list[0].SchoolName == "" {
		t.Errorf("a class session's row: %+v", list[0])
	}
	for name, c := range map[string]struct {
		f    store.GuidanceFilter
		want int
	}{
		"special group": {store.GuidanceFilter{Audience: "left_behind"}, 1},
		"online":        {store.GuidanceFilter{Mode: "online"}, 1},
		"search topic":  {store.GuidanceFilter{Q: "沙龙"}, 1},
		"search speak":  {store.GuidanceFilter{Q: "刘芳"}, 1},
		"like escaped":  {store.GuidanceFilter{Q: "%"}, 0},
		"page two":      {store.GuidanceFilter{Limit: 2, Offset: 2}, 3},
	} {
		c.f.SchoolID, c.f.Kind = f.school, parents.KindGuidance
		rows, n, err := f.st.ListGuidance(ctx, county, officeScope, c.f)
		if err != nil || n != c.want {
			t.Errorf("%s: %d, want %d (%v)", name, n, c.want, err)
		}
		if name == "page two" && (len(rows) != 1 || rows[0].ID != g1) {
			t.Errorf("page two: %+v", rows)
		}
	}
	trs, total, err := f.st.ListGuidance(ctx, county, auth.Scope{All: true}, store.GuidanceFilter{SchoolID: f.school, Kind: parents.KindTraining})
	if err != nil || total != 1 || trs[0].ID != tr || trs[0].Form != "class_course" || trs[0].GradeLevel != 2 {
		t.Fatalf("trainings for the county: %d %+v %v", total, trs, err)
	}
	// The county's list (no school) of both kinds, sorted; a school's office
	// asking for every school still gets its own only.
	all, total, err := f.st.ListGuidance(ctx, county, auth.Scope{All: true}, store.GuidanceFilter{Sort: "attending"})
	if err != nil || total != 4 || len(all) != 4 {
		t.Fatalf("the county's list of both kinds: %d %v", total, err)
	}
	for i := 1; i < len(all); i++ {
		if all[i-1].Attending > all[i].Attending {
			t.Errorf("sorted by attending: %d before %d", all[i-1].Attending, all[i].Attending)
		}
	}
	if _, total, _ := f.st.ListGuidance(ctx, county, auth.Scope{SchoolID: f.other}, store.GuidanceFilter{}); total != 0 {
		t.Errorf("another school's office lists %d sessions of the county", total)
	}
	if g, err := f.st.GuidanceByID(ctx, county, officeScope, "", tr); err != nil || g.Kind != parents.KindTraining {
		t.Errorf("a training read without its kind: %+v %v", g, err)
	}
	if _, total, _ := f.st.ListGuidance(ctx, county, auth.Scope{SchoolID: f.other}, store.GuidanceFilter{SchoolID: f.school, Kind: parents.KindGuidance}); total != 0 {
		t.Errorf("another school's office lists %d sessions", total)
	}
	if _, total, _ := f.st.ListGuidance(ctx, county+1000, auth.Scope{All: true}, store.GuidanceFilter{SchoolID: f.school, Kind: parents.KindGuidance}); total != 0 {
		t.Errorf("another county lists %d sessions", total)
	}
	if _, err := f.st.GuidanceByID(ctx, county, auth.Scope{SchoolID: f.other}, parents.KindGuidance, g1); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another school's office reads a session: %v", err)
	}
	if _, err := f.st.GuidanceByID(ctx, county, officeScope, parents.KindTraining, g1); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a session read as a training: %v", err)
	}

	// Edit: the class session becomes one for a grade; another school's
	// office cannot.
	fl := store.GuidanceFields{TermID: f.termID, HeldOn: calendar.D(2026, 11, 6), Mode: "online", Topic: "年级家长课堂",
		Speaker: "年级主任", Audience: "grade", GradeLevel: 3, ClassID: f.classA, Attending: 120}
	if err := f.st.UpdateGuidance(ctx, f.other, parents.KindGuidance, g3, fl); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another school updates: %v", err)
	}
	if err := f.st.UpdateGuidance(ctx, f.school, parents.KindGuidance, g3, fl); err != nil {
		t.Fatal(err)
	}
	e, err := f.st.GuidanceByID(ctx, county, officeScope, parents.KindGuidance, g3)
	if err != nil || e.Audience != "grade" || e.GradeLevel != 3 || e.ClassID != 0 || e.Topic != "年级家长课堂" || !e.HeldOn.Equal(calendar.D(2026, 11, 6)) {
		t.Fatalf("updated: %+v %v", e, err)
	}

	// The term's checks: R09 exists, R10 the autumn term's quarters, R11
	// the left-behind group had its session, R22 one training.
	if _, err := f.db.Pool.Exec(ctx, `UPDATE students SET left_behind = false, hardship = false, migrant = false, disabled = false, orphan = false WHERE school_id = $1`, f.school); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.Pool.Exec(ctx, `UPDATE students SET left_behind = true, orphan = true WHERE id = ANY($1)`, []int64{f.a1, f.a2}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.Pool.Exec(ctx, `UPDATE students SET hardship = true WHERE id = $1`, f.b1); err != nil {
		t.Fatal(err)
	}
	gt, err := f.st.SchoolGuidance(ctx, county, f.school, f.termID)
	if err != nil {
		t.Fatal(err)
	}
	if !gt.ParentSchool || len(gt.Guidance) != 3 || len(gt.Trainings) != 1 {
		t.Fatalf("school's term: %+v", gt)
	}
	groups := map[string]parents.GroupStatus{}
	for _, g := range gt.SpecialGroups() {
		groups[g.Group] = g
	}
	if g := groups["left_behind"]; g.Students != 2 || g.Sessions != 1 || g.Needed() {
		t.Errorf("left-behind: %+v", g)
	}
	if g := groups["hardship"]; g.Students != 1 || !g.Needed() {
		t.Errorf("hardship: %+v", g)
	}
	if g := groups["migrant"]; g.Students != 0 || g.Needed() {
		t.Errorf("migrant: %+v", g)
	}
	cal, err := f.st.LoadCalendar(ctx, county)
	if err != nil {
		t.Fatal(err)
	}
	term, ok := cal.TermByID(f.termID)
	if !ok {
		t.Fatal("no term")
	}
	qs := gt.Quarters(cal, term, calendar.D(2026, 12, 7))
	sessions := 0
	for _, q := range qs {
		sessions += q.Sessions
	}
	if len(qs) < 2 || sessions != 3 || qs[0].Missing() {
		t.Errorf("quarters: %+v", qs)
	}
	other, err := f.st.CountyGuidance(ctx, county, 0, f.termID)
	if err != nil || other[f.other] == nil || other[f.other].ParentSchool || len(other[f.other].Guidance) != 0 || len(other[f.school].Guidance) != 3 {
		t.Errorf("the county's: %v %+v", err, other[f.other])
	}

	// Delete takes the evidence with it.
	owner := store.EvidenceOwner{Type: parents.KindTraining, ID: tr, SchoolID: f.school}
	if _, err := f.st.AddEvidence(ctx, owner, office, store.NewEvidence{Data: []byte("%PDF-1.7 培训签到"), ContentType: "application/pdf", Kind: "attachment", Name: "签到.pdf"}); err != nil {
		t.Fatal(err)
	}
	if err := f.st.DeleteGuidance(ctx, f.school, parents.KindGuidance, tr); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a training deleted as a session: %v", err)
	}
	if err := f.st.DeleteGuidance(ctx, f.school, parents.KindTraining, tr); err != nil {
		t.Fatal(err)
	}
	if n := one[int](t, f.db, `SELECT count(*) FROM evidence WHERE owner_type = 'training' AND owner_id = $1`, tr); n != 0 {
		t.Errorf("%d evidence rows left after the delete", n)
	}
	if _, err := f.st.GuidanceByID(ctx, county, officeScope, parents.KindTraining, tr); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted training: %v", err)
	}
}
