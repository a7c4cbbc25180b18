package codes

import (
	"slices"
	"testing"
)

func TestList(t *testing.T) {
	l := List{{"a", "甲"}, {"b", "乙"}}
	if got := l.Label("b"); got != "乙" {
		t.Errorf("Label(b) = %q", got)
	}
	if got := l.Label("zz"); got != "zz" {
		t.Errorf("Label of an unknown code = %q, want the code itself", got)
	}
	if !l.Valid("a") || l.Valid("c") || l.Valid("") {
		t.Error("Valid accepts only the list's codes")
	}
	if got := l.Codes(); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("Codes = %v", got)
	}
}
