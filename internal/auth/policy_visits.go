package auth

// Home visits, the problem ledger and the supervisor's reasoned look.
const (
	// Home visits and the problem ledger. Who may read the text of a visit
	// or a ledger entry (docs/domain.md, "Privacy by design"; docs/security.md R9):
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
)

var visitRules = map[Action]rule{
	ViewVisitStatus: {who: schoolStaff, on: schoolOrTaught},
	LogVisit:        {who: schoolStaff, on: schoolOrTaught},
	ViewVisit:       {who: noteReaders, on: readNote},
	ViewLedger:      {who: noteReaders, on: readNote},
	EditVisit: {who: schoolStaff, on: func(p *Principal, r Resource) bool {
		if p.Active.Role == SchoolOffice {
			return sameSchool(p, r)
		}
		return sameSchool(p, r) && r.Author && r.AuthorMayEdit
	}},
	// Subject teachers export nothing (docs/security.md R16).
	ExportVisits: {who: roles(SchoolLeader, SchoolOffice, ClassTeacher), on: schoolOrOwnClass},
	ListLedger:   {who: schoolStaff},
	LedgerCounts: {who: roles(BureauLeader, Supervisor, BureauStaff)},
	ActOnLedger: {who: schoolStaff, on: func(p *Principal, r Resource) bool {
		switch p.Active.Role {
		case SchoolOffice:
			return sameSchool(p, r)
		case ClassTeacher:
			return sameSchool(p, r) && (r.classTeacherOf(p) || r.Participant)
		}
		return sameSchool(p, r) && r.Participant
	}},
	AssignLedger:  {who: roles(SchoolOffice), on: sameSchool},
	ExportLedger:  {who: roles(SchoolLeader, SchoolOffice, ClassTeacher), on: schoolOrOwnClass},
	InspectRecord: {who: roles(Supervisor)},
}

// schoolStaff: the school's leader and office and its teachers.
func schoolStaff(r Role) bool { return r == SchoolLeader || r == SchoolOffice || r.Teacher() }

// noteReaders may read some visit or ledger text: the school's staff and,
// one record at a time with a grant, a supervisor.
func noteReaders(r Role) bool { return schoolStaff(r) || r == Supervisor }

func schoolOrTaught(p *Principal, r Resource) bool {
	switch p.Active.Role {
	case SchoolLeader, SchoolOffice:
		return sameSchool(p, r)
	}
	return sameSchool(p, r) && r.taughtBy(p)
}

func schoolOrOwnClass(p *Principal, r Resource) bool {
	switch p.Active.Role {
	case SchoolLeader, SchoolOffice:
		return sameSchool(p, r)
	}
	return sameSchool(p, r) && r.classTeacherOf(p)
}

// readNote is who reads a visit's or a ledger entry's text (see the comment
// above ViewVisitStatus).
func readNote(p *Principal, r Resource) bool {
	switch p.Active.Role {
	case SchoolLeader, SchoolOffice:
		return sameSchool(p, r)
	case ClassTeacher:
		return sameSchool(p, r) && (r.taughtBy(p) || r.Participant)
	case SubjectTeacher:
		return sameSchool(p, r) && r.Participant
	}
	return r.Granted // a supervisor
}
