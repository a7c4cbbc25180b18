-- A rectification item waits for the school while open or returned (its
-- owner office reports, due on the deadline: inspection.Overdue) and for
-- the county's supervisors while a report waits to be checked; accepted,
-- it is nobody's. The school sees it once the report is released, so an
-- item of an inspection not yet released is nobody's to-do either.
CREATE OR REPLACE FUNCTION todos_rectification() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM todos WHERE kind IN ('rect_report', 'rect_review');
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM todos WHERE kind IN ('rect_report', 'rect_review') AND object_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO todos (county_id, school_id, role, office, kind, object_id, due_on)
        SELECT sc.county_id, NEW.school_id,
               CASE WHEN NEW.state = 'submitted' THEN 'supervisor' ELSE 'school_office' END,
               CASE WHEN NEW.state = 'submitted' THEN '' ELSE NEW.owner_office END,
               CASE WHEN NEW.state = 'submitted' THEN 'rect_review' ELSE 'rect_report' END,
               NEW.id, CASE WHEN NEW.state = 'submitted' THEN NULL ELSE NEW.deadline END
        FROM schools sc JOIN inspections i ON i.id = NEW.inspection_id AND i.state IN ('released', 'closed')
        WHERE sc.id = NEW.school_id AND NEW.state IN ('open', 'returned', 'submitted');
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER todos_rectification AFTER INSERT OR DELETE OR UPDATE OF state, owner_office, deadline
    ON inspection_rectifications FOR EACH ROW EXECUTE FUNCTION todos_rectification();
CREATE OR REPLACE TRIGGER todos_rectification_truncated AFTER TRUNCATE ON inspection_rectifications
    FOR EACH STATEMENT EXECUTE FUNCTION todos_rectification();
