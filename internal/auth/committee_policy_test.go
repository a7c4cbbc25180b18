package auth

import "testing"

// TestCommitteePolicy: the class teacher names their class's committee, the
// school's office any class's and the school's; the leader and county roles
// read; a subject teacher neither; a member's child only within the school.
func TestCommitteePolicy(t *testing.T) {
	t.Parallel()
	const schoolA, schoolB, classA, classB = 1, 2, 10, 20
	p := func(role Role, school int64, classes ...int64) *Principal {
		return &Principal{UserID: 7, Active: Assignment{Role: role, SchoolID: school, ClassIDs: classes}}
	}
	school := Resource{SchoolID: schoolA}
	inA := Resource{SchoolID: schoolA, ClassID: classA}
	inB := Resource{SchoolID: schoolA, ClassID: classB}
	other := Resource{SchoolID: schoolB, ClassID: 30}
	cases := []struct {
		name string
		p    *Principal
		a    Action
		r    Resource
		want bool
	}{
		{"class teacher reads own class", p(ClassTeacher, schoolA, classA), ViewCommittees, inA, true},
		{"class teacher names own class's", p(ClassTeacher, schoolA, classA), EditClassCommittee, inA, true},
		{"class teacher not another class's", p(ClassTeacher, schoolA, classA), EditClassCommittee, inB, false},
		{"class teacher does not read another class's", p(ClassTeacher, schoolA, classA), ViewCommittees, inB, false},
		{"class teacher not the school's overview", p(ClassTeacher, schoolA, classA), ViewCommittees, school, false},
		{"class teacher not the school committee", p(ClassTeacher, schoolA, classA), EditSchoolCommittee, school, false},
		{"class teacher: same class id in another school", p(ClassTeacher, schoolA, classA), EditClassCommittee, Resource{SchoolID: schoolB, ClassID: classA}, false},
		{"class teacher sees own class's children", p(ClassTeacher, schoolA, classA), ViewCommitteeChildren, inA, true},
		{"subject teacher reads nothing", p(SubjectTeacher, schoolA, classA), ViewCommittees, inA, false},
		{"subject teacher names nothing", p(SubjectTeacher, schoolA, classA), EditClassCommittee, inA, false},

		{"office names any class's", p(SchoolOffice, schoolA), EditClassCommittee, inB, true},
		{"office not on the school itself as a class", p(SchoolOffice, schoolA), EditClassCommittee, school, false},
		{"office composes the school's", p(SchoolOffice, schoolA), EditSchoolCommittee, school, true},
		{"office not another school's", p(SchoolOffice, schoolA), EditSchoolCommittee, Resource{SchoolID: schoolB}, false},
		{"office not another school's class", p(SchoolOffice, schoolA), ViewCommittees, other, false},
		{"office sees the children", p(SchoolOffice, schoolA), ViewCommitteeChildren, inB, true},

		{"leader reads the overview", p(SchoolLeader, schoolA), ViewCommittees, school, true},
		{"leader reads a class", p(SchoolLeader, schoolA), ViewCommittees, inB, true},
		{"leader edits nothing", p(SchoolLeader, schoolA), EditClassCommittee, inB, false},
		{"leader sees the children", p(SchoolLeader, schoolA), ViewCommitteeChildren, inA, true},

		{"bureau leader reads a school", p(BureauLeader, 0), ViewCommittees, school, true},
		{"supervisor reads a class", p(Supervisor, 0), ViewCommittees, inA, true},
		{"staff edits nothing", p(BureauStaff, 0), EditSchoolCommittee, school, false},
		{"admin edits no class's", p(Admin, 0), EditClassCommittee, inA, false},
		{"county roles never see a child", p(BureauLeader, 0), ViewCommitteeChildren, inA, false},
		{"nobody", nil, ViewCommittees, school, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := Can(tc.p, tc.a, tc.r); got != tc.want {
				t.Errorf("Can = %v, want %v", got, tc.want)
			}
			if tc.want && tc.p != nil && !Allows(tc.p.Active.Role, tc.a) {
				t.Errorf("Can allows but Allows(%s, %s) does not", tc.p.Active.Role, tc.a)
			}
		})
	}
}
