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

// TestParentMeetings: a whole-school meeting keeps its classes' counts; a
// class meeting is seen by that class's teacher only, the whole school's by
// the office and the county; the list filters and pages; a class of another
// school is refused.
func TestParentMeetings(t *testing.T) {
	t.Parallel()
	f := newVisitFixture(t)
	ctx := context.Background()
	if _, err := f.db.Pool.Exec(ctx, `TRUNCATE parent_meetings CASCADE`); err != nil {
		t.Fatal(err)
	}
	county := one[int64](t, f.db, `SELECT county_id FROM schools WHERE id = $1`, f.school)
	office := one[int64](t, f.db, `SELECT id FROM users WHERE username = 'office'`)
	token := func(n string) string { return "tok_" + n + "_abcdefghijklmnopqrstuv" }
	whole := store.NewParentMeeting{SchoolID: f.school, AuthorID: office, LinkToken: token("a"), MeetingFields: store.MeetingFields{
		TermID: f.termID, Scope: parents.ScopeSchool, HeldOn: calendar.D(2026, 10, 16), Organisers: []string{"moral", "safety"},
		Topic: "期中家长会", Invited: 82, Attending: 78, LectureSpeaker: "王校长", LectureTopic: "青春期心理健康",
		Classes: []parents.Attendance{{ClassID: f.classA, Invited: 40, Attending: 38}, {ClassID: f.classB, Invited: 42, Attending: 40}}}}
	wholeID, err := f.st.CreateParentMeeting(ctx, whole)
	if err != nil {
		t.Fatal(err)
	}
	cls := store.NewParentMeeting{SchoolID: f.school, AuthorID: f.teacherA, LinkToken: token("b"), MeetingFields: store.MeetingFields{
		TermID: f.termID, Scope: parents.ScopeClass, ClassID: f.classA, HeldOn: calendar.D(2026, 11, 20), Organisers: []string{"division"},
		Topic: "班级家长会：期末复习", Invited: 40, Attending: 35}}
	classID, err := f.st.CreateParentMeeting(ctx, cls)
	if err != nil {
		t.Fatal(err)
	}
	otherClass := one[int64](t, f.db, `SELECT id FROM classes WHERE school_id = $1 LIMIT 1`, f.other)
	bad := cls
	bad.ClassID, bad.LinkToken = otherClass, token("c")
	if _, err := f.st.CreateParentMeeting(ctx, bad); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a class of another school: %v, want not found", err)
	}
	bad = whole
	bad.Attending, bad.LinkToken = 90, token("d")
	if _, err := f.st.CreateParentMeeting(ctx, bad); err == nil {
		t.Error("attending over invited was stored")
	}

	classes, err := f.st.MeetingClasses(ctx, wholeID)
	if err != nil || len(classes) != 2 || classes[0].Invited+classes[1].Invited != 82 {
		t.Fatalf("meeting classes: %+v, %v", classes, err)
	}

	officeScope := auth.Scope{SchoolID: f.school}
	teacherB := auth.Scope{SchoolID: f.school, ClassIDs: []int64{f.classB}}
	teacherA := auth.Scope{SchoolID: f.school, ClassIDs: []int64{f.classA}}
	list, total, err := f.st.ListParentMeetings(ctx, county, officeScope, store.MeetingFilter{SchoolID: f.school, TermID: f.termID})
	if err != nil || total != 2 || len(list) != 2 || list[0].ID != classID || list[1].ClassName != "" {
		t.Fatalf("office's list: %d %+v %v", total, list, err)
	}
	if list[0].ClassName == "" || list[0].AuthorName == "" || list[1].Organisers[1] != "safety" {
		t.Errorf("meeting rows: %+v", list)
	}
	if _, total, _ := f.st.ListParentMeetings(ctx, county, teacherB, store.MeetingFilter{SchoolID: f.school}); total != 0 {
		t.Errorf("teacher of class B sees %d meetings, want none", total)
	}
	if _, total, _ := f.st.ListParentMeetings(ctx, county, teacherA, store.MeetingFilter{SchoolID: f.school}); total != 1 {
		t.Errorf("teacher of class A sees %d meetings, want their class's", total)
	}
	if _, err := f.st.ParentMeetingByID(ctx, county, teacherB, classID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("class A's meeting for class B's teacher: %v", err)
	}
	if _, err := f.st.ParentMeetingByID(ctx, county, auth.Scope{SchoolID: f.other}, wholeID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another school's office reads the meeting: %v", err)
	}
	if _, err := f.st.ParentMeetingByID(ctx, county+1000, auth.Scope{All: true}, wholeID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another county reads the meeting: %v", err)
	}
	if m, err := f.st.ParentMeetingByID(ctx, county, auth.Scope{All: true}, wholeID); err != nil || m.LectureTopic != "青春期心理健康" {
		t.Errorf("county reads the meeting: %+v %v", m, err)
	}
	for _, c := range []struct {
		f    store.MeetingFilter
		want int
	}{
		{store.MeetingFilter{Scope: parents.ScopeClass}, 1},
		{store.MeetingFilter{Organiser: "safety"}, 1},
		{store.MeetingFilter{Organiser: "growth"}, 0},
		{store.MeetingFilter{Q: "心理"}, 1}, // the lecture's topic
		{store.MeetingFilter{Q: "期末"}, 1},
		{store.MeetingFilter{Q: "%"}, 0},
		{store.MeetingFilter{TermID: f.termID + 1000}, 0},
	} {
		c.f.SchoolID = f.school
		if _, total, err := f.st.ListParentMeetings(ctx, county, officeScope, c.f); err != nil || total != c.want {
			t.Errorf("filter %+v: %d, %v; want %d", c.f, total, err, c.want)
		}
	}
	page, total, _ := f.st.ListParentMeetings(ctx, county, officeScope, store.MeetingFilter{SchoolID: f.school, Limit: 1, Offset: 1})
	if total != 2 || len(page) != 1 || page[0].ID != wholeID {
		t.Errorf("second page: %d %+v", total, page)
	}

	// Editing: a class meeting becomes a grade's; another school's edit is refused.
	edit := cls.MeetingFields
	edit.Scope, edit.ClassID, edit.GradeLevel, edit.Topic = parents.ScopeGrade, 0, 3, "三年级家长会"
	if err := f.st.UpdateParentMeeting(ctx, f.other, classID, edit); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("update through another school: %v", err)
	}
	if err := f.st.UpdateParentMeeting(ctx, f.school, classID, edit); err != nil {
		t.Fatal(err)
	}
	if m, _ := f.st.ParentMeetingByID(ctx, county, officeScope, classID); m.Scope != "grade" || m.GradeLevel != 3 || m.ClassID != 0 {
		t.Errorf("edited meeting: %+v", m)
	}
	if m, _ := f.st.ParentMeetingByToken(ctx, token("a")); m == nil || m.ID != wholeID {
		t.Errorf("by token: %+v", m)
	}
	if _, err := f.st.ParentMeetingByToken(ctx, token("zz")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown token: %v", err)
	}
}

