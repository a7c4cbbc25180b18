package compliance

import "strconv"

// MechanismProblems says why a school's working mechanism (R21, county
// plan 四(一): the school's 家庭社会协同育人工作领导小组) is not in place,
// from the number of its group's members in each position: it needs one
// 组长 (the school's head leads it) and at least two more members to share
// the work. None means it is in place.
func MechanismProblems(leaders, deputies, members int) []string {
	total := leaders + deputies + members
	if total == 0 {
		return []string{"尚未建立学校工作领导小组"}
	}
	var out []string
	switch {
	case leaders == 0:
		out = append(out, "领导小组未设组长")
	case leaders > 1:
		out = append(out, "领导小组有 "+strconv.Itoa(leaders)+" 名组长，应为 1 名")
	}
	if total < 3 {
		out = append(out, "领导小组仅 "+strconv.Itoa(total)+" 人，至少应有组长和 2 名成员")
	}
	return out
}
