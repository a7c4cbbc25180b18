package importer

import (
	"context"
	"errors"
	"sync"
	"time"

	"xietong/internal/auth"
	"xietong/internal/roster"
	"xietong/internal/store"
)

// Account is a new staff account with its one-time password, shown once.
type Account struct {
	Row      int
	Name     string
	Username string
	Password string
}

// Passwords are the one-time passwords of the accounts a staff import will
// create, made before its transaction opens (argon2id takes a while, and
// the transaction should not wait for it).
type Passwords struct {
	plain  map[string]string
	hashes map[string]string
}

// MakePasswords plans the staff import pl into t and makes a one-time
// password for each account it would create.
func MakePasswords(ctx context.Context, st *store.Store, t Target, pl Payload) (*Passwords, error) {
	plan, err := st.PlanStaffImport(ctx, t.CountyID, t.SchoolID, t.SchoolCode, t.TermID, pl.Staff)
	if err != nil {
		return nil, err
	}
	pw := &Passwords{plain: map[string]string{}, hashes: map[string]string{}}
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		errs []error
	)
	for _, a := range plan.Accounts {
		plain, err := auth.OneTimePassword()
		if err != nil {
			return nil, err
		}
		wg.Go(func() {
			h, err := auth.HashPassword(ctx, plain)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
				return
			}
			pw.plain[a.Username], pw.hashes[a.Username] = plain, h
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return pw, nil
}

// Result is what an applied import did.
type Result struct {
	Rows                      int
	Added, Updated, Unchanged int
	ClassChanged              int
	ClassTeachersReplaced     int
	// Accounts are the staff accounts created, with their one-time
	// passwords (never stored in plain text).
	Accounts []Account
}

// Apply writes the payload of a confirmed import of kind k into t, all or
// nothing. Run it on the Store of the transaction that also writes the
// import's audit row. Students' class stays start (or change) on on. For
// staff, pw holds the passwords of the accounts to create (MakePasswords).
// A row the database now refuses is store.ErrImportConflict.
func Apply(ctx context.Context, tx *store.Store, t Target, k roster.Kind, pl Payload, pw *Passwords, on time.Time,
	progress func(done, total int)) (Result, error) {
	var res Result
	switch k {
	case roster.Students:
		plan, err := tx.ApplyStudentImport(ctx, t.CountyID, t.SchoolID, pl.Students, pl.Columns, on, progress)
		if err != nil {
			return res, err
		}
		res.Rows = len(pl.Students)
		res.Added, res.Updated, res.Unchanged, res.ClassChanged = plan.Added, plan.Updated, plan.Unchanged, plan.ClassChanged
	case roster.Staff:
		if pw == nil {
			pw = &Passwords{}
		}
		hashes := pw.hashes
		if hashes == nil {
			hashes = map[string]string{}
		}
		plan, err := tx.ApplyStaffImport(ctx, t.CountyID, t.SchoolID, t.SchoolCode, t.TermID, pl.Staff, hashes)
		if err != nil {
			return res, err
		}
		res.Rows = len(pl.Staff)
		res.Added, res.Updated, res.Unchanged, res.ClassTeachersReplaced = plan.Added, plan.Updated, plan.Unchanged, plan.ClassTeachersReplaced
		for _, a := range plan.Accounts {
			res.Accounts = append(res.Accounts, Account{Row: a.Row, Name: a.Name, Username: a.Username, Password: pw.plain[a.Username]})
		}
	}
	return res, nil
}

// AuditDetails are the counts an import's audit row records: no personal
// information, only numbers (docs/security.md R16).
func (r Result) AuditDetails(k roster.Kind, schoolID int64) map[string]any {
	return map[string]any{
		"kind": Code(k), "school_id": schoolID, "rows": r.Rows,
		"added": r.Added, "updated": r.Updated, "unchanged": r.Unchanged,
	}
}
