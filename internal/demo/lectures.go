package demo

import (
	"context"
	"math/rand/v2"
	"strconv"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/parents"
	"xietong/internal/store"
)

// demoBureauLectures are the bureau's lectures and resources of the demo's
// autumn term (教育局家庭教育讲座), by the day of the term they came out
// (the last one two days before the demo's today, not yet due).
var demoBureauLectures = []struct {
	day                   int // days after the term's start
	title, stage, special string
}{
	{3, "开学季家庭教育公开课：帮孩子收心迎新学期", "", ""},
	{17, "“双减”背景下的家庭教育指导", "", ""},
	{30, "小学生良好习惯养成家长课堂", "primary", ""},
	{45, "国庆假期安全致家长的一封信", "", ""},
	{58, "青春期孩子的心理健康与亲子沟通", "junior", ""},
	{72, "隔屏不隔爱：留守儿童家庭的亲情陪伴", "", "留守儿童家长"},
	{86, "冬季防溺水、防火与交通安全家长课", "", ""},
}

// lectureProfile is how a demo school forwards the bureau's lectures, by
// its place in the plan (si % 5): the chances (in percent) of forwarding a
// lecture late and of not forwarding it at all; the rest in time.
type lectureProfile struct{ late, never int }

var lectureProfiles = [5]lectureProfile{
	{late: 0, never: 0},   // always in time
	{late: 15, never: 0},  // now and then a few days late
	{late: 30, never: 20}, // often late, some never
	{late: 5, never: 0},
	{late: 10, never: 15}, // a few never forwarded
}

// writeLectures publishes a term of bureau lectures (bureau staff) and has
// each school's office confirm forwarding those for its stage, with their
// own random source: most schools in time, some late, a few not at all;
// none forwarded after the demo's today.
func (w *writer) writeLectures(ctx context.Context, years []calendar.SchoolYear, userIDs []int64) error {
	if len(years) < 2 || len(years[1].Terms) == 0 {
		return nil
	}
	term := years[1].Terms[0]
	ids := make([]int64, len(demoBureauLectures))
	for i, l := range demoBureauLectures {
		on := calendar.AddDays(term.Start, l.day)
		if on.After(demoToday) {
			continue
		}
		nl := store.NewLecture{CountyID: w.countyID, PublishedBy: userIDs[userStaff], Title: l.title,
			LinkURL:  "https://jyj.example.gov.cn/jtjy/" + strconv.Itoa(2026*100+i+1) + ".html",
			Audience: store.LectureAudienceAll, AudienceNote: l.special, PublishedOn: on}
		switch {
		case l.stage != "":
			nl.Audience, nl.AudienceStage = store.LectureAudienceStage, l.stage
		case l.special != "":
			nl.Audience = store.LectureAudienceSpecial
		}
		id, err := w.tx.CreateLecture(ctx, nl)
		if err != nil {
			return err
		}
		ids[i] = id
	}
	office := map[int]int64{}
	for _, g := range w.p.grants {
		if g.school >= 0 && g.role == auth.SchoolOffice && (g.office == auth.OfficeGeneral || office[g.school] == 0) {
			office[g.school] = userIDs[g.user]
		}
	}
	for si, sc := range w.p.schools {
		by, ok := office[si]
		if !ok {
			continue
		}
		rng := rand.New(rand.NewPCG(650, uint64(si)))
		prof := lectureProfiles[si%len(lectureProfiles)]
		for i, l := range demoBureauLectures {
			if ids[i] == 0 || !parents.LectureConcerns(l.stage, sc.stage) {
				continue
			}
			on := calendar.AddDays(term.Start, l.day)
			p := rng.IntN(100)
			fwd := calendar.AddDays(on, rng.IntN(parents.ForwardDays+1)) // in time
			switch {
			case p < prof.never:
				continue
			case p < prof.never+prof.late:
				fwd = calendar.AddDays(parents.ForwardDue(on), 1+rng.IntN(6))
			}
			if fwd.After(demoToday) {
				continue // not yet
			}
			groups := []string{parents.ParentGroups[0]}
			for _, g := range parents.ParentGroups[1:] {
				if rng.IntN(3) == 0 {
					groups = append(groups, g)
				}
			}
			if _, err := w.tx.ForwardLecture(ctx, w.countyID, ids[i], w.schoolIDs[si], by, fwd, parents.ForwardGroups(groups, "")); err != nil {
				return err
			}
		}
	}
	return nil
}
