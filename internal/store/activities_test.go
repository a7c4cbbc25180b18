package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"xietong/internal/calendar"
	"xietong/internal/store"
)

// TestActivities: an activity is kept for its school only (another school's
// staff neither read, change nor delete it; county roles read it through
// the county), the list filters, searches, sorts and pages, the base's
// constraint holds, and the duty counts the compliance engine reads are
// the duties written with each activity.
func TestActivities(t *testing.T) {
	t.Parallel()
	f := newVisitFixture(t)
	ctx := context.Background()
	if _, err := f.db.Pool.Exec(ctx, `TRUNCATE activities`); err != nil {
		t.Fatal(err)
	}
	county := one[int64](t, f.db, `SELECT county_id FROM schools WHERE id = $1`, f.school)
	start := one[time.Time](t, f.db, `SELECT starts_on FROM terms WHERE id = $1`, f.termID)
	base := one[int64](t, f.db, `SELECT id FROM practice_bases WHERE kind = 'red' AND status = 'active' ORDER BY id LIMIT 1`)
	mk := func(school int64, kind, title string, day int, base int64, duties ...string) int64 {
		t.Helper()
		id, err := f.st.CreateActivity(ctx, school, f.teacherA, store.ActivityFields{Kind: kind, Title: title, Office: "moral",
			HeldOn: calendar.AddDays(start, day), TermID: f.termID, BaseID: base, OffCampus: base != 0, InCounty: true,
			Place: "学校操场", Duties: duties})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	law1 := mk(f.school, "law_lecture", "法治副校长讲《未成年人保护法》", 3, 0, "R17")
	mk(f.school, "law_lecture", "防欺凌法治讲座", 40, 0, "R17")
	red := mk(f.school, "base_practice", "王海平故居红色研学", 20, base, "R14", "R15")
	other := mk(f.other, "club", "书法社团", 10, 0, "R20")

	// Another school's staff do not find it; the county does.
	if _, err := f.st.GetActivity(ctx, county, f.school, other); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another school's activity through this school: %v, want not found", err)
	}
	if a, err := f.st.GetActivity(ctx, county, 0, other); err != nil || a.SchoolID != f.other {
		t.Errorf("the county reads any school's: %v, %+v", err, a)
	}
	if _, err := f.st.GetActivity(ctx, county+1000, 0, other); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another county's read: %v, want not found", err)
	}
	a, err := f.st.GetActivity(ctx, county, f.school, red)
	if err != nil {
		t.Fatal(err)
	}
	if a.BaseName == "" || a.BaseID == nil || *a.BaseID != base || len(a.Duties) != 2 {
		t.Errorf("the base activity reads back as %+v", a)
	}
	if err := f.st.UpdateActivity(ctx, f.school, other, store.ActivityFields{Kind: "club", Title: "改", Office: "moral",
		HeldOn: start, TermID: f.termID}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("update of another school's: %v, want not found", err)
	}
	if err := f.st.DeleteActivity(ctx, f.school, other); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("delete of another school's: %v, want not found", err)
	}
	// At a base and yet on campus breaks the table's rule.
	if _, err := f.st.CreateActivity(ctx, f.school, f.teacherA, store.ActivityFields{Kind: "base_practice", Title: "x",
		Office: "moral", HeldOn: start, TermID: f.termID, BaseID: base}); err == nil {
		t.Error("an activity at a base but on campus was stored")
	}
	if _, err := f.st.CreateActivity(ctx, f.school, f.teacherA, store.ActivityFields{Kind: "nonsense", Title: "x",
		Office: "moral", HeldOn: start, TermID: f.termID}); err == nil {
		t.Error("an unknown kind was stored")
	}

	// The school's list, newest first; filters; search; paging.
	list, total, err := f.st.ListActivities(ctx, store.ActivityFilter{CountyID: county, SchoolID: f.school, TermID: f.termID, Desc: true})
	if err != nil {
		t.Fatal(err)
	}
	if total != 3 || len(list) != 3 || list[0].Title != "防欺凌法治讲座" || list[2].ID != law1 {
		t.Errorf("school list: %d %+v", total, list)
	}
	if _, total, _ := f.st.ListActivities(ctx, store.ActivityFilter{CountyID: county, TermID: f.termID}); total != 4 {
		t.Errorf("county list: %d, want 4", total)
	}
	if l, _, _ := f.st.ListActivities(ctx, store.ActivityFilter{CountyID: county, Kind: "law_lecture"}); len(l) != 2 {
		t.Errorf("by kind: %d, want 2", len(l))
	}
	if l, _, _ := f.st.ListActivities(ctx, store.ActivityFilter{CountyID: county, BaseID: base}); len(l) != 1 || l[0].ID != red {
		t.Errorf("by base: %+v", l)
	}
	if l, _, _ := f.st.ListActivities(ctx, store.ActivityFilter{CountyID: county, Q: "王海平"}); len(l) != 1 || l[0].ID != red {
		t.Errorf("search: %+v", l)
	}
	if l, _, _ := f.st.ListActivities(ctx, store.ActivityFilter{CountyID: county, Q: "%"}); len(l) != 0 {
		t.Errorf("a %% in the search matched %d rows", len(l))
	}
	if l, total, _ := f.st.ListActivities(ctx, store.ActivityFilter{CountyID: county, Sort: "kind", Limit: 2, Offset: 2}); total != 4 || len(l) != 2 {
		t.Errorf("second page: %d of %d", len(l), total)
	}

	// Duty counts, per school and for the county.
	got, err := f.st.ActivityDutyCounts(ctx, f.school, f.termID)
	if err != nil {
		t.Fatal(err)
	}
	if got["R17"] != 2 || got["R14"] != 1 || got["R15"] != 1 || got["R20"] != 0 {
		t.Errorf("duty counts: %v", got)
	}
	all, err := f.st.CountyActivityDutyCounts(ctx, county, []int64{f.termID})
	if err != nil {
		t.Fatal(err)
	}
	if all[f.other]["R20"] != 1 || all[f.school]["R17"] != 2 {
		t.Errorf("county duty counts: %v", all)
	}

	// Update and delete.
	if err := f.st.UpdateActivity(ctx, f.school, law1, store.ActivityFields{Kind: "safety", Title: "交通安全", Office: "safety",
		HeldOn: start, TermID: f.termID}); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.st.ActivityDutyCounts(ctx, f.school, f.termID); got["R17"] != 1 {
		t.Errorf("after the change of kind: %v", got)
	}
	if err := f.st.DeleteActivity(ctx, f.school, red); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.GetActivity(ctx, county, f.school, red); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a deleted activity reads: %v", err)
	}
}

