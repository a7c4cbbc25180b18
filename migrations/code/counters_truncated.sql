-- TRUNCATE fires no row triggers: recount after it. The same holds for the
-- coverage counters when visit_students is truncated (tests do).
CREATE OR REPLACE FUNCTION counters_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'visit_students' THEN
        PERFORM coverage_rebuild();
    ELSE
        PERFORM ledger_counts_recount();
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER coverage_truncated AFTER TRUNCATE ON visit_students
    FOR EACH STATEMENT EXECUTE FUNCTION counters_truncated();
CREATE OR REPLACE TRIGGER ledger_counts_truncated AFTER TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION counters_truncated();
CREATE OR REPLACE TRIGGER ledger_counts_truncated AFTER TRUNCATE ON ledger_visits
    FOR EACH STATEMENT EXECUTE FUNCTION counters_truncated();
