package idcard

import (
	"testing"
	"time"
)

func TestValid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		id   string
		want bool
	}{
		{"11010519491231002X", true}, // the example of GB 11643-1999
		{"11010519491231002x", false},
		{"110105194912310021", false},
		{"440524188001010014", true},
		{"440524188001010015", false},
		{"52230120190901001", false},   // 17 characters
		{"5223012019090100110", false}, // 19 characters
		{"52230A201909010011", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := Valid(tt.id); got != tt.want {
			t.Errorf("Valid(%q) = %v, want %v", tt.id, got, tt.want)
		}
	}
}

func TestCheckChar(t *testing.T) {
	t.Parallel()
	tests := []struct {
		first17 string
		want    byte
	}{
		{"11010519491231002", 'X'},
		{"44052418800101001", '4'},
		{"00000000000000000", '1'},
	}
	for _, tt := range tests {
		got, err := CheckChar(tt.first17)
		if err != nil || got != tt.want {
			t.Errorf("CheckChar(%q) = %q, %v; want %q", tt.first17, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "1101051949123100", "1101051949123100a"} {
		if _, err := CheckChar(bad); err == nil {
			t.Errorf("CheckChar(%q): no error", bad)
		}
	}
}

func TestBirthDateAndSex(t *testing.T) {
	t.Parallel()
	d, err := BirthDate("11010519491231002X")
	if err != nil || !d.Equal(time.Date(1949, 12, 31, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("BirthDate = %v, %v", d, err)
	}
	if Male("11010519491231002X") {
		t.Error("sequence 002 is a woman")
	}
	if !Male("440524188001010014") {
		t.Error("sequence 001 is a man")
	}
	c, _ := CheckChar("11010519491331002")
	if _, err := BirthDate("11010519491331002" + string(c)); err == nil {
		t.Error("month 13 accepted")
	}
}
