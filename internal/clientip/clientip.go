// Package clientip finds the address a request came from when the app sits
// behind reverse proxies: X-Forwarded-For and X-Real-IP are believed only
// when the peer is one of the configured proxies, and then only up to the
// rightmost address that is not a proxy (everything left of it was written
// by the client and may be forged).
package clientip

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Proxies are the networks of the reverse proxies whose forwarding headers
// are trusted. The zero value trusts nobody: the peer is the client.
type Proxies []netip.Prefix

// Parse reads a comma-separated list of CIDRs or single addresses
// ("10.0.0.0/8, 192.168.1.10"), as TRUSTED_PROXIES holds it.
func Parse(s string) (Proxies, error) {
	var out Proxies
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q: not an address or CIDR", f)
			}
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: not an address or CIDR", f)
		}
		if p.Addr().Is4In6() {
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// String is the list as Parse reads it.
func (ps Proxies) String() string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.String()
	}
	return strings.Join(s, ",")
}

func (ps Proxies) trusted(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// Of is the client address of r: the peer, unless the peer is a trusted
// proxy; then the rightmost address of X-Forwarded-For that is not a
// trusted proxy, or X-Real-IP when there is no X-Forwarded-For.
func (ps Proxies) Of(r *http.Request) string {
	return ps.From(r.RemoteAddr, r.Header)
}

// From is Of for a peer address ("host:port" or a bare host) and headers.
func (ps Proxies) From(remoteAddr string, h http.Header) string {
	host := strings.TrimSpace(remoteAddr)
	if hp, _, err := net.SplitHostPort(host); err == nil {
		host = hp
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !ps.trusted(peer) {
		return host
	}
	client := peer.Unmap()
	if xff := h.Values("X-Forwarded-For"); len(xff) > 0 {
		hops := strings.Split(strings.Join(xff, ","), ",")
		for i := len(hops) - 1; i >= 0; i-- {
			a, err := parseHop(hops[i])
			if err != nil {
				// A hop our proxy would not write: keep the last good one.
				break
			}
			client = a
			if !ps.trusted(a) {
				break
			}
		}
		return client.String()
	}
	if a, err := parseHop(h.Get("X-Real-IP")); err == nil {
		return a.String()
	}
	return client.String()
}

// parseHop reads one forwarded address; some proxies add a port.
func parseHop(s string) (netip.Addr, error) {
	s = strings.TrimSpace(s)
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), nil
	}
	a, err := netip.ParseAddr(strings.Trim(s, "[]"))
	return a.Unmap(), err
}
