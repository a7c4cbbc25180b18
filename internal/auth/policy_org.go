package auth

// The organisation: the county, schools, calendar, accounts, grade
// divisions, grades, classes and leadership groups.
const (
	// ViewCountyOverview: the county's schools with counts.
	ViewCountyOverview Action = "county.view"
	// ViewSchool: one school's page with its classes and counts (no children's data).
	ViewSchool Action = "school.view"
	// ViewClassRoster: the names of a class's students.
	ViewClassRoster Action = "class.roster"
	// ViewStudent: one student's page with guardians and contacts.
	ViewStudent Action = "student.view"
	// ViewSpecialGroups: the special-group flags (留守, 特困 …), sensitive PI.
	ViewSpecialGroups Action = "student.flags"
	// ViewAudit: the audit log.
	ViewAudit Action = "audit.view"
	// ManageSchools: the county's list of schools (create, edit, archive).
	ManageSchools Action = "school.manage"
	// ManageCalendar: the school years, terms and vacations.
	ManageCalendar Action = "calendar.manage"
	// RollOver: the new school year roll-over of the whole county.
	RollOver Action = "rollover.apply"
	// ViewOrg: a school's grade divisions, grades, classes and their
	// teachers (no children's data).
	ViewOrg Action = "org.view"
	// ManageOrg: create grade divisions, grades and classes of a school and
	// assign its class and subject teachers.
	ManageOrg Action = "org.manage"
	// ManageStaff: create the accounts a school (Resource.SchoolID) or the
	// county (SchoolID 0) manages, reset their passwords, disable them and
	// assign their roles.
	ManageStaff Action = "staff.manage"
	// AssignRole: give an account a role or a class duty, or take one away.
	// Resource.Grant is the role, Resource.SchoolID its school (0 for a
	// county role), Resource.OwnAccount whether the account is p's own.
	// Nobody changes their own roles: every grant has a second person behind
	// it (docs/security.md R7). The admin gives any role, county roles at
	// county level and school roles in a school. A school office gives, in
	// its own school only, the roles it works beside: 班主任, 科任教师 and
	// 学校科室 — never 校领导, who read and approve above the offices
	// (docs/domain.md, "Who uses it"), and never a county role.
	AssignRole Action = "role.assign"
	// ViewLeadership: a school's 工作领导小组.
	ViewLeadership Action = "leadership.view"
	// ManageLeadership: edit the members of a school's leadership group.
	ManageLeadership Action = "leadership.manage"
	// ViewCountyLeadership: the county's 工作领导小组.
	ViewCountyLeadership Action = "leadership.county_view"
	// ManageCountyLeadership: edit the county's leadership group.
	ManageCountyLeadership Action = "leadership.county_manage"
)

var orgRules = map[Action]rule{
	ViewCountyOverview: {who: Role.County},
	ViewSchool:         {who: schoolViewers, on: countyOrSameSchool},
	ViewOrg:            {who: schoolViewers, on: countyOrSameSchool},
	ViewLeadership:     {who: schoolViewers, on: countyOrSameSchool},
	ViewAudit:          {who: roles(Admin)},
	ManageSchools:      {who: roles(Admin)},
	ManageCalendar:     {who: roles(Admin)},
	RollOver:           {who: roles(Admin)},
	// County accounts (SchoolID 0) are the administrator's alone.
	ManageOrg:   {who: roles(Admin, SchoolOffice), on: adminOrSameSchool},
	ManageStaff: {who: roles(Admin, SchoolOffice), on: adminOrSameSchool},
	AssignRole: {who: roles(Admin, SchoolOffice), on: func(p *Principal, r Resource) bool {
		if r.OwnAccount || !r.Grant.Valid() {
			return false
		}
		if p.Active.Role == Admin {
			return r.Grant.County() == (r.SchoolID == 0)
		}
		return sameSchool(p, r) && (r.Grant.Teacher() || r.Grant == SchoolOffice)
	}},
	ManageLeadership:       {who: roles(Admin, SchoolLeader, SchoolOffice), on: adminOrSameSchool},
	ViewCountyLeadership:   {who: Role.County},
	ManageCountyLeadership: {who: roles(Admin)},
}

// schoolViewers: county roles see every school, a school's leader and
// office their own.
func schoolViewers(r Role) bool { return r.County() || r == SchoolLeader || r == SchoolOffice }

func countyOrSameSchool(p *Principal, r Resource) bool {
	return p.Active.Role.County() || sameSchool(p, r)
}

func adminOrSameSchool(p *Principal, r Resource) bool {
	return p.Active.Role == Admin || sameSchool(p, r)
}
