package demo

import (
	"context"

	"xietong/internal/auth"
	"xietong/internal/store"
)

// writeLeadership names the county's leadership group (局长 as 组长, the
// bureau's accounts as members) and each school's (R21), fixed by the
// school's place and drawing nothing from the plan's random source: most
// schools have one in place (校长 组长, 德育处 副组长, two class teachers),
// every sixth has none yet and the one after it only its 德育处, so that
// the compliance view has something true to show.
func (w *writer) writeLeadership(ctx context.Context, userIDs []int64) error {
	county := []store.NewLeadershipMember{
		{UserID: userIDs[userLeader], Position: "leader", Title: "县教育局党组书记、局长"},
		{UserID: userIDs[userSupervisor], Position: "deputy", Title: "县人民政府教育督导室主任"},
		{UserID: userIDs[userStaff], Position: "member", Title: "县教育局基础教育股股长"},
	}
	for _, m := range county {
		m.CountyID = w.countyID
		if _, err := w.tx.AddLeadershipMember(ctx, m); err != nil {
			return err
		}
	}
	heads, offices := map[int]int64{}, map[int]int64{}
	for _, g := range w.p.grants {
		switch {
		case g.school < 0:
		case g.role == auth.SchoolLeader:
			heads[g.school] = userIDs[g.user]
		case g.role == auth.SchoolOffice:
			offices[g.school] = userIDs[g.user]
		}
	}
	for si, sc := range w.p.schools {
		var group []store.NewLeadershipMember
		switch si % 6 {
		case 5: // none yet
			continue
		case 0:
			if si > 0 { // only its 德育处 so far (the demo's first school keeps a full group)
				group = append(group, store.NewLeadershipMember{UserID: offices[si], Position: "member", Title: "德育处主任"})
				break
			}
			fallthrough
		default:
			group = append(group,
				store.NewLeadershipMember{UserID: heads[si], Position: "leader", Title: "校长"},
				store.NewLeadershipMember{UserID: offices[si], Position: "deputy", Title: "德育处主任"})
			n := 0
			for _, g := range sc.grades {
				for _, c := range g.classes {
					for _, d := range c.staff {
						if d.duty == auth.ClassTeacher && n < 2 {
							group = append(group, store.NewLeadershipMember{UserID: userIDs[d.user], Position: "member", Title: "班主任代表"})
							n++
						}
					}
				}
			}
		}
		for _, m := range group {
			m.CountyID, m.SchoolID = w.countyID, w.schoolIDs[si]
			if _, err := w.tx.AddLeadershipMember(ctx, m); err != nil {
				return err
			}
		}
	}
	return nil
}
