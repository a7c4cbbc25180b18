package demo

import (
	"context"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/store"
)

// demoMeetingTitles are the titles class teachers give, by theme.
var demoMeetingTitles = []struct{ theme, title string }{
	{"safety", "开学安全第一课"},
	{"mental_health", "阳光心态 快乐成长"},
	{"internet", "远离网络沉迷"},
	{"homework", "轻松面对作业"},
	{"parent_child", "感恩父母 沟通你我"},
}

// writeClassMeetings records the autumn term's themed class meetings (R05),
// fixed by each school's place in the plan and drawing nothing from the
// plan's random source: a quarter of the schools complete in the first
// week, the others behind in their own ways (some classes only later, some
// not at all), so that the school's summary and the compliance view have
// something true to show.
func (w *writer) writeClassMeetings(ctx context.Context, year calendar.SchoolYear, classIDs, userIDs []int64) error {
	if len(year.Terms) == 0 {
		return nil
	}
	term := year.Terms[0]
	k := 0
	for si, sc := range w.p.schools {
		cj := 0
		for _, g := range sc.grades {
			for _, c := range g.classes {
				classID := classIDs[k]
				k++
				cj++
				author := int64(0)
				for _, d := range c.staff {
					if d.duty == auth.ClassTeacher {
						author = userIDs[d.user]
						break
					}
				}
				day := cj % 5 // within the first seven days
				switch si % 4 {
				case 1:
					if cj%6 == 0 {
						day = 10 + cj%7
					}
				case 2:
					if cj%4 == 0 {
						continue
					}
				case 3:
					switch {
					case cj%3 == 0:
						continue
					case cj%5 == 0:
						day = 12
					}
				}
				if author == 0 {
					continue
				}
				t := demoMeetingTitles[(si+cj)%len(demoMeetingTitles)]
				if _, err := w.tx.CreateClassMeeting(ctx, store.NewClassMeeting{
					SchoolID: w.schoolIDs[si], ClassID: classID, TermID: term.ID, AuthorID: author,
					HeldOn: calendar.AddDays(term.Start, day), Theme: t.theme, Title: t.title,
				}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
