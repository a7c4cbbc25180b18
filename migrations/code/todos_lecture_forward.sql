-- A school's forwarding of a lecture ends its to-do; taking the forwarding
-- back (a deleted row, not its lecture's cascade) brings it back.
CREATE OR REPLACE FUNCTION todos_lecture_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        -- Every forwarding gone: every lecture is every audience school's again.
        INSERT INTO todos (county_id, school_id, role, kind, object_id, due_on)
        SELECT sc.county_id, sc.id, 'school_office', 'lecture', l.id, l.published_on + 3
        FROM lectures l JOIN schools sc ON sc.county_id = l.county_id AND sc.archived_at IS NULL
             AND (cardinality(l.school_stages) = 0 OR sc.stage = ANY(l.school_stages)) AND l.withdrawn_at IS NULL
        ON CONFLICT ON CONSTRAINT todos_key DO NOTHING;
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        DELETE FROM todos WHERE kind = 'lecture' AND object_id = NEW.lecture_id AND school_id = NEW.school_id;
    ELSE
        INSERT INTO todos (county_id, school_id, role, kind, object_id, due_on)
        SELECT l.county_id, OLD.school_id, 'school_office', 'lecture', l.id, l.published_on + 3
        FROM lectures l JOIN schools sc ON sc.id = OLD.school_id AND sc.archived_at IS NULL
             AND (cardinality(l.school_stages) = 0 OR sc.stage = ANY(l.school_stages)) AND l.withdrawn_at IS NULL
        WHERE l.id = OLD.lecture_id
        ON CONFLICT ON CONSTRAINT todos_key DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER todos_lecture_forward AFTER INSERT OR DELETE
    ON lecture_forwards FOR EACH ROW EXECUTE FUNCTION todos_lecture_forward();
CREATE OR REPLACE TRIGGER todos_lecture_forward_truncated AFTER TRUNCATE ON lecture_forwards
    FOR EACH STATEMENT EXECUTE FUNCTION todos_lecture_forward();
