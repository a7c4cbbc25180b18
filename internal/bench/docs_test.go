package bench

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteLatestFigures: the bench's report replaces what stands between
// the markers of a performance document and nothing else.
func TestWriteLatestFigures(t *testing.T) {
	p := filepath.Join(t.TempDir(), "performance.md")
	if err := os.WriteFile(p, []byte("# P\n\nbefore\n<!-- bench:begin -->\nold table\n<!-- bench:end -->\nafter\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeLatestFigures(p, "| new | table |\n"); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	s := string(b)
	if strings.Contains(s, "old table") || !strings.Contains(s, "| new | table |\n<!-- bench:end -->\nafter\n") || !strings.HasPrefix(s, "# P\n\nbefore\n<!-- bench:begin -->\nRun of ") {
		t.Errorf("document after the run:\n%s", s)
	}
	if err := os.WriteFile(p, []byte("no markers"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeLatestFigures(p, "x"); err == nil {
		t.Error("a document without markers is an error, not silently left alone")
	}
}
