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
	// Migrations first, on a pool of their own without the request limits.
	mp, err := c.open(ctx)
	if err != nil {
		return err
	}
	// Two instances starting together serialise on goose's advisory lock.
	err = database.Migrate(ctx, mp)
	mp.Close()
	if err != nil {
		return err
	}
	pool, err := c.openWith(ctx, requestLimits)
	if err != nil {
		return err
	}
	defer pool.Close()
	ctl, err := c.openWith(ctx, controlLimits)
	if err != nil {
		return err
	}
	defer ctl.Close()
	st := store.New(pool).WithControl(ctl)
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

// requestLimits bound the work of a request: a statement waits at most 2 s
// for a lock and runs at most 5 s, and either answers the Chinese 503 page
// (a table locked by a long import or by hand then costs its own pages a
// few seconds, not every connection of the pool). Imports and the
// roll-over lift them for their transaction (store.LongWork).
var requestLimits = database.Options{StatementTimeout: 5 * time.Second, LockTimeout: 2 * time.Second}

// controlLimits: the few connections every request's sign-in (session,
// user, assignments) and /readyz use, apart from request work
// (store.WithControl).
var controlLimits = database.Options{MaxConns: 4, StatementTimeout: 2 * time.Second, LockTimeout: time.Second}

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
