-- todos_rebuild recounts every to-do from the records, by the rules the
-- todos_* triggers keep one record at a time (their comments say why each
-- is a to-do); it returns the number of to-dos. database.Migrate runs it
-- when this file changes, so a changed rule is applied to what exists.
CREATE OR REPLACE FUNCTION todos_rebuild() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    n integer;
BEGIN
    DELETE FROM todos;
    INSERT INTO todos (county_id, school_id, user_id, kind, object_id, due_on)
    SELECT sc.county_id, e.school_id, e.owner_id, 'ledger', e.id, e.due_on
    FROM ledger_entries e JOIN schools sc ON sc.id = e.school_id
    WHERE e.status IN ('open', 'following');

    INSERT INTO todos (county_id, school_id, role, kind, object_id)
    SELECT sc.county_id, p.school_id, r.role, r.kind, p.id
    FROM work_plans p JOIN schools sc ON sc.id = p.school_id
    JOIN (VALUES ('returned', 'school_office', 'plan_returned'),
                 ('leader_review', 'school_leader', 'plan_leader'),
                 ('submitted', 'bureau_staff', 'plan_review'),
                 ('submitted', 'supervisor', 'plan_review')) AS r(state, role, kind) ON r.state = p.state;

    INSERT INTO todos (county_id, school_id, role, office, kind, object_id)
    SELECT sc.county_id, o.school_id, 'school_office',
           CASE WHEN o.state = 'pending' THEN o.owner_office ELSE '' END,
           CASE WHEN o.state = 'pending' THEN 'opinion_answer' ELSE 'opinion_accept' END, o.id
    FROM parent_opinions o JOIN schools sc ON sc.id = o.school_id
    WHERE o.state IN ('received', 'pending');

    INSERT INTO todos (county_id, school_id, role, kind, object_id, due_on)
    SELECT sc.county_id, sc.id, 'school_office', 'lecture', l.id, l.published_on + 3
    FROM lectures l JOIN schools sc ON sc.county_id = l.county_id AND sc.archived_at IS NULL
         AND (cardinality(l.school_stages) = 0 OR sc.stage = ANY(l.school_stages)) AND l.withdrawn_at IS NULL
    WHERE NOT EXISTS (SELECT 1 FROM lecture_forwards f WHERE f.lecture_id = l.id AND f.school_id = sc.id);

    INSERT INTO todos (county_id, school_id, role, office, kind, object_id, due_on)
    SELECT sc.county_id, r.school_id,
           CASE WHEN r.state = 'submitted' THEN 'supervisor' ELSE 'school_office' END,
           CASE WHEN r.state = 'submitted' THEN '' ELSE r.owner_office END,
           CASE WHEN r.state = 'submitted' THEN 'rect_review' ELSE 'rect_report' END,
           r.id, CASE WHEN r.state = 'submitted' THEN NULL ELSE r.deadline END
    FROM inspection_rectifications r JOIN schools sc ON sc.id = r.school_id
    JOIN inspections i ON i.id = r.inspection_id AND i.state IN ('released', 'closed')
    WHERE r.state IN ('open', 'returned', 'submitted');

    SELECT count(*) INTO n FROM todos;
    RETURN n;
END;
$$;
