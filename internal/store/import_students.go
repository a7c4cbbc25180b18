package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// StudentRow is one clean student of an import (see roster.StudentRecord).
type StudentRow struct {
	// Row is the row number in the sheet, for messages.
	Row           int
	StudentNumber string
	Name          string
	Gender        string
	BirthDate     *time.Time
	ClassID       int64
	Township      string
	Village       string
	Address       string
	SpecialGroups
	Guardians []GuardianRow
}

// GuardianRow is one guardian of an imported student, in sheet order.
type GuardianRow struct {
	Name, Relation, Phone string
}

// StudentColumns says which optional columns the sheet had. A column the
// sheet lacks leaves the stored value alone when a student is updated (a
// sheet without addresses does not wipe them); a new student gets the
// defaults. Name, student number, gender and class are always there.
type StudentColumns struct {
	BirthDate, Township, Village, Address           bool
	LeftBehind, Hardship, Migrant, Disabled, Orphan bool
	// Guardians: the sheet names guardians; an updated student's guardians
	// are replaced by the sheet's.
	Guardians bool
}

// StudentImportPlan is what an import does, or would do.
type StudentImportPlan struct {
	Added, Updated, Unchanged int
	// ClassChanged counts updated students moved to another class (their
	// class history gets a new stay).
	ClassChanged int
	// Conflicts are rows the database refuses: a student number of another
	// school, or of a student who left or graduated.
	Conflicts []ImportConflict
}

// PlanStudentImport counts what importing rows into schoolID would do,
// through the same staging and comparison as ApplyStudentImport, in a
// transaction that is rolled back: nothing is written.
func (s *Store) PlanStudentImport(ctx context.Context, countyID, schoolID int64, rows []StudentRow, cols StudentColumns) (StudentImportPlan, error) {
	var plan StudentImportPlan
	err := s.rolledBack(ctx, func(tx *Store) error {
		var err error
		plan, err = tx.stageStudents(ctx, countyID, schoolID, rows, cols, nil)
		return err
	})
	return plan, err
}

// ApplyStudentImport adds and updates the students of rows in schoolID, all
// or nothing; run it inside InTx with the import's audit row. Rows are
// bulk-loaded by COPY into a staging table, compared with the register in
// one statement, and merged by student number in one
// INSERT … ON CONFLICT DO UPDATE that touches only the students whose
// values changed: the same file imported twice changes nothing. An updated
// student's guardians are replaced when the sheet names guardians; a class
// change closes the open class stay and opens one in the new class on date
// on; new students' stays open on on. Students of the school that the
// sheet does not list are left alone (leaving school is its own action).
//
// progress, if not nil, is called as rows are staged.
//
// A row the database refuses (see StudentImportPlan.Conflicts) is
// ErrImportConflict with the plan listing them, and nothing is written.
func (s *Store) ApplyStudentImport(ctx context.Context, countyID, schoolID int64, rows []StudentRow, cols StudentColumns,
	on time.Time, progress func(done, total int)) (StudentImportPlan, error) {
	var plan StudentImportPlan
	err := s.InTx(ctx, func(tx *Store) error {
		if err := tx.importLock(ctx, schoolID); err != nil {
			return err
		}
		var err error
		if plan, err = tx.stageStudents(ctx, countyID, schoolID, rows, cols, progress); err != nil {
			return err
		}
		if len(plan.Conflicts) > 0 {
			return fmt.Errorf("store: import into school %d: %d rows: %w", schoolID, len(plan.Conflicts), ErrImportConflict)
		}
		return tx.mergeStudents(ctx, countyID, schoolID, plan, on)
	})
	return plan, err
}

