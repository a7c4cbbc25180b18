package auth

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

func TestHashAndVerify(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h, err := HashPassword(ctx, "Xietong@2026")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q has the wrong parameters", h)
	}
	h2, _ := HashPassword(ctx, "Xietong@2026")
	if h == h2 {
		t.Error("two hashes of one password are equal: no salt")
	}
	if rehash, err := VerifyPassword(ctx, "Xietong@2026", h); err != nil || rehash {
		t.Errorf("verify: rehash=%v err=%v", rehash, err)
	}
	if _, err := VerifyPassword(ctx, "xietong@2026", h); !errors.Is(err, ErrMismatch) {
		t.Errorf("wrong password: %v", err)
	}
	// A hash made with weaker parameters verifies and asks for a rehash.
	weak := "$argon2id$v=19$m=8192,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$"
	key, _ := derive(ctx, "pw", []byte("saltsaltsaltsalt"), 8192, 1, 1)
	weak += b64(key)
	if rehash, err := VerifyPassword(ctx, "pw", weak); err != nil || !rehash {
		t.Errorf("old parameters: rehash=%v err=%v", rehash, err)
	}
	for _, bad := range []string{"", "plain", "$2a$10$abc", "$argon2id$v=18$m=1,t=1,p=1$a$b"} {
		if _, err := VerifyPassword(ctx, "pw", bad); err == nil || errors.Is(err, ErrMismatch) {
			t.Errorf("malformed hash %q: err %v", bad, err)
		}
	}
}

func TestPasswordPolicy(t *testing.T) {
	t.Parallel()
	cases := []struct {
		pw, user string
		ok       bool
	}{
		{"Xietong@2026", "teacher", true},
		{"abcDEF123", "u", true},
		{"短密码Ab1短密码", "u", true},
		{"Ab1!", "u", false},                     // too short
		{"abcdefgh1", "u", false},                // two classes
		{"ABCDEFGH!", "u", false},                // two classes
		{"Password1!", "u", false},               // common
		{"Teacher-2026x", "teacher", false},      // contains the username
		{strings.Repeat("Aa1!", 40), "u", false}, // too long
	}
	for _, tc := range cases {
		msg := CheckPasswordPolicy(tc.pw, tc.user)
		if (msg == "") != tc.ok {
			t.Errorf("CheckPasswordPolicy(%q, %q) = %q, ok want %v", tc.pw, tc.user, msg, tc.ok)
		}
	}
}

