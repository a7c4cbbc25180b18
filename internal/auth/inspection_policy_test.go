package auth

import "testing"

// TestInspectionPolicy: the school reads its own inspection only once it
// is released, never another school's; county roles read all; only
// supervisors schedule, score and keep the rubric.
func TestInspectionPolicy(t *testing.T) {
	t.Parallel()
	as := func(r Role, school int64) *Principal {
		return &Principal{Active: Assignment{Role: r, SchoolID: school}}
	}
	own, ownReleased := Resource{SchoolID: 7}, Resource{SchoolID: 7, Released: true}
	other := Resource{SchoolID: 8, Released: true}
	for _, c := range []struct {
		name string
		p    *Principal
		a    Action
		r    Resource
		want bool
	}{
		{"leader reads unreleased", as(BureauLeader, 0), ViewInspections, own, true},
		{"staff reads", as(BureauStaff, 0), ViewInspections, own, true},
		{"supervisor reads", as(Supervisor, 0), ViewInspections, own, true},
		{"principal, not yet released", as(SchoolLeader, 7), ViewInspections, own, false},
		{"principal, released", as(SchoolLeader, 7), ViewInspections, ownReleased, true},
		{"office, released", as(SchoolOffice, 7), ViewInspections, ownReleased, true},
		{"office, another school", as(SchoolOffice, 7), ViewInspections, other, false},
		{"class teacher", as(ClassTeacher, 7), ViewInspections, ownReleased, false},
		{"supervisor schedules", as(Supervisor, 0), ScheduleInspection, own, true},
		{"leader does not schedule", as(BureauLeader, 0), ScheduleInspection, own, false},
		{"admin does not score", as(Admin, 0), ScoreInspection, own, false},
		{"office does not score", as(SchoolOffice, 7), ScoreInspection, ownReleased, false},
		{"supervisor scores", as(Supervisor, 0), ScoreInspection, own, true},
		{"staff reads the rubric", as(BureauStaff, 0), ViewRubric, Resource{}, true},
		{"principal does not read the rubric page", as(SchoolLeader, 7), ViewRubric, Resource{}, false},
		{"supervisor edits the rubric", as(Supervisor, 0), EditRubric, Resource{}, true},
		{"staff does not edit the rubric", as(BureauStaff, 0), EditRubric, Resource{}, false},
	} {
		if got := Can(c.p, c.a, c.r); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
