package phone

import "testing"

func TestNormalize(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"13800001234", "13800001234", true},
		{"138 0000 1234", "13800001234", true},
		{"138-0000-1234", "13800001234", true},
		{"１３８００００１２３４", "13800001234", true},
		{"19912345678", "19912345678", true},
		{"0851-8612345", "0851-8612345", true},
		{"085186123456", "0851-86123456", true},
		{"(0851)86123456", "0851-86123456", true},
		{"010-12345678", "010-12345678", true},
		{"02012345678", "020-12345678", true},
		{"", "", false},
		{"1380000123", "1380000123", false},     // 10 digits
		{"138000012345", "138000012345", false}, // 12 digits
		{"23800001234", "23800001234", false},   // not 1…
		{"8612345", "8612345", false},           // no area code
		{"0851-861234", "0851-861234", false},   // 6-digit local number
		{"00851-8612345", "00851-8612345", false},
		{"+8613800001234", "+8613800001234", false},
		{"138abc01234", "138abc01234", false},
	}
	for _, tc := range cases {
		got, ok := Normalize(tc.in)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("Normalize(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
