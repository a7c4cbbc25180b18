package auth

import "testing"

// TestGuidancePolicy: county roles and the school's leader and offices read
// a school's guidance, trainings and parent school; only the school's
// offices record them; teachers have no part in them.
func TestGuidancePolicy(t *testing.T) {
	t.Parallel()
	const schoolA, schoolB, classA = 1, 2, 10
	p := func(role Role, school int64, classes ...int64) *Principal {
		return &Principal{UserID: 7, Active: Assignment{Role: role, SchoolID: school, ClassIDs: classes}}
	}
	a, b := Resource{SchoolID: schoolA}, Resource{SchoolID: schoolB}
	cases := []struct {
		name string
		p    *Principal
		a    Action
		r    Resource
		want bool
	}{
		{"office reads its school's", p(SchoolOffice, schoolA), ViewGuidance, a, true},
		{"office records its school's", p(SchoolOffice, schoolA), RecordGuidance, a, true},
		{"office not another school's", p(SchoolOffice, schoolA), ViewGuidance, b, false},
		{"office records not another school's", p(SchoolOffice, schoolA), RecordGuidance, b, false},
		{"office: a resource without a school", p(SchoolOffice, schoolA), RecordGuidance, Resource{}, false},
		{"leader reads", p(SchoolLeader, schoolA), ViewGuidance, a, true},
		{"leader records nothing", p(SchoolLeader, schoolA), RecordGuidance, a, false},
		{"leader not another school's", p(SchoolLeader, schoolA), ViewGuidance, b, false},
		{"class teacher reads nothing", p(ClassTeacher, schoolA, classA), ViewGuidance, Resource{SchoolID: schoolA, ClassID: classA}, false},
		{"class teacher records nothing", p(ClassTeacher, schoolA, classA), RecordGuidance, a, false},
		{"subject teacher reads nothing", p(SubjectTeacher, schoolA, classA), ViewGuidance, a, false},
		{"bureau leader reads any school", p(BureauLeader, 0), ViewGuidance, b, true},
		{"supervisor reads", p(Supervisor, 0), ViewGuidance, a, true},
		{"staff reads", p(BureauStaff, 0), ViewGuidance, a, true},
		{"admin reads", p(Admin, 0), ViewGuidance, a, true},
		{"county roles record nothing", p(BureauStaff, 0), RecordGuidance, a, false},
		{"admin records nothing", p(Admin, 0), RecordGuidance, a, false},
		{"nobody", nil, ViewGuidance, a, false},
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

// TestGuidanceScope: the store's scope admits what ViewGuidance allows.
func TestGuidanceScope(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		p    *Principal
		want Scope
	}{
		{&Principal{Active: Assignment{Role: Supervisor}}, Scope{All: true}},
		{&Principal{Active: Assignment{Role: Admin}}, Scope{All: true}},
		{&Principal{Active: Assignment{Role: SchoolLeader, SchoolID: 3}}, Scope{SchoolID: 3}},
		{&Principal{Active: Assignment{Role: SchoolOffice, SchoolID: 3}}, Scope{SchoolID: 3}},
		{&Principal{Active: Assignment{Role: ClassTeacher, SchoolID: 3, ClassIDs: []int64{1}}}, Scope{}},
		{&Principal{Active: Assignment{Role: SubjectTeacher, SchoolID: 3}}, Scope{}},
		{nil, Scope{}},
	} {
		got := GuidanceScope(tc.p)
		if got.All != tc.want.All || got.SchoolID != tc.want.SchoolID || got.ClassIDs != nil {
			t.Errorf("%+v: %+v, want %+v", tc.p, got, tc.want)
		}
	}
}
