package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/activity"
	"xietong/internal/calendar"
)

// Base statuses: a base of the registry, or one a school proposed that
// waits for the bureau's approval.
const (
	BaseActive   = "active"
	BaseProposed = "proposed"
)

// Base is a practice base (社会实践基地) of the county's registry.
type Base struct {
	ID                 int64      `db:"id"`
	CountyID           int64      `db:"county_id"`
	Name               string     `db:"name"`
	Kind               string     `db:"kind"`
	Township           string     `db:"township"`
	Address            string     `db:"address"`
	ContactName        string     `db:"contact_name"`
	ContactPhone       string     `db:"contact_phone"`
	Capacity           *int       `db:"capacity"`
	SafetyNotes        string     `db:"safety_notes"`
	AgreementFrom      *time.Time `db:"agreement_from"`
	AgreementTo        *time.Time `db:"agreement_to"`
	Status             string     `db:"status"`
	ProposedBySchoolID *int64     `db:"proposed_by_school_id"`
	ProposedBySchool   string     `db:"proposed_by_school"`
	CreatedBy          int64      `db:"created_by"`
	CreatedAt          time.Time  `db:"created_at"`
	UpdatedAt          time.Time  `db:"updated_at"`
}

// BaseFields are the fields a base's form edits. The caller has checked
// the kind against activity.BaseKinds and the dates' order; the table's
// constraints hold them too.
type BaseFields struct {
	Name, Kind, Township, Address string
	ContactName, ContactPhone     string
	Capacity                      *int
	SafetyNotes                   string
	AgreementFrom, AgreementTo    time.Time // zero: open-ended
}

// NewBase is the input of CreateBase. Status is BaseActive (the bureau's
// own) or BaseProposed (a school's, ProposedBySchoolID its school).
type NewBase struct {
	BaseFields
	CountyID, CreatedBy, ProposedBySchoolID int64
	Status                                  string
}

// BaseFilter is the state of the registry's list.
type BaseFilter struct {
	CountyID int64
	Kind     string // a code of activity.BaseKinds, "" for every kind
	Township string // exact, "" for every township
	Q        string // part of the name
	// WithProposed: the proposals too (for those who approve them); else
	// active bases only.
	WithProposed bool
}

func nullDate(d time.Time) any {
	if d.IsZero() {
		return nil
	}
	return calendar.DateOf(d)
}

const baseColumns = `b.id, b.county_id, b.name, b.kind, b.township, b.address, b.contact_name, b.contact_phone,
	b.capacity, b.safety_notes, b.agreement_from, b.agreement_to, b.status, b.proposed_by_school_id,
	coalesce(sc.name, '') AS proposed_by_school, b.created_by, b.created_at, b.updated_at
	FROM practice_bases b LEFT JOIN schools sc ON sc.id = b.proposed_by_school_id`