// TestClubs: a club belongs to its school (a name once per school); its
// sessions are activities of kind 'club' that name it, counted per term on
// the club list; a session cannot name another school's club.
func TestClubs(t *testing.T) {
	t.Parallel()
	f := newVisitFixture(t)
	ctx := context.Background()
	if _, err := f.db.Pool.Exec(ctx, `TRUNCATE activities, clubs`); err != nil {
		t.Fatal(err)
	}
	county := one[int64](t, f.db, `SELECT county_id FROM schools WHERE id = $1`, f.school)
	start := one[time.Time](t, f.db, `SELECT starts_on FROM terms WHERE id = $1`, f.termID)
	n := 24
	club, err := f.st.CreateClub(ctx, f.school, store.ClubFields{Name: "书法社", Advisor: "王老师", Members: "四至六年级", MemberCount: &n})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.CreateClub(ctx, f.school, store.ClubFields{Name: "书法社"}); !store.ClubNameTaken(err) {
		t.Errorf("a second 书法社: %v, want the name taken", err)
	}
	if _, err := f.st.CreateClub(ctx, f.other, store.ClubFields{Name: "书法社"}); err != nil {
		t.Errorf("another school's 书法社: %v", err)
	}
	session := func(school, club int64, kind string) error {
		_, err := f.st.CreateActivity(ctx, school, f.teacherA, store.ActivityFields{Kind: kind, Title: "社团活动", Office: "moral",
			HeldOn: start, TermID: f.termID, ClubID: club, Duties: []string{"R20"}})
		return err
	}
	for range 2 {
		if err := session(f.school, club, "club"); err != nil {
			t.Fatal(err)
		}
	}
	if err := session(f.other, club, "club"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a session of another school's club: %v, want not found", err)
	}
	if err := session(f.school, club, "labour"); err == nil {
		t.Error("a labour activity named a club")
	}
	list, err := f.st.ListClubs(ctx, county, f.school, f.termID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Sessions != 2 || list[0].LastSession == nil || *list[0].MemberCount != 24 {
		t.Errorf("club list: %+v", list)
	}
	if l, _ := f.st.ListClubs(ctx, county, 0, f.termID); len(l) != 2 {
		t.Errorf("county's clubs: %d, want 2", len(l))
	}
	if _, err := f.st.GetClub(ctx, county, f.other, f.termID, club); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another school's read: %v", err)
	}
	if l, _, _ := f.st.ListActivities(ctx, store.ActivityFilter{CountyID: county, ClubID: club}); len(l) != 2 || l[0].ClubName != "书法社" {
		t.Errorf("the club's sessions: %+v", l)
	}
	if err := f.st.UpdateClub(ctx, f.school, club, store.ClubFields{Name: "书法社", Active: false}); err != nil {
		t.Fatal(err)
	}
	if err := f.st.UpdateClub(ctx, f.other, club, store.ClubFields{Name: "x", Active: true}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("update through another school: %v", err)
	}
}
