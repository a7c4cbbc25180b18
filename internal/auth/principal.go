package auth

import (
	"slices"
	"strconv"
	"strings"
)

// Assignment is one hat a user can wear: a role over a scope. A user with
// several assignments chooses one at a time (the role switcher); the active
// one decides what they may see.
type Assignment struct {
	// Key identifies the assignment inside the session: "r<id>" for a role
	// assignment row, "ct<schoolID>" and "st<schoolID>" for this term's class
	// and subject duties in a school.
	Key        string
	Role       Role
	SchoolID   int64
	SchoolName string
	Office     Office
	// ClassIDs are the classes of a teacher role in the current term.
	ClassIDs []int64
}

// Label is how the role switcher shows the assignment.
func (a Assignment) Label() string {
	var b strings.Builder
	if a.SchoolName != "" {
		b.WriteString(a.SchoolName)
		b.WriteString(" · ")
	}
	if a.Role == SchoolOffice && a.Office != "" {
		b.WriteString(a.Office.Label())
	} else {
		b.WriteString(a.Role.Label())
	}
	return b.String()
}

// RoleAssignmentKey is the session key of a role_assignments row.
func RoleAssignmentKey(id int64) string { return "r" + strconv.FormatInt(id, 10) }

// Principal is the signed-in user wearing one assignment, rebuilt from the
// database on every request so that a changed or removed assignment takes
// effect at once.
type Principal struct {
	UserID             int64
	CountyID           int64
	Username           string
	DisplayName        string
	MustChangePassword bool
	Active             Assignment
	Assignments        []Assignment
}

// Role is the active role.
func (p *Principal) Role() Role { return p.Active.Role }

// SchoolID is the active school, 0 for a county role.
func (p *Principal) SchoolID() int64 { return p.Active.SchoolID }

// TeachesClass reports whether the active teacher role covers the class.
func (p *Principal) TeachesClass(classID int64) bool {
	return p.Active.Role.Teacher() && slices.Contains(p.Active.ClassIDs, classID)
}

// Choose picks the assignment with key, or the first one when key is
// unknown (a removed assignment falls back rather than locking the user out).
func Choose(as []Assignment, key string) (Assignment, bool) {
	for _, a := range as {
		if a.Key == key {
			return a, true
		}
	}
	if len(as) > 0 {
		return as[0], false
	}
	return Assignment{}, false
}
