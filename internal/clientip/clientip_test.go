package clientip

import (
	"net/http"
	"testing"
)

func TestParse(t *testing.T) {
	t.Parallel()
	ps, err := Parse(" 10.0.0.0/8, 192.168.1.10 ,::1,")
	if err != nil {
		t.Fatal(err)
	}
	if got := ps.String(); got != "10.0.0.0/8,192.168.1.10/32,::1/128" {
		t.Errorf("parsed %q", got)
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.internal", "10.0.0.1/8/2"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q): no error", bad)
		}
	}
	if ps, err := Parse(""); err != nil || len(ps) != 0 {
		t.Errorf("empty: %v %v", ps, err)
	}
}

func TestFrom(t *testing.T) {
	t.Parallel()
	ps, err := Parse("10.0.0.0/8, 192.168.1.10")
	if err != nil {
		t.Fatal(err)
	}
	hdr := func(kv ...string) http.Header {
		h := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			h.Add(kv[i], kv[i+1])
		}
		return h
	}
	for _, tc := range []struct {
		name    string
		proxies Proxies
		peer    string
		h       http.Header
		want    string
	}{
		{"no proxies: the peer, headers ignored", nil, "203.0.113.5:4000", hdr("X-Forwarded-For", "1.2.3.4", "X-Real-IP", "1.2.3.4"), "203.0.113.5"},
		{"untrusted peer: a forged XFF is ignored", ps, "203.0.113.5:4000", hdr("X-Forwarded-For", "1.2.3.4"), "203.0.113.5"},
		{"untrusted peer: a forged X-Real-IP is ignored", ps, "203.0.113.5:4000", hdr("X-Real-IP", "1.2.3.4"), "203.0.113.5"},
		{"trusted proxy: the client it names", ps, "10.1.2.3:4000", hdr("X-Forwarded-For", "198.51.100.7"), "198.51.100.7"},
		{"client-forged hops left of the real one are ignored", ps, "10.1.2.3:4000", hdr("X-Forwarded-For", "1.2.3.4, 198.51.100.7"), "198.51.100.7"},
		{"chain of trusted proxies is skipped", ps, "10.1.2.3:4000", hdr("X-Forwarded-For", "1.2.3.4, 198.51.100.7, 192.168.1.10, 10.9.9.9"), "198.51.100.7"},
		{"several header lines read as one list", ps, "10.1.2.3:4000", hdr("X-Forwarded-For", "1.2.3.4", "X-Forwarded-For", "198.51.100.7"), "198.51.100.7"},
		{"X-Real-IP without XFF", ps, "10.1.2.3:4000", hdr("X-Real-IP", "198.51.100.8"), "198.51.100.8"},
		{"XFF wins over X-Real-IP", ps, "10.1.2.3:4000", hdr("X-Forwarded-For", "198.51.100.7", "X-Real-IP", "1.2.3.4"), "198.51.100.7"},
		{"garbage hop: the last good address", ps, "10.1.2.3:4000", hdr("X-Forwarded-For", "198.51.100.7, not-an-ip"), "10.1.2.3"},
		{"garbage left of the client is not reached", ps, "10.1.2.3:4000", hdr("X-Forwarded-For", "junk, 198.51.100.7"), "198.51.100.7"},
		{"every hop a proxy: the leftmost", ps, "10.1.2.3:4000", hdr("X-Forwarded-For", "10.2.2.2, 10.3.3.3"), "10.2.2.2"},
		{"hop with a port", ps, "10.1.2.3:4000", hdr("X-Forwarded-For", "198.51.100.7:5555"), "198.51.100.7"},
		{"IPv6 hop", ps, "10.1.2.3:4000", hdr("X-Forwarded-For", "2001:db8::1"), "2001:db8::1"},
		{"trusted proxy without headers: the proxy", ps, "10.1.2.3:4000", hdr(), "10.1.2.3"},
		{"IPv4-mapped peer is matched", ps, "[::ffff:10.1.2.3]:4000", hdr("X-Forwarded-For", "198.51.100.7"), "198.51.100.7"},
		{"bare peer address", ps, "203.0.113.9", hdr("X-Forwarded-For", "1.2.3.4"), "203.0.113.9"},
	} {
		if got := tc.proxies.From(tc.peer, tc.h); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
