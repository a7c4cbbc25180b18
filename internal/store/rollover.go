package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/calendar"
	"xietong/internal/grade"
)

// The school-year roll-over (升年级). Classes do not change grade in place:
// each promoted class gets a new grade and class row in the new school year
// (same number, the next grade's name, the same grade division by name),
// and its enrolled students' class_id moves to it. Last year's rows stay as
// they were, so last year's rosters, duties and records keep pointing at
// the class they were made in. The top grade of each school (by its stage,
// see package grade) graduates: its students get status 'graduated' and its
// classes are archived, nothing is deleted. Every student's move is written
// to student_class_history: the stay in last year's class is closed on the
// last day of that school year, and a new stay ('promoted') opens on the
// first day of the new one. Teacher duties are per term, so the new year's
// terms start with none: the schools assign them afresh.

// ErrAlreadyRolledOver: the school year was rolled over before.
var ErrAlreadyRolledOver = errors.New("store: school year already rolled over")

// RolloverSchool is what the roll-over does to one school.
type RolloverSchool struct {
	SchoolID         int64
	Code, Name       string
	PromoteClasses   int
	PromoteStudents  int
	GraduateClasses  int
	GraduateStudents int
}

// RolloverPlan is the preview of a roll-over, per school.
type RolloverPlan struct {
	Schools []RolloverSchool
	// Done: the from-year has already been rolled over.
	Done bool
}

// Totals sums the plan over the schools.
func (p RolloverPlan) Totals() RolloverSchool {
	var t RolloverSchool
	for _, s := range p.Schools {
		t.PromoteClasses += s.PromoteClasses
		t.PromoteStudents += s.PromoteStudents
		t.GraduateClasses += s.GraduateClasses
		t.GraduateStudents += s.GraduateStudents
	}
	return t
}

type rolloverClass struct {
	ID       int64  `db:"id"`
	SchoolID int64  `db:"school_id"`
	Code     string `db:"code"`
	Name     string `db:"school_name"`
	Stage    string `db:"stage"`
	Number   int    `db:"number"`
	Level    int    `db:"level"`
	Students int    `db:"students"`
}

