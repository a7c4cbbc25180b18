package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/idcard"
	"xietong/internal/store"
)

// The generator first builds the whole county in memory (a plan), with no
// database in sight, and only then writes it. Everything random comes from
// PCG streams seeded with Options.Seed, one stream per concern, so that
// changing how teachers are drawn does not reshuffle every student.
const (
	streamSizes    = 0x5eed_0001
	streamStaff    = 0x5eed_0002
	streamStudents = 0x5eed_0003
)

// countyName is the county's name, as the bureau's documents write it.
const countyName = "XX县"

// regionCode is the county's administrative division code, the first six
// digits of its residents' identity numbers and of the school codes.
const regionCode = "522301"

// currentYear is the school year the demo lives in: 2026—2027, whose first
// term contains the demo's "today", 2026-11-29.
const currentYear = 2026

// Stage codes of schools (see store.StageLabel).
const (
	stagePrimary  = "primary"
	stageJunior   = "junior"
	stageNineYear = "nine_year"
)

// plan is the whole demo county, built in memory before anything is
// written.
type plan struct {
	schools []pSchool
	// users holds the demo accounts first (in the order of
	// demoAccounts), then the staff of each school in school order.
	users  []pUser
	grants []pGrant
	// classSize overrides the usual class sizes (Options.ClassSize).
	classSize int
}

// pUser is an account to create.
type pUser struct {
	username, display, phone string
	demo                     bool // signs in with Password
}

// pGrant is a role assignment; school is an index into plan.schools, or -1
// for a county role.
type pGrant struct {
	user   int
	role   auth.Role
	school int
	office auth.Office
}

// pSchool is a school with its grade divisions and grades.
type pSchool struct {
	code, name, stage string
	township          township
	// weights of one grade's enrolment, relative to other schools: primary
	// grades (1–6) and junior grades (7–9).
	wPrimary, wJunior float64
	divisions         []string
	grades            []pGrade
}

// pGrade is a grade of a school for 2026—2027.
type pGrade struct {
	level    int
	name     string
	division int // index into pSchool.divisions
	size     int // students
	classes  []pClass
}

// pClass is a class with its staff and students.
type pClass struct {
	number   int
	name     string
	size     int
	staff    []pDuty
	students []pStudent
}

// pDuty is a class duty held in both terms of the year.
type pDuty struct {
	user    int // index into plan.users
	duty    auth.Role
	subject string
}

// pStudent is a student with their guardians.
type pStudent struct {
	number, name, gender       string
	birth                      time.Time
	township, village, address string
	groups                     store.SpecialGroups
	guardians                  []pGuardian
}

// pGuardian is a guardian; the position is the order in the slice.
type pGuardian struct {
	name, relation, phone string
}

// Indices of the demo accounts in plan.users (and in demoAccounts).
const (
	userAdmin = iota
	userLeader
	userSupervisor
	userOffice
	userTeacher
	userSubject
	userStaff
	userPrincipal
)

// The demo teacher's class: 三年级(2)班 of the first school; the demo
// subject teacher teaches 数学 there and in 三年级(1)班.
const (
	demoLevel   = 3
	demoClass   = 2
	demoSubject = "数学"
)

// demoAccounts are the accounts that sign in with Password.
var demoAccounts = []struct {
	username, display string
	role              auth.Role
}{
	userAdmin:      {"admin", "王建国", auth.Admin},
	userLeader:     {"leader", "李振华", auth.BureauLeader},
	userSupervisor: {"supervisor", "赵明远", auth.Supervisor},
	userOffice:     {"office", "陈丽华", auth.SchoolOffice},
	userTeacher:    {"teacher", "刘晓燕", auth.ClassTeacher},
	userSubject:    {"subject", "杨志强", auth.SubjectTeacher},
	// 股室工作人员 publish the bureau's lectures, keep the practice-base
	// registry and review term plans; 校长 approves a plan before the bureau.
	userStaff:     {"staff", "孙丽娟", auth.BureauStaff},
	userPrincipal: {"principal", "周国强", auth.SchoolLeader},
}

// firstSchoolName is the name layoutSchools always gives the first school.
const firstSchoolName = "城关镇第一小学"

// className names a class as schools write it: "三年级(2)班".
func className(level, number int) string {
	return fmt.Sprintf("%s(%d)班", gradeNames[level-1], number)
}

