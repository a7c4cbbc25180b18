package auth

// The parent school (家长学校, R09), family-education guidance sessions
// (家庭教育指导, R10, R11) and trainings for parents (R22). They hold no
// child's data (an audience is a grade, a class or a special group, and a
// count). The county plan makes them the school's 德育处 and 办公室's work
// (owners of R09–R11, R22); the domain gives class teachers no part in
// them, so they neither read nor record them.
const (
	// ViewGuidance: the guidance list (Resource with SchoolID), a session's
	// page and its files, and the school's parent school page: county roles
	// every school's (the bureau drills down from the compliance view), the
	// school's leader and offices their own school's.
	ViewGuidance Action = "guidance.view"
	// RecordGuidance: record, edit and delete the school's sessions and
	// trainings, keep its parent school and their photos and materials: the
	// school's offices.
	RecordGuidance Action = "guidance.record"
)

var guidanceRules = map[Action]rule{
	ViewGuidance:   {who: schoolViewers, on: countyOrSameSchool},
	RecordGuidance: {who: roles(SchoolOffice), on: sameSchool},
}

// GuidanceScope is the SQL twin of ViewGuidance: the county for county
// roles, the school for its leader and offices, nothing for anyone else.
func GuidanceScope(p *Principal) Scope {
	if p == nil {
		return Scope{}
	}
	switch r := p.Active.Role; {
	case r.County():
		return Scope{All: true}
	case r == SchoolLeader || r == SchoolOffice:
		return Scope{SchoolID: p.Active.SchoolID}
	}
	return Scope{}
}
