-- A window that comes, moves or goes (the store writes coverage_windows when
-- a school year is created or its dates change): recount it.
CREATE OR REPLACE FUNCTION coverage_window_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM coverage_rebuild_window(OLD.kind, OLD.window_id);
    ELSE
        PERFORM coverage_rebuild_window(NEW.kind, NEW.window_id);
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER coverage_window_changed AFTER INSERT OR DELETE OR UPDATE ON coverage_windows
    FOR EACH ROW EXECUTE FUNCTION coverage_window_changed();
