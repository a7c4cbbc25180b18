package auth

// Term work plans (工作方案, R01): a school's plan for a term, its text and
// planned activities. No child's data: county roles read every school's.
const (
	// ViewPlan: a school's plan (Resource with SchoolID) for county roles
	// and the school's leader and offices; teachers carry it out but do not
	// keep it.
	ViewPlan Action = "plan.view"
	// EditPlan: start, write and submit the school's plan, and link the
	// records that fulfilled its items: the school's offices (德育处 owns
	// R01; the others file the items they are responsible for).
	EditPlan Action = "plan.edit"
	// LeaderReviewPlan: the school's leader approves or returns the plan
	// before the bureau, when the school asks for it.
	LeaderReviewPlan Action = "plan.leader_review"
	// ReviewPlan: the bureau's review, approve or return with a comment:
	// 股室工作人员 or 督学.
	ReviewPlan Action = "plan.review"
	// ViewPlanStates: the bureau's page of every school's plan state for a
	// term (county roles).
	ViewPlanStates Action = "plan.states"
)

func planReaders(r Role) bool { return r.County() || r == SchoolLeader || r == SchoolOffice }

var planRules = map[Action]rule{
	ViewPlan: {who: planReaders, on: func(p *Principal, r Resource) bool {
		return p.Active.Role.County() || sameSchool(p, r)
	}},
	EditPlan:         {who: roles(SchoolOffice), on: sameSchool},
	LeaderReviewPlan: {who: roles(SchoolLeader), on: sameSchool},
	ReviewPlan:       {who: roles(BureauStaff, Supervisor)},
	ViewPlanStates:   {who: Role.County},
}