func TestPolicy(t *testing.T) {
	t.Parallel()
	const schoolA, schoolB, classA, classB = 1, 2, 10, 20
	p := func(role Role, school int64, classes ...int64) *Principal {
		return &Principal{Active: Assignment{Role: role, SchoolID: school, ClassIDs: classes}}
	}
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
		{"admin sees any student", p(Admin, 0), ViewStudent, otherSchool, true},
		{"leader sees the county", p(BureauLeader, 0), ViewCountyOverview, Resource{}, true},
		{"leader never sees a child", p(BureauLeader, 0), ViewStudent, inA, false},
		{"supervisor never sees a roster by default", p(Supervisor, 0), ViewClassRoster, inA, false},
		{"leader drills to a school", p(BureauLeader, 0), ViewSchool, Resource{SchoolID: schoolB}, true},
		{"office sees own school", p(SchoolOffice, schoolA), ViewSchool, Resource{SchoolID: schoolA}, true},
		{"office not another school", p(SchoolOffice, schoolA), ViewSchool, Resource{SchoolID: schoolB}, false},
		{"office sees own school's flags", p(SchoolOffice, schoolA), ViewSpecialGroups, inB, true},
		{"office not the county", p(SchoolOffice, schoolA), ViewCountyOverview, Resource{}, false},
		{"class teacher own class", p(ClassTeacher, schoolA, classA), ViewStudent, inA, true},
		{"class teacher not other class", p(ClassTeacher, schoolA, classA), ViewStudent, inB, false},
		{"class teacher sees flags", p(ClassTeacher, schoolA, classA), ViewSpecialGroups, inA, true},
		{"subject teacher class taught", p(SubjectTeacher, schoolA, classA, classB), ViewClassRoster, inB, true},
		{"subject teacher never flags", p(SubjectTeacher, schoolA, classA), ViewSpecialGroups, inA, false},
		{"teacher class id from another school", p(ClassTeacher, schoolA, 30), ViewStudent, otherSchool, false},
		{"only admin reads audit", p(Supervisor, 0), ViewAudit, Resource{}, false},
		{"admin reads audit", p(Admin, 0), ViewAudit, Resource{}, true},
		{"admin manages schools", p(Admin, 0), ManageSchools, Resource{}, true},
		{"leader cannot manage schools", p(BureauLeader, 0), ManageSchools, Resource{}, false},
		{"office cannot manage schools", p(SchoolOffice, schoolA), ManageSchools, Resource{SchoolID: schoolA}, false},
		{"admin manages the calendar", p(Admin, 0), ManageCalendar, Resource{}, true},
		{"supervisor cannot manage the calendar", p(Supervisor, 0), ManageCalendar, Resource{}, false},
		{"admin rolls over", p(Admin, 0), RollOver, Resource{}, true},
		{"office cannot roll over", p(SchoolOffice, schoolA), RollOver, Resource{}, false},
		{"admin manages any school's classes", p(Admin, 0), ManageOrg, Resource{SchoolID: schoolB}, true},
		{"office manages own classes", p(SchoolOffice, schoolA), ManageOrg, Resource{SchoolID: schoolA}, true},
		{"office not another school's classes", p(SchoolOffice, schoolA), ManageOrg, Resource{SchoolID: schoolB}, false},
		{"school leader views own classes", p(SchoolLeader, schoolA), ViewOrg, Resource{SchoolID: schoolA}, true},
		{"school leader cannot manage classes", p(SchoolLeader, schoolA), ManageOrg, Resource{SchoolID: schoolA}, false},
		{"school leader not another school's classes", p(SchoolLeader, schoolA), ViewOrg, Resource{SchoolID: schoolB}, false},
		{"bureau leader views a school's classes", p(BureauLeader, 0), ViewOrg, Resource{SchoolID: schoolB}, true},
		{"teacher cannot view org", p(ClassTeacher, schoolA, classA), ViewOrg, Resource{SchoolID: schoolA}, false},
		{"office manages own staff", p(SchoolOffice, schoolA), ManageStaff, Resource{SchoolID: schoolA}, true},
		{"office not another school's staff", p(SchoolOffice, schoolA), ManageStaff, Resource{SchoolID: schoolB}, false},
		{"office not county accounts", p(SchoolOffice, schoolA), ManageStaff, Resource{}, false},
		{"admin manages county accounts", p(Admin, 0), ManageStaff, Resource{}, true},
		{"bureau leader cannot manage staff", p(BureauLeader, 0), ManageStaff, Resource{SchoolID: schoolA}, false},
		{"office grants an office role in its school", p(SchoolOffice, schoolA), AssignRole, Resource{SchoolID: schoolA, Grant: SchoolOffice}, true},
		{"office grants a class duty in its school", p(SchoolOffice, schoolA), AssignRole, Resource{SchoolID: schoolA, Grant: ClassTeacher}, true},
		{"office grants a subject duty in its school", p(SchoolOffice, schoolA), AssignRole, Resource{SchoolID: schoolA, Grant: SubjectTeacher}, true},
		{"office never grants 校领导", p(SchoolOffice, schoolA), AssignRole, Resource{SchoolID: schoolA, Grant: SchoolLeader}, false},
		{"office never grants a county role", p(SchoolOffice, schoolA), AssignRole, Resource{Grant: Supervisor}, false},
		{"office grants nothing in another school", p(SchoolOffice, schoolA), AssignRole, Resource{SchoolID: schoolB, Grant: SchoolOffice}, false},
		{"office never grants itself a role", p(SchoolOffice, schoolA), AssignRole, Resource{SchoolID: schoolA, Grant: SchoolOffice, OwnAccount: true}, false},
		{"office never gives itself a class duty", p(SchoolOffice, schoolA), AssignRole, Resource{SchoolID: schoolA, Grant: ClassTeacher, OwnAccount: true}, false},
		{"admin grants 校领导 in a school", p(Admin, 0), AssignRole, Resource{SchoolID: schoolB, Grant: SchoolLeader}, true},
		{"admin grants a county role", p(Admin, 0), AssignRole, Resource{Grant: Supervisor}, true},
		{"admin: a county role belongs to no school", p(Admin, 0), AssignRole, Resource{SchoolID: schoolB, Grant: Supervisor}, false},
		{"admin never grants itself a role", p(Admin, 0), AssignRole, Resource{Grant: Admin, OwnAccount: true}, false},
		{"school leader grants nothing", p(SchoolLeader, schoolA), AssignRole, Resource{SchoolID: schoolA, Grant: ClassTeacher}, false},
		{"unknown role is never granted", p(Admin, 0), AssignRole, Resource{SchoolID: schoolA, Grant: Role("root")}, false},
		{"school leader edits own group", p(SchoolLeader, schoolA), ManageLeadership, Resource{SchoolID: schoolA}, true},
		{"office edits own group", p(SchoolOffice, schoolA), ManageLeadership, Resource{SchoolID: schoolA}, true},
		{"office not another school's group", p(SchoolOffice, schoolA), ManageLeadership, Resource{SchoolID: schoolB}, false},
		{"supervisor views a school's group", p(Supervisor, 0), ViewLeadership, Resource{SchoolID: schoolB}, true},
		{"supervisor cannot edit a school's group", p(Supervisor, 0), ManageLeadership, Resource{SchoolID: schoolB}, false},
		{"teacher cannot view a group", p(SubjectTeacher, schoolA, classA), ViewLeadership, Resource{SchoolID: schoolA}, false},
		{"bureau leader views the county group", p(BureauLeader, 0), ViewCountyLeadership, Resource{}, true},
		{"office cannot view the county group", p(SchoolOffice, schoolA), ViewCountyLeadership, Resource{}, false},
		{"admin edits the county group", p(Admin, 0), ManageCountyLeadership, Resource{}, true},
		{"bureau leader cannot edit the county group", p(BureauLeader, 0), ManageCountyLeadership, Resource{}, false},
		{"nil principal", nil, ViewCountyOverview, Resource{}, false},

		// The student list, edits, transfers and exports.
		{"subject teacher lists students", p(SubjectTeacher, schoolA, classA), ListStudents, Resource{}, true},
		{"bureau leader has no list of children", p(BureauLeader, 0), ListStudents, Resource{}, false},
		{"supervisor has no list of children", p(Supervisor, 0), ListStudents, Resource{}, false},
		{"staff has no list of children", p(BureauStaff, 0), ListStudents, Resource{}, false},
		{"office edits own school", p(SchoolOffice, schoolA), EditStudent, inB, true},
		{"office not another school", p(SchoolOffice, schoolA), EditStudent, otherSchool, false},
		{"admin edits anywhere", p(Admin, 0), EditStudent, otherSchool, true},
		{"school leader reads, does not edit", p(SchoolLeader, schoolA), EditStudent, inA, false},
		{"class teacher does not edit details", p(ClassTeacher, schoolA, classA), EditStudent, inA, false},
		{"class teacher edits own class's guardians", p(ClassTeacher, schoolA, classA), EditGuardians, inA, true},
		{"class teacher not another class's guardians", p(ClassTeacher, schoolA, classA), EditGuardians, inB, false},
		{"subject teacher no guardians", p(SubjectTeacher, schoolA, classA), EditGuardians, inA, false},
		{"office edits guardians", p(SchoolOffice, schoolA), EditGuardians, inB, true},
		{"office transfers from own school", p(SchoolOffice, schoolA), TransferStudent, inA, true},
		{"office not from another school", p(SchoolOffice, schoolB), TransferStudent, inA, false},
		{"class teacher does not transfer", p(ClassTeacher, schoolA, classA), TransferStudent, inA, false},
		{"leader does not transfer", p(SchoolLeader, schoolA), TransferStudent, inA, false},
		{"admin exports a school", p(Admin, 0), ExportRoster, Resource{SchoolID: schoolB}, true},
		{"admin's roster export needs a school", p(Admin, 0), ExportRoster, Resource{}, false},
		{"admin exports the county", p(Admin, 0), ExportCountyRoster, Resource{}, true},
		{"office not the county file", p(SchoolOffice, schoolA), ExportCountyRoster, Resource{}, false},
		{"bureau leader no export", p(BureauLeader, 0), ExportRoster, Resource{SchoolID: schoolA}, false},
		{"bureau leader no county file", p(BureauLeader, 0), ExportCountyRoster, Resource{}, false},
		{"school leader exports own school", p(SchoolLeader, schoolA), ExportRoster, Resource{SchoolID: schoolA}, true},
		{"office exports own school", p(SchoolOffice, schoolA), ExportRoster, Resource{SchoolID: schoolA}, true},
		{"office not another school's roster", p(SchoolOffice, schoolA), ExportRoster, Resource{SchoolID: schoolB}, false},
		{"class teacher exports own class", p(ClassTeacher, schoolA, classA), ExportRoster, inA, true},
		{"class teacher not the school", p(ClassTeacher, schoolA, classA), ExportRoster, Resource{SchoolID: schoolA}, false},
		{"subject teacher never exports", p(SubjectTeacher, schoolA, classA), ExportRoster, inA, false},
		{"office export with full contacts", p(SchoolOffice, schoolA), ExportFullContacts, Resource{SchoolID: schoolA}, true},
		{"class teacher export with full contacts", p(ClassTeacher, schoolA, classA), ExportFullContacts, inA, true},
		{"school leader export masked", p(SchoolLeader, schoolA), ExportFullContacts, Resource{SchoolID: schoolA}, false},
		{"county file always masked", p(Admin, 0), ExportFullContacts, Resource{}, false},
		{"admin's school file masked too", p(Admin, 0), ExportFullContacts, Resource{SchoolID: schoolB}, false},
		{"office sees contacts in full", p(SchoolOffice, schoolA), ViewFullContacts, inA, true},
		{"office not another school's contacts", p(SchoolOffice, schoolA), ViewFullContacts, Resource{SchoolID: schoolB}, false},
		{"class teacher sees own class's contacts", p(ClassTeacher, schoolA, classA), ViewFullContacts, inA, true},
		{"class teacher not another class's", p(ClassTeacher, schoolA, classA), ViewFullContacts, Resource{SchoolID: schoolA, ClassID: classB}, false},
		{"subject teacher sees contacts masked", p(SubjectTeacher, schoolA, classA), ViewFullContacts, inA, false},
		{"school leader sees contacts masked", p(SchoolLeader, schoolA), ViewFullContacts, inA, false},
		{"admin sees contacts masked", p(Admin, 0), ViewFullContacts, inA, false},
		{"admin imports into any school", p(Admin, 0), ImportRoster, Resource{SchoolID: schoolB}, true},
		{"admin's import needs a school", p(Admin, 0), ImportRoster, Resource{}, false},
		{"office imports into own school", p(SchoolOffice, schoolA), ImportRoster, Resource{SchoolID: schoolA}, true},
		{"office not into another school", p(SchoolOffice, schoolA), ImportRoster, Resource{SchoolID: schoolB}, false},
		{"office import needs a school", p(SchoolOffice, schoolA), ImportRoster, Resource{}, false},
		{"school leader does not import", p(SchoolLeader, schoolA), ImportRoster, Resource{SchoolID: schoolA}, false},
		{"class teacher does not import", p(ClassTeacher, schoolA, classA), ImportRoster, inA, false},
		{"subject teacher does not import", p(SubjectTeacher, schoolA, classA), ImportRoster, inA, false},
		{"bureau leader does not import", p(BureauLeader, 0), ImportRoster, Resource{SchoolID: schoolA}, false},
		{"supervisor does not import", p(Supervisor, 0), ImportRoster, Resource{SchoolID: schoolA}, false},
		{"bureau staff does not import", p(BureauStaff, 0), ImportRoster, Resource{SchoolID: schoolA}, false},
		{"unknown action", p(Admin, 0), Action("nope"), Resource{}, false},
	}
	for _, tc := range cases {
		if got := Can(tc.p, tc.a, tc.r); got != tc.want {
			t.Errorf("%s: Can = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestAllowsCoversCan: Allows (403 vs 404) never says no where Can says yes.
func TestAllowsCoversCan(t *testing.T) {
	t.Parallel()
	actions := []Action{ViewCountyOverview, ViewSchool, ViewClassRoster, ViewStudent, ViewSpecialGroups, ViewAudit,
		ManageSchools, ManageCalendar, RollOver, ViewOrg, ManageOrg, ManageStaff, AssignRole, ViewLeadership, ManageLeadership,
		ViewCountyLeadership, ManageCountyLeadership,
		ListStudents, EditStudent, EditGuardians, TransferStudent, ExportRoster, ExportCountyRoster, ExportFullContacts, ViewFullContacts, ImportRoster}
	res := []Resource{{}, {SchoolID: 1}, {SchoolID: 1, ClassID: 10}, {SchoolID: 2, ClassID: 20}, {Grant: Supervisor}, {SchoolID: 1, Grant: SchoolOffice}}
	for _, role := range Roles {
		p := &Principal{Active: Assignment{Role: role, SchoolID: 1, ClassIDs: []int64{10}}}
		for _, a := range actions {
			for _, r := range res {
				if Can(p, a, r) && !Allows(role, a) {
					t.Errorf("%s may %s on %+v but Allows says no", role, a, r)
				}
			}
		}
	}
}

// TestEveryStudentActionNeedsAScope: whoever may list, edit, move or export
// students must have a student scope, or the store would show them nothing
// and the policy would promise what the data cannot keep.
func TestEveryStudentActionNeedsAScope(t *testing.T) {
	t.Parallel()
	for _, role := range Roles {
		p := &Principal{Active: Assignment{Role: role, SchoolID: 1, ClassIDs: []int64{10}}}
		for _, a := range []Action{ListStudents, EditStudent, EditGuardians, TransferStudent, ExportRoster, ExportCountyRoster} {
			if Allows(role, a) && StudentScope(p).Nothing() {
				t.Errorf("%s may %s but has no student scope", role, a)
			}
			if Allows(role, a) && !Allows(role, ViewStudent) {
				t.Errorf("%s may %s but may not view a student", role, a)
			}
		}
	}
}

func TestStudentScope(t *testing.T) {
	t.Parallel()
	if s := StudentScope(&Principal{Active: Assignment{Role: BureauLeader}}); !s.Nothing() {
		t.Errorf("bureau leader scope %+v, want nothing", s)
	}
	if s := StudentScope(&Principal{Active: Assignment{Role: SubjectTeacher, SchoolID: 3}}); s.ClassIDs == nil || len(s.ClassIDs) != 0 || s.SchoolID != 3 {
		t.Errorf("teacher without classes: %+v", s)
	}
	if s := StudentScope(&Principal{Active: Assignment{Role: Admin}}); !s.All {
		t.Errorf("admin scope %+v", s)
	}
}

// TestOneTimePassword: a generated password always passes the policy and
// is never the same twice.
func TestOneTimePassword(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 200 {
		pw, err := OneTimePassword()
		if err != nil {
			t.Fatal(err)
		}
		if msg := CheckPasswordPolicy(pw, "zhangsan"); msg != "" {
			t.Fatalf("one-time password %q breaks the policy: %s", pw, msg)
		}
		if seen[pw] {
			t.Fatalf("one-time password %q repeated", pw)
		}
		seen[pw] = true
	}
}

func b64(b []byte) string { return base64.RawStdEncoding.EncodeToString(b) }
