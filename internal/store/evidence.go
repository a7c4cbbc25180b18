package store

import (
	"context"
	"crypto/sha256"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// EvidenceOwner is the record a photo or attachment belongs to: its type
// as the audit log names it ("activity", "parent_meeting" …), its id, and
// the school whose record it is.
type EvidenceOwner struct {
	Type     string
	ID       int64
	SchoolID int64
}

// NewEvidence is a checked file ready to keep: a photo already re-encoded
// as JPEG, an attachment as it was sent (evidence.Check has said what it
// is).
type NewEvidence struct {
	Data          []byte
	ContentType   string
	Kind          string // "photo" or "attachment"
	Name          string
	Width, Height int // photos only
}

// Evidence is one photo or attachment of a record, without its bytes.
type Evidence struct {
	ID          int64     `db:"id"`
	Kind        string    `db:"kind"`
	Name        string    `db:"name"`
	ContentType string    `db:"content_type"`
	Size        int       `db:"size"`
	Width       *int      `db:"width"`
	Height      *int      `db:"height"`
	AddedBy     string    `db:"added_by"`
	CreatedAt   time.Time `db:"created_at"`
}

// AddEvidence keeps a file for the owner and returns the evidence's id; the
// file's bytes are stored once, by their hash.
func (s *Store) AddEvidence(ctx context.Context, o EvidenceOwner, addedBy int64, e NewEvidence) (int64, error) {
	sum := sha256.Sum256(e.Data)
	if _, err := s.db.Exec(ctx, `
		INSERT INTO evidence_files (sha256, content_type, size, data) VALUES ($1, $2, $3, $4)
		ON CONFLICT (sha256) DO NOTHING`, sum[:], e.ContentType, len(e.Data), e.Data); err != nil {
		return 0, fmt.Errorf("store: evidence file of %s %d: %w", o.Type, o.ID, mapErr(err))
	}
	var w, h any
	if e.Width > 0 {
		w, h = e.Width, e.Height
	}
	var id int64
	err := s.db.QueryRow(ctx, `
		INSERT INTO evidence (school_id, owner_type, owner_id, sha256, kind, name, width, height, added_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		o.SchoolID, o.Type, o.ID, sum[:], e.Kind, e.Name, w, h, addedBy).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: evidence of %s %d: %w", o.Type, o.ID, mapErr(err))
	}
	return id, nil
}

// ListEvidence lists a record's photos and attachments in the order added.
func (s *Store) ListEvidence(ctx context.Context, o EvidenceOwner) ([]Evidence, error) {
	rows, err := s.db.Query(ctx, `
		SELECT e.id, e.kind, e.name, f.content_type, f.size, e.width, e.height, u.display_name AS added_by, e.created_at
		FROM evidence e JOIN evidence_files f ON f.sha256 = e.sha256 JOIN users u ON u.id = e.added_by
		WHERE e.owner_type = $1 AND e.owner_id = $2 AND e.school_id = $3 ORDER BY e.id`, o.Type, o.ID, o.SchoolID)
	if err != nil {
		return nil, fmt.Errorf("store: evidence of %s %d: %w", o.Type, o.ID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Evidence])
	if err != nil {
		return nil, fmt.Errorf("store: evidence of %s %d: %w", o.Type, o.ID, err)
	}
	return out, nil
}

// EvidenceFile is a kept file's bytes and how to send them.
type EvidenceFile struct {
	Name, ContentType string
	Data              []byte
}

// EvidenceData returns the bytes of one evidence of the owner; another
// record's is ErrNotFound (the owner is the caller's scoped load).
func (s *Store) EvidenceData(ctx context.Context, o EvidenceOwner, id int64) (*EvidenceFile, error) {
	var f EvidenceFile
	err := s.db.QueryRow(ctx, `
		SELECT e.name, f.content_type, f.data FROM evidence e JOIN evidence_files f ON f.sha256 = e.sha256
		WHERE e.id = $1 AND e.owner_type = $2 AND e.owner_id = $3 AND e.school_id = $4`, id, o.Type, o.ID, o.SchoolID).
		Scan(&f.Name, &f.ContentType, &f.Data)
	if err != nil {
		return nil, fmt.Errorf("store: evidence %d of %s %d: %w", id, o.Type, o.ID, mapErr(err))
	}
	return &f, nil
}

// DeleteEvidence removes one evidence of the owner (ErrNotFound if it is
// not the owner's), and its file when nothing else uses it.
func (s *Store) DeleteEvidence(ctx context.Context, o EvidenceOwner, id int64) error {
	var sum []byte
	err := s.db.QueryRow(ctx, `
		DELETE FROM evidence WHERE id = $1 AND owner_type = $2 AND owner_id = $3 AND school_id = $4 RETURNING sha256`,
		id, o.Type, o.ID, o.SchoolID).Scan(&sum)
	if err != nil {
		return fmt.Errorf("store: delete evidence %d of %s %d: %w", id, o.Type, o.ID, mapErr(err))
	}
	return s.dropUnusedFiles(ctx, [][]byte{sum})
}

// DeleteOwnerEvidence removes every evidence of a record being deleted.
func (s *Store) DeleteOwnerEvidence(ctx context.Context, o EvidenceOwner) error {
	rows, err := s.db.Query(ctx, `
		DELETE FROM evidence WHERE owner_type = $1 AND owner_id = $2 AND school_id = $3 RETURNING sha256`, o.Type, o.ID, o.SchoolID)
	if err != nil {
		return fmt.Errorf("store: delete evidence of %s %d: %w", o.Type, o.ID, err)
	}
	sums, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
	if err != nil {
		return fmt.Errorf("store: delete evidence of %s %d: %w", o.Type, o.ID, err)
	}
	return s.dropUnusedFiles(ctx, sums)
}

func (s *Store) dropUnusedFiles(ctx context.Context, sums [][]byte) error {
	if len(sums) == 0 {
		return nil
	}
	if _, err := s.db.Exec(ctx, `
		DELETE FROM evidence_files f WHERE f.sha256 = ANY($1)
		AND NOT EXISTS (SELECT 1 FROM evidence e WHERE e.sha256 = f.sha256)`, sums); err != nil {
		return fmt.Errorf("store: drop unused evidence files: %w", err)
	}
	return nil
}