// stageStudents copies rows into the temporary tables imp_students and
// imp_guardians and builds imp_new: each row with the values it would
// store, the matching student if any, and whether anything changed.
func (s *Store) stageStudents(ctx context.Context, countyID, schoolID int64, rows []StudentRow, cols StudentColumns,
	progress func(done, total int)) (StudentImportPlan, error) {
	var plan StudentImportPlan
	_, err := s.db.Exec(ctx, `
		CREATE TEMP TABLE imp_students (
			row int NOT NULL, student_number text NOT NULL, name text NOT NULL, gender text NOT NULL,
			birth_date date, class_id bigint NOT NULL, township text NOT NULL, village text NOT NULL,
			address text NOT NULL, left_behind bool NOT NULL, hardship bool NOT NULL, migrant bool NOT NULL,
			disabled bool NOT NULL, orphan bool NOT NULL, guardians text NOT NULL
		) ON COMMIT DROP;
		CREATE TEMP TABLE imp_guardians (
			student_number text NOT NULL, position smallint NOT NULL, name text NOT NULL,
			relation text NOT NULL, phone text NOT NULL
		) ON COMMIT DROP`)
	if err != nil {
		return plan, fmt.Errorf("store: staging tables: %w", err)
	}
	step := max(len(rows)/20, 1000)
	_, err = s.db.CopyFrom(ctx, pgx.Identifier{"imp_students"},
		[]string{"row", "student_number", "name", "gender", "birth_date", "class_id", "township", "village", "address",
			"left_behind", "hardship", "migrant", "disabled", "orphan", "guardians"},
		pgx.CopyFromSlice(len(rows), func(i int) ([]any, error) {
			r := &rows[i]
			if progress != nil && (i+1)%step == 0 {
				progress(i+1, len(rows))
			}
			var birth any
			if r.BirthDate != nil {
				birth = *r.BirthDate
			}
			return []any{r.Row, r.StudentNumber, r.Name, r.Gender, birth, r.ClassID, r.Township, r.Village, r.Address,
				r.LeftBehind, r.Hardship, r.Migrant, r.Disabled, r.Orphan, guardianSignature(r.Guardians)}, nil
		}))
	if err != nil {
		return plan, fmt.Errorf("store: stage %d students: %w", len(rows), mapErr(err))
	}
	if progress != nil {
		progress(len(rows), len(rows))
	}
	var gs [][]any
	for i := range rows {
		for k, g := range rows[i].Guardians {
			gs = append(gs, []any{rows[i].StudentNumber, int16(k + 1), g.Name, g.Relation, g.Phone})
		}
	}
	if _, err := s.db.CopyFrom(ctx, pgx.Identifier{"imp_guardians"},
		[]string{"student_number", "position", "name", "relation", "phone"}, pgx.CopyFromRows(gs)); err != nil {
		return plan, fmt.Errorf("store: stage %d guardians: %w", len(gs), mapErr(err))
	}
	_, err = s.db.Exec(ctx, `
		CREATE INDEX ON imp_guardians (student_number);
		ANALYZE imp_students;
		ANALYZE imp_guardians`)
	if err != nil {
		return plan, fmt.Errorf("store: staging index: %w", err)
	}
	// The values each row would store: a column the sheet lacks keeps the
	// stored value of an existing student.
	_, err = s.db.Exec(ctx, `
		CREATE TEMP TABLE imp_new ON COMMIT DROP AS
		WITH n AS (
			SELECT i.row, i.student_number, s.id AS student_id, s.school_id AS cur_school_id, s.status AS cur_status,
			       s.class_id AS old_class_id, i.name, i.gender,
			       CASE WHEN s.id IS NULL OR $2 THEN i.birth_date ELSE coalesce(i.birth_date, s.birth_date) END AS birth_date,
			       i.class_id,
			       CASE WHEN s.id IS NULL OR $3 THEN i.township ELSE s.township END AS township,
			       CASE WHEN s.id IS NULL OR $4 THEN i.village ELSE s.village END AS village,
			       CASE WHEN s.id IS NULL OR $5 THEN i.address ELSE s.address END AS address,
			       CASE WHEN s.id IS NULL OR $6 THEN i.left_behind ELSE s.left_behind END AS left_behind,
			       CASE WHEN s.id IS NULL OR $7 THEN i.hardship ELSE s.hardship END AS hardship,
			       CASE WHEN s.id IS NULL OR $8 THEN i.migrant ELSE s.migrant END AS migrant,
			       CASE WHEN s.id IS NULL OR $9 THEN i.disabled ELSE s.disabled END AS disabled,
			       CASE WHEN s.id IS NULL OR $10 THEN i.orphan ELSE s.orphan END AS orphan,
			       (s.id IS NULL OR $11) AS set_guardians, i.guardians
			FROM imp_students i LEFT JOIN students s ON s.county_id = $1 AND s.student_number = i.student_number
		)
		SELECT n.*,
		       n.student_id IS NOT NULL AND
		       (n.name, n.gender, n.birth_date, n.class_id, n.township, n.village, n.address,
		        n.left_behind, n.hardship, n.migrant, n.disabled, n.orphan)
		       IS DISTINCT FROM
		       (s.name, s.gender, s.birth_date, s.class_id, s.township, s.village, s.address,
		        s.left_behind, s.hardship, s.migrant, s.disabled, s.orphan) AS fields_changed,
		       n.student_id IS NOT NULL AND n.set_guardians AND n.guardians IS DISTINCT FROM coalesce((
		           SELECT string_agg(g.name || chr(31) || g.relation || chr(31) || g.phone, chr(30) ORDER BY g.position)
		           FROM guardians g WHERE g.student_id = n.student_id), '') AS guardians_changed
		FROM n LEFT JOIN students s ON s.id = n.student_id`,
		countyID, cols.BirthDate, cols.Township, cols.Village, cols.Address,
		cols.LeftBehind, cols.Hardship, cols.Migrant, cols.Disabled, cols.Orphan, cols.Guardians)
	if err != nil {
		return plan, fmt.Errorf("store: compare staged students: %w", err)
	}
	err = s.db.QueryRow(ctx, `
		SELECT count(*) FILTER (WHERE student_id IS NULL),
		       count(*) FILTER (WHERE fields_changed OR guardians_changed),
		       count(*) FILTER (WHERE student_id IS NOT NULL AND NOT fields_changed AND NOT guardians_changed),
		       count(*) FILTER (WHERE student_id IS NOT NULL AND old_class_id IS DISTINCT FROM class_id)
		FROM imp_new WHERE student_id IS NULL OR (cur_school_id = $1 AND cur_status = 'enrolled')`, schoolID).
		Scan(&plan.Added, &plan.Updated, &plan.Unchanged, &plan.ClassChanged)
	if err != nil {
		return plan, fmt.Errorf("store: count staged students: %w", err)
	}
	crows, err := s.db.Query(ctx, `
		SELECT row, CASE WHEN cur_school_id <> $1
		    THEN '学籍号已登记在本县另一所学校，请由该校办理转学后再导入'
		    ELSE '该学籍号的学生已离校或毕业，不能通过导入恢复，请联系系统管理员' END
		FROM imp_new WHERE student_id IS NOT NULL AND (cur_school_id <> $1 OR cur_status <> 'enrolled')
		ORDER BY row`, schoolID)
	if err != nil {
		return plan, fmt.Errorf("store: staged conflicts: %w", err)
	}
	var c ImportConflict
	_, err = pgx.ForEachRow(crows, []any{&c.Row, &c.Message}, func() error {
		c.Column = "学籍号"
		plan.Conflicts = append(plan.Conflicts, c)
		return nil
	})
	if err != nil {
		return plan, fmt.Errorf("store: staged conflicts: %w", err)
	}
	return plan, nil
}

