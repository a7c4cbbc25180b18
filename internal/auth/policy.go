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

	// Home visits and the problem ledger. Who may read the text of a visit
	// or a ledger entry (domain.md, "Privacy by design"; security.md R9):
	//   - the school leader and the school office of the child's school;
	//   - the class teacher of a class the record belongs to;
	//   - the visitors of a visit (author and companions) and the
	//     responsible person of a ledger entry, in their school;
	//   - a subject teacher only through the previous rule: the visits they
	//     logged or joined, the entries they are responsible for — never
	//     the class teacher's other notes about the children they teach;
	//   - a supervisor only for one record at a time, after stating a reason
	//     (an inspection grant, audited, 30 minutes);
	//   - nobody else: the bureau sees counts, and the system administrator
	//     (三员 separation) sees neither notes nor counts of notes.

	// ViewVisitStatus: a class's list of who has been visited in the window
	// and by which mode (names, no notes).
	ViewVisitStatus Action = "visit.status"
	// LogVisit: log a visit of a student of the resource's class.
	LogVisit Action = "visit.create"
	// ViewVisit: a visit's text, photos, print form and revisions.
	ViewVisit Action = "visit.view"
	// EditVisit: change a visit (the author for 7 days, the office always).
	EditVisit Action = "visit.update"
	// ExportVisits: a class's visits as .xlsx.
	ExportVisits Action = "visit.export"
	// ListLedger: the ledger list of one's classes or school.
	ListLedger Action = "ledger.list"
	// LedgerCounts: the county's ledger and visit counts per school.
	LedgerCounts Action = "ledger.counts"
	// ViewLedger: one ledger entry with its interventions.
	ViewLedger Action = "ledger.view"
	// ActOnLedger: add an intervention, close, reopen, set risk and follow-up.
	ActOnLedger Action = "ledger.act"
	// AssignLedger: choose the responsible person.
	AssignLedger Action = "ledger.assign"
	// ExportLedger: the ledger as .xlsx and its A4 print.
	ExportLedger Action = "ledger.export"
	// InspectRecord: a supervisor asks to open one record with a reason.
	InspectRecord Action = "record.inspect"

	// ViewCoverage: the coverage counts of R02/R03 (no names): the county
	// (a Resource without a school) for county roles; a school for county
	// roles and the school's leader and office; a class for those and the
	// class's teachers. Names in a class's list need ViewVisitStatus too,
	// and the R03 list (flagged students only) ViewSpecialGroups.
	ViewCoverage Action = "coverage.view"
	// ExportCoverage: a coverage view as .xlsx; like ViewCoverage but never
	// a subject teacher (security.md R16).
	ExportCoverage Action = "coverage.export"
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
	// ClassIDs: every class a record belongs to (a visit of siblings in
	// two classes); ClassID is also checked.
	ClassIDs []int64
	// Author: the user logged the visit. AuthorMayEdit: still inside the
	// author's edit window (visit.AuthorMayEdit).
	Author        bool
	AuthorMayEdit bool
	// Participant: the user visited (author or companion) or is the
	// responsible person of a ledger entry.
	Participant bool
	// Granted: the user holds a live inspection grant for this record.
	Granted bool
}

// taughtBy reports whether p teaches any class of r.
func (r Resource) taughtBy(p *Principal) bool {
	if p.TeachesClass(r.ClassID) {
		return true
	}
	for _, c := range r.ClassIDs {
		if p.TeachesClass(c) {
			return true
		}
	}
	return false
}

