package auth

import "testing"

// TestLecturePolicy: the bureau's staff publish lectures, every county role
// reads the forwarding overview, a school's office confirms forwarding for
// its own school only, the school's leader reads, teachers have no part.
func TestLecturePolicy(t *testing.T) {
	t.Parallel()
	const schoolA, schoolB = 1, 2
	p := func(role Role, school int64) *Principal {
		return &Principal{UserID: 7, Active: Assignment{Role: role, SchoolID: school}}
	}
	county, own, other := Resource{}, Resource{SchoolID: schoolA}, Resource{SchoolID: schoolB}
	cases := []struct {
		name string
		p    *Principal
		a    Action
		r    Resource
		want bool
	}{
		{"staff publish", p(BureauStaff, 0), PublishLecture, county, true},
		{"staff read the overview", p(BureauStaff, 0), ViewLectures, county, true},
		{"staff do not forward", p(BureauStaff, 0), ForwardLecture, own, false},
		{"leader reads the overview", p(BureauLeader, 0), ViewLectures, county, true},
		{"leader does not publish", p(BureauLeader, 0), PublishLecture, county, false},
		{"supervisor reads a school's", p(Supervisor, 0), ViewLectures, other, true},
		{"supervisor does not publish", p(Supervisor, 0), PublishLecture, county, false},
		{"admin reads", p(Admin, 0), ViewLectures, county, true},
		{"admin does not publish", p(Admin, 0), PublishLecture, county, false},

		{"office reads own school", p(SchoolOffice, schoolA), ViewLectures, own, true},
		{"office does not read another school", p(SchoolOffice, schoolA), ViewLectures, other, false},
		{"office does not read the county overview", p(SchoolOffice, schoolA), ViewLectures, county, false},
		{"office forwards for own school", p(SchoolOffice, schoolA), ForwardLecture, own, true},
		{"office does not forward for another school", p(SchoolOffice, schoolA), ForwardLecture, other, false},
		{"office does not publish", p(SchoolOffice, schoolA), PublishLecture, county, false},
		{"school leader reads own school", p(SchoolLeader, schoolA), ViewLectures, own, true},
		{"school leader does not forward", p(SchoolLeader, schoolA), ForwardLecture, own, false},
		{"class teacher reads nothing", p(ClassTeacher, schoolA), ViewLectures, own, false},
		{"subject teacher forwards nothing", p(SubjectTeacher, schoolA), ForwardLecture, own, false},
		{"nobody", nil, ViewLectures, county, false},
	}
	for _, tc := range cases {
		if got := Can(tc.p, tc.a, tc.r); got != tc.want {
			t.Errorf("%s: Can = %v, want %v", tc.name, got, tc.want)
		}
		if tc.p != nil && tc.want && !Allows(tc.p.Active.Role, tc.a) {
			t.Errorf("%s: Can allows what Allows refuses", tc.name)
		}
	}
}
