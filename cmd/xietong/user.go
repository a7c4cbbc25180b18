package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"xietong/internal/auth"
	"xietong/internal/store"
)

// cmdUser is how the first administrator of a real install is made: there
// are no default accounts, and every password it prints is one-time (the
// user must change it at first sign-in).
func cmdUser(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("user: want create, passwd or assign; run 'xietong help'")
	}
	action := args[0]
	var username, name, countyName, role, schoolCode, office string
	c, _, err := parse("user "+action, args[1:], getenv, func(fs *flag.FlagSet) {
		fs.StringVar(&username, "username", "", "username")
		fs.StringVar(&name, "name", "", "display name")
		fs.StringVar(&countyName, "county-name", "", "county name, when the database has no county yet")
		fs.StringVar(&role, "role", "", "role to assign")
		fs.StringVar(&schoolCode, "school", "", "school code, for school roles")
		fs.StringVar(&office, "office", "", "office, for school_office")
	})
	if err != nil {
		return err
	}
	if username == "" {
		return fmt.Errorf("user %s: --username is required", action)
	}
	pool, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer pool.Close()
	st := store.New(pool)
	switch action {
	case "create":
		if name == "" {
			return errors.New("user create: --name is required")
		}
		pw, hash, err := oneTimePassword(ctx)
		if err != nil {
			return err
		}
		err = st.InTx(ctx, func(tx *store.Store) error {
			countyID, err := tx.EnsureCounty(ctx, countyName)
			if err != nil {
				return err
			}
			id, err := tx.CreateUser(ctx, store.NewUser{CountyID: countyID, Username: username, DisplayName: name, PasswordHash: hash, MustChangePassword: true})
			if err != nil {
				return err
			}
			return tx.Audit(ctx, store.AuditEvent{ActorName: "cli", Action: "user.create", ObjectType: "user", ObjectID: &id, Result: store.ResultSuccess})
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created %s; one-time password: %s (must be changed at first sign-in)\n", username, pw)
	case "passwd":
		pw, hash, err := oneTimePassword(ctx)
		if err != nil {
			return err
		}
		err = st.InTx(ctx, func(tx *store.Store) error {
			u, err := tx.UserByUsername(ctx, username)
			if err != nil {
				return err
			}
			if err := tx.SetPassword(ctx, u.ID, hash, true); err != nil {
				return err
			}
			if err := tx.EndUserSessions(ctx, u.ID, ""); err != nil {
				return err
			}
			return tx.Audit(ctx, store.AuditEvent{ActorName: "cli", Action: "user.passwd", ObjectType: "user", ObjectID: &u.ID, Result: store.ResultSuccess})
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "new one-time password for %s: %s (must be changed at next sign-in)\n", username, pw)
	case "assign":
		r := auth.Role(role)
		if !r.Valid() || r.Teacher() {
			return fmt.Errorf("user assign: --role %q: want admin, bureau_leader, supervisor, bureau_staff, school_leader or school_office", role)
		}
		if r == auth.SchoolOffice && !auth.Office(office).Valid() {
			return fmt.Errorf("user assign: --office %q: want moral, safety, academic, league, union, growth or general", office)
		}
		err = st.InTx(ctx, func(tx *store.Store) error {
			u, err := tx.UserByUsername(ctx, username)
			if err != nil {
				return err
			}
			var schoolID int64
			if !r.County() {
				if schoolCode == "" {
					return fmt.Errorf("user assign: --school is required for %s", role)
				}
				sc, err := tx.SchoolByCode(ctx, u.CountyID, schoolCode)
				if err != nil {
					return err
				}
				schoolID = sc.ID
			}
			var off auth.Office
			if r == auth.SchoolOffice {
				off = auth.Office(office)
			}
			id, err := tx.AssignRole(ctx, u.ID, r, schoolID, off)
			if err != nil {
				return err
			}
			return tx.Audit(ctx, store.AuditEvent{ActorName: "cli", Action: "user.assign", ObjectType: "role_assignment", ObjectID: &id,
				Result: store.ResultSuccess, Details: map[string]any{"user_id": u.ID, "role": role}})
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "assigned %s to %s\n", role, username)
	default:
		return fmt.Errorf("user: unknown action %q; want create, passwd or assign", action)
	}
	return nil
}

// oneTimePassword makes a random password that meets the policy.
func oneTimePassword(ctx context.Context) (plain, hash string, err error) {
	if plain, err = auth.OneTimePassword(); err != nil {
		return "", "", err
	}
	hash, err = auth.HashPassword(ctx, plain)
	return plain, hash, err
}
