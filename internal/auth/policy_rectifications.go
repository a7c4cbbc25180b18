package auth

// Rectification after an inspection (整改, #18 item 4): the supervisors
// set the items and check the school's reports; the inspected school's
// leader and offices report once the inspection's report is released to
// them. Reading follows ViewInspections.
const (
	// RequireRectification: set rectification items from an inspection's
	// findings, with deadline and owner office: 督学.
	RequireRectification Action = "rectification.require"
	// ReportRectification: file the school's rectification report on an
	// item, with photos or attachments: the school's leader and offices,
	// of their own school, on a released inspection.
	ReportRectification Action = "rectification.report"
	// ReviewRectification: accept a report or return it with a comment: 督学.
	ReviewRectification Action = "rectification.review"
	// CloseInspection: close the inspection once every item is accepted
	// (inspection.Closable): 督学.
	CloseInspection Action = "inspection.close"
	// ViewYearReport: the county's year in figures (年度协同育人工作情况):
	// per duty the share of schools that met it each term, the schools
	// furthest behind, inspections and rectification: county roles, counts
	// only.
	ViewYearReport Action = "inspection.year_report"
)

var rectificationRules = map[Action]rule{
	RequireRectification: {who: roles(Supervisor)},
	ReportRectification: {who: roles(SchoolLeader, SchoolOffice), on: func(p *Principal, r Resource) bool {
		return sameSchool(p, r) && r.Released
	}},
	ReviewRectification: {who: roles(Supervisor)},
	CloseInspection:     {who: roles(Supervisor)},
	ViewYearReport:      {who: Role.County},
}