// TestParentOpinions: staff's opinions wait for a response; a parent's from
// the link is hidden until accepted, a few per phone, once per form; the
// answered share and the per-term counts follow the states.
func TestParentOpinions(t *testing.T) {
	t.Parallel()
	f := newVisitFixture(t)
	ctx := context.Background()
	if _, err := f.db.Pool.Exec(ctx, `TRUNCATE parent_meetings CASCADE`); err != nil {
		t.Fatal(err)
	}
	county := one[int64](t, f.db, `SELECT county_id FROM schools WHERE id = $1`, f.school)
	office := one[int64](t, f.db, `SELECT id FROM users WHERE username = 'office'`)
	id, err := f.st.CreateParentMeeting(ctx, store.NewParentMeeting{SchoolID: f.school, AuthorID: office, LinkToken: "opinions_abcdefghijklmnopqrstuv",
		MeetingFields: store.MeetingFields{TermID: f.termID, Scope: parents.ScopeSchool, HeldOn: calendar.D(2026, 10, 16),
			Organisers: []string{"moral"}, Topic: "家长会", Invited: 10, Attending: 9}})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.st.AddOpinions(ctx, f.other, id, office, "staff", []store.NewOpinion{{Body: "x", Category: "other"}}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("opinions through another school: %v", err)
	}
	if err := f.st.AddOpinions(ctx, f.school, id, office, "paste", []store.NewOpinion{
		{Body: "作业太多", Category: "homework", OwnerOffice: "academic"}, {Body: "食堂饭菜偏咸", Category: "canteen"}}); err != nil {
		t.Fatal(err)
	}
	device := "phone-1"
	var parentIDs []int64
	for i, tok := range []string{"t1", "t2", "t3"} {
		pid, err := f.st.AddParentOpinion(ctx, id, "希望增加体育活动"+tok, device, tok)
		if err != nil {
			t.Fatalf("parent's opinion %d: %v", i, err)
		}
		parentIDs = append(parentIDs, pid)
	}
	if _, err := f.st.AddParentOpinion(ctx, id, "again", device, "t3"); !errors.Is(err, store.ErrReplay) {
		t.Errorf("the same form twice: %v, want replay", err)
	}
	if _, err := f.st.AddParentOpinion(ctx, id, "fourth", device, "t4"); !errors.Is(err, store.ErrDeviceLimit) {
		t.Errorf("a fourth from one phone: %v, want the device limit", err)
	}
	if _, err := f.st.AddParentOpinion(ctx, id, "another phone", "phone-2", "t5"); err != nil {
		t.Errorf("another phone: %v", err)
	}
	if _, err := f.st.AddParentOpinion(ctx, id+1000, "no meeting", "phone-2", "t6"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("no such meeting: %v", err)
	}
	if n, _ := f.st.DeviceOpinions(ctx, id, device); n != parents.MaxOpinionsPerDevice {
		t.Errorf("device sent %d", n)
	}
	visible, _ := f.st.Opinions(ctx, id, false)
	all, _ := f.st.Opinions(ctx, id, true)
	if len(visible) != 2 || len(all) != 6 {
		t.Fatalf("visible %d, all %d; want 2 and 6", len(visible), len(all))
	}
	if all[2].State != "received" || all[2].Source != "link" || all[2].CreatedByName != "" || visible[0].CreatedByName == "" {
		t.Errorf("rows: %+v / %+v", all[2], visible[0])
	}

	step := func(oid int64, from, to parents.OpinionState, resp string) error {
		return f.st.ChangeOpinion(ctx, id, oid, store.OpinionChange{From: from, To: to, Category: "activities", OwnerOffice: "moral", Response: resp, UserID: office})
	}
	if err := step(parentIDs[0], parents.Received, parents.Pending, ""); err != nil {
		t.Fatal(err)
	}
	if err := step(parentIDs[0], parents.Received, parents.Pending, ""); !errors.Is(err, store.ErrConflict) {
		t.Errorf("accepting twice: %v, want conflict", err)
	}
	if err := step(parentIDs[1], parents.Received, parents.Rejected, ""); err != nil {
		t.Fatal(err)
	}
	if err := step(parentIDs[0], parents.Pending, parents.Answered, ""); err == nil {
		t.Error("answered without a response was stored")
	}
	if err := step(parentIDs[0], parents.Pending, parents.Answered, "每周增加一节体育活动课"); err != nil {
		t.Fatal(err)
	}
	if err := step(parentIDs[0], parents.Answered, parents.Published, "每周增加一节体育活动课"); err != nil {
		t.Fatal(err)
	}
	if err := f.st.ChangeOpinion(ctx, id+1, parentIDs[0], store.OpinionChange{From: parents.Published, To: parents.Answered, Category: "other"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an opinion through another meeting: %v", err)
	}
	o, err := f.st.OpinionByID(ctx, id, parentIDs[0])
	if err != nil || o.State != "published" || o.RespondedName == "" || o.RespondedAt == nil || o.Category != "activities" {
		t.Fatalf("published opinion: %+v %v", o, err)
	}
	pub, _ := f.st.PublishedOpinions(ctx, id)
	if len(pub) != 1 || pub[0].ID != parentIDs[0] {
		t.Errorf("published: %+v", pub)
	}
	m, _ := f.st.ParentMeetingByID(ctx, county, auth.Scope{SchoolID: f.school}, id)
	// Counted: 2 staff (pending) + 1 accepted and published; received 2 (t3 and phone-2), 1 rejected.
	if m.Opinions != 3 || m.Answered != 1 || m.Received != 2 {
		t.Errorf("meeting counts: opinions %d answered %d received %d", m.Opinions, m.Answered, m.Received)
	}
	counts, err := f.st.ParentMeetingCounts(ctx, county, f.termID)
	if err != nil || len(counts) != 1 {
		t.Fatalf("counts: %+v %v", counts, err)
	}
	if c := counts[0]; c.SchoolID != f.school || c.SchoolMeetings != 1 || c.Meetings != 1 || c.Lectures != 0 || c.Opinions != 3 || c.Answered != 1 {
		t.Errorf("counts: %+v", c)
	}
}
