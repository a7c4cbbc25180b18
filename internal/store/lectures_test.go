package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"xietong/internal/calendar"
	"xietong/internal/store"
)

// TestLectures: the bureau publishes a lecture (a bad link or a stage
// audience without its stage refused); a school of the county forwards it
// once; the counts per school say what was published in the period and
// what each school forwarded within three days, a late forward not counted.
func TestLectures(t *testing.T) {
	t.Parallel()
	f := newVisitFixture(t)
	ctx := context.Background()
	if _, err := f.db.Pool.Exec(ctx, `TRUNCATE lectures CASCADE`); err != nil {
		t.Fatal(err)
	}
	county := one[int64](t, f.db, `SELECT county_id FROM schools WHERE id = $1`, f.school)
	// The school is a primary school, the other a senior one: a lecture for
	// primary-school parents is not the other's to forward.
	if _, err := f.db.Pool.Exec(ctx, `UPDATE schools SET stage = CASE WHEN id = $1 THEN 'primary' ELSE 'senior' END WHERE id IN ($1, $2)`, f.school, f.other); err != nil {
		t.Fatal(err)
	}
	staff := one[int64](t, f.db, `SELECT id FROM users ORDER BY id LIMIT 1`)
	d := func(day int) time.Time { return time.Date(2026, time.October, day, 0, 0, 0, 0, time.UTC) }
	create := func(title, link, audience, stage string, on time.Time) (int64, error) {
		return f.st.CreateLecture(ctx, store.NewLecture{CountyID: county, PublishedBy: staff, Title: title, LinkURL: link,
			Audience: audience, AudienceStage: stage, PublishedOn: on})
	}
	l1, err := create("如何陪伴孩子度过青春期", "https://example.cn/a", store.LectureAudienceAll, "", d(5))
	if err != nil {
		t.Fatal(err)
	}
	l2, err := create("小学生习惯养成", "", store.LectureAudienceStage, "primary", d(10))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := create("坏链接", "ftp://x", store.LectureAudienceAll, "", d(5)); err == nil {
		t.Error("an ftp link was stored")
	}
	if _, err := create("缺学段", "", store.LectureAudienceStage, "", d(5)); err == nil {
		t.Error("a stage audience without a stage was stored")
	}
	if _, err := create("  ", "", store.LectureAudienceAll, "", d(5)); err == nil {
		t.Error("an empty title was stored")
	}
	got, err := f.st.GetLecture(ctx, county, l2)
	if err != nil || got.Title != "小学生习惯养成" || got.AudienceStage != "primary" || !calendar.DateOf(got.PublishedOn).Equal(d(10)) {
		t.Fatalf("GetLecture = %+v, %v", got, err)
	}
	if _, err := f.st.GetLecture(ctx, county+1000, l2); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a lecture through another county: %v, want not found", err)
	}

	// The school forwards l1 on its due day (in time) and l2 four days late;
	// the other school forwards nothing.
	if _, err := f.st.ForwardLecture(ctx, county, l1, f.school, staff, d(8), "全校家长群"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.ForwardLecture(ctx, county, l1, f.school, staff, d(8), "again"); !errors.Is(err, store.ErrConflict) {
		t.Errorf("a second forward: %v, want conflict", err)
	}
	if _, err := f.st.ForwardLecture(ctx, county+1000, l1, f.school, staff, d(8), ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a forward through another county: %v, want not found", err)
	}
	if _, err := f.st.ForwardLecture(ctx, county, l2, f.school, staff, d(17), "一年级家长群"); err != nil {
		t.Fatal(err)
	}

	counts, err := f.st.LectureForwardCounts(ctx, county, d(1), d(31))
	if err != nil {
		t.Fatal(err)
	}
	by := map[int64]store.LectureForwardCount{}
	for _, c := range counts {
		by[c.SchoolID] = c
	}
	if c := by[f.school]; c.Published != 2 || c.InTime != 1 {
		t.Errorf("school counts = %+v, want 2 published, 1 in time", c)
	}
	if c, ok := by[f.other]; !ok || c.Published != 1 || c.InTime != 0 {
		t.Errorf("other school counts = %+v (%v), want 1 published (the primary one is not its), 0 in time", c, ok)
	}
	if _, err := f.st.ForwardLecture(ctx, county, l2, f.other, staff, d(11), "全校家长群"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a senior school forwards a primary lecture: %v, want not found", err)
	}
	if _, err := f.st.GetSchoolLecture(ctx, county, f.other, l2); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a senior school loads a primary lecture: %v, want not found", err)
	}
	if l, err := f.st.GetSchoolLecture(ctx, county, f.school, l2); err != nil || l.ID != l2 || l.PublisherName == "" {
		t.Errorf("GetSchoolLecture = %+v, %v", l, err)
	}
	// A period holding only l1.
	counts, err = f.st.LectureForwardCounts(ctx, county, d(1), d(6))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range counts {
		if c.SchoolID == f.school && (c.Published != 1 || c.InTime != 1) {
			t.Errorf("early period = %+v, want 1 of 1", c)
		}
	}

	testLectureLists(t, f, county, staff, l1, l2, d)
}

