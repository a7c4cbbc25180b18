-- A work plan waits for someone in three states (workplan.Next): returned,
-- the school office revises it; leader_review, the school's leader approves
-- it; submitted, the bureau's staff and supervisors review it (auth
-- ReviewPlan). Each other state has no to-do.
CREATE OR REPLACE FUNCTION todos_plan() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM todos WHERE kind IN ('plan_returned', 'plan_leader', 'plan_review');
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM todos WHERE kind IN ('plan_returned', 'plan_leader', 'plan_review') AND object_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO todos (county_id, school_id, role, kind, object_id)
        SELECT sc.county_id, NEW.school_id, r.role, r.kind, NEW.id
        FROM schools sc,
             (VALUES ('returned', 'school_office', 'plan_returned'),
                     ('leader_review', 'school_leader', 'plan_leader'),
                     ('submitted', 'bureau_staff', 'plan_review'),
                     ('submitted', 'supervisor', 'plan_review')) AS r(state, role, kind)
        WHERE sc.id = NEW.school_id AND r.state = NEW.state;
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER todos_plan AFTER INSERT OR DELETE OR UPDATE OF state
    ON work_plans FOR EACH ROW EXECUTE FUNCTION todos_plan();
CREATE OR REPLACE TRIGGER todos_plan_truncated AFTER TRUNCATE ON work_plans
    FOR EACH STATEMENT EXECUTE FUNCTION todos_plan();
