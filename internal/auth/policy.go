package auth

// Action is something a user asks to do. The policy below is the only place
// that maps roles to permissions; handlers ask Can and never test roles.
type Action string

const (
	// ViewCountyOverview: the county's schools with counts.
	ViewCountyOverview Action = "county.view"
	// ViewSchool: one school's page with its classes and counts (no children's data).
	ViewSchool Action = "school.view"
	// ViewClassRoster: the names of a class's students.
	ViewClassRoster Action = "class.roster"
	// ViewStudent: one student's page with guardians and contacts.
	ViewStudent Action = "student.view"
	// ViewSpecialGroups: the special-group flags (留守, 特困 …), sensitive PI.
	ViewSpecialGroups Action = "student.flags"
	// ViewAudit: the audit log.
	ViewAudit Action = "audit.view"
	// ManageSchools: the county's list of schools (create, edit, archive).
	ManageSchools Action = "school.manage"
	// ManageCalendar: the school years, terms and vacations.
	ManageCalendar Action = "calendar.manage"
	// RollOver: the new school year roll-over of the whole county.
	RollOver Action = "rollover.apply"
	// ViewOrg: a school's grade divisions, grades, classes and their
	// teachers (no children's data).
	ViewOrg Action = "org.view"
	// ManageOrg: create grade divisions, grades and classes of a school and
	// assign its class and subject teachers.
	ManageOrg Action = "org.manage"
	// ManageStaff: create the accounts a school (Resource.SchoolID) or the
	// county (SchoolID 0) manages, reset their passwords, disable them and
	// assign their roles.
	ManageStaff Action = "staff.manage"
	// ViewLeadership: a school's 工作领导小组.
	ViewLeadership Action = "leadership.view"
	// ManageLeadership: edit the members of a school's leadership group.
	ManageLeadership Action = "leadership.manage"
	// ViewCountyLeadership: the county's 工作领导小组.
	ViewCountyLeadership Action = "leadership.county_view"
	// ManageCountyLeadership: edit the county's leadership group.
	ManageCountyLeadership Action = "leadership.county_manage"

	// ListStudents: the searchable student list (/students), always
	// narrowed to the user's StudentScope. Bureau leaders, supervisors and
	// staff see numbers, not children, so they have no list.
	ListStudents Action = "student.list"
	// EditStudent: a student's details (name, gender, birth date, student
	// number, address) and special-group flags. The school office (德育处 and
	// the other offices) keeps the school's register, the admin the county's.
	// School leaders read everything but do not edit: one office owns the
	// register, so every change has a clear author.
	EditStudent Action = "student.edit"
	// EditGuardians: a student's guardians and their phones. Besides those
	// who may EditStudent, the class teacher (班主任) of the student's class
	// may: they are the ones who hear first that a parent has a new number.
	// Subject teachers may not.
	EditGuardians Action = "student.guardians"
	// TransferStudent: move a student to another class of the same school or
	// to another school of the county, and leave school (离校, archived).
	// The admin, or the office of the school the student is in now (the
	// source school); the receiving school's office sees the student once
	// the move is made, through its scope.
	TransferStudent Action = "student.transfer"
	// ExportRoster: download a class's or a school's roster as .xlsx.
	// Export is its own permission (security.md R16): admin anywhere, a
	// school's leader and office for their school and its classes, a class
	// teacher for their own class. Subject teachers and bureau roles never.
	ExportRoster Action = "roster.export"
	// ExportCountyRoster: the whole county's roster, for the admin only.
	ExportCountyRoster Action = "roster.export_county"
	// ExportFullContacts: whether an export carries guardians' phones and
	// home addresses in full. Only for the people who act on them: those who
	// may EditGuardians of the exported school or class (admin, that
	// school's office, the class's own class teacher). School leaders get
	// them masked, and the county-wide file is always masked (it exists for
	// reconciliation, not for phoning families).
	ExportFullContacts Action = "roster.export_contacts"
	// ImportRoster: upload a school's student or staff roster from Excel or
	// CSV, see its preview and apply it (and download the school's import
	// template). It adds and updates students and creates staff accounts in
	// bulk, so it goes with the register and the accounts: the admin for any
	// school (Resource.SchoolID must be set), a school's office for its own.
	// School leaders, teachers and bureau roles never.
	ImportRoster Action = "roster.import"
)

// Resource locates the object of an action. Zero fields mean "not about a
// school/class" (a county-level page).
type Resource struct {
	SchoolID int64
	ClassID  int64
}

