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
	if c, ok := by[f.other]; !ok || c.Published != 2 || c.InTime != 0 {
		t.Errorf("other school counts = %+v (%v), want 2 published, 0 in time", c, ok)
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
}
