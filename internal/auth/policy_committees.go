package auth

// Parent committees (家长委员会, R06, R07). Members are parents: their names
// are no child's record, so county roles read them with the counts; their
// phones are shown whole only to those who see the class's contacts in
// full (ViewFullContacts: the class teacher and the school's office) and
// masked for everyone else, and a member's child is named only to the
// school (the class teacher, the office and the leader).
const (
	// ViewCommittees: a class's committee (Resource with ClassID) for its
	// class teacher, the school's leader and office, and county roles; a
	// school's overview and its school committee (no ClassID) for county
	// roles and the school's leader and office.
	ViewCommittees Action = "committee.view"
	// EditClassCommittee: name, remove and set the head of a class's
	// committee members: its class teacher, or the school's office for any
	// class of the school.
	EditClassCommittee Action = "committee.class_edit"
	// EditSchoolCommittee: compose the school's parent committee from the
	// class committees' members: the school's office (德育处).
	EditSchoolCommittee Action = "committee.school_edit"
	// ViewCommitteeChildren: the member's child beside the member's name: the
	// people of the school who work with the class, never county roles.
	ViewCommitteeChildren Action = "committee.children"
)

var committeeRules = map[Action]rule{
	ViewCommittees: {who: func(r Role) bool {
		return r.County() || r == SchoolLeader || r == SchoolOffice || r == ClassTeacher
	}, on: func(p *Principal, r Resource) bool {
		role := p.Active.Role
		switch {
		case role.County():
			return true
		case role == SchoolLeader || role == SchoolOffice:
			return sameSchool(p, r)
		}
		return r.ClassID != 0 && sameSchool(p, r) && r.classTeacherOf(p)
	}},
	EditClassCommittee: {who: roles(ClassTeacher, SchoolOffice), on: func(p *Principal, r Resource) bool {
		if r.ClassID == 0 || !sameSchool(p, r) {
			return false
		}
		return p.Active.Role == SchoolOffice || r.classTeacherOf(p)
	}},
	EditSchoolCommittee: {who: roles(SchoolOffice), on: sameSchool},
	ViewCommitteeChildren: {who: roles(SchoolLeader, SchoolOffice, ClassTeacher), on: func(p *Principal, r Resource) bool {
		if !sameSchool(p, r) {
			return false
		}
		return p.Active.Role != ClassTeacher || r.classTeacherOf(p)
	}},
}
