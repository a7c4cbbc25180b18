package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/visit"
)

// ledgerScopeSQL restricts the ledger entries aliased e to ns, with
// arguments numbered from n: the SQL twin of auth's ViewLedger rule.
func ledgerScopeSQL(ns auth.NoteScope, n int, now time.Time) (string, []any) {
	if ns.Inspector {
		return fmt.Sprintf(`(EXISTS (SELECT 1 FROM record_grants g WHERE g.user_id = $%d AND g.object_type = 'ledger'
			AND g.object_id = e.id AND g.expires_at > $%d) AND e.school_id IN (SELECT id FROM schools WHERE county_id = $%d))`, n, n+1, n+2),
			[]any{ns.UserID, now, ns.CountyID}
	}
	if ns.SchoolID == 0 {
		return "false", nil
	}
	if ns.WholeSchool {
		return fmt.Sprintf(`e.school_id = $%d`, n), []any{ns.SchoolID}
	}
	return fmt.Sprintf(`(e.school_id = $%d AND (e.class_id = ANY($%d::bigint[]) OR e.owner_id = $%d))`, n, n+1, n+2),
		[]any{ns.SchoolID, nonNil(ns.ClassIDs), ns.UserID}
}

// overdueSQL is visit.Overdue in SQL for the entries aliased e, today being
// the parameter $n: due_on is the stored least(last_action_on +
// visit.StaleDays, follow_up_on) of migration 00009.
func overdueSQL(n int) string {
	return fmt.Sprintf(`(e.status IN ('open', 'following') AND e.due_on < $%d::date)`, n)
}

// LedgerFilter narrows the ledger list; zero values mean "any".
type LedgerFilter struct {
	ClassID  int64
	Category string
	Status   string // a status code, or "open_any" for 待处理 and 跟进中
	Risk     string
	Overdue  bool
	Today    time.Time // the civil date of the overdue rule
	Now      time.Time // the instant inspection grants are checked at
	Limit    int       // 0: no limit (exports)
	Offset   int
	// WithClasses also lists the classes of the scope's school, for the
	// list's class filter, in the same round trip.
	WithClasses bool
}

// LedgerRow is an entry as the list, the export and the print show it.
type LedgerRow struct {
	ID            int64      `db:"id"`
	SchoolID      int64      `db:"school_id"`
	ClassID       int64      `db:"class_id"`
	ClassName     string     `db:"class_name"`
	StudentID     int64      `db:"student_id"`
	StudentName   string     `db:"student_name"`
	Category      string     `db:"category"`
	OtherText     string     `db:"other_text"`
	FoundOn       time.Time  `db:"found_on"`
	SourceVisitID *int64     `db:"source_visit_id"`
	SourceKind    string     `db:"source_kind"`
	Risk          string     `db:"risk"`
	OwnerID       int64      `db:"owner_id"`
	OwnerName     string     `db:"owner_name"`
	FollowUpOn    *time.Time `db:"follow_up_on"`
	Status        string     `db:"status"`
	LastActionOn  time.Time  `db:"last_action_on"`
	ClosedOn      *time.Time `db:"closed_on"`
	ClosingNote   string     `db:"closing_note"`
	Overdue       bool       `db:"overdue"`
	// Interventions: the dated steps joined in one text (exports only).
	Interventions string `db:"interventions"`
}

// ledgerWhere is the SQL of f's filters and of ns's scope for the entries
// aliased e, and their arguments ($1 is f.Today). Only the filters in use
// are written out, as StudentFilter.where does: a condition like
// "$2 = 0 OR e.class_id = $2" costs the planner more than the query costs.
func ledgerWhere(ns auth.NoteScope, f LedgerFilter) (filters, scope string, args []any) {
	args = []any{f.Today}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	conds := []string{"true"}
	if f.ClassID != 0 {
		conds = append(conds, "e.class_id = "+arg(f.ClassID))
	}
	if f.Category != "" {
		conds = append(conds, "e.category = "+arg(f.Category))
	}
	switch f.Status {
	case "":
	case "open_any":
		conds = append(conds, "e.status IN ('open', 'following')")
	default:
		conds = append(conds, "e.status = "+arg(f.Status))
	}
	if f.Risk != "" {
		conds = append(conds, "e.risk = "+arg(f.Risk))
	}
	if f.Overdue {
		conds = append(conds, overdueSQL(1))
	}
	scope, sargs := ledgerScopeSQL(ns, len(args)+1, f.Now)
	args = append(args, sargs...)
	return strings.Join(conds, " AND "), scope, args
}

