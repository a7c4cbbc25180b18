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

// UncaredCounts is the cross-check of one school from the vacation's
// counters: lb, hs and fl are how many left-behind, hardship and flagged
// (either) students were not visited on site; a group with a targeted
// session this term is covered. It returns how many of each group are
// left and how many students in all (one in both groups counts once),
// as Uncared would judge them one by one.
func UncaredCounts(lb, hs, fl int, lbTargeted, hsTargeted bool) (leftBehind, hardship, total int) {
	both := lb + hs - fl
	lbOnly, hsOnly := lb-both, hs-both
	if !lbTargeted {
		leftBehind += lbOnly
		total += lbOnly
	}
	if !hsTargeted {
		hardship += hsOnly
		total += hsOnly
	}
	if !lbTargeted && !hsTargeted {
		leftBehind += both
		hardship += both
		total += both
	}
	return leftBehind, hardship, total
}
