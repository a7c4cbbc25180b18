-- A ledger entry that is open or being followed is its owner's to-do, due
-- on the entry's due_on (visit.Overdue); a closed, moved or deleted entry's
-- to-do goes. todos_rebuild states the same rule for the whole table.
CREATE OR REPLACE FUNCTION todos_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM todos WHERE kind = 'ledger';
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM todos WHERE kind = 'ledger' AND object_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status IN ('open', 'following') THEN
        INSERT INTO todos (county_id, school_id, user_id, kind, object_id, due_on)
        SELECT sc.county_id, NEW.school_id, NEW.owner_id, 'ledger', NEW.id, NEW.due_on
        FROM schools sc WHERE sc.id = NEW.school_id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER todos_ledger AFTER INSERT OR DELETE OR UPDATE OF status, owner_id, school_id, follow_up_on, last_action_on
    ON ledger_entries FOR EACH ROW EXECUTE FUNCTION todos_ledger();
CREATE OR REPLACE TRIGGER todos_ledger_truncated AFTER TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION todos_ledger();