// newPlan builds the county for opt (already normalised).
func newPlan(opt Options) *plan {
	p := &plan{schools: layoutSchools(opt.Schools), classSize: opt.ClassSize}
	p.sizeClasses(rand.New(rand.NewPCG(opt.Seed, streamSizes)), opt.Students)
	p.staff(rand.New(rand.NewPCG(opt.Seed, streamStaff)))
	p.fillStudents(rand.New(rand.NewPCG(opt.Seed, streamStudents)))
	return p
}

// layoutSchools names n schools: about 60% primary, 25% junior and 15%
// nine-year schools, spread over the townships, the first always
// 城关镇第一小学. Codes follow the order primary, junior, nine-year.
func layoutSchools(n int) []pSchool {
	np := int(math.Round(float64(n) * 12 / 20))
	nj := int(math.Round(float64(n) * 5 / 20))
	np = max(np, 1)
	nj = min(nj, n-np)
	nn := n - np - nj

	used := map[string]bool{}
	var out []pSchool
	take := func(count int, cand func(k int) pSchool) {
		for k := 0; count > 0; k++ {
			sc := cand(k)
			if used[sc.name] {
				continue
			}
			used[sc.name] = true
			out = append(out, sc)
			count--
		}
	}
	take(np, primaryCandidate)
	take(nj, juniorCandidate)
	take(nn, nineYearCandidate)
	for i := range out {
		sc := &out[i]
		sc.code = fmt.Sprintf("%s%04d", regionCode, i+1)
		switch sc.stage {
		case stagePrimary:
			sc.divisions = []string{"低年级部", "中年级部", "高年级部"}
		case stageJunior:
			sc.divisions = []string{"七年级部", "八年级部", "九年级部"}
		default:
			sc.divisions = []string{"小学低年级部", "小学高年级部", "初中部"}
		}
		lo, hi := sc.levels()
		for level := lo; level <= hi; level++ {
			sc.grades = append(sc.grades, pGrade{level: level, name: gradeNames[level-1], division: sc.division(level)})
		}
	}
	return out
}

// levels returns the school's lowest and highest grade.
func (sc *pSchool) levels() (lo, hi int) {
	switch sc.stage {
	case stagePrimary:
		return 1, 6
	case stageJunior:
		return 7, 9
	}
	return 1, 9
}

// division returns the index of the grade division holding level: three
// divisions per school, so that the school parent committee has its three
// heads (R07).
func (sc *pSchool) division(level int) int {
	switch sc.stage {
	case stagePrimary:
		return (level - 1) / 2
	case stageJunior:
		return level - 7
	}
	return (level - 1) / 3
}

// townshipNamed returns the township called name.
func townshipNamed(name string) township {
	for _, t := range townships {
		if t.name == name {
			return t
		}
	}
	panic("demo: unknown township " + name)
}

// stem drops the trailing 镇, 乡 or 村: 石桥镇 → 石桥, 东风村 → 东风.
func stem(s string) string {
	for _, suf := range []string{"镇", "乡", "村"} {
		if t, ok := strings.CutSuffix(s, suf); ok {
			return t
		}
	}
	return s
}

// villageOf returns village v of rural township t (1-based, as in
// townships).
func villageOf(t, v int) string {
	return villages[(t-1)*villagesPerTownship+v%villagesPerTownship]
}

// primaryCandidate returns the k-th possible primary school: the three
// urban schools and the central school of every township first, then
// village schools, with another urban school every sixth.
func primaryCandidate(k int) pSchool {
	fixed := []struct {
		name, township string
		weight         float64
	}{
		{firstSchoolName, "城关镇", 4}, {"龙泉镇中心小学", "龙泉镇", 2}, {"城关镇第二小学", "城关镇", 4},
		{"石桥镇中心小学", "石桥镇", 2}, {"城关镇第三小学", "城关镇", 4}, {"白沙乡中心小学", "白沙乡", 2},
		{"新民镇中心小学", "新民镇", 2}, {"青山乡中心小学", "青山乡", 2}, {"河西镇中心小学", "河西镇", 2},
		{"马场乡中心小学", "马场乡", 2},
	}
	if k < len(fixed) {
		f := fixed[k]
		return pSchool{name: f.name, stage: stagePrimary, township: townshipNamed(f.township), wPrimary: f.weight}
	}
	k -= len(fixed)
	if k%6 == 5 {
		return pSchool{name: "城关镇第" + cnNumber(4+k/6) + "小学", stage: stagePrimary, township: townships[0], wPrimary: 3}
	}
	i := k - k/6 // rural village schools so far
	t := 1 + i%(len(townships)-1)
	round := i / (len(townships) - 1)
	tw := townships[t]
	if round < villagesPerTownship {
		return pSchool{name: tw.name + stem(villageOf(t, round)) + "小学", stage: stagePrimary, township: tw, wPrimary: 0.8}
	}
	return pSchool{name: tw.name + "第" + cnNumber(2+round-villagesPerTownship) + "小学", stage: stagePrimary, township: tw, wPrimary: 0.8}
}

