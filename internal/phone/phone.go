// Package phone checks the phone numbers people type for a guardian: a
// mainland mobile number (11 digits starting with 1) or a landline with its
// area code (0851-8612345). It is pure so that forms and imports share it.
package phone

import "strings"

// Normalize returns s without the spaces and separators people type
// ("138 0000 1234", "0851－8612345"), with a landline written as
// area-number, and whether it is a valid number. An empty s is not valid;
// callers decide whether a phone is required.
func Normalize(s string) (string, bool) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '０' && r <= '９': // full-width digits from a Chinese IME
			b.WriteRune('0' + (r - '０'))
		case r == ' ' || r == '\u3000' || r == '-' || r == '－' || r == '—' || r == '(' || r == ')' || r == '（' || r == '）':
			// separators
		default:
			return s, false
		}
	}
	d := b.String()
	switch {
	case len(d) == 11 && d[0] == '1':
		return d, true
	case len(d) >= 10 && len(d) <= 12 && d[0] == '0' && d[1] != '0':
		// Area codes are 3 digits (010, 020–029) or 4 (0851 …); the local
		// number 7 or 8 digits.
		area := 4
		if d[1] == '1' || d[1] == '2' {
			area = 3
		}
		if local := len(d) - area; local == 7 || local == 8 {
			return d[:area] + "-" + d[area:], true
		}
	}
	return s, false
}
