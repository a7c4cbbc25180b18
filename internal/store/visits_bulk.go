package store

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// BulkVisit is a visit of one student for the demo seed and bulk loads.
type BulkVisit struct {
	StudentID    int64
	AuthorID     int64
	Companion    int64 // 0: none
	Date         time.Time
	TermID       int64
	VacationID   int64
	Mode, Kind   string
	LeaderJoined bool
	Met, Study   string
	Life, Mind   string
	Family       string
	Problems     []string // at most one category per visit in bulk loads
	Advice       string
	Requests     string
}

// BulkEntry is a ledger entry opened by a BulkVisit (by index), with its
// state and its history.
type BulkEntry struct {
	Visit         int // index into the visits
	Category      string
	Risk          string
	OwnerID       int64
	FollowUp      *time.Time
	Status        string
	LastAction    time.Time
	ClosedOn      *time.Time
	ClosingNote   string
	Interventions []BulkAction
}

// BulkAction is one dated intervention.
type BulkAction struct {
	On      time.Time
	ActorID int64
	Note    string
}

// InsertBulkVisits writes visits, their students and visitors, and ledger
// entries with their history, with one statement per table (unnest of
// arrays). Run it inside InTx. Identity values are handed out in insert
// order inside one transaction, so the sorted returned ids line up with
// the input order.
func (s *Store) InsertBulkVisits(ctx context.Context, vs []BulkVisit, es []BulkEntry) error {
	if len(vs) == 0 {
		return nil
	}
	n := len(vs)
	var (
		students, authors, terms, vacs          = make([]int64, n), make([]int64, n), make([]*int64, n), make([]*int64, n)
		dates                                   = make([]time.Time, n)
		modes, kinds, mets, studies, lives      = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		minds, families, problems, advice, reqs = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		leaders                                 = make([]bool, n)
	)
	for i, v := range vs {
		students[i], authors[i], dates[i] = v.StudentID, v.AuthorID, v.Date
		if v.TermID != 0 {
			terms[i] = &vs[i].TermID
		}
		if v.VacationID != 0 {
			vacs[i] = &vs[i].VacationID
		}
		modes[i], kinds[i], leaders[i] = v.Mode, v.Kind, v.LeaderJoined
		mets[i], studies[i], lives[i], minds[i], families[i] = v.Met, v.Study, v.Life, v.Mind, v.Family
		advice[i], reqs[i] = v.Advice, v.Requests
		if len(v.Problems) > 0 {
			problems[i] = v.Problems[0]
		}
	}
	rows, err := s.db.Query(ctx, `
		INSERT INTO visits (school_id, class_id, author_id, visit_date, term_id, vacation_id, mode, kind, leader_joined,
		                    met, study, life, mind, family, problems, advice, requests, created_at, updated_at)
		SELECT st.school_id, st.class_id, x.author, x.d, x.term, x.vac, x.mode, x.kind, x.leader,
		       x.met, x.study, x.life, x.mind, x.family,
		       CASE WHEN x.problem = '' THEN '{}'::text[] ELSE ARRAY[x.problem] END, x.advice, x.req,
		       (x.d + time '18:00') AT TIME ZONE 'Asia/Shanghai', (x.d + time '18:00') AT TIME ZONE 'Asia/Shanghai'
		FROM unnest($1::bigint[], $2::bigint[], $3::date[], $4::bigint[], $5::bigint[], $6::text[], $7::text[], $8::bool[],
		            $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[])
		     WITH ORDINALITY AS x(student, author, d, term, vac, mode, kind, leader, met, study, life, mind, family, problem, advice, req, ord)
		JOIN students st ON st.id = x.student
		ORDER BY x.ord
		RETURNING id`,
		students, authors, dates, terms, vacs, modes, kinds, leaders, mets, studies, lives, minds, families, problems, advice, reqs)
	if err != nil {
		return fmt.Errorf("store: bulk visits: %w", err)
	}
	ids, err := collectIDs(rows, n)
	if err != nil {
		return fmt.Errorf("store: bulk visits: %w", err)
	}
	if _, err := s.db.Exec(ctx, `
		INSERT INTO visit_students (visit_id, student_id, school_id, class_id, visit_date, mode, term_id, vacation_id)
		SELECT v.id, st.id, st.school_id, st.class_id, v.visit_date, v.mode, v.term_id, v.vacation_id
		FROM unnest($1::bigint[], $2::bigint[]) AS x(visit, student)
		JOIN visits v ON v.id = x.visit JOIN students st ON st.id = x.student`, ids, students); err != nil {
		return fmt.Errorf("store: bulk visit students: %w", err)
	}
	var vv, vu []int64
	var vl []bool
	for i, v := range vs {
		vv, vu, vl = append(vv, ids[i]), append(vu, v.AuthorID), append(vl, true)
		if v.Companion != 0 && v.Companion != v.AuthorID {
			vv, vu, vl = append(vv, ids[i]), append(vu, v.Companion), append(vl, false)
		}
	}
	if _, err := s.db.Exec(ctx, `INSERT INTO visit_visitors (visit_id, user_id, lead) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bool[])`, vv, vu, vl); err != nil {
		return fmt.Errorf("store: bulk visitors: %w", err)
	}
	if len(es) == 0 {
		return nil
	}
	m := len(es)
	var (
		ev, owners         = make([]int64, m), make([]int64, m)
		cats, risks, stats = make([]string, m), make([]string, m), make([]string, m)
		notes              = make([]string, m)
		last               = make([]time.Time, m)
		follow, closed     = make([]*time.Time, m), make([]*time.Time, m)
	)
	for i, e := range es {
		ev[i], owners[i], cats[i], risks[i], stats[i] = ids[e.Visit], e.OwnerID, e.Category, e.Risk, e.Status
		notes[i], last[i], follow[i], closed[i] = e.ClosingNote, e.LastAction, e.FollowUp, e.ClosedOn
	}
	rows, err = s.db.Query(ctx, `
		INSERT INTO ledger_entries (school_id, class_id, student_id, category, source_visit_id, found_on, risk, owner_id,
		                            follow_up_on, status, last_action_on, closed_on, closing_note, created_at, updated_at)
		SELECT v.school_id, vs.class_id, vs.student_id, x.cat, v.id, v.visit_date, x.risk, x.owner,
		       x.follow, x.status, x.last, x.closed, x.note, v.created_at, v.created_at
		FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::date[], $6::text[], $7::date[], $8::date[], $9::text[])
		     WITH ORDINALITY AS x(visit, cat, risk, owner, follow, status, last, closed, note, ord)
		JOIN visits v ON v.id = x.visit JOIN visit_students vs ON vs.visit_id = v.id
		ORDER BY x.ord
		RETURNING id`, ev, cats, risks, owners, follow, stats, last, closed, notes)
	if err != nil {
		return fmt.Errorf("store: bulk ledger: %w", mapErr(err))
	}
	eids, err := collectIDs(rows, m)
	if err != nil {
		return fmt.Errorf("store: bulk ledger: %w", err)
	}
	var (
		ae     []int64
		akind  []string
		aon    []time.Time
		aactor []int64
		anote  []string
	)
	add := func(entry int64, kind string, on time.Time, actor int64, note string) {
		ae, akind, aon, aactor, anote = append(ae, entry), append(akind, kind), append(aon, on), append(aactor, actor), append(anote, note)
	}
	for i, e := range es {
		v := vs[e.Visit]
		add(eids[i], "opened", v.Date, v.AuthorID, "")
		for _, a := range e.Interventions {
			add(eids[i], "intervention", a.On, a.ActorID, a.Note)
		}
		if e.ClosedOn != nil {
			add(eids[i], "closed", *e.ClosedOn, e.OwnerID, e.ClosingNote)
		}
	}
	if _, err := s.db.Exec(ctx, `
		WITH l AS (INSERT INTO ledger_visits (entry_id, visit_id) SELECT * FROM unnest($6::bigint[], $7::bigint[]))
		INSERT INTO ledger_actions (entry_id, kind, acted_on, actor_id, note)
		SELECT * FROM unnest($1::bigint[], $2::text[], $3::date[], $4::bigint[], $5::text[])`,
		ae, akind, aon, aactor, anote, eids, ev); err != nil {
		return fmt.Errorf("store: bulk ledger history: %w", err)
	}
	return nil
}

// collectIDs reads n ids and sorts them (see InsertBulkVisits).
func collectIDs(rows interface {
	Next() bool
	Scan(...any) error
	Err() error
	Close()
}, n int) ([]int64, error) {
	defer rows.Close()
	ids := make([]int64, 0, n)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(ids) != n {
		return nil, fmt.Errorf("inserted %d rows of %d", len(ids), n)
	}
	slices.Sort(ids)
	return ids, nil
}

// StudentIDsByNumber maps the county's student numbers to ids.
func (s *Store) StudentIDsByNumber(ctx context.Context, countyID int64) (map[string]int64, error) {
	rows, err := s.db.Query(ctx, `SELECT student_number, id FROM students WHERE county_id = $1`, countyID)
	if err != nil {
		return nil, fmt.Errorf("store: student ids: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var num string
		var id int64
		if err := rows.Scan(&num, &id); err != nil {
			return nil, fmt.Errorf("store: student ids: %w", err)
		}
		out[num] = id
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: student ids: %w", err)
	}
	return out, nil
}
