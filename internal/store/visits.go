package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"xietong/internal/auth"
)

// visitScopeSQL restricts the visits aliased v to ns, with arguments
// numbered from n. It is the SQL twin of auth's ViewVisit rule.
func visitScopeSQL(ns auth.NoteScope, n int, now time.Time) (string, []any) {
	if ns.Inspector {
		return fmt.Sprintf(`(EXISTS (SELECT 1 FROM record_grants g WHERE g.user_id = $%d AND g.object_type = 'visit'
			AND g.object_id = v.id AND g.expires_at > $%d) AND v.school_id IN (SELECT id FROM schools WHERE county_id = $%d))`, n, n+1, n+2),
			[]any{ns.UserID, now, ns.CountyID}
	}
	if ns.SchoolID == 0 {
		return "false", nil
	}
	if ns.WholeSchool {
		return fmt.Sprintf(`v.school_id = $%d`, n), []any{ns.SchoolID}
	}
	return fmt.Sprintf(`(v.school_id = $%d AND (
			EXISTS (SELECT 1 FROM visit_students vs WHERE vs.visit_id = v.id AND vs.class_id = ANY($%d::bigint[]))
			OR EXISTS (SELECT 1 FROM visit_visitors vv WHERE vv.visit_id = v.id AND vv.user_id = $%d)))`, n, n+1, n+2),
		[]any{ns.SchoolID, nonNil(ns.ClassIDs), ns.UserID}
}

func nonNil(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}

// VisitFields are the fields of a visit a person types or picks; the same
// struct carries a create and an edit.
type VisitFields struct {
	Date         time.Time `json:"date"`
	Mode         string    `json:"mode"`
	Kind         string    `json:"kind"`
	LeaderJoined bool      `json:"leader_joined"`
	Companions   []int64   `json:"companions"`
	Met          string    `json:"met"`
	Study        string    `json:"study"`
	Life         string    `json:"life"`
	Mind         string    `json:"mind"`
	Family       string    `json:"family"`
	Problems     []string  `json:"problems"`
	OtherProblem string    `json:"other_problem"`
	Advice       string    `json:"advice"`
	Requests     string    `json:"requests"`
	// The calendar periods of Date (visit.Periods), kept with the row.
	TermID     int64 `json:"-"`
	VacationID int64 `json:"-"`
}

// NewVisit is a visit to log.
type NewVisit struct {
	SchoolID   int64
	AuthorID   int64
	StudentIDs []int64 // the first is the student the visit is filed under
	VisitFields
	Photos []Photo
	// CurrentTermID picks the class teacher who becomes the responsible
	// person of the ledger entries the visit opens.
	CurrentTermID int64
	// CreatedAt is when it was logged by the server's clock (the author's
	// 7-day edit window starts here); zero means the database's now().
	CreatedAt time.Time
}

// LedgerOutcome says what a visit did to the ledger.
type LedgerOutcome struct {
	Opened, Joined int
}

// CreateVisit logs a visit with its students, visitors and photos, and
// opens or joins a ledger entry for every student and problem category. The
// students must be enrolled in SchoolID (the caller checked the scope); any
// other id is ErrNotFound (inside InTx, the transaction is then aborted: the
// caller returns the error). A visit a person logs goes through LogVisit,
// with its audit row and form token; this is for the writes that have
// neither (tests, loaders).
func (s *Store) CreateVisit(ctx context.Context, nv NewVisit) (int64, LedgerOutcome, error) {
	id, out, _, err := s.visitLog(ctx, nv, nil, nil, "")
	return id, out, err
}

// LogVisit logs a visit as CreateVisit does, with ev (its object set to the
// new visit, its details completed with the ledger outcome) and the claim of
// the form's one-time token, which then leads to location followed by the
// visit's id: one call of visit_log (migrations/00016), so one round trip
// and one transaction. A token used before is ErrReplay, with the location
// its first submit was sent to ("" for another user's token).
//
// It is its own transaction: called on the Store of InTx, a refused write
// would leave that transaction aborted. Like InTx it runs again (twice at
// most) when PostgreSQL picks it as a deadlock victim: two visits of the
// same siblings logged at one moment may lock the same counter rows in
// opposite orders.
func (s *Store) LogVisit(ctx context.Context, nv NewVisit, ev AuditEvent, token, location string) (int64, LedgerOutcome, string, error) {
	if _, ok := s.db.(pgx.Tx); ok {
		return 0, LedgerOutcome{}, "", fmt.Errorf("store: LogVisit inside a transaction")
	}
	audit, err := ev.row()
	if err != nil {
		return 0, LedgerOutcome{}, "", err
	}
	for attempt := 1; ; attempt++ {
		id, out, loc, err := s.visitLog(ctx, nv, audit, &token, location)
		if attempt < 3 && retryable(err) {
			continue
		}
		return id, out, loc, err
	}
}

