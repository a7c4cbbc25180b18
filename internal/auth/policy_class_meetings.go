package auth

// Themed class meetings (主题班会, R05): a class's record, no child's data.
const (
	// ViewClassMeetings: a class's meetings (Resource with ClassID) for those
	// who see its coverage; a school's summary (no ClassID) for county roles
	// and the school's leader and office.
	ViewClassMeetings Action = "class_meeting.view"
	// RecordClassMeeting: record a class's meeting: its class teacher, or the
	// school's office on the teacher's behalf.
	RecordClassMeeting Action = "class_meeting.record"
	// SetMeetingTheme: 德育处 sets one theme for a grade or the whole school,
	// which each class teacher then only confirms.
	SetMeetingTheme Action = "class_meeting.theme"
)

var classMeetingRules = map[Action]rule{
	ViewClassMeetings: {who: coverageViewers, on: func(p *Principal, r Resource) bool { return coverage(p, r, true) }},
	RecordClassMeeting: {who: roles(ClassTeacher, SchoolOffice), on: func(p *Principal, r Resource) bool {
		if r.ClassID == 0 || !sameSchool(p, r) {
			return false
		}
		return p.Active.Role == SchoolOffice || r.classTeacherOf(p)
	}},
	SetMeetingTheme: {who: roles(SchoolOffice), on: sameSchool},
}
