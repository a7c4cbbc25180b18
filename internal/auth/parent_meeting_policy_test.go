package auth

import "testing"

// TestMeetingSignInPolicy: a meeting's sign-in sheet is seen by the
// school's leader and office and, for a class's meeting, its class
// teacher; those who record the meeting add and delete it; county roles,
// who read the meeting, do not see the sheet; nobody of another school.
func TestMeetingSignInPolicy(t *testing.T) {
	t.Parallel()
	const schoolA, schoolB, classA, classB = 1, 2, 10, 20
	p := func(role Role, school int64, classes ...int64) *Principal {
		return &Principal{UserID: 7, Active: Assignment{Role: role, SchoolID: school, ClassIDs: classes}}
	}
	whole := Resource{SchoolID: schoolA}
	ofA := Resource{SchoolID: schoolA, ClassID: classA}
	ofB := Resource{SchoolID: schoolA, ClassID: classB}
	cases := []struct {
		name string
		p    *Principal
		a    Action
		r    Resource
		want bool
	}{
		{"office sees a whole-school sheet", p(SchoolOffice, schoolA), ViewMeetingSignIn, whole, true},
		{"office adds one", p(SchoolOffice, schoolA), RecordParentMeeting, whole, true},
		{"office not another school's", p(SchoolOffice, schoolA), ViewMeetingSignIn, Resource{SchoolID: schoolB}, false},
		{"leader sees it", p(SchoolLeader, schoolA), ViewMeetingSignIn, ofB, true},
		{"leader adds none", p(SchoolLeader, schoolA), RecordParentMeeting, ofB, false},
		{"class teacher sees own class's", p(ClassTeacher, schoolA, classA), ViewMeetingSignIn, ofA, true},
		{"class teacher adds own class's", p(ClassTeacher, schoolA, classA), RecordParentMeeting, ofA, true},
		{"class teacher not another class's", p(ClassTeacher, schoolA, classA), ViewMeetingSignIn, ofB, false},
		{"class teacher not the whole school's", p(ClassTeacher, schoolA, classA), ViewMeetingSignIn, whole, false},
		{"subject teacher nothing", p(SubjectTeacher, schoolA, classA), ViewMeetingSignIn, ofA, false},
		{"bureau leader reads the meeting", p(BureauLeader, 0), ViewParentMeeting, whole, true},
		{"bureau leader not its sheet", p(BureauLeader, 0), ViewMeetingSignIn, whole, false},
		{"supervisor not its sheet", p(Supervisor, 0), ViewMeetingSignIn, ofA, false},
		{"staff not its sheet", p(BureauStaff, 0), ViewMeetingSignIn, whole, false},
		{"nobody", nil, ViewMeetingSignIn, whole, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := Can(tc.p, tc.a, tc.r); got != tc.want {
				t.Errorf("Can = %v, want %v", got, tc.want)
			}
		})
	}
}
