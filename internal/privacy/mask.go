// Package privacy holds the masking rules for personal information shown in
// lists (docs/domain.md: "Phones and addresses are masked in lists").
package privacy

import (
	"strings"
	"unicode/utf8"
)

// MaskPhone keeps the first three and last four digits of a mobile number
// ("138****5678"); shorter numbers keep only their last two characters.
func MaskPhone(phone string) string {
	r := []rune(phone)
	switch {
	case len(r) == 0:
		return ""
	case len(r) >= 11:
		return string(r[:3]) + "****" + string(r[len(r)-4:])
	case len(r) > 2:
		return strings.Repeat("*", len(r)-2) + string(r[len(r)-2:])
	}
	return strings.Repeat("*", len(r))
}

// MaskAddress keeps the first six characters (township and village) and
// hides the rest.
func MaskAddress(addr string) string {
	const keep = 6
	if utf8.RuneCountInString(addr) <= keep {
		return addr
	}
	r := []rune(addr)
	return string(r[:keep]) + "****"
}

// MaskStudentNumber hides the middle of a 学籍号: a national number (G and
// the 18-character ID-card number) keeps its letter, the six-digit region
// and the last four characters ("G522425********1234"), so that a list can
// still be checked against a sheet, but the date of birth and sequence are
// gone; a shorter school number keeps its last four.
func MaskStudentNumber(n string) string {
	r := []rune(n)
	switch {
	case len(r) >= 15:
		return string(r[:7]) + strings.Repeat("*", len(r)-11) + string(r[len(r)-4:])
	case len(r) > 4:
		return strings.Repeat("*", len(r)-4) + string(r[len(r)-4:])
	}
	return n
}