// LedgerPage is one page of the ledger list with its counts: Total matches
// the filters; Open and Overdue count the whole of the scope, unfiltered.
// Classes are the scope's school's classes when the filter asked for them.
type LedgerPage struct {
	Rows                 []LedgerRow
	Total, Open, Overdue int
	Classes              []ClassOption
}

// ListLedger lists the entries ns admits that match f: overdue first, then
// open ones, by risk and date found. The page is chosen from the entries
// alone and only its rows are joined to names, so a page costs the same
// however long the ledger. For an export (every row, with its source and
// interventions) f.Limit is 0 and export is set.
func (s *Store) ListLedger(ctx context.Context, ns auth.NoteScope, f LedgerFilter, export bool) (LedgerPage, error) {
	filters, scope, args := ledgerWhere(ns, f)
	var page LedgerPage
	// One round trip: the page and, when asked, the class filter's options.
	b := &pgx.Batch{}
	if ns.WholeSchool && !ns.Inspector && !export && f.Limit > 0 {
		b.Queue(schoolLedgerPageSQL(filters, scope, len(args)+1, f), append(args, ns.SchoolID)...)
	} else {
		b.Queue(ledgerPageSQL(filters, scope, f, export), args...)
	}
	if f.WithClasses {
		b.Queue(classesOfSchoolSQL, ns.SchoolID, ns.CountyID)
	}
	br := s.db.SendBatch(ctx, b)
	defer br.Close()
	rows, err := br.Query()
	if err != nil {
		return page, fmt.Errorf("store: list ledger: %w", err)
	}
	// Scanned by hand, in the SELECT's order: matching fifty rows' columns
	// to fields by name cost more than the query.
	var e LedgerRow
	_, err = pgx.ForEachRow(rows, []any{&page.Total, &page.Open, &page.Overdue,
		&e.ID, &e.SchoolID, &e.ClassID, &e.ClassName, &e.StudentID, &e.StudentName, &e.Category,
		&e.OtherText, &e.FoundOn, &e.SourceVisitID, &e.SourceKind, &e.Risk, &e.OwnerID, &e.OwnerName, &e.FollowUpOn, &e.Status,
		&e.LastActionOn, &e.ClosedOn, &e.ClosingNote, &e.Overdue, &e.Interventions}, func() error {
		page.Rows = append(page.Rows, e)
		e.SourceVisitID, e.FollowUpOn, e.ClosedOn = nil, nil, nil
		return nil
	})
	if err != nil {
		return page, fmt.Errorf("store: list ledger: %w", err)
	}
	if f.WithClasses {
		rows, err := br.Query()
		if err == nil {
			page.Classes, err = collectClassOptions(rows)
		}
		if err != nil {
			return page, fmt.Errorf("store: ledger class filter: %w", err)
		}
	}
	if err := br.Close(); err != nil {
		return page, fmt.Errorf("store: list ledger: %w", err)
	}
	if len(page.Rows) == 0 {
		// An empty ledger, or a page past its end: the counts alone.
		if err := s.db.QueryRow(ctx, `
			SELECT count(*) FILTER (WHERE `+filters+`)::int, count(*) FILTER (WHERE e.status IN ('open', 'following'))::int,
			       count(*) FILTER (WHERE `+overdueSQL(1)+`)::int
			FROM ledger_entries e WHERE `+scope, args...).Scan(&page.Total, &page.Open, &page.Overdue); err != nil {
			return page, fmt.Errorf("store: count ledger: %w", err)
		}
	}
	return page, nil
}

