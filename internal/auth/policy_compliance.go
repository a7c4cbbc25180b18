package auth

// The compliance engine (R01–R23 per school and period): statuses and
// figures, counts only, never a child's record.
const (
	// ViewCountyCompliance: the county's heat map (schools × duties) for
	// county roles.
	ViewCountyCompliance Action = "compliance.county"
	// ExportCompliance: the heat map as .xlsx, for the same county roles.
	ExportCompliance Action = "compliance.export"
	// ViewSchoolCompliance: a school's duties for the period: county roles
	// for every school, the school's leader and offices for their own.
	ViewSchoolCompliance Action = "compliance.school"
	// ViewComplianceRules: the catalogue with its rule versions, for county
	// roles (the bureau's own plan).
	ViewComplianceRules Action = "compliance.rules"
	// ChangeComplianceRule: a new version of a duty's threshold or window
	// for coming periods: the administrator, who keeps the catalogue.
	ChangeComplianceRule Action = "compliance.rule_change"
	// ViewCareCheck: the school's left-behind and hardship students who had
	// neither the vacation's on-site visit nor a targeted session this term,
	// by name: the school's leader and offices, who see the flags
	// (ViewSpecialGroups) and do the follow-up.
	ViewCareCheck Action = "compliance.care_check"
	// ViewCountyCareCheck: the same cross-check as counts per school, for
	// county roles: never a name.
	ViewCountyCareCheck Action = "compliance.care_check_county"
)

var complianceRules = map[Action]rule{
	ViewCountyCompliance: {who: Role.County},
	ExportCompliance:     {who: Role.County},
	ViewSchoolCompliance: {who: schoolViewers, on: countyOrSameSchool},
	ViewComplianceRules:  {who: Role.County},
	ChangeComplianceRule: {who: roles(Admin)},
	ViewCareCheck:        {who: roles(SchoolLeader, SchoolOffice), on: sameSchool},
	ViewCountyCareCheck:  {who: Role.County},
}
