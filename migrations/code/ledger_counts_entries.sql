CREATE OR REPLACE FUNCTION ledger_counts_entries() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE OR REPLACE TRIGGER ledger_counts_entries_del AFTER DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_counts_entries();
CREATE OR REPLACE TRIGGER ledger_counts_entries_ins AFTER INSERT ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_counts_entries();
CREATE OR REPLACE TRIGGER ledger_counts_entries_upd AFTER UPDATE OF status, class_id ON ledger_entries
    FOR EACH ROW WHEN (((old.status IS DISTINCT FROM new.status) OR (old.class_id IS DISTINCT FROM new.class_id))) EXECUTE FUNCTION ledger_counts_entries();
