-- +goose Up
-- visit_students repeats its visit's date, mode, term and vacation and its
-- student's school and class (migrations/00005), written only together with
-- the visit (visit_log, visit edits) from rows that exist then, in tables
-- whose rows are archived, never deleted. Their foreign keys checked nothing
-- that visits and students do not check already: four lookups and row locks
-- on every visit written, for no integrity gained.
ALTER TABLE visit_students
    DROP CONSTRAINT visit_students_school_id_fkey,
    DROP CONSTRAINT visit_students_class_id_fkey,
    DROP CONSTRAINT visit_students_term_id_fkey,
    DROP CONSTRAINT visit_students_vacation_id_fkey;

-- +goose Down
ALTER TABLE visit_students
    ADD CONSTRAINT visit_students_school_id_fkey FOREIGN KEY (school_id) REFERENCES schools(id),
    ADD CONSTRAINT visit_students_class_id_fkey FOREIGN KEY (class_id) REFERENCES classes(id),
    ADD CONSTRAINT visit_students_term_id_fkey FOREIGN KEY (term_id) REFERENCES terms(id),
    ADD CONSTRAINT visit_students_vacation_id_fkey FOREIGN KEY (vacation_id) REFERENCES vacations(id);
