package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"xietong/internal/activity"
	"xietong/internal/calendar"
	"xietong/internal/store"
)

// TestClassMeetings: a meeting is created for an active class of its own
// school only, listed for the class latest first, and the school's summary
// says which classes held one in the term's first seven days, which only
// later, and which none.
func TestClassMeetings(t *testing.T) {
	t.Parallel()
	f := newVisitFixture(t)
	ctx := context.Background()
	if _, err := f.db.Pool.Exec(ctx, `TRUNCATE class_meetings`); err != nil {
		t.Fatal(err)
	}
	var term calendar.Term
	if err := f.db.Pool.QueryRow(ctx, `SELECT id, school_year_id, starts_on, ends_on FROM terms WHERE id = $1`, f.termID).
		Scan(&term.ID, &term.SchoolYearID, &term.Start, &term.End); err != nil {
		t.Fatal(err)
	}
	day := func(n int) time.Time { return calendar.AddDays(term.Start, n) }
	create := func(class, author int64, d time.Time, title string) (int64, error) {
		return f.st.CreateClassMeeting(ctx, store.NewClassMeeting{SchoolID: f.school, ClassID: class, TermID: term.ID,
			AuthorID: author, HeldOn: d, Theme: "safety", Title: title})
	}
	// Class A: day 7 of term (the first week's last day) and a later one; class B: only day 8.
	if _, err := create(f.classA, f.teacherA, day(6), "开学安全第一课"); err != nil {
		t.Fatal(err)
	}
	if _, err := create(f.classA, f.teacherA, day(20), "心理健康"); err != nil {
		t.Fatal(err)
	}
	if _, err := create(f.classB, f.teacherB, day(7), "网络安全"); err != nil {
		t.Fatal(err)
	}
	// Another school's class is not found through this school.
	otherClass := one[int64](t, f.db, `SELECT id FROM classes WHERE school_id = $1 LIMIT 1`, f.other)
	if _, err := create(otherClass, f.teacherA, day(1), "越界"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a class of another school: %v, want not found", err)
	}
	if _, err := f.st.CreateClassMeeting(ctx, store.NewClassMeeting{SchoolID: f.school, ClassID: f.classA, TermID: term.ID,
		AuthorID: f.teacherA, HeldOn: day(1), Theme: "nonsense", Title: "x"}); err == nil {
		t.Error("an unknown theme was stored")
	}
	if _, err := create(f.classA, f.teacherA, day(1), "  "); err == nil {
		t.Error("an empty title was stored")
	}

	list, err := f.st.ListClassMeetings(ctx, f.classA, term.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Title != "心理健康" || list[1].Title != "开学安全第一课" || !list[1].HeldOn.Equal(day(6)) {
		t.Fatalf("class A's meetings: %+v", list)
	}
	if list[0].AuthorName == "" || list[0].SchoolID != f.school {
		t.Errorf("meeting row: %+v", list[0])
	}

	sum, err := f.st.SchoolMeetingSummary(ctx, f.school, term, day(30))
	if err != nil {
		t.Fatal(err)
	}
	states := map[int64]activity.MeetingState{}
	counts := map[int64]int{}
	for _, c := range sum {
		states[c.ClassID], counts[c.ClassID] = c.State, c.Meetings
	}
	classes := one[int](t, f.db, `SELECT count(*)::int FROM classes c JOIN grades g ON g.id = c.grade_id WHERE c.school_id = $1 AND c.archived_at IS NULL AND g.school_year_id = $2`, f.school, term.SchoolYearID)
	if len(sum) != classes || classes < 3 {
		t.Fatalf("summary lists %d classes, the school has %d", len(sum), classes)
	}
	if states[f.classA] != activity.MeetingHeld || counts[f.classA] != 2 {
		t.Errorf("class A: %s, %d meetings", states[f.classA], counts[f.classA])
	}
	if states[f.classB] != activity.MeetingLate || counts[f.classB] != 1 {
		t.Errorf("class B: %s, %d meetings", states[f.classB], counts[f.classB])
	}
	for _, c := range sum {
		if c.ClassID != f.classA && c.ClassID != f.classB && (c.State != activity.MeetingMissed || c.Meetings != 0) {
			t.Errorf("class %d with no meeting: %s", c.ClassID, c.State)
		}
	}
	// During the first week, a class with none is still waiting.
	sum, err = f.st.SchoolMeetingSummary(ctx, f.school, term, day(3))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range sum {
		if c.ClassID == f.classB && c.State != activity.MeetingWaiting {
			t.Errorf("class B on day 4: %s, want waiting", c.State)
		}
	}
}

// TestMeetingThemes: a class teacher is offered the latest theme set for
// their grade, else the latest for the whole school, else none.
func TestMeetingThemes(t *testing.T) {
	t.Parallel()
	f := newVisitFixture(t)
	ctx := context.Background()
	gradeA := one[int](t, f.db, `SELECT g.level::int FROM classes c JOIN grades g ON g.id = c.grade_id WHERE c.id = $1`, f.classA)
	if th, err := f.st.ThemeForClass(ctx, f.school, f.termID, gradeA); err != nil || th != nil {
		t.Fatalf("no theme yet: %v, %v", th, err)
	}
	set := func(grade int, title string) {
		t.Helper()
		if _, err := f.st.SetMeetingTheme(ctx, store.NewMeetingTheme{SchoolID: f.school, TermID: f.termID, AuthorID: f.teacherA,
			GradeLevel: grade, HeldOn: calendar.D(2026, 9, 1), Theme: "mental_health", Title: title}); err != nil {
			t.Fatal(err)
		}
	}
	set(0, "全校 心理健康主题班会")
	other := gradeA%12 + 1
	set(other, "另一年级")
	th, err := f.st.ThemeForClass(ctx, f.school, f.termID, gradeA)
	if err != nil || th == nil || th.Title != "全校 心理健康主题班会" {
		t.Fatalf("school theme: %+v, %v", th, err)
	}
	set(gradeA, "本年级 心理健康")
	set(0, "全校 后来的主题")
	if th, _ := f.st.ThemeForClass(ctx, f.school, f.termID, gradeA); th == nil || th.Title != "本年级 心理健康" {
		t.Errorf("the grade's theme comes before the school's: %+v", th)
	}
	list, err := f.st.MeetingThemes(ctx, f.school, f.termID)
	if err != nil || len(list) != 4 || list[0].Title != "全校 后来的主题" {
		t.Errorf("themes: %+v, %v", list, err)
	}
}