// juniorCandidate returns the k-th possible junior middle school. The
// county's 第一中学 is a senior high school, outside this system.
func juniorCandidate(k int) pSchool {
	fixed := []struct {
		name, township string
		weight         float64
	}{
		{"XX县第二中学", "城关镇", 5}, {"龙泉镇中学", "龙泉镇", 3}, {"XX县第三中学", "城关镇", 5},
		{"新民镇中学", "新民镇", 3}, {"河西镇中学", "河西镇", 3}, {"石桥镇中学", "石桥镇", 3},
		{"白沙乡中学", "白沙乡", 3}, {"青山乡中学", "青山乡", 3}, {"马场乡中学", "马场乡", 3},
	}
	if k < len(fixed) {
		f := fixed[k]
		return pSchool{name: f.name, stage: stageJunior, township: townshipNamed(f.township), wJunior: f.weight}
	}
	return pSchool{name: countyName + "第" + cnNumber(4+k-len(fixed)) + "中学", stage: stageJunior, township: townships[0], wJunior: 5}
}

// nineYearCandidate returns the k-th possible nine-year school (九年一贯制
// 学校), all rural: first in the townships without a junior school, then in
// villages.
func nineYearCandidate(k int) pSchool {
	fixed := []string{"石桥镇", "白沙乡", "青山乡", "马场乡"}
	if k < len(fixed) {
		return pSchool{name: stem(fixed[k]) + "九年一贯制学校", stage: stageNineYear, township: townshipNamed(fixed[k]), wPrimary: 1.2, wJunior: 2}
	}
	k -= len(fixed)
	t := 1 + k%(len(townships)-1)
	round := k / (len(townships) - 1)
	tw := townships[t]
	name := stem(tw.name) + stem(villageOf(t, 4+round)) + "九年一贯制学校"
	if round >= villagesPerTownship {
		name = stem(tw.name) + "第" + cnNumber(2+round-villagesPerTownship) + "九年一贯制学校"
	}
	return pSchool{name: name, stage: stageNineYear, township: tw, wPrimary: 1.2, wJunior: 2}
}

// sizeClasses shares total students among the grades in proportion to the
// schools' weights (with some noise), then splits each grade into 2–5
// classes of about 45 pupils (at most 50) in town and 36 (at most 45) in
// the countryside, as far as five classes allow.
func (p *plan) sizeClasses(r *rand.Rand, total int) {
	type ref struct{ s, g int }
	var refs []ref
	var weights []float64
	sum := 0.0
	for si := range p.schools {
		sc := &p.schools[si]
		for gi, g := range sc.grades {
			w := sc.wPrimary
			if g.level >= 7 {
				w = sc.wJunior
			}
			w *= 0.85 + 0.3*r.Float64()
			refs = append(refs, ref{si, gi})
			weights = append(weights, w)
			sum += w
		}
	}
	// Largest remainder, so that the sizes add up to total exactly.
	sizes := make([]int, len(refs))
	fracs := make([]float64, len(refs))
	left := total
	for i, w := range weights {
		exact := float64(total) * w / sum
		sizes[i] = int(exact)
		fracs[i] = exact - float64(sizes[i])
		left -= sizes[i]
	}
	order := make([]int, len(refs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case fracs[a] > fracs[b]:
			return -1
		case fracs[a] < fracs[b]:
			return 1
		}
		return 0
	})
	for i := 0; i < left; i++ {
		sizes[order[i%len(order)]]++
	}
	for i, rf := range refs {
		sc := &p.schools[rf.s]
		g := &sc.grades[rf.g]
		g.size = sizes[i]
		target, most := 45.0, 50.0
		if sc.township.rural {
			target, most = 36, 45
		}
		if p.classSize > 0 {
			target, most = float64(p.classSize), float64(p.classSize+5)
		}
		n := max(int(math.Round(float64(g.size)/target)), int(math.Ceil(float64(g.size)/most)))
		n = min(max(n, 2), 5)
		for c := 1; c <= n; c++ {
			size := g.size / n
			if c <= g.size%n {
				size++
			}
			g.classes = append(g.classes, pClass{number: c, name: className(g.level, c), size: size})
		}
	}
}