// ledgerPageSQL is the general page query: the scope's entries are read
// once from the covering index (narrow rows, one school's at most),
// counted, and the page is picked from them; only the page's rows are read
// and named. The counts ride on every row; an empty page asks for them
// apart.
func ledgerPageSQL(filters, scope string, f LedgerFilter, export bool) string {
	limit := "ALL"
	if f.Limit > 0 {
		limit = strconv.Itoa(f.Limit)
	}
	return `
		WITH s AS MATERIALIZED (
			SELECT e.id, ` + overdueSQL(1) + ` AS overdue, e.status IN ('open', 'following') AS open,
			       ` + riskRankSQL + ` AS risk_rank, e.found_on, (` + filters + `) AS hit
			FROM ledger_entries e WHERE ` + scope + `
		), t AS (
			SELECT count(*) FILTER (WHERE hit)::int AS total, count(*) FILTER (WHERE open)::int AS open_n,
			       count(*) FILTER (WHERE overdue)::int AS overdue_n
			FROM s
		), p AS (
			SELECT * FROM s WHERE hit
			ORDER BY overdue DESC, open DESC, risk_rank, found_on DESC, id DESC
			LIMIT ` + limit + ` OFFSET ` + strconv.Itoa(max(f.Offset, 0)) + `
		)` + ledgerRowsSQL(`t.total, t.open_n, t.overdue_n`, `p.overdue`,
		`p.overdue DESC, p.open DESC, p.risk_rank, p.found_on DESC, p.id DESC`, export)
}

// ledgerRowsSQL ends the general page query: the page p's entries with
// their names, the counts t on every row, in the order ListLedger scans
// them (schoolLedgerPageSQL reads the same columns from its indexes).
// The list shows neither the source nor the history: the join to a
// million visits and the history's aggregate are for the export only.
func ledgerRowsSQL(counts, overdue, order string, export bool) string {
	source, interventions, sourceJoin := `''`, `''`, ``
	if export {
		source, sourceJoin = `coalesce(v.kind, '')`, `LEFT JOIN visits v ON v.id = e.source_visit_id`
		interventions = `coalesce((SELECT string_agg(to_char(a.acted_on, 'YYYY-MM-DD') || ' ' || coalesce(u.display_name, '') || '：' || a.note, E'\n' ORDER BY a.acted_on, a.id)
			FROM ledger_actions a LEFT JOIN users u ON u.id = a.actor_id WHERE a.entry_id = e.id AND a.kind = 'intervention'), '')`
	}
	return `
		SELECT ` + counts + `,
		       e.id, e.school_id, e.class_id, c.name AS class_name, e.student_id, st.name AS student_name, e.category, e.other_text,
		       e.found_on, e.source_visit_id, ` + source + ` AS source_kind, e.risk, e.owner_id, u.display_name AS owner_name,
		       e.follow_up_on, e.status, e.last_action_on, e.closed_on, e.closing_note, ` + overdue + ` AS overdue,
		       ` + interventions + ` AS interventions
		FROM p
		JOIN ledger_entries e ON e.id = p.id
		JOIN classes c ON c.id = e.class_id
		JOIN students st ON st.id = e.student_id
		JOIN users u ON u.id = e.owner_id
		` + sourceJoin + `
		CROSS JOIN t
		ORDER BY ` + order
}

// riskRankSQL orders risks 重点, 关注, 一般, as the ledger's order indexes
// (migrations/00023) spell it.
const riskRankSQL = `CASE e.risk WHEN 'key' THEN 0 WHEN 'watch' THEN 1 ELSE 2 END`

