package auth

// Parent meetings (家长会, R08) and the parents' opinions (意见建议) with the
// school's responses. A meeting holds no child's data: county roles and the
// school's leader read every meeting of a school; the school's office keeps
// them; a class teacher records and reads their own class's meetings.
const (
	// ViewParentMeetings: a school's meeting list (Resource with SchoolID);
	// a class teacher's shows their classes' meetings only (the store's
	// scope, ParentMeetingScope).
	ViewParentMeetings Action = "parent_meeting.view"
	// ViewParentMeeting: one meeting's page with its accepted opinions and
	// responses (Resource with SchoolID, and ClassID for a class's meeting):
	// county roles, the school's leader and office, and for a class's
	// meeting its class teacher.
	ViewParentMeeting Action = "parent_meeting.view_one"
	// RecordParentMeeting: record or edit a meeting (Resource with SchoolID,
	// and ClassID for a class's meeting): the school's office any, a class
	// teacher their class's.
	RecordParentMeeting Action = "parent_meeting.record"
	// ManageOpinions: add opinions to a meeting, accept or reject a parent's
	// from the link, respond, publish: those who record the meeting. Only
	// they see opinions not yet accepted.
	ManageOpinions Action = "parent_meeting.opinions"
	// ViewMeetingSignIn: the meeting's sign-in sheet photo and its other
	// evidence (Resource as ViewParentMeeting). A sign-in sheet lists the
	// parents by name and signature, often with their child's name: the
	// school's people who read the meeting see it (its leader and office,
	// a class's meeting's class teacher), county roles only its count, as
	// they see a committee's members without their children.
	ViewMeetingSignIn Action = "parent_meeting.sign_in"
)

var parentMeetingRules = map[Action]rule{
	ViewParentMeetings:  {who: meetingReaders, on: func(p *Principal, r Resource) bool { return readMeeting(p, r, true) }},
	ViewParentMeeting:   {who: meetingReaders, on: func(p *Principal, r Resource) bool { return readMeeting(p, r, false) }},
	RecordParentMeeting: {who: roles(SchoolOffice, ClassTeacher), on: recordMeeting},
	ManageOpinions:      {who: roles(SchoolOffice, ClassTeacher), on: recordMeeting},
	ViewMeetingSignIn:   {who: roles(SchoolLeader, SchoolOffice, ClassTeacher), on: func(p *Principal, r Resource) bool { return readMeeting(p, r, false) }},
}

func meetingReaders(r Role) bool {
	return r.County() || r == SchoolLeader || r == SchoolOffice || r == ClassTeacher
}

// readMeeting: county roles everywhere; the school's leader and office
// their school's; a class teacher a meeting of a class they teach, and the
// school's list (list), which the store's scope narrows to those.
func readMeeting(p *Principal, r Resource, list bool) bool {
	switch {
	case p.Active.Role.County():
		return true
	case !sameSchool(p, r):
		return false
	case p.Active.Role == ClassTeacher:
		return (list && r.ClassID == 0) || (r.ClassID != 0 && r.classTeacherOf(p))
	}
	return true
}

func recordMeeting(p *Principal, r Resource) bool {
	if !sameSchool(p, r) {
		return false
	}
	return p.Active.Role == SchoolOffice || (r.ClassID != 0 && r.classTeacherOf(p))
}

// ParentMeetingScope is the SQL twin of ViewParentMeetings: the county for
// county roles, the school for its leader and office, a class teacher's
// classes' meetings; nothing for anyone else.
func ParentMeetingScope(p *Principal) Scope {
	if p == nil {
		return Scope{}
	}
	switch r := p.Active.Role; {
	case r.County():
		return Scope{All: true}
	case r == SchoolLeader || r == SchoolOffice:
		return Scope{SchoolID: p.Active.SchoolID}
	case r == ClassTeacher:
		ids := p.Active.ClassIDs
		if ids == nil {
			ids = []int64{}
		}
		return Scope{SchoolID: p.Active.SchoolID, ClassIDs: ids}
	}
	return Scope{}
}
