//go:build bench

package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func init() {
	matrixParts = append(matrixParts, func(*harness, fixtures) map[string]matrixCase {
		return map[string]matrixCase{
			"GET /bench/yardstick":  {path: "/bench/yardstick", want: signedIn(http.StatusOK)},
			"POST /bench/yardstick": {path: "/bench/yardstick", form: url.Values{}, want: signedIn(http.StatusBadRequest)},
		}
	})
}

// TestYardstick: in a bench build the reference page renders its rows for a
// signed-in user and the reference POST redirects.
func TestYardstick(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	if r := h.client().get("/bench/yardstick"); r.status != http.StatusSeeOther {
		t.Errorf("anonymous yardstick: %d", r.status)
	}
	c := h.as("teacher")
	page := c.get("/bench/yardstick")
	if page.status != http.StatusOK || strings.Count(page.body, "<tr>") != 1+3 {
		t.Errorf("yardstick page: %d, %d rows", page.status, strings.Count(page.body, "<tr>")-1)
	}
	if r := c.post("/bench/yardstick", url.Values{"form_token": {"0123456789abcdef0123456789abcdef"}}); r.status != http.StatusSeeOther {
		t.Errorf("yardstick post: %d", r.status)
	}
}
