package roster

import (
	"testing"

	"xietong/internal/idcard"
)

// idn completes 17 digits into a valid identity number.
func idn(t testing.TB, first17 string) string {
	t.Helper()
	c, err := idcard.CheckChar(first17)
	if err != nil {
		t.Fatalf("CheckChar(%q): %v", first17, err)
	}
	return first17 + string(c)
}

// wrongCheck returns id with a wrong check character.
func wrongCheck(id string) string {
	c := byte('0')
	if id[17] == '0' {
		c = '1'
	}
	return id[:17] + string(c)
}
