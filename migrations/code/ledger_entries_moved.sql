-- An entry moving with its student to another class takes its links along.
CREATE OR REPLACE FUNCTION ledger_entries_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE ledger_visits SET class_id = NEW.class_id WHERE entry_id = NEW.id;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER ledger_entries_moved AFTER UPDATE OF class_id ON ledger_entries
    FOR EACH ROW WHEN ((old.class_id IS DISTINCT FROM new.class_id)) EXECUTE FUNCTION ledger_entries_moved();
