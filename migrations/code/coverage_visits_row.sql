CREATE OR REPLACE FUNCTION coverage_visits_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.student_id, OLD.visit_date, OLD.mode) IS NOT DISTINCT FROM (NEW.student_id, NEW.visit_date, NEW.mode) THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM coverage_visit_row(OLD.student_id, OLD.visit_date, OLD.mode, -1);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM coverage_visit_row(NEW.student_id, NEW.visit_date, NEW.mode, 1);
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER coverage_visits_row AFTER INSERT OR DELETE OR UPDATE ON visit_students
    FOR EACH ROW EXECUTE FUNCTION coverage_visits_row();
