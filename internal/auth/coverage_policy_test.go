package auth

import "testing"

// TestCoveragePolicy: who sees the coverage counts at county, school and
// class level, and who may export them.
func TestCoveragePolicy(t *testing.T) {
	t.Parallel()
	const schoolA, schoolB, classA, classB = 1, 2, 10, 20
	p := func(role Role, school int64, classes ...int64) *Principal {
		return &Principal{UserID: 7, Active: Assignment{Role: role, SchoolID: school, ClassIDs: classes}}
	}
	county := Resource{}
	school := Resource{SchoolID: schoolA}
	inA := Resource{SchoolID: schoolA, ClassID: classA}
	inB := Resource{SchoolID: schoolA, ClassID: classB}
	otherSchool := Resource{SchoolID: schoolB, ClassID: 30}
	cases := []struct {
		name string
		p    *Principal
		a    Action
		r    Resource
		want bool
	}{
		{"bureau leader: county", p(BureauLeader, 0), ViewCoverage, county, true},
		{"bureau leader: a school", p(BureauLeader, 0), ViewCoverage, school, true},
		{"bureau leader: a class (counts)", p(BureauLeader, 0), ViewCoverage, inA, true},
		{"supervisor exports the county", p(Supervisor, 0), ExportCoverage, county, true},
		{"staff exports a school", p(BureauStaff, 0), ExportCoverage, school, true},
		{"admin: county", p(Admin, 0), ViewCoverage, county, true},

		{"school leader: not the county", p(SchoolLeader, schoolA), ViewCoverage, county, false},
		{"school leader: own school", p(SchoolLeader, schoolA), ViewCoverage, school, true},
		{"office: a class of the school", p(SchoolOffice, schoolA), ViewCoverage, inB, true},
		{"office: not another school", p(SchoolOffice, schoolA), ViewCoverage, otherSchool, false},
		{"office exports own school", p(SchoolOffice, schoolA), ExportCoverage, school, true},
		{"office exports not another school", p(SchoolOffice, schoolA), ExportCoverage, Resource{SchoolID: schoolB}, false},

		{"class teacher: own class", p(ClassTeacher, schoolA, classA), ViewCoverage, inA, true},
		{"class teacher: not another class", p(ClassTeacher, schoolA, classA), ViewCoverage, inB, false},
		{"class teacher: not the school", p(ClassTeacher, schoolA, classA), ViewCoverage, school, false},
		{"class teacher: not the county", p(ClassTeacher, schoolA, classA), ViewCoverage, county, false},
		{"class teacher exports own class", p(ClassTeacher, schoolA, classA), ExportCoverage, inA, true},
		{"class teacher: a class of that id in another school", p(ClassTeacher, schoolA, classA), ViewCoverage, Resource{SchoolID: schoolB, ClassID: classA}, false},
		{"subject teacher: a class taught", p(SubjectTeacher, schoolA, classA), ViewCoverage, inA, true},
		{"subject teacher exports nothing", p(SubjectTeacher, schoolA, classA), ExportCoverage, inA, false},
		{"no role", p("", 0), ViewCoverage, county, false},
		{"nobody", nil, ViewCoverage, county, false},
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
	for _, role := range Roles {
		if Allows(role, ExportCoverage) && !Allows(role, ViewCoverage) {
			t.Errorf("%s may export what it may not view", role)
		}
	}
}
