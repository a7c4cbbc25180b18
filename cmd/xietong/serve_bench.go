//go:build bench

package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
)

func init() {
	benchFlags = func(fs *flag.FlagSet, pprofAddr *string) {
		fs.StringVar(pprofAddr, "bench-pprof", "", "serve Go's profiler on this loopback address")
	}
	servePprof = servePprofOn
}

// servePprof serves net/http/pprof on a loopback address of its own, never
// on the application's router: `make bench` takes a CPU profile of each
// scenario through it when XIETONG_BENCH_PPROF is set.
func servePprofOn(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || !net.ParseIP(host).IsLoopback() {
		return fmt.Errorf("--bench-pprof %q: a loopback address is required", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	go func() { _ = http.Serve(ln, mux) }()
	return nil
}
