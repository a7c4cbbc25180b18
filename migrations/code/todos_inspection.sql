-- An inspection released to its school (or taken back) changes whose
-- to-do its rectification items are: they are re-read through their own
-- trigger (todos_rectification).
CREATE OR REPLACE FUNCTION todos_inspection() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE inspection_rectifications SET state = state WHERE inspection_id = NEW.id;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER todos_inspection AFTER UPDATE OF state ON inspections
    FOR EACH ROW WHEN ((old.state IN ('released', 'closed')) IS DISTINCT FROM (new.state IN ('released', 'closed')))
    EXECUTE FUNCTION todos_inspection();
