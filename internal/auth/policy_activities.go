package auth

// Practice and education activities (R14–R20): a school's records, with no
// child's data in them (participants are classes or grades and a count).
const (
	// ViewActivities: the lists and an activity's page. County roles read
	// every school's (the bureau drills down from the compliance view), a
	// school's leader and offices their own school's.
	ViewActivities Action = "activity.view"
	// RecordActivity: record, edit and delete the school's activities: its
	// offices (德育处, 安全办, 校团委, 工会 …), who run them.
	RecordActivity Action = "activity.record"
)

var activityRules = map[Action]rule{
	ViewActivities: {who: schoolViewers, on: countyOrSameSchool},
	RecordActivity: {who: roles(SchoolOffice), on: sameSchool},
}
