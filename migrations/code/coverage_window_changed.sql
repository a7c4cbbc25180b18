-- A new, moved or deleted term or vacation: recount its window.
CREATE OR REPLACE FUNCTION coverage_window_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    k text := CASE TG_TABLE_NAME WHEN 'terms' THEN 'pre_term' ELSE 'vacation' END;
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM coverage_rebuild_window(k, OLD.id);
    ELSE
        PERFORM coverage_rebuild_window(k, NEW.id);
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER coverage_term_changed AFTER INSERT OR DELETE OR UPDATE OF starts_on, ends_on ON terms
    FOR EACH ROW EXECUTE FUNCTION coverage_window_changed();
CREATE OR REPLACE TRIGGER coverage_vacation_changed AFTER INSERT OR DELETE OR UPDATE OF starts_on, ends_on ON vacations
    FOR EACH ROW EXECUTE FUNCTION coverage_window_changed();
