package auth

// The county's registry of practice bases (社会实践基地). It holds no
// child's data, so every role of the county reads it; the bureau keeps it
// and schools propose bases for it.
const (
	// ViewBases: the registry and each base's page.
	ViewBases Action = "base.view"
	// ManageBases: create, edit and approve bases (股室工作人员, who keep the
	// registry, and the administrator).
	ManageBases Action = "base.manage"
	// ProposeBase: a school (its office or its leader) proposes a base for
	// the county; it waits as 'proposed' until the bureau approves it.
	ProposeBase Action = "base.propose"
)

var baseRules = map[Action]rule{
	ViewBases:   {who: Role.Valid},
	ManageBases: {who: roles(BureauStaff, Admin)},
	ProposeBase: {who: roles(SchoolOffice, SchoolLeader), on: func(p *Principal, _ Resource) bool { return p.Active.SchoolID != 0 }},
}
