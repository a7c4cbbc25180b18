package grade

import "testing"

func TestNames(t *testing.T) {
	t.Parallel()
	cases := []struct {
		level, n int
		grade    string
		class    string
	}{
		{1, 1, "一年级", "一年级(1)班"},
		{3, 2, "三年级", "三年级(2)班"},
		{9, 12, "九年级", "九年级(12)班"},
		{10, 3, "高一", "高一(3)班"},
		{12, 1, "高三", "高三(1)班"},
	}
	for _, tc := range cases {
		if got := Name(tc.level); got != tc.grade {
			t.Errorf("Name(%d) = %q, want %q", tc.level, got, tc.grade)
		}
		if got := ClassName(tc.level, tc.n); got != tc.class {
			t.Errorf("ClassName(%d, %d) = %q, want %q", tc.level, tc.n, got, tc.class)
		}
	}
	for _, bad := range []int{0, 13, -1} {
		if Name(bad) != "" {
			t.Errorf("Name(%d) = %q, want empty", bad, Name(bad))
		}
	}
}

func TestGraduates(t *testing.T) {
	t.Parallel()
	cases := []struct {
		stage string
		level int
		grad  bool
		teach bool
	}{
		{"primary", 5, false, true},
		{"primary", 6, true, true},
		{"primary", 7, true, false},
		{"junior", 7, false, true},
		{"junior", 9, true, true},
		{"junior", 6, false, false},
		{"nine_year", 6, false, true},
		{"nine_year", 9, true, true},
		{"senior", 11, false, true},
		{"senior", 12, true, true},
		{"complete", 9, false, true},
		{"complete", 12, true, true},
		{"unknown", 3, true, false},
	}
	for _, tc := range cases {
		if got := Graduates(tc.stage, tc.level); got != tc.grad {
			t.Errorf("Graduates(%q, %d) = %v, want %v", tc.stage, tc.level, got, tc.grad)
		}
		if got := Teaches(tc.stage, tc.level); got != tc.teach {
			t.Errorf("Teaches(%q, %d) = %v, want %v", tc.stage, tc.level, got, tc.teach)
		}
	}
}