// rolloverClasses loads the active classes of the county's active schools in
// a school year, with their enrolled students.
func (s *Store) rolloverClasses(ctx context.Context, countyID, yearID int64) ([]rolloverClass, error) {
	rows, err := s.db.Query(ctx, `
		SELECT c.id, c.school_id, sc.code, sc.name AS school_name, sc.stage, c.number, g.level,
		       (SELECT count(*) FROM students st WHERE st.class_id = c.id AND st.status = 'enrolled')::int AS students
		FROM classes c JOIN grades g ON g.id = c.grade_id JOIN schools sc ON sc.id = c.school_id
		WHERE sc.county_id = $1 AND sc.archived_at IS NULL AND g.school_year_id = $2 AND c.archived_at IS NULL
		ORDER BY sc.code, g.level, c.number`, countyID, yearID)
	if err != nil {
		return nil, fmt.Errorf("store: roll-over classes: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[rolloverClass])
	if err != nil {
		return nil, fmt.Errorf("store: roll-over classes: %w", err)
	}
	return out, nil
}

func planOf(cs []rolloverClass) []RolloverSchool {
	var out []RolloverSchool
	for _, c := range cs {
		if len(out) == 0 || out[len(out)-1].SchoolID != c.SchoolID {
			out = append(out, RolloverSchool{SchoolID: c.SchoolID, Code: c.Code, Name: c.Name})
		}
		s := &out[len(out)-1]
		if grade.Graduates(c.Stage, c.Level) {
			s.GraduateClasses++
			s.GraduateStudents += c.Students
		} else {
			s.PromoteClasses++
			s.PromoteStudents += c.Students
		}
	}
	return out
}

// PreviewRollover says what rolling the county's school year fromYearID
// over would do, changing nothing.
func (s *Store) PreviewRollover(ctx context.Context, countyID, fromYearID int64) (RolloverPlan, error) {
	var done bool
	if err := s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM rollovers WHERE county_id = $1 AND from_year_id = $2)`,
		countyID, fromYearID).Scan(&done); err != nil {
		return RolloverPlan{}, fmt.Errorf("store: roll-over done: %w", err)
	}
	cs, err := s.rolloverClasses(ctx, countyID, fromYearID)
	if err != nil {
		return RolloverPlan{}, err
	}
	return RolloverPlan{Schools: planOf(cs), Done: done}, nil
}

// ApplyRollover rolls the county over from one school year to the next in
// one transaction and returns what it did. A year rolled over before is
// ErrAlreadyRolledOver.
func (s *Store) ApplyRollover(ctx context.Context, countyID int64, from, to calendar.SchoolYear, userID int64) (RolloverPlan, error) {
	var plan RolloverPlan
	err := s.InTx(ctx, func(tx *Store) error {
		if err := tx.LongWork(ctx); err != nil {
			return err
		}
		tag, err := tx.db.Exec(ctx, `
			INSERT INTO rollovers (county_id, from_year_id, to_year_id, applied_by) VALUES ($1, $2, $3, $4)
			ON CONFLICT (county_id, from_year_id) DO NOTHING`, countyID, from.ID, to.ID, nullInt(userID))
		if err != nil {
			return fmt.Errorf("store: record roll-over: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return ErrAlreadyRolledOver
		}
		cs, err := tx.rolloverClasses(ctx, countyID, from.ID)
		if err != nil {
			return err
		}
		plan.Schools = planOf(cs)
		if _, err := tx.db.Exec(ctx, `
			INSERT INTO grade_divisions (school_id, school_year_id, name)
			SELECT d.school_id, $3, d.name FROM grade_divisions d JOIN schools sc ON sc.id = d.school_id
			WHERE d.school_year_id = $2 AND sc.county_id = $1 AND sc.archived_at IS NULL
			ON CONFLICT (school_id, school_year_id, name) DO NOTHING`, countyID, from.ID, to.ID); err != nil {
			return fmt.Errorf("store: roll-over divisions: %w", err)
		}
		type key struct {
			school int64
			level  int
		}
		newGrade := map[key]int64{}
		var (
			allOld, promOld, gradOld []int64
			newGradeIDs              []int64
			numbers                  []int32
			names                    []string
		)
		for _, c := range cs {
			allOld = append(allOld, c.ID)
			if grade.Graduates(c.Stage, c.Level) {
				gradOld = append(gradOld, c.ID)
				continue
			}
			k := key{c.SchoolID, c.Level + 1}
			gid, ok := newGrade[k]
			if !ok {
				// The new grade joins the division that held its level last
				// year (or, for a level new to the school, the division of
				// the level below).
				err := tx.db.QueryRow(ctx, `
					INSERT INTO grades (school_id, school_year_id, grade_division_id, level, name)
					VALUES ($1, $2, (
						SELECT nd.id FROM grade_divisions nd WHERE nd.school_id = $1 AND nd.school_year_id = $2 AND nd.name = (
							SELECT od.name FROM grades og JOIN grade_divisions od ON od.id = og.grade_division_id
							WHERE og.school_id = $1 AND og.school_year_id = $3 AND og.level IN ($4, $4 - 1)
							ORDER BY og.level DESC LIMIT 1)),
						$4, $5)
					ON CONFLICT (school_id, school_year_id, level) DO UPDATE SET name = grades.name
					RETURNING id`, c.SchoolID, to.ID, from.ID, k.level, grade.Name(k.level)).Scan(&gid)
				if err != nil {
					return fmt.Errorf("store: roll-over grade %d of school %d: %w", k.level, c.SchoolID, mapErr(err))
				}
				newGrade[k] = gid
			}
			promOld = append(promOld, c.ID)
			newGradeIDs = append(newGradeIDs, gid)
			numbers = append(numbers, int32(c.Number))
			names = append(names, grade.ClassName(k.level, c.Number))
		}
		if _, err := tx.db.Exec(ctx, `
			INSERT INTO classes (school_id, grade_id, number, name)
			SELECT g.school_id, m.grade_id, m.number, m.name
			FROM unnest($1::bigint[], $2::smallint[], $3::text[]) AS m(grade_id, number, name) JOIN grades g ON g.id = m.grade_id
			ON CONFLICT (grade_id, number) DO NOTHING`, newGradeIDs, numbers, names); err != nil {
			return fmt.Errorf("store: roll-over classes: %w", mapErr(err))
		}
		rows, err := tx.db.Query(ctx, `
			SELECT m.old_id, n.id FROM unnest($1::bigint[], $2::bigint[], $3::smallint[]) AS m(old_id, grade_id, number)
			JOIN classes n ON n.grade_id = m.grade_id AND n.number = m.number`, promOld, newGradeIDs, numbers)
		if err != nil {
			return fmt.Errorf("store: roll-over class map: %w", err)
		}
		var oldIDs, newIDs []int64
		var o, n int64
		if _, err := pgx.ForEachRow(rows, []any{&o, &n}, func() error {
			oldIDs, newIDs = append(oldIDs, o), append(newIDs, n)
			return nil
		}); err != nil {
			return fmt.Errorf("store: roll-over class map: %w", err)
		}
		// Close every stay in last year's classes, and record the stays
		// that began before the history was kept.
		if _, err := tx.db.Exec(ctx, `
			UPDATE student_class_history h SET to_date = greatest(h.from_date, $2::date)
			FROM students st WHERE st.class_id = ANY($1) AND st.status = 'enrolled' AND h.student_id = st.id AND h.to_date IS NULL`,
			allOld, from.End); err != nil {
			return fmt.Errorf("store: roll-over close history: %w", err)
		}
		if _, err := tx.db.Exec(ctx, `
			INSERT INTO student_class_history (student_id, class_id, from_date, to_date, reason)
			SELECT st.id, st.class_id, $2, $3, 'enrolled' FROM students st
			WHERE st.class_id = ANY($1) AND st.status = 'enrolled'
			  AND NOT EXISTS (SELECT 1 FROM student_class_history h WHERE h.student_id = st.id AND h.class_id = st.class_id)`,
			allOld, from.Start, from.End); err != nil {
			return fmt.Errorf("store: roll-over history: %w", err)
		}
		if _, err := tx.db.Exec(ctx, `
			WITH m AS (SELECT * FROM unnest($1::bigint[], $2::bigint[]) AS m(old_id, new_id)),
			moved AS (
				UPDATE students st SET class_id = m.new_id, version = st.version + 1, updated_at = now()
				FROM m WHERE st.class_id = m.old_id AND st.status = 'enrolled'
				RETURNING st.id, st.class_id)
			INSERT INTO student_class_history (student_id, class_id, from_date, reason)
			SELECT id, class_id, $3, 'promoted' FROM moved`, oldIDs, newIDs, to.Start); err != nil {
			return fmt.Errorf("store: roll-over move students: %w", err)
		}
		if _, err := tx.db.Exec(ctx, `
			UPDATE students SET status = 'graduated', version = version + 1, updated_at = now()
			WHERE class_id = ANY($1) AND status = 'enrolled'`, gradOld); err != nil {
			return fmt.Errorf("store: roll-over graduate: %w", err)
		}
		if _, err := tx.db.Exec(ctx, `UPDATE classes SET archived_at = now() WHERE id = ANY($1)`, gradOld); err != nil {
			return fmt.Errorf("store: roll-over archive classes: %w", err)
		}
		return nil
	})
	if err != nil {
		return RolloverPlan{}, err
	}
	plan.Done = true
	return plan, nil
}

// ClassHistoryRow is one stay of a student in a class.
type ClassHistoryRow struct {
	ClassID   int64      `db:"class_id"`
	ClassName string     `db:"class_name"`
	School    string     `db:"school_name"`
	FromDate  time.Time  `db:"from_date"`
	ToDate    *time.Time `db:"to_date"`
	Reason    string     `db:"reason"`
}

// StudentClassHistory lists a student's stays in classes, oldest first,
// for the students page. The caller must have checked the student is in
// scope.
func (s *Store) StudentClassHistory(ctx context.Context, studentID int64) ([]ClassHistoryRow, error) {
	rows, err := s.db.Query(ctx, `
		SELECT h.class_id, c.name AS class_name, sc.name AS school_name, h.from_date, h.to_date, h.reason
		FROM student_class_history h JOIN classes c ON c.id = h.class_id JOIN schools sc ON sc.id = c.school_id
		WHERE h.student_id = $1 ORDER BY h.from_date, h.id`, studentID)
	if err != nil {
		return nil, fmt.Errorf("store: class history of student %d: %w", studentID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[ClassHistoryRow])
	if err != nil {
		return nil, fmt.Errorf("store: class history of student %d: %w", studentID, err)
	}
	return out, nil
}
