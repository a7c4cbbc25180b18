package auth

import "testing"

// TestVisitPolicy: who may read and change home visits and ledger entries
// (the privacy rules written above the actions in policy.go).
func TestVisitPolicy(t *testing.T) {
	t.Parallel()
	const schoolA, schoolB, classA, classB = 1, 2, 10, 20
	p := func(role Role, school int64, classes ...int64) *Principal {
		return &Principal{UserID: 7, Active: Assignment{Role: role, SchoolID: school, ClassIDs: classes}}
	}
	inA := Resource{SchoolID: schoolA, ClassID: classA}
	inB := Resource{SchoolID: schoolA, ClassID: classB}
	joinedB := Resource{SchoolID: schoolA, ClassID: classB, Participant: true}
	siblingInA := Resource{SchoolID: schoolA, ClassID: classB, ClassIDs: []int64{classB, classA}}
	other := Resource{SchoolID: schoolB, ClassID: 30}
	authorFresh := Resource{SchoolID: schoolA, ClassID: classA, Author: true, AuthorMayEdit: true, Participant: true}
	authorOld := Resource{SchoolID: schoolA, ClassID: classA, Author: true, Participant: true}
	cases := []struct {
		name string
		p    *Principal
		a    Action
		r    Resource
		want bool
	}{
		{"class teacher logs for own class", p(ClassTeacher, schoolA, classA), LogVisit, inA, true},
		{"class teacher not for another class", p(ClassTeacher, schoolA, classA), LogVisit, inB, false},
		{"subject teacher logs for a class taught", p(SubjectTeacher, schoolA, classA), LogVisit, inA, true},
		{"office logs in own school", p(SchoolOffice, schoolA), LogVisit, inB, true},
		{"bureau leader never logs", p(BureauLeader, 0), LogVisit, inA, false},

		{"class teacher reads own class's visit", p(ClassTeacher, schoolA, classA), ViewVisit, inA, true},
		{"class teacher reads a sibling visit filed in another class", p(ClassTeacher, schoolA, classA), ViewVisit, siblingInA, true},
		{"class teacher not another class's visit", p(ClassTeacher, schoolA, classA), ViewVisit, inB, false},
		{"class teacher reads a visit they joined", p(ClassTeacher, schoolA, classA), ViewVisit, joinedB, true},
		{"subject teacher not notes of a class taught", p(SubjectTeacher, schoolA, classA), ViewVisit, inA, false},
		{"subject teacher reads a visit they joined", p(SubjectTeacher, schoolA, classA), ViewVisit, joinedB, true},
		{"participant of another school", p(SubjectTeacher, schoolA), ViewVisit, Resource{SchoolID: schoolB, Participant: true}, false},
		{"school leader reads the school's", p(SchoolLeader, schoolA), ViewVisit, inB, true},
		{"office not another school's", p(SchoolOffice, schoolA), ViewVisit, other, false},
		{"bureau leader never reads notes", p(BureauLeader, 0), ViewVisit, inA, false},
		{"admin never reads notes", p(Admin, 0), ViewVisit, inA, false},
		{"supervisor without a grant", p(Supervisor, 0), ViewVisit, inA, false},
		{"supervisor with a grant", p(Supervisor, 0), ViewVisit, Resource{SchoolID: schoolB, Granted: true}, true},
		{"supervisor with a grant, ledger", p(Supervisor, 0), ViewLedger, Resource{SchoolID: schoolB, Granted: true}, true},
		{"bureau leader with a grant flag still no", p(BureauLeader, 0), ViewLedger, Resource{Granted: true}, false},

		{"author edits within 7 days", p(ClassTeacher, schoolA, classA), EditVisit, authorFresh, true},
		{"author not after 7 days", p(ClassTeacher, schoolA, classA), EditVisit, authorOld, false},
		{"office corrects any time", p(SchoolOffice, schoolA), EditVisit, inA, true},
		{"office not another school", p(SchoolOffice, schoolA), EditVisit, other, false},
		{"class teacher not someone else's visit", p(ClassTeacher, schoolA, classA), EditVisit, inA, false},
		{"leader never edits", p(BureauLeader, 0), EditVisit, authorFresh, false},

		{"class teacher exports own class", p(ClassTeacher, schoolA, classA), ExportVisits, inA, true},
		{"subject teacher exports nothing", p(SubjectTeacher, schoolA, classA), ExportVisits, inA, false},
		{"office exports own school", p(SchoolOffice, schoolA), ExportLedger, Resource{SchoolID: schoolA}, true},

		{"class teacher acts on own class's entry", p(ClassTeacher, schoolA, classA), ActOnLedger, inA, true},
		{"class teacher not another class's entry", p(ClassTeacher, schoolA, classA), ActOnLedger, inB, false},
		{"responsible subject teacher acts", p(SubjectTeacher, schoolA, classA), ActOnLedger, joinedB, true},
		{"subject teacher not unowned entries", p(SubjectTeacher, schoolA, classA), ActOnLedger, inA, false},
		{"school leader reads, does not act", p(SchoolLeader, schoolA), ActOnLedger, inA, false},
		{"office assigns", p(SchoolOffice, schoolA), AssignLedger, inA, true},
		{"class teacher does not assign", p(ClassTeacher, schoolA, classA), AssignLedger, inA, false},

		{"bureau leader sees counts", p(BureauLeader, 0), LedgerCounts, Resource{}, true},
		{"office does not get county counts", p(SchoolOffice, schoolA), LedgerCounts, Resource{}, false},
		{"only supervisors inspect", p(BureauLeader, 0), InspectRecord, Resource{}, false},
		{"supervisor inspects", p(Supervisor, 0), InspectRecord, Resource{}, true},
		{"status list for subject teacher of the class", p(SubjectTeacher, schoolA, classA), ViewVisitStatus, inA, true},
		{"status list not for admin", p(Admin, 0), ViewVisitStatus, inA, false},
	}
	for _, tc := range cases {
		if got := Can(tc.p, tc.a, tc.r); got != tc.want {
			t.Errorf("%s: Can = %v, want %v", tc.name, got, tc.want)
		}
	}
	// Allows never says no where Can says yes.
	actions := []Action{ViewVisitStatus, LogVisit, ViewVisit, EditVisit, ExportVisits, ListLedger, LedgerCounts,
		ViewLedger, ActOnLedger, AssignLedger, ExportLedger, InspectRecord}
	res := []Resource{{}, inA, inB, joinedB, authorFresh, other, {SchoolID: schoolA, Granted: true}}
	for _, role := range Roles {
		pr := p(role, schoolA, classA)
		for _, a := range actions {
			for _, r := range res {
				if Can(pr, a, r) && !Allows(role, a) {
					t.Errorf("%s may %s on %+v but Allows says no", role, a, r)
				}
			}
		}
	}
}

func TestRecordScope(t *testing.T) {
	t.Parallel()
	sub := RecordScope(&Principal{UserID: 5, Active: Assignment{Role: SubjectTeacher, SchoolID: 3, ClassIDs: []int64{9}}})
	if sub.WholeSchool || len(sub.ClassIDs) != 0 || sub.UserID != 5 || sub.SchoolID != 3 {
		t.Errorf("subject teacher: %+v (only visits they joined)", sub)
	}
	ct := RecordScope(&Principal{UserID: 5, Active: Assignment{Role: ClassTeacher, SchoolID: 3, ClassIDs: []int64{9}}})
	if len(ct.ClassIDs) != 1 || ct.WholeSchool {
		t.Errorf("class teacher: %+v", ct)
	}
	for _, r := range []Role{Admin, BureauLeader, BureauStaff} {
		if s := RecordScope(&Principal{Active: Assignment{Role: r}}); s.SchoolID != 0 || s.Inspector {
			t.Errorf("%s: %+v, want nothing", r, s)
		}
	}
	if s := RecordScope(&Principal{UserID: 2, CountyID: 1, Active: Assignment{Role: Supervisor}}); !s.Inspector || s.SchoolID != 0 {
		t.Errorf("supervisor: %+v", s)
	}
}
