-- A bureau lecture is every audience school's to-do until the school
-- confirms forwarding it (lecture_forwards, todos_lecture_forward), due
-- parents.ForwardDays (3) days after publishing: the schools of the county
-- that are not archived, of the stages it concerns (school_stages, written
-- from parents.AudienceStages) when it names some; a withdrawn lecture is
-- nobody's.
CREATE OR REPLACE FUNCTION todos_lecture() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM todos WHERE kind = 'lecture';
        RETURN NULL;
    END IF;
    -- Any update fires the trigger (a column list would tie the trigger to
    -- the columns of migration 00651); only these columns change whose to-do
    -- it is.
    IF TG_OP = 'UPDATE' AND (NEW.audience, NEW.audience_stage, NEW.school_stages, NEW.published_on, NEW.county_id, NEW.withdrawn_at)
            IS NOT DISTINCT FROM (OLD.audience, OLD.audience_stage, OLD.school_stages, OLD.published_on, OLD.county_id, OLD.withdrawn_at) THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM todos WHERE kind = 'lecture' AND object_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO todos (county_id, school_id, role, kind, object_id, due_on)
        SELECT sc.county_id, sc.id, 'school_office', 'lecture', NEW.id, NEW.published_on + 3
        FROM schools sc
        WHERE sc.county_id = NEW.county_id AND sc.archived_at IS NULL
          AND (cardinality(NEW.school_stages) = 0 OR sc.stage = ANY(NEW.school_stages))
          AND NEW.withdrawn_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM lecture_forwards f WHERE f.lecture_id = NEW.id AND f.school_id = sc.id);
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER todos_lecture AFTER INSERT OR DELETE OR UPDATE
    ON lectures FOR EACH ROW EXECUTE FUNCTION todos_lecture();
CREATE OR REPLACE TRIGGER todos_lecture_truncated AFTER TRUNCATE ON lectures
    FOR EACH STATEMENT EXECUTE FUNCTION todos_lecture();
