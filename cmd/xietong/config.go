package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"

	"xietong/internal/database"
)

// config is the environment with flags on top.
type config struct {
	DatabaseURL   string
	Addr          string
	SessionSecure bool
	// TrustedProxies: the reverse proxies whose forwarding headers name
	// the client (TRUSTED_PROXIES, comma-separated addresses or CIDRs).
	TrustedProxies string
	LogLevel       string
}

// flags registers the shared configuration flags on fs, defaulting to the
// environment.
func (c *config) flags(fs *flag.FlagSet, getenv func(string) string) {
	def := func(key, fallback string) string {
		if v := getenv(key); v != "" {
			return v
		}
		return fallback
	}
	secure, _ := strconv.ParseBool(def("SESSION_SECURE", "false"))
	fs.StringVar(&c.DatabaseURL, "database-url", getenv("DATABASE_URL"), "PostgreSQL URL (DATABASE_URL)")
	fs.StringVar(&c.Addr, "addr", def("ADDR", "127.0.0.1:8080"), "listen address (ADDR)")
	fs.BoolVar(&c.SessionSecure, "session-secure", secure, "served over TLS (directly or behind a TLS proxy): Secure cookies and HSTS (SESSION_SECURE)")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", getenv("TRUSTED_PROXIES"), "reverse proxies (addresses or CIDRs, comma-separated) whose X-Forwarded-For and X-Real-IP are believed (TRUSTED_PROXIES)")
	fs.StringVar(&c.LogLevel, "log-level", def("LOG_LEVEL", "info"), "debug, info, warn or error (LOG_LEVEL)")
}

func (c *config) logger(w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(strings.ToUpper(c.LogLevel))); err != nil {
		return nil, fmt.Errorf("LOG_LEVEL %q: want debug, info, warn or error", c.LogLevel)
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level})), nil
}

func (c *config) open(ctx context.Context) (*pgxpool.Pool, error) {
	return c.openWith(ctx, database.Options{})
}

// openWith opens a pool with opt's limits.
func (c *config) openWith(ctx context.Context, opt database.Options) (*pgxpool.Pool, error) {
	if c.DatabaseURL == "" {
		return nil, errors.New("DATABASE_URL is not set (or pass --database-url); see 'xietong help'")
	}
	return database.Open(ctx, c.DatabaseURL, opt)
}

// parse parses args with the shared flags plus extra ones.
func parse(name string, args []string, getenv func(string) string, extra func(*flag.FlagSet)) (*config, *flag.FlagSet, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c := &config{}
	c.flags(fs, getenv)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, nil, fmt.Errorf("%s: %w; run 'xietong help'", name, err)
	}
	return c, fs, nil
}
