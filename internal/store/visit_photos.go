package store

import (
	"context"
	"fmt"
	"time"

	"xietong/internal/auth"
)

// Photo is a re-encoded JPEG ready to store.
type Photo struct {
	JPEG          []byte
	Width, Height int
}

// addPhotos appends photos after the visit's existing ones.
func (s *Store) addPhotos(ctx context.Context, visitID int64, photos []Photo) error {
	if len(photos) == 0 {
		return nil
	}
	var have int
	if err := s.db.QueryRow(ctx, `SELECT coalesce(max(position), 0) FROM visit_photos WHERE visit_id = $1`, visitID).Scan(&have); err != nil {
		return fmt.Errorf("store: visit %d photos: %w", visitID, err)
	}
	jpegs := make([][]byte, len(photos))
	ws, hs, pos := make([]int32, len(photos)), make([]int32, len(photos)), make([]int32, len(photos))
	for i, p := range photos {
		jpegs[i], ws[i], hs[i], pos[i] = p.JPEG, int32(p.Width), int32(p.Height), int32(have+i+1)
	}
	_, err := s.db.Exec(ctx, `
		INSERT INTO visit_photos (visit_id, position, jpeg, width, height)
		SELECT $1, * FROM unnest($2::int[], $3::bytea[], $4::int[], $5::int[])`, visitID, pos, jpegs, ws, hs)
	if err != nil {
		return fmt.Errorf("store: visit %d photos: %w", visitID, err)
	}
	return nil
}

// VisitPhoto returns a photo of a visit that ns admits.
func (s *Store) VisitPhoto(ctx context.Context, ns auth.NoteScope, visitID, photoID int64, now time.Time) ([]byte, error) {
	where, args := visitScopeSQL(ns, 3, now)
	var b []byte
	err := s.db.QueryRow(ctx, `
		SELECT p.jpeg FROM visit_photos p JOIN visits v ON v.id = p.visit_id
		WHERE p.id = $1 AND p.visit_id = $2 AND `+where, append([]any{photoID, visitID}, args...)...).Scan(&b)
	if err != nil {
		return nil, fmt.Errorf("store: photo %d: %w", photoID, mapErr(err))
	}
	return b, nil
}