// visitLog calls visit_log; audit and token are left out when nil.
func (s *Store) visitLog(ctx context.Context, nv NewVisit, audit []byte, token *string, location string) (int64, LedgerOutcome, string, error) {
	var out LedgerOutcome
	if len(nv.StudentIDs) == 0 {
		return 0, out, "", fmt.Errorf("store: visit without students")
	}
	f := nv.VisitFields
	// The visit is filed under the first student's class: keep it first.
	ids := make([]int64, 0, len(nv.StudentIDs))
	for _, id := range nv.StudentIDs {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	jpegs := make([][]byte, len(nv.Photos))
	ws, hs := make([]int32, len(nv.Photos)), make([]int32, len(nv.Photos))
	for i, p := range nv.Photos {
		jpegs[i], ws[i], hs[i] = p.JPEG, int32(p.Width), int32(p.Height)
	}
	var id int64
	err := s.db.QueryRow(ctx, `SELECT new_id, opened, joined FROM visit_log($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
		$14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27)`,
		nv.SchoolID, nv.AuthorID, f.Date, nullInt(f.TermID), nullInt(f.VacationID), f.Mode, f.Kind, f.LeaderJoined,
		f.Met, f.Study, f.Life, f.Mind, f.Family, nonNilStrings(f.Problems), f.OtherProblem, f.Advice, f.Requests,
		nullTime(nv.CreatedAt), ids, nonNil(f.Companions), jpegs, ws, hs,
		nullInt(nv.CurrentTermID), audit, token, location).Scan(&id, &out.Opened, &out.Joined)
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &pgErr) && pgErr.Code == "P0002":
		return 0, LedgerOutcome{}, "", fmt.Errorf("store: visit of student %d: %w", ids[0], ErrNotFound)
	case errors.As(err, &pgErr) && pgErr.Code == "XT001":
		loc, err := s.formTokenLocation(ctx, nv.AuthorID, *token)
		if err != nil {
			return 0, LedgerOutcome{}, "", err
		}
		return 0, LedgerOutcome{}, loc, ErrReplay
	case err != nil:
		return 0, LedgerOutcome{}, "", fmt.Errorf("store: log visit of student %d: %w", ids[0], mapErr(err))
	}
	return id, out, "", nil
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

func nonNilStrings(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}