// schoolLedgerPageSQL is the page of a whole school's ledger (the office's
// and the leader's list), $school being the school: the page's order is
// overdue entries, then the other open ones, then the closed ones, each by
// risk, date found and id, which is the order of the ledger's two partial
// indexes; so each group is read in order and only as far as the page
// needs, rather than every entry of the school being read and sorted for
// thirty rows. scope is the whole-school scope of ledgerScopeSQL.
//
// The rows are read from the two indexes, which carry every column the
// list shows (migrations/00025); the names are looked up per row (as
// joins, the generic plan hashed the county's classes). Like the general
// query's list rows they leave out what only the export shows: the
// source's kind and the history, and here the closing note too.
//
// The open and total counts come from the ledger counters (ledger_counts,
// whose rows carry their class's school: entries never change school), the
// total only when no filter narrows the list; the overdue count is the open
// count less the open entries still due, counted from the school's open
// entries in the open-order index.
func schoolLedgerPageSQL(filters, scope string, school int, f LedgerFilter) string {
	n := "$" + strconv.Itoa(school)
	upTo := strconv.Itoa(max(f.Offset, 0) + f.Limit)
	group := func(g, where string) string {
		return `(SELECT e.id, ` + g + ` AS grp, ` + riskRankSQL + ` AS risk_rank, e.found_on, e.class_id, e.student_id,
			       e.category, e.risk, e.owner_id, e.follow_up_on, e.status, e.last_action_on, e.closed_on, e.source_visit_id
			FROM ledger_entries e WHERE ` + scope + ` AND ` + where + ` AND ` + filters + `
			ORDER BY ` + riskRankSQL + `, e.found_on DESC, e.id DESC LIMIT ` + upTo + `)`
	}
	total := `lc.entries`
	if filters != "true" {
		total = `(SELECT count(*) FROM ledger_entries e WHERE e.school_id = ` + n + ` AND ` + filters + `)`
	}
	return `
		WITH p AS (
			` + group("0", `e.status IN ('open', 'following') AND e.due_on < $1::date`) + `
			UNION ALL
			` + group("1", `e.status IN ('open', 'following') AND e.due_on >= $1::date`) + `
			UNION ALL
			` + group("2", `e.status IN ('resolved', 'referred')`) + `
			ORDER BY grp, risk_rank, found_on DESC, id DESC
			LIMIT ` + strconv.Itoa(f.Limit) + ` OFFSET ` + strconv.Itoa(max(f.Offset, 0)) + `
		), t AS (
			SELECT coalesce(` + total + `, 0)::int AS total, coalesce(lc.open_n, 0)::int AS open_n,
			       (SELECT count(*) FROM ledger_entries e
			        WHERE e.status IN ('open', 'following') AND e.due_on >= $1::date AND e.school_id = ` + n + `)::int AS due_n
			FROM (SELECT sum(lc.entries) AS entries, sum(lc.pending + lc.following) AS open_n
			      FROM ledger_counts lc WHERE lc.school_id = ` + n + `) lc
		)
		SELECT t.total, t.open_n, t.open_n - t.due_n,
		       p.id, ` + n + `::bigint, p.class_id, (SELECT c.name FROM classes c WHERE c.id = p.class_id),
		       p.student_id, (SELECT st.name FROM students st WHERE st.id = p.student_id), p.category,
		       CASE WHEN p.category = 'other' THEN (SELECT x.other_text FROM ledger_entries x WHERE x.id = p.id) ELSE '' END,
		       p.found_on, p.source_visit_id, '', p.risk, p.owner_id, (SELECT u.display_name FROM users u WHERE u.id = p.owner_id),
		       p.follow_up_on, p.status, p.last_action_on, p.closed_on, '', p.grp = 0, ''
		FROM p CROSS JOIN t
		ORDER BY p.grp, p.risk_rank, p.found_on DESC, p.id DESC`
}

// LedgerAction is one step in an entry's history.
type LedgerAction struct {
	ID      int64     `db:"id"`
	Kind    string    `db:"kind"`
	ActedOn time.Time `db:"acted_on"`
	Actor   string    `db:"actor"`
	Note    string    `db:"note"`
}

