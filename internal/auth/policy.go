package auth

// Action is something a user asks to do. The policy is the only place that
// maps roles to permissions; handlers ask Can and never test roles. Each
// area's actions and their rules live in a file of their own
// (policy_org.go, policy_students.go, policy_visits.go, policy_coverage.go …)
// and are gathered in rules below.
type Action string

// rule is the policy of one action: who may ever take it (a role-level
// check, answered by Allows) and, for those, on which resource (on; nil
// means on any). Can asks both, so Can never allows what Allows refuses.
type rule struct {
	who func(Role) bool
	on  func(p *Principal, r Resource) bool
}

// roles is a who for a fixed list of roles.
func roles(rs ...Role) func(Role) bool {
	return func(r Role) bool {
		for _, x := range rs {
			if x == r {
				return true
			}
		}
		return false
	}
}

// rules is every action's rule, from the areas' tables. An action in two
// tables, or in none, is a programming error that TestEveryActionHasARule
// and the init check below catch.
var rules = merge(
	orgRules, studentRules, visitRules, coverageRules, classMeetingRules, baseRules,
	parentMeetingRules, // 家长会与意见建议
	activityRules,      // 实践与教育活动
	planRules,          // 工作方案
	committeeRules,     // 家长委员会
	complianceRules,    // 职责达标
	lectureRules,       // 教育局讲座与转发
	guidanceRules,      // 家长学校、家庭教育指导与家长培训
	todoRules,          // 待办
	inspectionRules,    // 督导检查
	rectificationRules, // 督导整改
)

func merge(tables ...map[Action]rule) map[Action]rule {
	out := map[Action]rule{}
	for _, t := range tables {
		for a, r := range t {
			if _, dup := out[a]; dup {
				panic("auth: two rules for " + string(a))
			}
			if r.who == nil {
				panic("auth: rule without roles for " + string(a))
			}
			out[a] = r
		}
	}
	return out
}

// Resource locates the object of an action. Zero fields mean "not about a
// school/class" (a county-level page).
type Resource struct {
	SchoolID int64
	ClassID  int64
	// ClassIDs: every class a record belongs to (a visit of siblings in
	// two classes); ClassID is also checked.
	ClassIDs []int64
	// Author: the user logged the visit. AuthorMayEdit: still inside the
	// author's edit window (visit.AuthorMayEdit).
	Author        bool
	AuthorMayEdit bool
	// Participant: the user visited (author or companion) or is the
	// responsible person of a ledger entry.
	Participant bool
	// Granted: the user holds a live inspection grant for this record.
	Granted bool
	// Grant: the role an AssignRole gives or takes; OwnAccount: the account
	// acted on is the user's own.
	Grant      Role
	OwnAccount bool
	// Released: an inspection's report has been released to its school
	// (inspection.State.VisibleToSchool); before that only county roles
	// see it.
	Released bool
}

// taughtBy reports whether p teaches any class of r.
func (r Resource) taughtBy(p *Principal) bool {
	if p.TeachesClass(r.ClassID) {
		return true
	}
	for _, c := range r.ClassIDs {
		if p.TeachesClass(c) {
			return true
		}
	}
	return false
}

// classTeacherOf reports whether p is the active class teacher of a class of r.
func (r Resource) classTeacherOf(p *Principal) bool {
	return p.Active.Role == ClassTeacher && r.taughtBy(p)
}

// sameSchool reports whether r is about the school of p's active assignment.
func sameSchool(p *Principal, r Resource) bool {
	return r.SchoolID != 0 && r.SchoolID == p.Active.SchoolID
}

// Can reports whether p may perform a on r. Unknown actions are refused.
func Can(p *Principal, a Action, r Resource) bool {
	if p == nil {
		return false
	}
	rl, ok := rules[a]
	if !ok || !rl.who(p.Active.Role) {
		return false
	}
	return rl.on == nil || rl.on(p, r)
}

// Allows reports whether role may perform a on at least some resource. It
// tells "never for your role" (403) from "not this object" (404, which does
// not reveal that the object exists).
func Allows(role Role, a Action) bool {
	rl, ok := rules[a]
	return ok && rl.who(role)
}

// Scope is the row-level filter that store queries over people's data apply
// in SQL, derived from the active assignment and never from request input.
// It is the second lock: a handler that forgets to ask Can still cannot load
// another class's student.
type Scope struct {
	// All: the whole county.
	All bool
	// SchoolID restricts to one school when All is false; 0 with All false
	// and no classes means nothing at all.
	SchoolID int64
	// ClassIDs, when non-nil, further restricts to these classes.
	ClassIDs []int64
}

// StudentScope is the set of students p may see individually.
func StudentScope(p *Principal) Scope {
	if p == nil {
		return Scope{}
	}
	switch p.Active.Role {
	case Admin:
		return Scope{All: true}
	case SchoolLeader, SchoolOffice:
		return Scope{SchoolID: p.Active.SchoolID}
	case ClassTeacher, SubjectTeacher:
		ids := p.Active.ClassIDs
		if ids == nil {
			ids = []int64{}
		}
		return Scope{SchoolID: p.Active.SchoolID, ClassIDs: ids}
	}
	return Scope{}
}

// Nothing reports whether the scope admits no rows.
func (s Scope) Nothing() bool { return !s.All && s.SchoolID == 0 }

// NoteScope is the row-level filter on the text of visits and ledger
// entries, the SQL twin of the ViewVisit/ViewLedger rules: the store admits
// a record only when one of its clauses holds.
type NoteScope struct {
	// SchoolID: records of this school only; 0 admits nothing unless
	// Inspector.
	SchoolID int64
	// WholeSchool: every record of the school (leader, office).
	WholeSchool bool
	// ClassIDs: records of these classes (a class teacher's classes).
	ClassIDs []int64
	// UserID: records this user took part in (visitor, responsible person).
	UserID int64
	// Inspector: only records with a live inspection grant for UserID, in
	// any school of the county.
	Inspector bool
	// CountyID is the principal's county: an inspector's reach, and the
	// county every school of the scope belongs to.
	CountyID int64
}

// RecordScope is the NoteScope of p.
func RecordScope(p *Principal) NoteScope {
	if p == nil {
		return NoteScope{}
	}
	switch p.Active.Role {
	case SchoolLeader, SchoolOffice:
		return NoteScope{SchoolID: p.Active.SchoolID, WholeSchool: true, UserID: p.UserID, CountyID: p.CountyID}
	case ClassTeacher:
		ids := p.Active.ClassIDs
		if ids == nil {
			ids = []int64{}
		}
		return NoteScope{SchoolID: p.Active.SchoolID, ClassIDs: ids, UserID: p.UserID, CountyID: p.CountyID}
	case SubjectTeacher:
		return NoteScope{SchoolID: p.Active.SchoolID, ClassIDs: []int64{}, UserID: p.UserID, CountyID: p.CountyID}
	case Supervisor:
		return NoteScope{Inspector: true, UserID: p.UserID, CountyID: p.CountyID}
	}
	return NoteScope{}
}
