-- +goose Up
-- R04 counters: per class (so that the teachers of one school logging
-- visits at the same time do not queue on one row), the problems found on
-- visits (ledger_visits rows: one per visit, student and category, each
-- filed in the ledger by the visit form) and the ledger entries by status, kept exact by triggers in
-- the same transaction as every write to ledger_entries and ledger_visits.
-- The coverage pages read these rows instead of grouping the whole ledger
-- on every request.
--
-- "Overdue" depends on today, so it cannot be a stored counter: the pages
-- take it from the open count and the entries still due (see due_on).
--
-- ledger_counts_recount() is the full recount, for bulk loads and for the
-- tests that compare the counters with it.

-- ledger_visits carries its entry's class so that a deleted link can be
-- uncounted even when its entry is being deleted in the same statement.
ALTER TABLE ledger_visits ADD COLUMN class_id bigint;
UPDATE ledger_visits lv SET class_id = e.class_id FROM ledger_entries e WHERE e.id = lv.entry_id;
ALTER TABLE ledger_visits ALTER COLUMN class_id SET NOT NULL;

-- +goose StatementBegin
CREATE FUNCTION ledger_visits_class() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT e.class_id INTO NEW.class_id FROM ledger_entries e WHERE e.id = NEW.entry_id;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER ledger_visits_class BEFORE INSERT ON ledger_visits
    FOR EACH ROW WHEN (NEW.class_id IS NULL) EXECUTE FUNCTION ledger_visits_class();
CREATE TRIGGER ledger_visits_class_upd BEFORE UPDATE OF entry_id ON ledger_visits
    FOR EACH ROW EXECUTE FUNCTION ledger_visits_class();

CREATE TABLE ledger_counts (
    class_id   bigint PRIMARY KEY REFERENCES classes(id) ON DELETE CASCADE,
    school_id  bigint NOT NULL,
    problems   integer NOT NULL DEFAULT 0 CHECK (problems >= 0),
    entries    integer NOT NULL DEFAULT 0 CHECK (entries >= 0),
    pending    integer NOT NULL DEFAULT 0 CHECK (pending >= 0),
    following  integer NOT NULL DEFAULT 0 CHECK (following >= 0),
    resolved   integer NOT NULL DEFAULT 0 CHECK (resolved >= 0),
    referred   integer NOT NULL DEFAULT 0 CHECK (referred >= 0)
);
CREATE INDEX ledger_counts_school_idx ON ledger_counts (school_id);

-- due_on is the last day an open entry is on time (visit.Overdue): a week
-- after the last action (visit.StaleDays), or the follow-up date if that
-- comes first. Overdue on d is due_on < d. An entry acted on by d is due
-- by d + 7 at the latest, so the open entries not yet overdue are the few
-- of the last week: the pages count those through this index and take
-- them from the open count; the overdue ones are never read.
ALTER TABLE ledger_entries ADD COLUMN due_on date GENERATED ALWAYS AS (least(last_action_on + 7, follow_up_on)) STORED;
CREATE INDEX ledger_entries_due_idx ON ledger_entries (due_on, school_id) WHERE status IN ('open', 'following');

-- ledger_counts_add adds problems and entries of a status (negative to
-- subtract) to a class's row. An update first: an insert would check the
-- constraints on the proposed row before seeing the conflict.
-- +goose StatementBegin
CREATE FUNCTION ledger_counts_add(p_class bigint, p_problems integer, p_entries integer, p_status text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE ledger_counts SET
        problems = problems + p_problems, entries = entries + p_entries,
        pending = pending + CASE WHEN p_status = 'open' THEN p_entries ELSE 0 END,
        following = following + CASE WHEN p_status = 'following' THEN p_entries ELSE 0 END,
        resolved = resolved + CASE WHEN p_status = 'resolved' THEN p_entries ELSE 0 END,
        referred = referred + CASE WHEN p_status = 'referred' THEN p_entries ELSE 0 END
    WHERE class_id = p_class;
    IF NOT FOUND THEN
        INSERT INTO ledger_counts AS lc (class_id, school_id, problems, entries, pending, following, resolved, referred)
        VALUES (p_class, (SELECT school_id FROM classes WHERE id = p_class), p_problems, p_entries,
                CASE WHEN p_status = 'open' THEN p_entries ELSE 0 END,
                CASE WHEN p_status = 'following' THEN p_entries ELSE 0 END,
                CASE WHEN p_status = 'resolved' THEN p_entries ELSE 0 END,
                CASE WHEN p_status = 'referred' THEN p_entries ELSE 0 END)
        ON CONFLICT (class_id) DO UPDATE SET
            problems = lc.problems + excluded.problems, entries = lc.entries + excluded.entries,
            pending = lc.pending + excluded.pending, following = lc.following + excluded.following,
            resolved = lc.resolved + excluded.resolved, referred = lc.referred + excluded.referred;
    END IF;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION ledger_counts_entries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM ledger_counts_add(OLD.class_id, 0, -1, OLD.status);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM ledger_counts_add(NEW.class_id, 0, 1, NEW.status);
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER ledger_counts_entries_ins AFTER INSERT ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_counts_entries();
CREATE TRIGGER ledger_counts_entries_upd AFTER UPDATE OF status, class_id ON ledger_entries
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.class_id IS DISTINCT FROM NEW.class_id)
    EXECUTE FUNCTION ledger_counts_entries();