// LedgerEntry is one entry with its history and linked visits.
type LedgerEntry struct {
	LedgerRow
	Version  int            `db:"version"`
	Actions  []LedgerAction `db:"-"`
	VisitIDs []int64        `db:"-"`
}

// LedgerEntryByID loads an entry ns admits at the instant now; any other
// id is ErrNotFound.
func (s *Store) LedgerEntryByID(ctx context.Context, ns auth.NoteScope, id int64, now time.Time) (*LedgerEntry, error) {
	today := calendar.Today(now)
	where, args := ledgerScopeSQL(ns, 3, now)
	rows, _ := s.db.Query(ctx, `
		SELECT e.id, e.school_id, e.class_id, c.name AS class_name, e.student_id, st.name AS student_name, e.category, e.other_text,
		       e.found_on, e.source_visit_id, coalesce(v.kind, '') AS source_kind, e.risk, e.owner_id, u.display_name AS owner_name,
		       e.follow_up_on, e.status, e.last_action_on, e.closed_on, e.closing_note, `+overdueSQL(2)+` AS overdue,
		       '' AS interventions, e.version
		FROM ledger_entries e
		JOIN classes c ON c.id = e.class_id
		JOIN students st ON st.id = e.student_id
		JOIN users u ON u.id = e.owner_id
		LEFT JOIN visits v ON v.id = e.source_visit_id
		WHERE e.id = $1 AND `+where, append([]any{id, today}, args...)...)
	e, err := pgx.CollectOneRow(rows, pgx.RowToAddrOfStructByName[LedgerEntry])
	if err != nil {
		return nil, fmt.Errorf("store: ledger entry %d: %w", id, mapErr(err))
	}
	// The history: the entry's actions and, as steps of their own, the
	// later visits that found the problem again (their links; migration
	// 00017), in the order they happened.
	rows, err = s.db.Query(ctx, `
		SELECT id, kind, acted_on, actor, note FROM (
			SELECT a.id, a.kind, a.acted_on, coalesce(u.display_name, '') AS actor, a.note, a.created_at
			FROM ledger_actions a LEFT JOIN users u ON u.id = a.actor_id WHERE a.entry_id = $1
			UNION ALL
			SELECT 0, 'joined', v.visit_date, coalesce(u.display_name, ''), '', v.created_at
			FROM ledger_visits lv JOIN visits v ON v.id = lv.visit_id LEFT JOIN users u ON u.id = v.author_id
			WHERE lv.entry_id = $1 AND lv.visit_id IS DISTINCT FROM $2
		) h ORDER BY acted_on, created_at, id`, id, e.SourceVisitID)
	if err != nil {
		return nil, fmt.Errorf("store: ledger entry %d history: %w", id, err)
	}
	if e.Actions, err = pgx.CollectRows(rows, pgx.RowToStructByName[LedgerAction]); err != nil {
		return nil, fmt.Errorf("store: ledger entry %d history: %w", id, err)
	}
	rows, err = s.db.Query(ctx, `SELECT visit_id FROM ledger_visits WHERE entry_id = $1 ORDER BY visit_id`, id)
	if err != nil {
		return nil, fmt.Errorf("store: ledger entry %d visits: %w", id, err)
	}
	if e.VisitIDs, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
		return nil, fmt.Errorf("store: ledger entry %d visits: %w", id, err)
	}
	return e, nil
}

// LedgerStep is a change to an entry: an intervention, closing, reopening
// or an update of risk, follow-up date and owner. Version is the one the
// user saw; a stale one is ErrConflict.
type LedgerStep struct {
	EntryID int64
	Version int
	// From is the entry's status as read at Version: visit.Step decides
	// the status it moves to, and Version guarantees From is still current.
	From     string
	ActorID  int64
	On       time.Time
	Kind     string // intervention, closed, reopened, assigned
	Note     string
	Status   string     // for closed: resolved or referred
	Risk     string     // for assigned
	OwnerID  int64      // for assigned; 0 keeps the owner
	FollowUp *time.Time // for assigned and intervention; nil keeps it
}

