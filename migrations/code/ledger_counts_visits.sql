CREATE OR REPLACE FUNCTION ledger_counts_visits() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE OR REPLACE TRIGGER ledger_counts_visits_del AFTER DELETE ON ledger_visits
    FOR EACH ROW EXECUTE FUNCTION ledger_counts_visits();
CREATE OR REPLACE TRIGGER ledger_counts_visits_ins AFTER INSERT ON ledger_visits
    FOR EACH ROW EXECUTE FUNCTION ledger_counts_visits();
CREATE OR REPLACE TRIGGER ledger_counts_visits_upd AFTER UPDATE OF class_id ON ledger_visits
    FOR EACH ROW WHEN ((old.class_id IS DISTINCT FROM new.class_id)) EXECUTE FUNCTION ledger_counts_visits();
