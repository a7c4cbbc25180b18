// Package server is Xietong's HTTP layer: the one route table, middleware,
// and thin handlers (one file per area and action) that ask the auth policy,
// call the store, and render templ view models.
package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/alexedwards/scs/v2"

	"xietong/internal/calendar"
	"xietong/internal/clientip"
	"xietong/internal/store"
)

// Config holds what the server needs beyond the store. Zero durations take
// the defaults of security.md R3 (30 min idle, 10 h absolute).
type Config struct {
	// SessionSecure says the app is reached over TLS (directly or through a
	// TLS-terminating proxy): Secure __Host- cookies and HSTS.
	SessionSecure   bool
	SessionIdle     time.Duration
	SessionLifetime time.Duration
	// LoginPerMinute limits sign-in posts per client IP. A whole school
	// shares one IP, so it is loose; the real control is the per-account
	// lockout kept in the database.
	LoginPerMinute int
	// OpinionsPerMinute limits parents' opinion posts through a meeting's
	// link per client IP (parents at one meeting may share the school's
	// network, so it is loose; each phone's own cap is in the database).
	OpinionsPerMinute int
	// TrustedProxies are the reverse proxies whose X-Forwarded-For and
	// X-Real-IP name the client (for the audit log and the sign-in limit);
	// from any other peer those headers are ignored.
	TrustedProxies clientip.Proxies
	// DrainDelay: after a shutdown signal, /readyz answers 503 for this long
	// before the listener closes, so that a load balancer stops sending.
	DrainDelay time.Duration
	// Now is the clock (tests move it); nil means time.Now.
	Now func() time.Time
}

func (c Config) withDefaults() Config {
	if c.SessionIdle == 0 {
		c.SessionIdle = 30 * time.Minute
	}
	if c.SessionLifetime == 0 {
		c.SessionLifetime = 10 * time.Hour
	}
	if c.LoginPerMinute == 0 {
		c.LoginPerMinute = 120
	}
	if c.OpinionsPerMinute == 0 {
		c.OpinionsPerMinute = 60
	}
	if c.DrainDelay == 0 {
		c.DrainDelay = 3 * time.Second
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// Server is the application: its handlers are methods.
type Server struct {
	cfg      Config
	store    *store.Store
	sessions *scs.SessionManager
	log      *slog.Logger
	ready    atomic.Bool

	countyMu sync.Mutex
	counties map[int64]countyInfo

	// The compliance catalogue, read by every duty page and the teacher's
	// home, cached like the county's calendar (s.catalogue).
	catMu       sync.Mutex
	cat         catalogue
	catLoadedAt time.Time
}

// countyInfo is cached for a minute: the calendar and the county's name are
// read on every request and change a few times a year.
type countyInfo struct {
	name     string
	cal      calendar.Calendar
	loadedAt time.Time
}

// New builds a server over st.
func New(cfg Config, st *store.Store, log *slog.Logger) *Server {
	cfg = cfg.withDefaults()
	s := &Server{cfg: cfg, store: st, log: log, counties: map[int64]countyInfo{}}
	sm := scs.New()
	sm.Store = st.Sessions(min(cfg.SessionIdle/30, time.Minute))
	sm.IdleTimeout = cfg.SessionIdle
	sm.Lifetime = cfg.SessionLifetime
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Path = "/"
	// A session ends with the browser: office PCs are shared.
	sm.Cookie.Persist = false
	sm.Cookie.Secure = cfg.SessionSecure
	if cfg.SessionSecure {
		// The __Host- prefix pins the cookie to this host and path, over TLS.
		sm.Cookie.Name = "__Host-sid"
	} else {
		sm.Cookie.Name = "xietong_sid"
	}
	sm.ErrorFunc = s.serverError
	s.sessions = sm
	s.ready.Store(true)
	return s
}

// county returns the cached county information.
func (s *Server) county(ctx context.Context, countyID int64) (countyInfo, error) {
	s.countyMu.Lock()
	ci, ok := s.counties[countyID]
	s.countyMu.Unlock()
	if ok && time.Since(ci.loadedAt) < time.Minute {
		return ci, nil
	}
	name, err := s.store.CountyName(ctx, countyID)
	if err != nil {
		return countyInfo{}, err
	}
	cal, err := s.store.LoadCalendar(ctx, countyID)
	if err != nil {
		return countyInfo{}, err
	}
	ci = countyInfo{name: name, cal: cal, loadedAt: time.Now()}
	s.countyMu.Lock()
	s.counties[countyID] = ci
	s.countyMu.Unlock()
	return ci, nil
}

// today is the civil date in Asia/Shanghai.
func (s *Server) today() time.Time { return calendar.Today(s.cfg.Now()) }

// Serve serves h on ln until ctx ends, then drains: /readyz turns 503, and
// after DrainDelay the listener closes while in-flight requests finish.
func (s *Server) Serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.ready.Store(false)
	s.log.Info("shutting down", "drain", s.cfg.DrainDelay.String())
	time.Sleep(s.cfg.DrainDelay)
	shutCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
