package privacy

import "testing"

func TestMaskPhone(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"":               "",
		"1":              "*",
		"12":             "**",
		"0851234":        "*****34",
		"13812345678":    "138****5678",
		"+8613812345678": "+86****5678",
	}
	for in, want := range cases {
		if got := MaskPhone(in); got != want {
			t.Errorf("MaskPhone(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMaskAddress(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"":            "",
		"城关镇":         "城关镇",
		"城关镇东街村3组12号": "城关镇东街村****",
	}
	for in, want := range cases {
		if got := MaskAddress(in); got != want {
			t.Errorf("MaskAddress(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMaskStudentNumber(t *testing.T) {
	for in, want := range map[string]string{
		"G522425201203150012": "G522425********0012",
		"20260012":            "****0012",
		"1234":                "1234",
		"":                    "",
	} {
		if got := MaskStudentNumber(in); got != want {
			t.Errorf("MaskStudentNumber(%q) = %q, want %q", in, got, want)
		}
	}
}