// staff creates the demo accounts and, for every school, a head (校长), a
// 德育处 officer, a class teacher for each class and the subject teachers,
// and assigns them.
func (p *plan) staff(r *rand.Rand) {
	for _, a := range demoAccounts {
		p.users = append(p.users, pUser{username: a.username, display: a.display, demo: true})
	}
	p.grants = append(p.grants,
		pGrant{user: userAdmin, role: auth.Admin, school: -1},
		pGrant{user: userLeader, role: auth.BureauLeader, school: -1},
		pGrant{user: userSupervisor, role: auth.Supervisor, school: -1},
		pGrant{user: userStaff, role: auth.BureauStaff, school: -1},
		pGrant{user: userOffice, role: auth.SchoolOffice, school: 0, office: auth.OfficeMoral},
	)
	for si := range p.schools {
		sc := &p.schools[si]
		suffix := sc.code[len(sc.code)-4:]
		womenShare := 0.75
		if sc.stage == stageJunior {
			womenShare = 0.55
		}
		person := func(username string, woman float64) int {
			p.users = append(p.users, pUser{username: username, display: adultName(r, surname(r), r.Float64() < woman), phone: mobile(r)})
			return len(p.users) - 1
		}
		head := person("xz"+suffix, 0.3)
		if si == 0 { // the first school's 校长 is the demo account "principal"
			p.users = p.users[:head]
			head = userPrincipal
		}
		p.grants = append(p.grants, pGrant{user: head, role: auth.SchoolLeader, school: si})
		if si != 0 { // the first school's 德育处 is the demo account "office"
			off := person("dy"+suffix, 0.6)
			p.grants = append(p.grants, pGrant{user: off, role: auth.SchoolOffice, school: si, office: auth.OfficeMoral})
		}
		seq := 0
		teacher := func() int {
			seq++
			return person(fmt.Sprintf("t%s%03d", suffix, seq), womenShare)
		}
		for gi := range sc.grades {
			g := &sc.grades[gi]
			for ci := range g.classes {
				c := &g.classes[ci]
				var u int
				if si == 0 && g.level == demoLevel && c.number == demoClass {
					u = userTeacher
				} else {
					u = teacher()
				}
				c.staff = append(c.staff, pDuty{user: u, duty: auth.ClassTeacher})
			}
		}
		// Parallel classes of a grade share a timetable: 语文 and 数学
		// always, 英语 from grade 3 or another subject now and then. A
		// teacher of a main subject takes two classes of the grade; one of
		// a minor subject takes the whole grade.
		for gi := range sc.grades {
			g := &sc.grades[gi]
			subs := []string{"语文", "数学"}
			switch {
			case g.level >= 7:
				subs = append(subs, "英语")
			case g.level >= 3 && r.Float64() < 0.5:
				subs = append(subs, subjects[2+r.IntN(len(subjects)-2)])
			case g.level < 3 && r.Float64() < 0.5:
				subs = append(subs, subjects[4+r.IntN(len(subjects)-4)])
			}
			for _, sub := range subs {
				per := len(g.classes)
				if sub == "语文" || sub == "数学" || sub == "英语" {
					per = 2
				}
				for from := 0; from < len(g.classes); from += per {
					var u int
					if si == 0 && g.level == demoLevel && sub == demoSubject && from == 0 {
						u = userSubject
					} else {
						u = teacher()
					}
					for ci := from; ci < min(from+per, len(g.classes)); ci++ {
						g.classes[ci].staff = append(g.classes[ci].staff, pDuty{user: u, duty: auth.SubjectTeacher, subject: sub})
					}
				}
			}
		}
	}
}

// rates are one kind of school's probabilities of the special groups.
type rates struct {
	migrant, leftBehind, hardship float64
}

// Target shares of the special groups over the whole county.
const (
	rateLeftBehind = 0.15
	rateHardship   = 0.05
	rateMigrant    = 0.08
	rateDisabled   = 0.01
	rateOrphan     = 0.003
)