// Can reports whether p may perform a on r. Unknown actions are refused.
func Can(p *Principal, a Action, r Resource) bool {
	if p == nil {
		return false
	}
	role := p.Active.Role
	sameSchool := r.SchoolID != 0 && r.SchoolID == p.Active.SchoolID
	switch a {
	case ViewCountyOverview:
		return role.County()
	case ViewSchool:
		return role.County() || (sameSchool && (role == SchoolLeader || role == SchoolOffice))
	case ViewClassRoster, ViewStudent:
		switch role {
		case Admin:
			return true
		case SchoolLeader, SchoolOffice:
			return sameSchool
		case ClassTeacher, SubjectTeacher:
			return sameSchool && p.TeachesClass(r.ClassID)
		}
		// Bureau leaders, supervisors and staff see numbers, not children
		// (domain.md, "Privacy by design").
		return false
	case ViewSpecialGroups:
		switch role {
		case Admin:
			return true
		case SchoolLeader, SchoolOffice:
			return sameSchool
		case ClassTeacher:
			return sameSchool && p.TeachesClass(r.ClassID)
		}
		// Subject teachers never see the flags (security.md R9).
		return false
	case ViewAudit, ManageSchools, ManageCalendar, RollOver, ManageCountyLeadership:
		return role == Admin
	case ViewOrg:
		return role.County() || (sameSchool && (role == SchoolLeader || role == SchoolOffice))
	case ManageOrg, ManageStaff:
		// County accounts (SchoolID 0) are the administrator's alone.
		return role == Admin || (sameSchool && role == SchoolOffice)
	case ViewLeadership:
		return role.County() || (sameSchool && (role == SchoolLeader || role == SchoolOffice))
	case ManageLeadership:
		return role == Admin || (sameSchool && (role == SchoolLeader || role == SchoolOffice))
	case ViewCountyLeadership:
		return role.County()
	case ListStudents:
		return Allows(role, ListStudents)
	case EditStudent, TransferStudent:
		switch role {
		case Admin:
			return true
		case SchoolOffice:
			return sameSchool
		}
		return false
	case EditGuardians:
		switch role {
		case Admin:
			return true
		case SchoolOffice:
			return sameSchool
		case ClassTeacher:
			return sameSchool && p.TeachesClass(r.ClassID)
		}
		return false
	case ExportRoster:
		switch role {
		case Admin:
			return r.SchoolID != 0
		case SchoolLeader, SchoolOffice:
			return sameSchool
		case ClassTeacher:
			return sameSchool && p.TeachesClass(r.ClassID)
		}
		return false
	case ExportCountyRoster:
		return role == Admin
	case ImportRoster:
		switch role {
		case Admin:
			return r.SchoolID != 0
		case SchoolOffice:
			return sameSchool
		}
		return false
	case ExportFullContacts:
		// Never for the county file (r.SchoolID == 0).
		return r.SchoolID != 0 && Can(p, EditGuardians, r)
	}
	return false
}

// Allows reports whether role may perform a on at least some resource. It
// tells "never for your role" (403) from "not this object" (404, which does
// not reveal that the object exists).
func Allows(role Role, a Action) bool {
	switch a {
	case ViewCountyOverview:
		return role.County()
	case ViewSchool:
		return role.County() || role == SchoolLeader || role == SchoolOffice
	case ViewClassRoster, ViewStudent:
		return role == Admin || role == SchoolLeader || role == SchoolOffice || role.Teacher()
	case ViewSpecialGroups:
		return role == Admin || role == SchoolLeader || role == SchoolOffice || role == ClassTeacher
	case ViewAudit, ManageSchools, ManageCalendar, RollOver, ManageCountyLeadership:
		return role == Admin
	case ViewCountyLeadership:
		return role.County()
	case ViewOrg, ViewLeadership:
		return role.County() || role == SchoolLeader || role == SchoolOffice
	case ManageOrg, ManageStaff:
		return role == Admin || role == SchoolOffice
	case ManageLeadership:
		return role == Admin || role == SchoolLeader || role == SchoolOffice
	case ListStudents:
		return role == Admin || role == SchoolLeader || role == SchoolOffice || role.Teacher()
	case EditStudent, TransferStudent:
		return role == Admin || role == SchoolOffice
	case EditGuardians, ExportFullContacts:
		return role == Admin || role == SchoolOffice || role == ClassTeacher
	case ExportRoster:
		return role == Admin || role == SchoolLeader || role == SchoolOffice || role == ClassTeacher
	case ExportCountyRoster:
		return role == Admin
	case ImportRoster:
		return role == Admin || role == SchoolOffice
	}
	return false
}

// Scope is the row-level filter that store queries over people's data apply
// in SQL, derived from the active assignment and never from request input.
// It is the second lock: a handler that forgets to ask Can still cannot load
// another class's student.
type Scope struct {
	// All: the whole county.
	All bool
	// SchoolID restricts to one school when All is false; 0 with All false
	// and no classes means nothing at all.
	SchoolID int64
	// ClassIDs, when non-nil, further restricts to these classes.
	ClassIDs []int64
}

// StudentScope is the set of students p may see individually.
func StudentScope(p *Principal) Scope {
	if p == nil {
		return Scope{}
	}
	switch p.Active.Role {
	case Admin:
		return Scope{All: true}
	case SchoolLeader, SchoolOffice:
		return Scope{SchoolID: p.Active.SchoolID}
	case ClassTeacher, SubjectTeacher:
		ids := p.Active.ClassIDs
		if ids == nil {
			ids = []int64{}
		}
		return Scope{SchoolID: p.Active.SchoolID, ClassIDs: ids}
	}
	return Scope{}
}

// Nothing reports whether the scope admits no rows.
func (s Scope) Nothing() bool { return !s.All && s.SchoolID == 0 }
