// Package auth holds who may do what: the roles and offices of the domain,
// the signed-in principal, the one policy function Can, and password hashing
// and rules. It knows nothing of HTTP or SQL.
package auth

// Role is a user's function in the system (docs/domain.md, "Who uses it").
type Role string

const (
	Admin          Role = "admin"
	BureauLeader   Role = "bureau_leader"
	Supervisor     Role = "supervisor"
	BureauStaff    Role = "bureau_staff"
	SchoolLeader   Role = "school_leader"
	SchoolOffice   Role = "school_office"
	ClassTeacher   Role = "class_teacher"
	SubjectTeacher Role = "subject_teacher"
)

// Roles lists every role in display order.
var Roles = []Role{Admin, BureauLeader, Supervisor, BureauStaff, SchoolLeader, SchoolOffice, ClassTeacher, SubjectTeacher}

var roleLabels = map[Role]string{
	Admin:          "系统管理员",
	BureauLeader:   "局领导",
	Supervisor:     "督学",
	BureauStaff:    "股室工作人员",
	SchoolLeader:   "校领导",
	SchoolOffice:   "学校科室",
	ClassTeacher:   "班主任",
	SubjectTeacher: "科任教师",
}

// Label is the role's Chinese name.
func (r Role) Label() string {
	if l, ok := roleLabels[r]; ok {
		return l
	}
	return string(r)
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { _, ok := roleLabels[r]; return ok }

// County reports whether the role's scope is the whole county.
func (r Role) County() bool {
	switch r {
	case Admin, BureauLeader, Supervisor, BureauStaff:
		return true
	}
	return false
}

// Teacher reports whether the role's scope is a set of classes.
func (r Role) Teacher() bool { return r == ClassTeacher || r == SubjectTeacher }

// Office is a school office (科室) that files the school's records.
type Office string

const (
	OfficeMoral    Office = "moral"
	OfficeSafety   Office = "safety"
	OfficeAcademic Office = "academic"
	OfficeLeague   Office = "league"
	OfficeUnion    Office = "union"
	OfficeGrowth   Office = "growth"
	OfficeGeneral  Office = "general"
)

// Offices lists the offices named in the county plan.
var Offices = []Office{OfficeMoral, OfficeSafety, OfficeAcademic, OfficeLeague, OfficeUnion, OfficeGrowth, OfficeGeneral}

var officeLabels = map[Office]string{
	OfficeMoral:    "德育处",
	OfficeSafety:   "安全办",
	OfficeAcademic: "教务处",
	OfficeLeague:   "校团委",
	OfficeUnion:    "工会",
	OfficeGrowth:   "学生成长发展中心",
	OfficeGeneral:  "办公室",
}

// Label is the office's Chinese name.
func (o Office) Label() string {
	if l, ok := officeLabels[o]; ok {
		return l
	}
	return string(o)
}

// Valid reports whether o is a known office.
func (o Office) Valid() bool { _, ok := officeLabels[o]; return ok }