// StepLedger applies one step and records it in the entry's history: the
// new status is visit.Step's (a step it refuses, or an entry changed since
// Version, is ErrConflict). An intervention counts as an action for the
// overdue rule; closing sets the closing date and note; reopening clears
// them — unless another entry of the same student and category is open,
// which is ErrConflict too. Run it inside InTx with its audit row; the
// caller has checked scope and policy.
func (s *Store) StepLedger(ctx context.Context, st LedgerStep) error {
	to, ok := visit.Step(st.Kind, st.From, st.Status)
	if !ok {
		return fmt.Errorf("store: ledger entry %d: %s from %q: %w", st.EntryID, st.Kind, st.From, ErrConflict)
	}
	var q string
	var args []any
	switch st.Kind {
	case "intervention":
		q = `UPDATE ledger_entries SET status = $5, last_action_on = greatest(last_action_on, $3),
		         follow_up_on = coalesce($4, follow_up_on), version = version + 1, updated_at = now()
		     WHERE id = $1 AND version = $2`
		args = []any{st.EntryID, st.Version, st.On, st.FollowUp, to}
	case "closed":
		q = `UPDATE ledger_entries SET status = $4, closed_on = $3, closing_note = $5, last_action_on = greatest(last_action_on, $3),
		         version = version + 1, updated_at = now()
		     WHERE id = $1 AND version = $2`
		args = []any{st.EntryID, st.Version, st.On, to, st.Note}
	case "reopened":
		q = `UPDATE ledger_entries SET status = $5, closed_on = NULL, last_action_on = $3,
		         follow_up_on = coalesce($4, $3::date + 7), version = version + 1, updated_at = now()
		     WHERE id = $1 AND version = $2`
		args = []any{st.EntryID, st.Version, st.On, st.FollowUp, to}
	case "assigned":
		q = `UPDATE ledger_entries SET follow_up_on = $3, risk = coalesce(nullif($4, ''), risk), owner_id = coalesce($5, owner_id),
		         version = version + 1, updated_at = now()
		     WHERE id = $1 AND version = $2`
		args = []any{st.EntryID, st.Version, st.FollowUp, st.Risk, nullInt(st.OwnerID)}
	}
	tag, err := s.db.Exec(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: ledger entry %d %s: %w", st.EntryID, st.Kind, mapErr(err))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store: ledger entry %d %s: %w", st.EntryID, st.Kind, ErrConflict)
	}
	if _, err := s.db.Exec(ctx, `INSERT INTO ledger_actions (entry_id, kind, acted_on, actor_id, note) VALUES ($1, $2, $3, $4, $5)`,
		st.EntryID, st.Kind, st.On, st.ActorID, st.Note); err != nil {
		return fmt.Errorf("store: ledger entry %d history: %w", st.EntryID, err)
	}
	return nil
}

// SchoolLedgerCount is one school's ledger and visit figures, for bureau
// roles who see counts and never notes.
type SchoolLedgerCount struct {
	SchoolID  int64  `db:"school_id"`
	Name      string `db:"name"`
	Visits    int    `db:"visits"`
	Entries   int    `db:"entries"`
	Open      int    `db:"open"`
	Following int    `db:"following"`
	Resolved  int    `db:"resolved"`
	Referred  int    `db:"referred"`
	Overdue   int    `db:"overdue"`
}

