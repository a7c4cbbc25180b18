package auth

// Students, their rosters and imports.
const (
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
	// Export is its own permission (docs/security.md R16): admin anywhere, a
	// school's leader and office for their school and its classes, a class
	// teacher for their own class. Subject teachers and bureau roles never.
	ExportRoster Action = "roster.export"
	// ExportCountyRoster: the whole county's roster, for the admin only.
	ExportCountyRoster Action = "roster.export_county"
	// ViewFullContacts: whether a page shows guardians' phones, the home
	// address and the 学籍号 in full. Only for the people who act on them:
	// the school's office and the class's own class teacher. Everyone else
	// who may see the student (a subject teacher, the school leader, the
	// administrator) sees them masked.
	ViewFullContacts Action = "contacts.view_full"
	// ExportFullContacts: whether an export may carry those in full, when
	// the user asks for it (an audited choice): the same people, for their
	// school or class. The administrator's school files and the county-wide
	// file are always masked, so no one rebuilds the county unmasked school
	// by school.
	ExportFullContacts Action = "roster.export_contacts"
	// ImportRoster: upload a school's student or staff roster from Excel or
	// CSV, see its preview and apply it (and download the school's import
	// template). It adds and updates students and creates staff accounts in
	// bulk, so it goes with the register and the accounts: the admin for any
	// school (Resource.SchoolID must be set), a school's office for its own.
	// School leaders, teachers and bureau roles never.
	ImportRoster Action = "roster.import"
)

var studentRules = map[Action]rule{
	ViewClassRoster: {who: studentViewers, on: viewStudent},
	ViewStudent:     {who: studentViewers, on: viewStudent},
	// Subject teachers never see the flags (docs/security.md R9).
	ViewSpecialGroups: {who: roles(Admin, SchoolLeader, SchoolOffice, ClassTeacher), on: func(p *Principal, r Resource) bool {
		switch p.Active.Role {
		case Admin:
			return true
		case SchoolLeader, SchoolOffice:
			return sameSchool(p, r)
		}
		return sameSchool(p, r) && p.TeachesClass(r.ClassID)
	}},
	ListStudents:    {who: studentViewers},
	EditStudent:     {who: roles(Admin, SchoolOffice), on: adminOrSameSchool},
	TransferStudent: {who: roles(Admin, SchoolOffice), on: adminOrSameSchool},
	EditGuardians:   {who: roles(Admin, SchoolOffice, ClassTeacher), on: editGuardians},
	ExportRoster: {who: roles(Admin, SchoolLeader, SchoolOffice, ClassTeacher), on: func(p *Principal, r Resource) bool {
		switch p.Active.Role {
		case Admin:
			return r.SchoolID != 0
		case SchoolLeader, SchoolOffice:
			return sameSchool(p, r)
		}
		return sameSchool(p, r) && p.TeachesClass(r.ClassID)
	}},
	ExportCountyRoster: {who: roles(Admin)},
	ViewFullContacts:   {who: roles(SchoolOffice, ClassTeacher), on: actsOnContacts},
	// Never for the county file (r.SchoolID == 0).
	ExportFullContacts: {who: roles(SchoolOffice, ClassTeacher), on: func(p *Principal, r Resource) bool {
		return r.SchoolID != 0 && actsOnContacts(p, r)
	}},
	ImportRoster: {who: roles(Admin, SchoolOffice), on: func(p *Principal, r Resource) bool {
		if p.Active.Role == Admin {
			return r.SchoolID != 0
		}
		return sameSchool(p, r)
	}},
}

// actsOnContacts: the school's office, or the class teacher of the class
// (a subject teacher holds the class too, but not this duty).
func actsOnContacts(p *Principal, r Resource) bool {
	switch p.Active.Role {
	case SchoolOffice:
		return sameSchool(p, r)
	case ClassTeacher:
		return sameSchool(p, r) && r.ClassID != 0 && p.TeachesClass(r.ClassID)
	}
	return false
}

// studentViewers: bureau leaders, supervisors and staff see numbers, not
// children (docs/domain.md, "Privacy by design").
func studentViewers(r Role) bool {
	return r == Admin || r == SchoolLeader || r == SchoolOffice || r.Teacher()
}

func viewStudent(p *Principal, r Resource) bool {
	switch p.Active.Role {
	case Admin:
		return true
	case SchoolLeader, SchoolOffice:
		return sameSchool(p, r)
	}
	return sameSchool(p, r) && p.TeachesClass(r.ClassID)
}

func editGuardians(p *Principal, r Resource) bool {
	switch p.Active.Role {
	case Admin:
		return true
	case SchoolOffice:
		return sameSchool(p, r)
	}
	return sameSchool(p, r) && p.TeachesClass(r.ClassID)
}