CREATE TRIGGER ledger_counts_entries_del AFTER DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_counts_entries();

-- +goose StatementBegin
CREATE FUNCTION ledger_counts_visits() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM ledger_counts_add(OLD.class_id, -1, 0, '');
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM ledger_counts_add(NEW.class_id, 1, 0, '');
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER ledger_counts_visits_ins AFTER INSERT ON ledger_visits
    FOR EACH ROW EXECUTE FUNCTION ledger_counts_visits();
CREATE TRIGGER ledger_counts_visits_upd AFTER UPDATE OF class_id ON ledger_visits
    FOR EACH ROW WHEN (OLD.class_id IS DISTINCT FROM NEW.class_id) EXECUTE FUNCTION ledger_counts_visits();
CREATE TRIGGER ledger_counts_visits_del AFTER DELETE ON ledger_visits
    FOR EACH ROW EXECUTE FUNCTION ledger_counts_visits();

-- An entry moving with its student to another class takes its links along.
-- +goose StatementBegin
CREATE FUNCTION ledger_entries_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE ledger_visits SET class_id = NEW.class_id WHERE entry_id = NEW.id;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER ledger_entries_moved AFTER UPDATE OF class_id ON ledger_entries
    FOR EACH ROW WHEN (OLD.class_id IS DISTINCT FROM NEW.class_id) EXECUTE FUNCTION ledger_entries_moved();

-- ledger_counts_recount rewrites every row from the ledger tables.
-- +goose StatementBegin
CREATE FUNCTION ledger_counts_recount() RETURNS void LANGUAGE sql AS $$
    DELETE FROM ledger_counts;
    INSERT INTO ledger_counts (class_id, school_id, problems, entries, pending, following, resolved, referred)
    SELECT c.id, c.school_id, coalesce(p.n, 0), coalesce(l.entries, 0), coalesce(l.pending, 0), coalesce(l.following, 0),
           coalesce(l.resolved, 0), coalesce(l.referred, 0)
    FROM classes c
    LEFT JOIN (SELECT class_id, count(*)::int AS n FROM ledger_visits GROUP BY class_id) p ON p.class_id = c.id
    LEFT JOIN (
        SELECT class_id, count(*)::int AS entries,
               count(*) FILTER (WHERE status = 'open')::int AS pending,
               count(*) FILTER (WHERE status = 'following')::int AS following,
               count(*) FILTER (WHERE status = 'resolved')::int AS resolved,
               count(*) FILTER (WHERE status = 'referred')::int AS referred
        FROM ledger_entries GROUP BY class_id
    ) l ON l.class_id = c.id
    WHERE p.n IS NOT NULL OR l.entries IS NOT NULL;
$$;
-- +goose StatementEnd

SELECT ledger_counts_recount();

-- TRUNCATE fires no row triggers: recount after it. The same holds for the
-- coverage counters when visit_students is truncated (tests do).
-- +goose StatementBegin
CREATE FUNCTION counters_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'visit_students' THEN
        PERFORM coverage_rebuild();
    ELSE
        PERFORM ledger_counts_recount();
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER ledger_counts_truncated AFTER TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION counters_truncated();
CREATE TRIGGER ledger_counts_truncated AFTER TRUNCATE ON ledger_visits
    FOR EACH STATEMENT EXECUTE FUNCTION counters_truncated();
CREATE TRIGGER coverage_truncated AFTER TRUNCATE ON visit_students
    FOR EACH STATEMENT EXECUTE FUNCTION counters_truncated();


-- +goose Down
DROP TRIGGER coverage_truncated ON visit_students;
DROP TRIGGER ledger_counts_truncated ON ledger_visits;
DROP TRIGGER ledger_counts_truncated ON ledger_entries;
DROP FUNCTION counters_truncated();
DROP FUNCTION ledger_counts_recount();
DROP TRIGGER ledger_entries_moved ON ledger_entries;
DROP FUNCTION ledger_entries_moved();
DROP TRIGGER ledger_counts_visits_del ON ledger_visits;
DROP TRIGGER ledger_counts_visits_upd ON ledger_visits;
DROP TRIGGER ledger_counts_visits_ins ON ledger_visits;
DROP FUNCTION ledger_counts_visits();
DROP TRIGGER ledger_counts_entries_del ON ledger_entries;
DROP TRIGGER ledger_counts_entries_upd ON ledger_entries;
DROP TRIGGER ledger_counts_entries_ins ON ledger_entries;
DROP FUNCTION ledger_counts_entries();
DROP FUNCTION ledger_counts_add(bigint, integer, integer, text);
DROP INDEX ledger_entries_due_idx;
ALTER TABLE ledger_entries DROP COLUMN due_on;
DROP TABLE ledger_counts;
DROP TRIGGER ledger_visits_class_upd ON ledger_visits;
DROP TRIGGER ledger_visits_class ON ledger_visits;
DROP FUNCTION ledger_visits_class();
ALTER TABLE ledger_visits DROP COLUMN class_id;