// LedgerCounts counts per school of the county: visits dated in [from, to]
// (an index-only count) and ledger entries by status, overdue on today (the
// counters of CountyLedgerHealth).
func (s *Store) LedgerCounts(ctx context.Context, countyID int64, from, to, today time.Time) ([]SchoolLedgerCount, error) {
	rows, err := s.db.Query(ctx, `
		SELECT sc.id AS school_id, sc.name,
		       (SELECT count(*) FROM visits v WHERE v.school_id = sc.id AND v.visit_date BETWEEN $2 AND $3)::int AS visits,
		       0 AS entries, 0 AS open, 0 AS following, 0 AS resolved, 0 AS referred, 0 AS overdue
		FROM schools sc
		WHERE sc.county_id = $1 AND sc.archived_at IS NULL
		ORDER BY sc.code`, countyID, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: ledger counts: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[SchoolLedgerCount])
	if err != nil {
		return nil, fmt.Errorf("store: ledger counts: %w", err)
	}
	health, err := s.CountyLedgerHealth(ctx, countyID, 0, today)
	if err != nil {
		return nil, err
	}
	bySchool := make(map[int64]LedgerHealth, len(health))
	for _, h := range health {
		bySchool[h.SchoolID] = h
	}
	for i := range out {
		h := bySchool[out[i].SchoolID]
		out[i].Entries, out[i].Open, out[i].Following = h.Entries, h.Pending, h.Following
		out[i].Resolved, out[i].Referred, out[i].Overdue = h.Resolved, h.Referred, h.Overdue
	}
	return out, nil
}

// AnonLedgerRow is an entry without the child: what a supervisor sees of a
// school's ledger before asking to open one record.
type AnonLedgerRow struct {
	ID        int64     `db:"id"`
	ClassName string    `db:"class_name"`
	Category  string    `db:"category"`
	FoundOn   time.Time `db:"found_on"`
	Risk      string    `db:"risk"`
	Status    string    `db:"status"`
	Overdue   bool      `db:"overdue"`
}

// AnonLedger lists a school's entries with no personal information.
func (s *Store) AnonLedger(ctx context.Context, countyID, schoolID int64, today time.Time) ([]AnonLedgerRow, error) {
	rows, err := s.db.Query(ctx, `
		SELECT e.id, c.name AS class_name, e.category, e.found_on, e.risk, e.status, `+overdueSQL(3)+` AS overdue
		FROM ledger_entries e JOIN classes c ON c.id = e.class_id JOIN schools sc ON sc.id = e.school_id
		WHERE e.school_id = $1 AND sc.county_id = $2
		ORDER BY overdue DESC, e.found_on DESC, e.id DESC LIMIT 500`, schoolID, countyID, today)
	if err != nil {
		return nil, fmt.Errorf("store: anonymous ledger of %d: %w", schoolID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[AnonLedgerRow])
	if err != nil {
		return nil, fmt.Errorf("store: anonymous ledger of %d: %w", schoolID, err)
	}
	return out, nil
}

// openLedgerEntries opens a ledger entry for each student and problem of the
// visit, or joins the open entry of the same student and category; the
// responsible person is the student's class teacher in termID (else the
// author), the follow-up date a week after the visit. The work is the SQL
// function ledger_open_for_visit (migrations/00013): one round trip.
func (s *Store) openLedgerEntries(ctx context.Context, visitID, authorID, termID int64) (LedgerOutcome, error) {
	var out LedgerOutcome
	err := s.db.QueryRow(ctx, `SELECT opened, joined FROM ledger_open_for_visit($1, $2, $3)`, visitID, authorID, nullInt(termID)).
		Scan(&out.Opened, &out.Joined)
	if err != nil {
		return LedgerOutcome{}, fmt.Errorf("store: ledger entries of visit %d: %w", visitID, err)
	}
	return out, nil
}

// LedgerEntryOfVisit is the id of the entry a visit opened for a student and
// category (the demo loader takes it through its later steps).
func (s *Store) LedgerEntryOfVisit(ctx context.Context, visitID, studentID int64, category string) (int64, error) {
	var id int64
	err := s.db.QueryRow(ctx, `SELECT id FROM ledger_entries WHERE source_visit_id = $1 AND student_id = $2 AND category = $3`,
		visitID, studentID, category).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: ledger entry of visit %d: %w", visitID, mapErr(err))
	}
	return id, nil
}