// guardianSignature is the guardians as the comparison in stageStudents
// aggregates the stored ones: name, relation and phone by position.
func guardianSignature(gs []GuardianRow) string {
	parts := make([]string, len(gs))
	for i, g := range gs {
		parts[i] = g.Name + "\x1f" + g.Relation + "\x1f" + g.Phone
	}
	return strings.Join(parts, "\x1e")
}

// mergeStudents writes what stageStudents planned.
func (s *Store) mergeStudents(ctx context.Context, countyID, schoolID int64, plan StudentImportPlan, on time.Time) error {
	// Class changes first, while students.class_id still holds the old class.
	if _, err := s.db.Exec(ctx, `
		UPDATE student_class_history h SET to_date = greatest(h.from_date, $1::date)
		FROM imp_new n
		WHERE n.student_id IS NOT NULL AND n.old_class_id IS DISTINCT FROM n.class_id
		  AND h.student_id = n.student_id AND h.to_date IS NULL`, on); err != nil {
		return fmt.Errorf("store: close class stays: %w", err)
	}
	// The ids written go to imp_ids, so that guardians and class stays
	// find the students without another lookup by number.
	if _, err := s.db.Exec(ctx, `
		CREATE TEMP TABLE imp_ids (id bigint NOT NULL, student_number text NOT NULL, class_id bigint,
		                           added bool NOT NULL, guardians_changed bool NOT NULL) ON COMMIT DROP`); err != nil {
		return fmt.Errorf("store: merge students: %w", err)
	}
	tag, err := s.db.Exec(ctx, `
		WITH w AS (
		INSERT INTO students AS st (county_id, school_id, class_id, student_number, name, gender, birth_date,
		                            township, village, address, left_behind, hardship, migrant, disabled, orphan)
		SELECT $1, $2, n.class_id, n.student_number, n.name, n.gender, n.birth_date,
		       n.township, n.village, n.address, n.left_behind, n.hardship, n.migrant, n.disabled, n.orphan
		FROM imp_new n WHERE n.student_id IS NULL OR n.fields_changed
		ORDER BY n.row
		ON CONFLICT (county_id, student_number) DO UPDATE SET
		       class_id = EXCLUDED.class_id, name = EXCLUDED.name, gender = EXCLUDED.gender,
		       birth_date = EXCLUDED.birth_date, township = EXCLUDED.township, village = EXCLUDED.village,
		       address = EXCLUDED.address, left_behind = EXCLUDED.left_behind, hardship = EXCLUDED.hardship,
		       migrant = EXCLUDED.migrant, disabled = EXCLUDED.disabled, orphan = EXCLUDED.orphan,
		       version = st.version + 1, updated_at = now()
		WHERE st.school_id = EXCLUDED.school_id AND st.status = 'enrolled'
		  AND (st.class_id, st.name, st.gender, st.birth_date, st.township, st.village, st.address,
		       st.left_behind, st.hardship, st.migrant, st.disabled, st.orphan)
		      IS DISTINCT FROM
		      (EXCLUDED.class_id, EXCLUDED.name, EXCLUDED.gender, EXCLUDED.birth_date, EXCLUDED.township,
		       EXCLUDED.village, EXCLUDED.address, EXCLUDED.left_behind, EXCLUDED.hardship, EXCLUDED.migrant,
		       EXCLUDED.disabled, EXCLUDED.orphan)
		RETURNING st.id, st.student_number, st.class_id
		)
		INSERT INTO imp_ids
		SELECT w.id, w.student_number, w.class_id, n.student_id IS NULL, n.guardians_changed
		FROM w JOIN imp_new n ON n.student_number = w.student_number`, countyID, schoolID)
	if err != nil {
		return fmt.Errorf("store: merge students: %w", mapErr(err))
	}
	if _, err := s.db.Exec(ctx, `CREATE INDEX ON imp_ids (student_number); ANALYZE imp_ids`); err != nil {
		return fmt.Errorf("store: merge students: %w", err)
	}
	var fieldsChanged int64
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM imp_new WHERE fields_changed`).Scan(&fieldsChanged); err != nil {
		return fmt.Errorf("store: merge students: %w", err)
	}
	if want := int64(plan.Added) + fieldsChanged; tag.RowsAffected() != want {
		// Under the school's import lock only another path (an edit, a
		// transfer) could have moved a student in between.
		return fmt.Errorf("store: merge students: wrote %d rows, planned %d: %w", tag.RowsAffected(), want, ErrImportConflict)
	}
	// Guardian-only changes still make a new version (an open edit form
	// must not overwrite them).
	if _, err := s.db.Exec(ctx, `
		UPDATE students st SET version = st.version + 1, updated_at = now()
		FROM imp_new n WHERE st.id = n.student_id AND n.guardians_changed AND NOT n.fields_changed`); err != nil {
		return fmt.Errorf("store: merge students: %w", err)
	}
	if _, err := s.db.Exec(ctx, `
		DELETE FROM guardians g USING imp_new n WHERE g.student_id = n.student_id AND n.guardians_changed`); err != nil {
		return fmt.Errorf("store: replace guardians: %w", err)
	}
	if _, err := s.db.Exec(ctx, `
		INSERT INTO guardians (student_id, position, name, relation, phone)
		SELECT coalesce(w.id, n.student_id), g.position, g.name, g.relation, g.phone
		FROM imp_new n
		JOIN imp_guardians g ON g.student_number = n.student_number
		LEFT JOIN imp_ids w ON w.student_number = n.student_number
		WHERE n.student_id IS NULL OR n.guardians_changed`); err != nil {
		return fmt.Errorf("store: insert guardians: %w", mapErr(err))
	}
	if _, err := s.db.Exec(ctx, `
		INSERT INTO student_class_history (student_id, class_id, from_date, reason)
		SELECT n.student_id, n.class_id, $1, 'transferred' FROM imp_new n
		WHERE n.student_id IS NOT NULL AND n.old_class_id IS DISTINCT FROM n.class_id`, on); err != nil {
		return fmt.Errorf("store: open class stays: %w", mapErr(err))
	}
	// The new students' stays start on on. (OpenStays does the same for
	// the whole county; here the staging table names the new students, so
	// the insert finds them by the student number's index.)
	if _, err := s.db.Exec(ctx, `
		INSERT INTO student_class_history (student_id, class_id, from_date, reason)
		SELECT w.id, w.class_id, $1, 'enrolled' FROM imp_ids w WHERE w.added`, on); err != nil {
		return fmt.Errorf("store: open class stays: %w", mapErr(err))
	}
	return nil
}
