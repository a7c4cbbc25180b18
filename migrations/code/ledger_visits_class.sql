CREATE OR REPLACE FUNCTION ledger_visits_class() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT e.class_id INTO NEW.class_id FROM ledger_entries e WHERE e.id = NEW.entry_id;
    RETURN NEW;
END;
$$;

CREATE OR REPLACE TRIGGER ledger_visits_class BEFORE INSERT ON ledger_visits
    FOR EACH ROW WHEN ((new.class_id IS NULL)) EXECUTE FUNCTION ledger_visits_class();
CREATE OR REPLACE TRIGGER ledger_visits_class_upd BEFORE UPDATE OF entry_id ON ledger_visits
    FOR EACH ROW EXECUTE FUNCTION ledger_visits_class();