// classTeacherOf reports whether p is the active class teacher of a class of r.
func (r Resource) classTeacherOf(p *Principal) bool {
	return p.Active.Role == ClassTeacher && r.taughtBy(p)
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
	case ViewVisitStatus:
		switch role {
		case SchoolLeader, SchoolOffice:
			return sameSchool
		case ClassTeacher, SubjectTeacher:
			return sameSchool && r.taughtBy(p)
		}
		return false
	case LogVisit:
		switch role {
		case SchoolLeader, SchoolOffice:
			return sameSchool
		case ClassTeacher, SubjectTeacher:
			return sameSchool && r.taughtBy(p)
		}
		return false
	case ViewVisit, ViewLedger:
		switch role {
		case SchoolLeader, SchoolOffice:
			return sameSchool
		case ClassTeacher:
			return sameSchool && (r.taughtBy(p) || r.Participant)
		case SubjectTeacher:
			return sameSchool && r.Participant
		case Supervisor:
			return r.Granted
		}
		return false
	case EditVisit:
		switch role {
		case SchoolOffice:
			return sameSchool
		case ClassTeacher, SubjectTeacher, SchoolLeader:
			return sameSchool && r.Author && r.AuthorMayEdit
		}
		return false
	case ExportVisits:
		switch role {
		case SchoolLeader, SchoolOffice:
			return sameSchool
		case ClassTeacher:
			return sameSchool && r.classTeacherOf(p)
		}
		// Subject teachers export nothing (security.md R16).
		return false
	case ListLedger:
		return role == SchoolLeader || role == SchoolOffice || role.Teacher()
	case LedgerCounts:
		return role == BureauLeader || role == Supervisor || role == BureauStaff
	case ActOnLedger:
		switch role {
		case SchoolOffice:
			return sameSchool
		case ClassTeacher:
			return sameSchool && (r.classTeacherOf(p) || r.Participant)
		case SubjectTeacher, SchoolLeader:
			return sameSchool && r.Participant
		}
		return false
	case AssignLedger:
		return role == SchoolOffice && sameSchool
	case ExportLedger:
		switch role {
		case SchoolLeader, SchoolOffice:
			return sameSchool
		case ClassTeacher:
			return sameSchool && r.classTeacherOf(p)
		}
		return false
	case InspectRecord:
		return role == Supervisor
	case ViewCoverage, ExportCoverage:
		switch {
		case role.County():
			return true
		case r.SchoolID == 0:
			return false
		case role == SchoolLeader || role == SchoolOffice:
			return sameSchool
		case r.ClassID == 0:
			return false
		case role == ClassTeacher:
			return sameSchool && p.TeachesClass(r.ClassID)
		case role == SubjectTeacher:
			return a == ViewCoverage && sameSchool && p.TeachesClass(r.ClassID)
		}
		return false
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
	case ViewVisitStatus, LogVisit:
		return role == SchoolLeader || role == SchoolOffice || role.Teacher()
	case ViewVisit, ViewLedger:
		return role == SchoolLeader || role == SchoolOffice || role.Teacher() || role == Supervisor
	case EditVisit, ActOnLedger:
		return role == SchoolLeader || role == SchoolOffice || role.Teacher()
	case ExportVisits, ExportLedger:
		return role == SchoolLeader || role == SchoolOffice || role == ClassTeacher
	case ListLedger:
		return role == SchoolLeader || role == SchoolOffice || role.Teacher()
	case LedgerCounts:
		return role == BureauLeader || role == Supervisor || role == BureauStaff
	case AssignLedger:
		return role == SchoolOffice
	case InspectRecord:
		return role == Supervisor
	case ViewCoverage:
		return role.County() || role == SchoolLeader || role == SchoolOffice || role.Teacher()
	case ExportCoverage:
		return role.County() || role == SchoolLeader || role == SchoolOffice || role == ClassTeacher
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

// NoteScope is the row-level filter on the text of visits and ledger
// entries, the SQL twin of the ViewVisit/ViewLedger rules: the store admits
// a record only when one of its clauses holds.
type NoteScope struct {
	// SchoolID: records of this school only; 0 admits nothing unless
	// Inspector.
	SchoolID int64
	// WholeSchool: every record of the school (leader, office).
	WholeSchool bool
	// ClassIDs: records of these classes (a class teacher's classes).
	ClassIDs []int64
	// UserID: records this user took part in (visitor, responsible person).
	UserID int64
	// Inspector: only records with a live inspection grant for UserID, in
	// any school of the county.
	Inspector bool
	// CountyID is the principal's county: an inspector's reach, and the
	// county every school of the scope belongs to.
	CountyID int64
}

// RecordScope is the NoteScope of p.
func RecordScope(p *Principal) NoteScope {
	if p == nil {
		return NoteScope{}
	}
	switch p.Active.Role {
	case SchoolLeader, SchoolOffice:
		return NoteScope{SchoolID: p.Active.SchoolID, WholeSchool: true, UserID: p.UserID, CountyID: p.CountyID}
	case ClassTeacher:
		ids := p.Active.ClassIDs
		if ids == nil {
			ids = []int64{}
		}
		return NoteScope{SchoolID: p.Active.SchoolID, ClassIDs: ids, UserID: p.UserID, CountyID: p.CountyID}
	case SubjectTeacher:
		return NoteScope{SchoolID: p.Active.SchoolID, ClassIDs: []int64{}, UserID: p.UserID, CountyID: p.CountyID}
	case Supervisor:
		return NoteScope{Inspector: true, UserID: p.UserID, CountyID: p.CountyID}
	}
	return NoteScope{}
}
