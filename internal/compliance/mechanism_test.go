package compliance

import (
	"slices"
	"testing"
)

func TestMechanismProblems(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name                       string
		leaders, deputies, members int
		want                       []string
	}{
		{"no group", 0, 0, 0, []string{"尚未建立学校工作领导小组"}},
		{"in place", 1, 1, 3, nil},
		{"leader and two members", 1, 0, 2, nil},
		{"no leader", 0, 1, 4, []string{"领导小组未设组长"}},
		{"two leaders", 2, 0, 3, []string{"领导小组有 2 名组长，应为 1 名"}},
		{"too small", 1, 0, 1, []string{"领导小组仅 2 人，至少应有组长和 2 名成员"}},
		{"a lone member", 0, 0, 1, []string{"领导小组未设组长", "领导小组仅 1 人，至少应有组长和 2 名成员"}},
	}
	for _, c := range cases {
		if got := MechanismProblems(c.leaders, c.deputies, c.members); !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
