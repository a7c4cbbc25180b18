-- +goose Up
-- A foreign key check locks the referenced row (FOR KEY SHARE), and a lock
-- is a write: the row's header changes and is logged. Every visit of a
-- school referenced the same school row, and every visit of the county the
-- same term (or vacation) row, so teachers saving visits at the same time
-- all locked one row, which PostgreSQL then turns into a shared lock
-- (a multixact) rebuilt by each of them: a tenth of a visit's database
-- time at 16 teachers of one school.
--
-- Schools, terms and vacations are never deleted (schools are archived; a
-- calendar's terms and vacations are edited in place), and visit_log takes
-- the school from the student's row and the term from the calendar, so
-- these three checks guarded nothing in practice. The keys that tell one
-- visit from another stay: its class, its author, its students. (A visit
-- that opens a new ledger entry still locks the school's row through the
-- entry's key; most visits open none.)
ALTER TABLE visits
    DROP CONSTRAINT visits_school_id_fkey,
    DROP CONSTRAINT visits_term_id_fkey,
    DROP CONSTRAINT visits_vacation_id_fkey;

-- +goose Down
ALTER TABLE visits
    ADD CONSTRAINT visits_school_id_fkey FOREIGN KEY (school_id) REFERENCES schools(id),
    ADD CONSTRAINT visits_term_id_fkey FOREIGN KEY (term_id) REFERENCES terms(id),
    ADD CONSTRAINT visits_vacation_id_fkey FOREIGN KEY (vacation_id) REFERENCES vacations(id);
