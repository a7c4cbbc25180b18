//go:build !bench

package server

import (
	"strings"
	"testing"
)

// TestNoBenchRoutes: a build without -tags bench (production) has no
// benchmark route.
func TestNoBenchRoutes(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	if benchRoutes != nil {
		t.Error("benchRoutes is set in a build without -tags bench")
	}
	for _, k := range routeKeys(t, h.srv.Handler()) {
		if strings.Contains(k, "/bench/") {
			t.Errorf("route %s registered in a production build", k)
		}
	}
}