// groupRates returns the rates in urban and in rural schools so that, with
// urbanShare of the students in town, the county totals hit the targets:
// left-behind children are mostly rural, migrant workers' children mostly
// in the county seat, hardship somewhat more rural.
func groupRates(urbanShare float64) (urban, rural rates) {
	u, rr := urbanShare, 1-urbanShare
	const lbRatio, migRatio, hsRatio = 0.25, 6.0, 1.5 // urban rate / rural rate
	lb := rateLeftBehind / (rr + lbRatio*u)
	mig := rateMigrant / (rr + migRatio*u)
	hs := rateHardship / (rr + u/hsRatio)
	urban = rates{migrant: mig * migRatio, leftBehind: lb * lbRatio, hardship: hs / hsRatio}
	rural = rates{migrant: mig, leftBehind: lb, hardship: hs}
	// Left-behind and migrant exclude each other: raise the left-behind
	// rate among the others so that its share stays on target.
	urban.leftBehind /= 1 - urban.migrant
	rural.leftBehind /= 1 - rural.migrant
	return urban, rural
}

// studentGen draws students and their families.
type studentGen struct {
	r            *rand.Rand
	used         map[string]bool // identity numbers handed out
	urban, rural rates
}

// fillStudents draws the students of every class, with special-group
// rates chosen from the share of students in town.
func (p *plan) fillStudents(r *rand.Rand) {
	total, urban := 0, 0
	for _, sc := range p.schools {
		for _, g := range sc.grades {
			total += g.size
			if !sc.township.rural {
				urban += g.size
			}
		}
	}
	share := 0.0
	if total > 0 {
		share = float64(urban) / float64(total)
	}
	gen := &studentGen{r: r, used: map[string]bool{}}
	gen.urban, gen.rural = groupRates(share)
	for si := range p.schools {
		sc := &p.schools[si]
		for gi := range sc.grades {
			g := &sc.grades[gi]
			for ci := range g.classes {
				c := &g.classes[ci]
				for range c.size {
					c.students = append(c.students, gen.student(sc, g.level))
				}
			}
		}
	}
}

// chance reports true with probability p.
func (g *studentGen) chance(p float64) bool { return g.r.Float64() < p }

// student draws one student of a grade of sc, with their family.
func (g *studentGen) student(sc *pSchool, level int) pStudent {
	r := g.r
	rt := g.rural
	if !sc.township.rural {
		rt = g.urban
	}
	var st pStudent
	male := g.chance(0.52)
	st.gender = "女"
	if male {
		st.gender = "男"
	}
	family := surname(r)
	st.name = family + childName(r, male)

	gr := &st.groups
	gr.Orphan = g.chance(rateOrphan)
	if !gr.Orphan {
		gr.Migrant = g.chance(rt.migrant)
		gr.LeftBehind = !gr.Migrant && g.chance(rt.leftBehind)
	}
	if gr.Orphan {
		gr.Hardship = g.chance(0.6)
	} else {
		gr.Hardship = g.chance(rt.hardship)
	}
	gr.Disabled = g.chance(rateDisabled)

	// Born between 1 September and 31 August of the cohort's year; a few
	// started school a year late.
	cohort := currentYear - 6 - level
	if g.chance(0.04) {
		cohort--
	}
	start := calendar.D(cohort, time.September, 1)
	st.birth = calendar.AddDays(start, r.IntN(calendar.DaysBetween(start, calendar.D(cohort+1, time.September, 1))))

	region := regionCode
	if gr.Migrant && g.chance(0.5) {
		region = neighbourRegions[r.IntN(len(neighbourRegions))]
	}
	st.number = "G" + g.identityNumber(region, st.birth, male)

	home := sc.township
	if !gr.Migrant && g.chance(0.1) {
		home = townships[1+r.IntN(len(townships)-1)]
	}
	st.township = home.name
	if home.rural {
		t := slices.Index(townships, home)
		st.village = villageOf(t, r.IntN(villagesPerTownship))
		st.address = fmt.Sprintf("%s%s%d组", home.name, st.village, 1+r.IntN(12))
	} else {
		st.village = communities[r.IntN(len(communities))]
		st.address = fmt.Sprintf("%s%s%s%d号", home.name, st.village, streets[r.IntN(len(streets))], 1+r.IntN(180))
	}
	st.guardians = g.guardians(family, gr)
	return st
}

// identityNumber returns an unused 18-character identity number: region,
// birth date, a sequence whose last digit is odd for boys and even for
// girls, and the MOD 11-2 check character.
func (g *studentGen) identityNumber(region string, birth time.Time, male bool) string {
	for {
		seq := 2 * g.r.IntN(500)
		if male {
			seq++
		}
		if seq == 0 {
			continue
		}
		first := fmt.Sprintf("%s%s%03d", region, birth.Format("20060102"), seq)
		if g.used[first] {
			continue
		}
		g.used[first] = true
		c, err := idcard.CheckChar(first)
		if err != nil {
			panic(err) // unreachable: first is 17 digits
		}
		return first + string(c)
	}
}