func uniq(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

// VisitStudent is a student of a visit.
type VisitStudent struct {
	ID        int64  `db:"id"`
	Name      string `db:"name"`
	ClassID   int64  `db:"class_id"`
	ClassName string `db:"class_name"`
}

// Revision is an earlier state of an edited visit.
type Revision struct {
	ID       int64          `db:"id"`
	Editor   string         `db:"editor"`
	EditedAt time.Time      `db:"edited_at"`
	Fields   []string       `db:"fields"`
	Old      map[string]any `db:"old"`
}

// Visit is one visit with everything its page shows.
type Visit struct {
	ID         int64     `db:"id"`
	SchoolID   int64     `db:"school_id"`
	SchoolName string    `db:"school_name"`
	ClassID    int64     `db:"class_id"`
	AuthorID   int64     `db:"author_id"`
	AuthorName string    `db:"author_name"`
	CreatedAt  time.Time `db:"created_at"`
	UpdatedAt  time.Time `db:"updated_at"`
	Version    int       `db:"version"`
	VisitFields
	Students  []VisitStudent `db:"-"`
	Visitors  []Visitor      `db:"-"`
	PhotoIDs  []int64        `db:"-"`
	Revisions []Revision     `db:"-"`
}

// ClassIDs are the classes of the visit's students.
func (v *Visit) ClassIDs() []int64 {
	ids := []int64{v.ClassID}
	for _, s := range v.Students {
		ids = append(ids, s.ClassID)
	}
	return uniq(ids)
}

// IsVisitor reports whether userID went on the visit.
func (v *Visit) IsVisitor(userID int64) bool {
	for _, x := range v.Visitors {
		if x.UserID == userID {
			return true
		}
	}
	return false
}

// VisitByID loads a visit that ns admits; any other id is ErrNotFound.
func (s *Store) VisitByID(ctx context.Context, ns auth.NoteScope, id int64, now time.Time) (*Visit, error) {
	where, args := visitScopeSQL(ns, 2, now)
	var v Visit
	var termID, vacID *int64
	err := s.db.QueryRow(ctx, `
		SELECT v.id, v.school_id, sc.name, v.class_id, v.author_id, u.display_name, v.created_at, v.updated_at, v.version,
		       v.visit_date, v.mode, v.kind, v.leader_joined, v.met, v.study, v.life, v.mind, v.family, v.problems,
		       v.other_problem, v.advice, v.requests, v.term_id, v.vacation_id
		FROM visits v JOIN schools sc ON sc.id = v.school_id JOIN users u ON u.id = v.author_id
		WHERE v.id = $1 AND `+where, append([]any{id}, args...)...).Scan(
		&v.ID, &v.SchoolID, &v.SchoolName, &v.ClassID, &v.AuthorID, &v.AuthorName, &v.CreatedAt, &v.UpdatedAt, &v.Version,
		&v.Date, &v.Mode, &v.Kind, &v.LeaderJoined, &v.Met, &v.Study, &v.Life, &v.Mind, &v.Family, &v.Problems,
		&v.OtherProblem, &v.Advice, &v.Requests, &termID, &vacID)
	if err != nil {
		return nil, fmt.Errorf("store: visit %d: %w", id, mapErr(err))
	}
	if termID != nil {
		v.TermID = *termID
	}
	if vacID != nil {
		v.VacationID = *vacID
	}
	rows, err := s.db.Query(ctx, `
		SELECT st.id, st.name, vs.class_id, c.name AS class_name
		FROM visit_students vs JOIN students st ON st.id = vs.student_id JOIN classes c ON c.id = vs.class_id
		WHERE vs.visit_id = $1 ORDER BY st.id = (SELECT min(student_id) FROM visit_students WHERE visit_id = $1) DESC, st.id`, id)
	if err != nil {
		return nil, fmt.Errorf("store: visit %d students: %w", id, err)
	}
	if v.Students, err = pgx.CollectRows(rows, pgx.RowToStructByName[VisitStudent]); err != nil {
		return nil, fmt.Errorf("store: visit %d students: %w", id, err)
	}
	rows, err = s.db.Query(ctx, `
		SELECT vv.user_id, u.display_name AS name, vv.lead FROM visit_visitors vv JOIN users u ON u.id = vv.user_id
		WHERE vv.visit_id = $1 ORDER BY vv.lead DESC, u.display_name`, id)
	if err != nil {
		return nil, fmt.Errorf("store: visit %d visitors: %w", id, err)
	}
	if v.Visitors, err = pgx.CollectRows(rows, pgx.RowToStructByName[Visitor]); err != nil {
		return nil, fmt.Errorf("store: visit %d visitors: %w", id, err)
	}
	for _, x := range v.Visitors {
		if !x.Lead {
			v.Companions = append(v.Companions, x.UserID)
		}
	}
	rows, err = s.db.Query(ctx, `SELECT id FROM visit_photos WHERE visit_id = $1 ORDER BY position`, id)
	if err != nil {
		return nil, fmt.Errorf("store: visit %d photos: %w", id, err)
	}
	if v.PhotoIDs, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
		return nil, fmt.Errorf("store: visit %d photos: %w", id, err)
	}
	rows, err = s.db.Query(ctx, `
		SELECT r.id, u.display_name AS editor, r.edited_at, r.fields, r.old
		FROM visit_revisions r JOIN users u ON u.id = r.editor_id WHERE r.visit_id = $1 ORDER BY r.id DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("store: visit %d revisions: %w", id, err)
	}
	if v.Revisions, err = pgx.CollectRows(rows, pgx.RowToStructByName[Revision]); err != nil {
		return nil, fmt.Errorf("store: visit %d revisions: %w", id, err)
	}
	return &v, nil
}

// VisitChange is an edit of a visit: the new fields, photos to add and
// remove, and the version the editor saw.
type VisitChange struct {
	VisitID      int64
	EditorID     int64
	Version      int
	Fields       VisitFields
	AddPhotos    []Photo
	RemovePhotos []int64
}

// UpdateVisit applies an edit: it stores the old values of the changed
// fields as a revision, rewrites the visit's student rows (date and mode are
// copied there), and opens ledger entries for newly checked problems. It
// returns the changed field names and the revision id (0 when nothing
// changed). A stale version is ErrConflict. Run it inside InTx with the
// audit row; the caller has checked the scope and the edit rule.
func (s *Store) UpdateVisit(ctx context.Context, old *Visit, c VisitChange, termID int64) ([]string, int64, LedgerOutcome, error) {
	var out LedgerOutcome
	if c.Version != old.Version {
		return nil, 0, out, fmt.Errorf("store: update visit %d: %w", c.VisitID, ErrConflict)
	}
	changed, oldVals := diffVisit(old.VisitFields, c.Fields)
	if len(c.AddPhotos) > 0 {
		changed = append(changed, "photos_added")
	}
	if len(c.RemovePhotos) > 0 {
		changed = append(changed, "photos_removed")
		oldVals["photos_removed"] = c.RemovePhotos
	}
	if len(changed) == 0 {
		return nil, 0, out, nil
	}
	f := c.Fields
	tag, err := s.db.Exec(ctx, `
		UPDATE visits SET visit_date = $3, term_id = $4, vacation_id = $5, mode = $6, kind = $7, leader_joined = $8,
		       met = $9, study = $10, life = $11, mind = $12, family = $13, problems = $14, other_problem = $15,
		       advice = $16, requests = $17, version = version + 1, updated_at = now()
		WHERE id = $1 AND version = $2`,
		c.VisitID, c.Version, f.Date, nullInt(f.TermID), nullInt(f.VacationID), f.Mode, f.Kind, f.LeaderJoined,
		f.Met, f.Study, f.Life, f.Mind, f.Family, nonNilStrings(f.Problems), f.OtherProblem, f.Advice, f.Requests)
	if err != nil {
		return nil, 0, out, fmt.Errorf("store: update visit %d: %w", c.VisitID, mapErr(err))
	}
	if tag.RowsAffected() == 0 {
		return nil, 0, out, fmt.Errorf("store: update visit %d: %w", c.VisitID, ErrConflict)
	}
	if _, err := s.db.Exec(ctx, `
		UPDATE visit_students vs SET visit_date = v.visit_date, mode = v.mode, term_id = v.term_id, vacation_id = v.vacation_id
		FROM visits v WHERE v.id = vs.visit_id AND v.id = $1`, c.VisitID); err != nil {
		return nil, 0, out, fmt.Errorf("store: update visit %d students: %w", c.VisitID, err)
	}
	if slices.Contains(changed, "companions") {
		if _, err := s.db.Exec(ctx, `DELETE FROM visit_visitors WHERE visit_id = $1 AND NOT lead`, c.VisitID); err != nil {
			return nil, 0, out, fmt.Errorf("store: visit %d companions: %w", c.VisitID, err)
		}
		if err := s.writeVisitors(ctx, c.VisitID, old.AuthorID, f.Companions); err != nil {
			return nil, 0, out, err
		}
	}
	if len(c.RemovePhotos) > 0 {
		if _, err := s.db.Exec(ctx, `DELETE FROM visit_photos WHERE visit_id = $1 AND id = ANY($2::bigint[])`, c.VisitID, c.RemovePhotos); err != nil {
			return nil, 0, out, fmt.Errorf("store: visit %d photos: %w", c.VisitID, err)
		}
	}
	if err := s.addPhotos(ctx, c.VisitID, c.AddPhotos); err != nil {
		return nil, 0, out, err
	}
	js, err := json.Marshal(oldVals)
	if err != nil {
		return nil, 0, out, fmt.Errorf("store: revision: %w", err)
	}
	var revID int64
	if err := s.db.QueryRow(ctx, `INSERT INTO visit_revisions (visit_id, editor_id, fields, old) VALUES ($1, $2, $3, $4) RETURNING id`,
		c.VisitID, c.EditorID, changed, js).Scan(&revID); err != nil {
		return nil, 0, out, fmt.Errorf("store: revision of visit %d: %w", c.VisitID, err)
	}
	if slices.Contains(changed, "problems") || slices.Contains(changed, "other_problem") {
		if out, err = s.openLedgerEntries(ctx, c.VisitID, c.EditorID, termID); err != nil {
			return nil, 0, out, err
		}
	}
	return changed, revID, out, nil
}

// diffVisit lists the fields that differ and their old values.
func diffVisit(a, b VisitFields) ([]string, map[string]any) {
	var names []string
	old := map[string]any{}
	add := func(name string, differ bool, v any) {
		if differ {
			names = append(names, name)
			old[name] = v
		}
	}
	add("date", !a.Date.Equal(b.Date), a.Date.Format(time.DateOnly))
	add("mode", a.Mode != b.Mode, a.Mode)
	add("kind", a.Kind != b.Kind, a.Kind)
	add("leader_joined", a.LeaderJoined != b.LeaderJoined, a.LeaderJoined)
	add("companions", !slices.Equal(uniq(a.Companions), uniq(b.Companions)), a.Companions)
	add("met", a.Met != b.Met, a.Met)
	add("study", a.Study != b.Study, a.Study)
	add("life", a.Life != b.Life, a.Life)
	add("mind", a.Mind != b.Mind, a.Mind)
	add("family", a.Family != b.Family, a.Family)
	pa, pb := slices.Clone(a.Problems), slices.Clone(b.Problems)
	slices.Sort(pa)
	slices.Sort(pb)
	add("problems", !slices.Equal(pa, pb), a.Problems)
	add("other_problem", a.OtherProblem != b.OtherProblem, a.OtherProblem)
	add("advice", a.Advice != b.Advice, a.Advice)
	add("requests", a.Requests != b.Requests, a.Requests)
	return names, old
}

// VisitListRow is a visit as the class export lists it.
type VisitListRow struct {
	ID           int64     `db:"id"`
	Date         time.Time `db:"visit_date"`
	Students     string    `db:"students"`
	Mode         string    `db:"mode"`
	Kind         string    `db:"kind"`
	Visitors     string    `db:"visitors"`
	LeaderJoined bool      `db:"leader_joined"`
	Met          string    `db:"met"`
	Study        string    `db:"study"`
	Life         string    `db:"life"`
	Mind         string    `db:"mind"`
	Family       string    `db:"family"`
	Problems     []string  `db:"problems"`
	OtherProblem string    `db:"other_problem"`
	Advice       string    `db:"advice"`
	Requests     string    `db:"requests"`
}

// ClassVisits lists the visits of a class's students (that ns admits),
// newest first, for the export: one query with the names aggregated.
func (s *Store) ClassVisits(ctx context.Context, ns auth.NoteScope, classID int64, now time.Time) ([]VisitListRow, error) {
	where, args := visitScopeSQL(ns, 2, now)
	rows, err := s.db.Query(ctx, `
		SELECT v.id, v.visit_date,
		       (SELECT string_agg(st.name, '、' ORDER BY st.id) FROM visit_students x JOIN students st ON st.id = x.student_id WHERE x.visit_id = v.id) AS students,
		       v.mode, v.kind,
		       (SELECT string_agg(u.display_name, '、' ORDER BY vv.lead DESC, u.id) FROM visit_visitors vv JOIN users u ON u.id = vv.user_id WHERE vv.visit_id = v.id) AS visitors,
		       v.leader_joined, v.met, v.study, v.life, v.mind, v.family, v.problems, v.other_problem, v.advice, v.requests
		FROM visits v
		WHERE EXISTS (SELECT 1 FROM visit_students vs WHERE vs.visit_id = v.id AND vs.class_id = $1) AND `+where+`
		ORDER BY v.visit_date DESC, v.id DESC`, append([]any{classID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: visits of class %d: %w", classID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[VisitListRow])
	if err != nil {
		return nil, fmt.Errorf("store: visits of class %d: %w", classID, err)
	}
	return out, nil
}
