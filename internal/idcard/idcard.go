// Package idcard computes and checks the check character of an 18-character
// citizen identity number (居民身份证号码, GB 11643-1999): six digits of
// region, eight of birth date, three of sequence (odd for men, even for
// women) and a check character computed with ISO 7064 MOD 11-2. A 学籍号 is
// "G" followed by such a number, so the student register and any import of
// it can reject a mistyped number before it reaches the database.
//
// The package is pure: only the standard library.
package idcard

import (
	"errors"
	"time"
)

// weights are 2^(17-i) mod 11 for the 17 leading digits.
var weights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// checkChars maps the weighted sum mod 11 to the check character.
const checkChars = "10X98765432"

// ErrFormat is returned for input that is not 17 ASCII digits.
var ErrFormat = errors.New("idcard: want 17 digits")

// CheckChar returns the check character ('0'–'9' or 'X') for the first 17
// digits of an identity number.
func CheckChar(first17 string) (byte, error) {
	if len(first17) != 17 {
		return 0, ErrFormat
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := first17[i]
		if c < '0' || c > '9' {
			return 0, ErrFormat
		}
		sum += int(c-'0') * weights[i]
	}
	return checkChars[sum%11], nil
}

// Valid reports whether id is 17 digits followed by the right check
// character. The check character must be an upper-case X where one is due,
// as the standard writes it; callers that accept typed input should
// upper-case it first.
func Valid(id string) bool {
	if len(id) != 18 {
		return false
	}
	c, err := CheckChar(id[:17])
	return err == nil && id[17] == c
}

// BirthDate returns the birth date encoded in a valid identity number, as a
// civil date at 00:00 UTC (the representation of package calendar).
func BirthDate(id string) (time.Time, error) {
	if !Valid(id) {
		return time.Time{}, errors.New("idcard: invalid number")
	}
	d, err := time.ParseInLocation("20060102", id[6:14], time.UTC)
	if err != nil {
		return time.Time{}, errors.New("idcard: invalid birth date")
	}
	return d, nil
}

// Male reports whether the sequence digit (the 17th) marks a man: odd for
// men, even for women.
func Male(id string) bool {
	return len(id) >= 17 && (id[16]-'0')%2 == 1
}
