package auth

// Coverage of R02–R04: counts, never names, beyond the class.
const (
	// ViewCoverage: the coverage counts of R02/R03 (no names): the county
	// (a Resource without a school) for county roles; a school for county
	// roles and the school's leader and office; a class for those and the
	// class's teachers. Names in a class's list need ViewVisitStatus too,
	// and the R03 list (flagged students only) ViewSpecialGroups.
	ViewCoverage Action = "coverage.view"
	// ExportCoverage: a coverage view as .xlsx; like ViewCoverage but never
	// a subject teacher (docs/security.md R16).
	ExportCoverage Action = "coverage.export"
)

var coverageRules = map[Action]rule{
	ViewCoverage: {who: coverageViewers, on: func(p *Principal, r Resource) bool {
		return coverage(p, r, true)
	}},
	ExportCoverage: {who: func(r Role) bool { return coverageViewers(r) && r != SubjectTeacher }, on: func(p *Principal, r Resource) bool {
		return coverage(p, r, false)
	}},
}

func coverageViewers(r Role) bool {
	return r.County() || r == SchoolLeader || r == SchoolOffice || r.Teacher()
}

// coverage: county roles everywhere; a school's leader and office their
// school and its classes; teachers the classes they teach (subject
// teachers to view only).
func coverage(p *Principal, r Resource, view bool) bool {
	role := p.Active.Role
	switch {
	case role.County():
		return true
	case r.SchoolID == 0:
		return false
	case role == SchoolLeader || role == SchoolOffice:
		return sameSchool(p, r)
	case r.ClassID == 0:
		return false
	case role == ClassTeacher:
		return sameSchool(p, r) && p.TeachesClass(r.ClassID)
	case role == SubjectTeacher:
		return view && sameSchool(p, r) && p.TeachesClass(r.ClassID)
	}
	return false
}