// ListBases lists the county's bases that match f, by name.
func (s *Store) ListBases(ctx context.Context, f BaseFilter) ([]Base, error) {
	rows, err := s.db.Query(ctx, `SELECT `+baseColumns+`
		WHERE b.county_id = $1 AND ($2 = '' OR b.kind = $2) AND ($3 = '' OR b.township = $3)
		  AND ($4 = '' OR b.name ILIKE '%' || $4 || '%') AND ($5 OR b.status = 'active')
		ORDER BY b.name, b.id`, f.CountyID, f.Kind, f.Township, escapeLike(f.Q), f.WithProposed)
	if err != nil {
		return nil, fmt.Errorf("store: list bases: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Base])
	if err != nil {
		return nil, fmt.Errorf("store: list bases: %w", err)
	}
	return out, nil
}

// BaseTownships lists the townships the county's bases are in, for the
// list's filter.
func (s *Store) BaseTownships(ctx context.Context, countyID int64) ([]string, error) {
	rows, err := s.db.Query(ctx, `
		SELECT DISTINCT township FROM practice_bases WHERE county_id = $1 AND township <> '' ORDER BY township`, countyID)
	if err != nil {
		return nil, fmt.Errorf("store: base townships: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("store: base townships: %w", err)
	}
	return out, nil
}

// GetBase loads a base of the county, proposed or active.
func (s *Store) GetBase(ctx context.Context, countyID, id int64) (*Base, error) {
	rows, _ := s.db.Query(ctx, `SELECT `+baseColumns+` WHERE b.id = $1 AND b.county_id = $2`, id, countyID)
	b, err := pgx.CollectOneRow(rows, pgx.RowToAddrOfStructByName[Base])
	if err != nil {
		return nil, fmt.Errorf("store: base %d: %w", id, mapErr(err))
	}
	return b, nil
}

// CreateBase adds a base to the registry (or a school's proposal) and
// returns its id. A name already used in the county is ErrConflict
// (BaseNameTaken).
func (s *Store) CreateBase(ctx context.Context, b NewBase) (int64, error) {
	if !activity.BaseKinds.Valid(b.Kind) {
		return 0, fmt.Errorf("store: base kind %q", b.Kind)
	}
	if b.Status != BaseActive && b.Status != BaseProposed {
		return 0, fmt.Errorf("store: base status %q", b.Status)
	}
	var id int64
	err := s.db.QueryRow(ctx, `
		INSERT INTO practice_bases (county_id, name, kind, township, address, contact_name, contact_phone, capacity,
			safety_notes, agreement_from, agreement_to, status, proposed_by_school_id, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
		RETURNING id`, b.CountyID, b.Name, b.Kind, b.Township, b.Address, b.ContactName, b.ContactPhone, b.Capacity,
		b.SafetyNotes, nullDate(b.AgreementFrom), nullDate(b.AgreementTo), b.Status, nullInt(b.ProposedBySchoolID), b.CreatedBy).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: create base %q: %w", b.Name, mapErr(err))
	}
	return id, nil
}

// UpdateBase changes a base's fields. A base not of the county is
// ErrNotFound, a name already used ErrConflict.
func (s *Store) UpdateBase(ctx context.Context, countyID, id int64, b BaseFields) error {
	if !activity.BaseKinds.Valid(b.Kind) {
		return fmt.Errorf("store: base kind %q", b.Kind)
	}
	tag, err := s.db.Exec(ctx, `
		UPDATE practice_bases SET name = $3, kind = $4, township = $5, address = $6, contact_name = $7, contact_phone = $8,
			capacity = $9, safety_notes = $10, agreement_from = $11, agreement_to = $12, updated_at = now()
		WHERE id = $1 AND county_id = $2`, id, countyID, b.Name, b.Kind, b.Township, b.Address, b.ContactName, b.ContactPhone,
		b.Capacity, b.SafetyNotes, nullDate(b.AgreementFrom), nullDate(b.AgreementTo))
	if err != nil {
		return fmt.Errorf("store: update base %d: %w", id, mapErr(err))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store: update base %d: %w", id, ErrNotFound)
	}
	return nil
}

// ApproveBase makes a proposed base of the county active. One that is not
// of the county, or not proposed (already approved), is ErrNotFound.
func (s *Store) ApproveBase(ctx context.Context, countyID, id int64) error {
	tag, err := s.db.Exec(ctx, `
		UPDATE practice_bases SET status = 'active', updated_at = now()
		WHERE id = $1 AND county_id = $2 AND status = 'proposed'`, id, countyID)
	if err != nil {
		return fmt.Errorf("store: approve base %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store: approve base %d: %w", id, ErrNotFound)
	}
	return nil
}

// BaseNameTaken reports whether err is a base name already used in the
// county.
func BaseNameTaken(err error) bool {
	return errors.Is(err, ErrConflict) && strings.Contains(err.Error(), "practice_bases_county_id_name_key")
}
