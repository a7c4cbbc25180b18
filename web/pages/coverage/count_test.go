package coverage

import (
	"bytes"
	"context"
	"testing"
)

// TestCount: a count renders as its decimal digits, nothing else.
func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 1351: "1351", -3: "-3", 1000000: "1000000"} {
		var b bytes.Buffer
		if err := count(n).Render(context.Background(), &b); err != nil || b.String() != want {
			t.Errorf("count(%d) = %q, %v; want %q", n, b.String(), err, want)
		}
	}
}