// testLectureLists: the bureau's list with its counts and filters, a
// lecture's schools, a school's list (what is left first), an edit and a
// withdrawal (out of the school's list and the counts, its forwards kept).
func testLectureLists(t *testing.T, f visitFixture, county, staff, l1, l2 int64, d func(int) time.Time) {
	ctx := context.Background()
	l3, err := f.st.CreateLecture(ctx, store.NewLecture{CountyID: county, PublishedBy: staff, Title: "网络安全家长课",
		LinkURL: "https://example.cn/c", Audience: store.LectureAudienceSpecial, AudienceNote: "留守儿童家长", PublishedOn: d(20)})
	if err != nil {
		t.Fatal(err)
	}
	rows, total, err := f.st.ListLectures(ctx, store.LectureFilter{CountyID: county, Desc: true})
	if err != nil || total != 3 || len(rows) != 3 || rows[0].ID != l3 {
		t.Fatalf("ListLectures = %d rows of %d, %v", len(rows), total, err)
	}
	by := map[int64]store.LectureRow{}
	for _, r := range rows {
		by[r.ID] = r
	}
	active := one[int](t, f.db, `SELECT count(*)::int FROM schools WHERE county_id = $1 AND archived_at IS NULL`, county)
	primary := one[int](t, f.db, `SELECT count(*)::int FROM schools WHERE county_id = $1 AND archived_at IS NULL AND stage IN ('primary', 'nine_year')`, county)
	if r := by[l1]; r.Schools != active || r.Forwarded != 1 || r.Late != 0 {
		t.Errorf("l1 row = %d schools, %d forwarded, %d late; want %d, 1, 0", r.Schools, r.Forwarded, r.Late, active)
	}
	if r := by[l2]; r.Schools != primary || r.Forwarded != 1 || r.Late != 1 {
		t.Errorf("l2 row = %d schools, %d forwarded, %d late; want %d, 1, 1", r.Schools, r.Forwarded, r.Late, primary)
	}
	if rows, total, _ := f.st.ListLectures(ctx, store.LectureFilter{CountyID: county, Q: "青春", From: d(1), To: d(31)}); total != 1 || rows[0].ID != l1 {
		t.Errorf("search 青春: %d", total)
	}
	if _, total, _ := f.st.ListLectures(ctx, store.LectureFilter{CountyID: county, From: d(9), To: d(15)}); total != 1 {
		t.Errorf("9–15 October: %d lectures, want 1", total)
	}
	if _, total, _ := f.st.ListLectures(ctx, store.LectureFilter{CountyID: county, Audience: store.LectureAudienceSpecial}); total != 1 {
		t.Errorf("special audience: %d lectures, want 1", total)
	}

	schools, err := f.st.LectureSchools(ctx, county, l1)
	if err != nil || len(schools) != active {
		t.Fatalf("LectureSchools = %d, %v; want %d", len(schools), err, active)
	}
	for _, sc := range schools {
		if (sc.SchoolID == f.school) != (sc.Forward != nil) {
			t.Errorf("school %d forward %+v", sc.SchoolID, sc.Forward)
		}
		if sc.Forward != nil && (sc.Forward.Groups != "全校家长群" || !calendar.DateOf(sc.Forward.ForwardedOn).Equal(d(8)) || sc.Forward.ForwarderName == "") {
			t.Errorf("forward = %+v", sc.Forward)
		}
	}

	// The school: l3 left to do, then l2 and l1 done, newest first.
	mine, err := f.st.SchoolLectures(ctx, county, f.school, time.Time{}, time.Time{})
	if err != nil || len(mine) != 3 || mine[0].ID != l3 || mine[0].Forward != nil || mine[1].ID != l2 || mine[2].ID != l1 || mine[2].Forward == nil {
		t.Fatalf("SchoolLectures = %+v, %v", mine, err)
	}
	// A period before the lectures keeps what is left and drops what is done.
	if mine, _ := f.st.SchoolLectures(ctx, county, f.school, d(21), d(31)); len(mine) != 1 || mine[0].ID != l3 {
		t.Errorf("SchoolLectures late October = %+v", mine)
	}
	other, _ := f.st.SchoolLectures(ctx, county, f.other, time.Time{}, time.Time{})
	if len(other) != 2 {
		t.Errorf("the senior school has %d lectures, want 2 (not the primary one)", len(other))
	}
	if fw, err := f.st.SchoolLectureForward(ctx, l1, f.school); err != nil || fw == nil || fw.Groups != "全校家长群" {
		t.Errorf("SchoolLectureForward = %+v, %v", fw, err)
	}
	if fw, err := f.st.SchoolLectureForward(ctx, l1, f.other); err != nil || fw != nil {
		t.Errorf("SchoolLectureForward of the other = %+v, %v", fw, err)
	}

	// Edit and withdraw.
	edit := store.NewLecture{Title: "网络安全家长课（修订）", LinkURL: "https://example.cn/c2", Audience: store.LectureAudienceAll, PublishedOn: d(21)}
	if err := f.st.UpdateLecture(ctx, county, l3, edit); err != nil {
		t.Fatal(err)
	}
	if l, _ := f.st.GetLecture(ctx, county, l3); l.Title != edit.Title || !calendar.DateOf(l.PublishedOn).Equal(d(21)) {
		t.Errorf("after edit: %+v", l)
	}
	if err := f.st.UpdateLecture(ctx, county+1000, l3, edit); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("edit through another county: %v", err)
	}
	if err := f.st.WithdrawLecture(ctx, county, l1, staff); err != nil {
		t.Fatal(err)
	}
	if err := f.st.WithdrawLecture(ctx, county, l1, staff); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("withdrawn twice: %v", err)
	}
	if err := f.st.UpdateLecture(ctx, county, l1, edit); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a withdrawn lecture edited: %v", err)
	}
	if l, _ := f.st.GetLecture(ctx, county, l1); !l.Withdrawn() {
		t.Error("GetLecture does not say withdrawn")
	}
	if _, err := f.st.GetSchoolLecture(ctx, county, f.school, l1); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a school loads a withdrawn lecture: %v", err)
	}
	if _, err := f.st.ForwardLecture(ctx, county, l1, f.other, staff, d(22), ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a withdrawn lecture forwarded: %v", err)
	}
	if mine, _ := f.st.SchoolLectures(ctx, county, f.school, time.Time{}, time.Time{}); len(mine) != 2 {
		t.Errorf("after the withdrawal the school has %d lectures, want 2", len(mine))
	}
	counts, _ := f.st.LectureForwardCounts(ctx, county, d(1), d(31))
	for _, c := range counts {
		if c.SchoolID == f.school && (c.Published != 2 || c.InTime != 0) {
			t.Errorf("counts after the withdrawal = %+v, want 2 published, 0 in time", c)
		}
	}
	if _, total, _ := f.st.ListLectures(ctx, store.LectureFilter{CountyID: county}); total != 2 {
		t.Errorf("in force: %d, want 2", total)
	}
	if rows, total, _ := f.st.ListLectures(ctx, store.LectureFilter{CountyID: county, Withdrawn: "yes"}); total != 1 || rows[0].Forwarded != 1 {
		t.Errorf("withdrawn: %d (its forward kept)", total)
	}
}