// guardians returns the student's guardians in order of contact: usually
// the parents; for a left-behind child mostly a grandparent at home, with a
// parent working away second; for an orphan grandparents or another
// relative.
func (g *studentGen) guardians(family string, gr *store.SpecialGroups) []pGuardian {
	r := g.r
	mother := surname(r)
	person := func(rel string) pGuardian {
		var name string
		switch rel {
		case "父亲":
			name = family + adultName(r, "", false)
		case "母亲":
			name = mother + adultName(r, "", true)
		case "祖父":
			name = family + oldManNames[r.IntN(len(oldManNames))]
		case "外祖父":
			name = mother + oldManNames[r.IntN(len(oldManNames))]
		case "祖母", "外祖母":
			name = surname(r) + oldWomanNames[r.IntN(len(oldWomanNames))]
		case "伯父", "叔叔":
			name = family + adultName(r, "", false)
		case "姑姑":
			name = family + adultName(r, "", true)
		case "舅舅":
			name = mother + adultName(r, "", false)
		}
		return pGuardian{name: name, relation: rel, phone: mobile(r)}
	}
	grandparents := func() (string, string) {
		if g.chance(0.65) {
			if g.chance(0.6) {
				return "祖母", "祖父"
			}
			return "祖父", "祖母"
		}
		if g.chance(0.6) {
			return "外祖母", "外祖父"
		}
		return "外祖父", "外祖母"
	}
	switch {
	case gr.Orphan:
		if g.chance(0.7) {
			a, b := grandparents()
			out := []pGuardian{person(a)}
			if g.chance(0.4) {
				out = append(out, person(b))
			}
			return out
		}
		return []pGuardian{person([]string{"伯父", "叔叔", "姑姑", "舅舅"}[r.IntN(4)])}
	case gr.LeftBehind:
		if g.chance(0.75) {
			a, _ := grandparents()
			out := []pGuardian{person(a)}
			if g.chance(0.9) {
				out = append(out, person([]string{"父亲", "母亲"}[r.IntN(2)]))
			}
			return out
		}
		// One parent stays at home, the other works away.
		if g.chance(0.8) {
			return []pGuardian{person("母亲"), person("父亲")}
		}
		return []pGuardian{person("父亲"), person("母亲")}
	}
	first, second := "母亲", "父亲"
	if g.chance(0.45) {
		first, second = second, first
	}
	out := []pGuardian{person(first)}
	if g.chance(0.75) {
		out = append(out, person(second))
	}
	return out
}

// surnameTotal is the sum of the surname weights.
var surnameTotal = func() int {
	n := 0
	for _, s := range surnames {
		n += s.weight
	}
	return n
}()

// surname draws a surname by weight.
func surname(r *rand.Rand) string {
	x := r.IntN(surnameTotal)
	for _, s := range surnames {
		if x < s.weight {
			return s.name
		}
		x -= s.weight
	}
	panic("demo: unreachable")
}

// childName draws a child's given name: a popular full name now and then,
// otherwise one or two characters.
func childName(r *rand.Rand, male bool) string {
	chars, names := girlChars, girlNames
	if male {
		chars, names = boyChars, boyNames
	}
	switch x := r.Float64(); {
	case x < 0.15:
		return string(chars[r.IntN(len(chars))])
	case x < 0.35:
		return names[r.IntN(len(names))]
	}
	return twoChars(r, chars)
}

// adultName draws an adult's name; with family "" it returns only the
// given name.
func adultName(r *rand.Rand, family string, woman bool) string {
	chars := manChars
	if woman {
		chars = womanChars
	}
	if r.Float64() < 0.3 {
		return family + string(chars[r.IntN(len(chars))])
	}
	return family + twoChars(r, chars)
}

// twoChars draws two different characters.
func twoChars(r *rand.Rand, chars []rune) string {
	a := r.IntN(len(chars))
	b := r.IntN(len(chars) - 1)
	if b >= a {
		b++
	}
	return string([]rune{chars[a], chars[b]})
}

// mobile draws an 11-digit mobile number.
func mobile(r *rand.Rand) string {
	return fmt.Sprintf("%s%08d", mobilePrefixes[r.IntN(len(mobilePrefixes))], r.IntN(100_000_000))
}
