// Package parents holds the pure rules of the school's work with parents
// (county plan 三(四), 三(五), 四(二); duties R06–R13 and R22): what makes a
// class or school parent committee valid, the states of a parent's opinion
// and the share answered, which quarters and special groups still lack
// family-education guidance, and when a bureau lecture was forwarded late.
// No SQL, no HTTP.
package parents

import "strconv"

// Member is one member of a class parent committee (班级家长委员会).
type Member struct {
	Name string
	// GuardianID is the guardian record the member was picked from; 0 for a
	// person named by hand (with a phone).
	GuardianID int64
	// Phone: the member's phone as stored (normalised); two members with
	// the same phone are the same person, e.g. the one parent of twins
	// named once through each child.
	Phone string
	Head  bool
	// ChildLeft: the member's child is no longer enrolled in the class
	// (transferred or left school), e.g. after the new school year.
	ChildLeft bool
}

// ClassCommitteeProblems lists, in Chinese, what keeps a class committee
// from meeting R06 ("明确家委会负责人1名"): no members, no head or more than
// one, the same guardian twice, a member whose child has left. Nil means
// the committee is valid.
func ClassCommitteeProblems(members []Member) []string {
	if len(members) == 0 {
		return []string{"尚未组建班级家长委员会"}
	}
	var out []string
	heads := 0
	seen, phones := map[int64]bool{}, map[string]bool{}
	for _, m := range members {
		if m.Head {
			heads++
		}
		if (m.GuardianID != 0 && seen[m.GuardianID]) || (m.Phone != "" && phones[m.Phone]) {
			out = append(out, "成员 "+m.Name+" 重复")
		}
		if m.GuardianID != 0 {
			seen[m.GuardianID] = true
		}
		if m.Phone != "" {
			phones[m.Phone] = true
		}
		if m.ChildLeft {
			out = append(out, "成员 "+m.Name+" 的孩子已不在本班")
		}
	}
	switch {
	case heads == 0:
		out = append([]string{"未指定负责人"}, out...)
	case heads > 1:
		out = append([]string{strconv.Itoa(heads) + " 名负责人"}, out...)
	}
	return out
}

// AlreadyMember says, in Chinese, why candidate cannot join a committee of
// members: the same guardian, or the same phone, is there already. "" means
// it may.
func AlreadyMember(members []Member, candidate Member) string {
	for _, m := range members {
		if (candidate.GuardianID != 0 && m.GuardianID == candidate.GuardianID) || (candidate.Phone != "" && m.Phone == candidate.Phone) {
			return m.Name + " 已是本班家委会成员"
		}
	}
	return ""
}

// HeadMustBeMember is the refusal when the head named is not one of the
// committee's members (a stale form, or a member removed meanwhile).
const HeadMustBeMember = "负责人须是本委员会的成员"

// RepsPerDivision and HeadsPerDivision are the plan's make-up of the school
// parent committee: "各年级（年级部）选出3位家长代表 … 明确3位家委会负责人
// （每个年级部1人）".
const (
	RepsPerDivision  = 3
	HeadsPerDivision = 1
)

// Division is a grade division (年级部) of the school.
type Division struct {
	ID   int64
	Name string
}

// Rep is a representative on the school parent committee.
type Rep struct {
	DivisionID int64
	Name       string
	Head       bool
}

// SchoolCommitteeProblems lists what keeps a school committee from meeting
// R07, division by division in the school's order: "初中部 缺 1 名代表",
// "初中部 多 1 名代表", "小学部 无负责人", "小学部 2 名负责人", and a
// representative of a division the school no longer has. A school without
// divisions cannot meet it: "学校尚未设置年级部". Nil means valid.
func SchoolCommitteeProblems(divisions []Division, reps []Rep) []string {
	if len(divisions) == 0 {
		return []string{"学校尚未设置年级部"}
	}
	count, heads := map[int64]int{}, map[int64]int{}
	known := map[int64]bool{}
	for _, d := range divisions {
		known[d.ID] = true
	}
	var out []string
	for _, r := range reps {
		if !known[r.DivisionID] {
			out = append(out, "代表 "+r.Name+" 所在年级部已撤销")
			continue
		}
		count[r.DivisionID]++
		if r.Head {
			heads[r.DivisionID]++
		}
	}
	var byDivision []string
	for _, d := range divisions {
		switch n := count[d.ID]; {
		case n < RepsPerDivision:
			byDivision = append(byDivision, d.Name+" 缺 "+strconv.Itoa(RepsPerDivision-n)+" 名代表")
		case n > RepsPerDivision:
			byDivision = append(byDivision, d.Name+" 多 "+strconv.Itoa(n-RepsPerDivision)+" 名代表")
		}
		switch h := heads[d.ID]; {
		case h == 0:
			byDivision = append(byDivision, d.Name+" 无负责人")
		case h > HeadsPerDivision:
			byDivision = append(byDivision, d.Name+" "+strconv.Itoa(h)+" 名负责人")
		}
	}
	return append(byDivision, out...)
}
