package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"runtime/debug"
	"time"

	"xietong/internal/clientip"
	"xietong/internal/database"
	"xietong/internal/server"
	"xietong/internal/store"
)

func cmdServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var pprofAddr string
	c, _, err := parse("serve", args, getenv, func(fs *flag.FlagSet) {
		if benchFlags != nil {
			benchFlags(fs, &pprofAddr)
		}
	})
	if err != nil {
		return err
	}
	log, err := c.logger(stderr)
	if err != nil {
		return err
	}
	proxies, err := clientip.Parse(c.TrustedProxies)
	if err != nil {
		return fmt.Errorf("TRUSTED_PROXIES: %w", err)
	}
	tuneGC(getenv)
	pool, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer pool.Close()
	// Two instances starting together serialise on goose's advisory lock.
	if err := database.Migrate(ctx, pool); err != nil {
		return err
	}
	st := store.New(pool)
	srv := server.New(server.Config{SessionSecure: c.SessionSecure, TrustedProxies: proxies}, st, log)
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", c.Addr, err)
	}
	go sweepSessions(ctx, st, log)
	if pprofAddr != "" && servePprof != nil {
		if err := servePprof(pprofAddr); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "协同育人 is serving on http://%s  (Ctrl-C to stop)\n", ln.Addr())
	log.Info("serving", "addr", ln.Addr().String())
	return srv.Serve(ctx, ln, srv.Handler())
}

// benchFlags and servePprof exist only in a binary built with -tags bench
// (serve_bench.go): the profiler is never compiled into production.
var (
	benchFlags func(fs *flag.FlagSet, pprofAddr *string)
	servePprof func(addr string) error
)

// sweepSessions deletes expired sessions, old form tokens and the data of
// unconfirmed roster uploads every ten minutes.
func sweepSessions(ctx context.Context, st *store.Store, log interface{ Warn(string, ...any) }) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := st.DeleteExpiredSessions(ctx); err != nil {
				log.Warn("session sweep failed", "err", err.Error())
			}
			if err := st.DeleteOldFormTokens(ctx); err != nil {
				log.Warn("form token sweep failed", "err", err.Error())
			}
			// Unconfirmed roster uploads hold a school's roster: cleared
			// after store.ImportTTL.
			if _, err := st.ExpireRosterImports(ctx); err != nil {
				log.Warn("roster import sweep failed", "err", err.Error())
			}
		}
	}
}

// serveGCPercent is the server's garbage-collection target unless GOGC says
// otherwise. Go's default (100) collected the county-scale bench's heap
// about ten times a second, an eighth of the CPU of a ledger page; at 200
// the collector runs half as often and the server's peak grew from 80 to
// about 100 MB at 16 users, within its 150 MB budget.
const serveGCPercent = 200

// tuneGC applies serveGCPercent when the environment leaves GOGC unset (the
// runtime has already applied one that is set) and returns the percentage
// in force.
func tuneGC(getenv func(string) string) int {
	if getenv("GOGC") != "" {
		p := debug.SetGCPercent(-1)
		debug.SetGCPercent(p)
		return p
	}
	debug.SetGCPercent(serveGCPercent)
	return serveGCPercent
}
