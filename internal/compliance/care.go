package compliance

// CareCase is one left-behind or hardship student for the special-group
// cross-check (#17 item 6): the two things the plan asks for them in a
// term, the vacation's on-site visit (R03) and a guidance session aimed at
// their group (R11).
type CareCase struct {
	LeftBehind, Hardship bool
	// VisitedOnSite: an on-site visit in the term's vacation (R03 counts
	// on-site visits only).
	VisitedOnSite bool
}

// Uncared reports whether the student has had neither: flagged, not
// visited on site in the vacation, and no targeted session this term for
// any of their groups ("left_behind", "hardship": parents.Audiences codes).
// A student who had either is not in the cross-check; one flagged in
// neither group never is.
func Uncared(c CareCase, targeted func(group string) bool) bool {
	if !c.LeftBehind && !c.Hardship || c.VisitedOnSite {
		return false
	}
	if c.LeftBehind && targeted("left_behind") || c.Hardship && targeted("hardship") {
		return false
	}
	return true
}
