package auth

// The annual inspection (督导检查, R23): the supervisors' office schedules,
// scores and releases it; the bureau reads every school's; the inspected
// school reads its own only once the report is released to it. Counts,
// scores and findings about the school, never a child's record (a
// supervisor samples one through InspectRecord, logged).
const (
	// ViewInspections: the list and an inspection's page. County roles read
	// every school's (局领导 above all); a school's leader and offices their
	// own school's, once released (Resource.Released).
	ViewInspections Action = "inspection.view"
	// ScheduleInspection: schedule, reschedule and cancel a school's
	// inspection, with its team: 督学.
	ScheduleInspection Action = "inspection.schedule"
	// ScoreInspection: score the rubric's items, write findings, add
	// photos, finish and release the report: 督学 only.
	ScoreInspection Action = "inspection.score"
	// ViewRubric: the year's rubric (评分细则), for county roles.
	ViewRubric Action = "inspection.rubric_view"
	// EditRubric: the rubric of a coming school year: the supervisors'
	// office, which keeps it.
	EditRubric Action = "inspection.rubric_edit"
)

var inspectionRules = map[Action]rule{
	ViewInspections: {who: schoolViewers, on: func(p *Principal, r Resource) bool {
		return p.Active.Role.County() || (sameSchool(p, r) && r.Released)
	}},
	ScheduleInspection: {who: roles(Supervisor)},
	ScoreInspection:    {who: roles(Supervisor)},
	ViewRubric:         {who: Role.County},
	EditRubric:         {who: roles(Supervisor)},
}
