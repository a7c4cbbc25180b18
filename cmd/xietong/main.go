// Command xietong is the whole application in one binary: the web server,
// migrations, demo data and account administration.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "xietong:", err)
		os.Exit(1)
	}
}

// run dispatches to a subcommand. It takes its environment as arguments so
// that tests can drive it like a user at a terminal.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return cmdServe(ctx, args, getenv, stdout, stderr)
	case "migrate":
		return cmdMigrate(ctx, args, getenv, stdout)
	case "seed":
		return cmdSeed(ctx, args, getenv, stdout)
	case "user":
		return cmdUser(ctx, args, getenv, stdout)
	case "import":
		return cmdImport(ctx, args, getenv, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q; run 'xietong help'", cmd)
}

const usage = `xietong — 学校家庭社会协同育人工作平台

Usage:
  xietong [serve] [flags]              run the web server (migrates first)
  xietong migrate up|down|status       apply, roll back one, or list migrations
  xietong seed demo [--if-empty]       load the deterministic demo county
  xietong user create --username U --name 姓名 [--county-name XX县]
                                       create an account with a one-time password
  xietong user passwd --username U     reset a password to a new one-time password
  xietong user assign --username U --role ROLE [--school CODE] [--office OFFICE]
                                       give a role (admin, bureau_leader, supervisor,
                                       bureau_staff, school_leader, school_office)
  xietong import students|staff --school CODE [--dry-run] FILE
                                       import a school's roster (.xlsx or .csv) with the
                                       checks of the upload page: errors are listed with
                                       row, column and reason and nothing is written (exit
                                       status 1); --dry-run only checks and reports
  xietong help                         this text

Configuration (environment variable, or the flag of the same name):
  DATABASE_URL    --database-url    PostgreSQL URL, e.g. postgres://user@127.0.0.1:5432/xietong
                                    (required)
  ADDR            --addr            listen address (default 127.0.0.1:8080)
  SESSION_SECURE  --session-secure  true behind TLS: Secure, __Host- session cookies
                                    and HSTS
                                    (default false)
  TRUSTED_PROXIES --trusted-proxies the reverse proxies, as addresses or CIDRs separated by
                                    commas (e.g. 10.0.0.0/8): only from them are
                                    X-Forwarded-For and X-Real-IP believed (default none)
  LOG_LEVEL       --log-level       debug, info, warn or error (default info)

Offices for school_office: moral 德育处, safety 安全办, academic 教务处, league 校团委,
union 工会, growth 学生成长发展中心, general 办公室.
`
