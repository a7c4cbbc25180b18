-- A parent's opinion waits for the school office: one sent through the
-- parent link ('received') to be accepted, an accepted one ('pending') to be
-- answered by its owner office ('' while no office owns it: every office).
CREATE OR REPLACE FUNCTION todos_opinion() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM todos WHERE kind IN ('opinion_accept', 'opinion_answer');
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM todos WHERE kind IN ('opinion_accept', 'opinion_answer') AND object_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.state IN ('received', 'pending') THEN
        INSERT INTO todos (county_id, school_id, role, office, kind, object_id)
        SELECT sc.county_id, NEW.school_id, 'school_office',
               CASE WHEN NEW.state = 'pending' THEN NEW.owner_office ELSE '' END,
               CASE WHEN NEW.state = 'pending' THEN 'opinion_answer' ELSE 'opinion_accept' END, NEW.id
        FROM schools sc WHERE sc.id = NEW.school_id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER todos_opinion AFTER INSERT OR DELETE OR UPDATE OF state, owner_office
    ON parent_opinions FOR EACH ROW EXECUTE FUNCTION todos_opinion();
CREATE OR REPLACE TRIGGER todos_opinion_truncated AFTER TRUNCATE ON parent_opinions
    FOR EACH STATEMENT EXECUTE FUNCTION todos_opinion();
