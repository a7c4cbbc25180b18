-- +goose Up
-- ledger_open_for_visit files a visit's problems in the ledger (plan
-- 三(二)): for each student of the visit and each problem category it
-- found, a new entry — owned by the student's class teacher in p_term, else
-- by p_author, due a week after the visit — or, when the student has an
-- open entry of that category, the visit joins it. Each entry the visit
-- opened or joined is linked to it and gets a dated step in its history.
-- Entries the visit is already linked to (an edited visit) are left alone.
--
-- One call from store.openLedgerEntries, on creating and on editing a
-- visit: its statements keep their plans in the session, and the visit
-- POST makes one round trip for the ledger instead of two.
-- +goose StatementBegin
CREATE FUNCTION ledger_open_for_visit(p_visit bigint, p_author bigint, p_term bigint, OUT opened integer, OUT joined integer)
LANGUAGE plpgsql AS $$
DECLARE
    v_opened bigint[];
    v_joined bigint[];
BEGIN
    WITH wanted AS (
        SELECT vs.student_id, vs.school_id, vs.class_id, v.visit_date, p.category,
               CASE WHEN p.category = 'other' THEN v.other_problem ELSE '' END AS other_text
        FROM visits v JOIN visit_students vs ON vs.visit_id = v.id
        CROSS JOIN LATERAL unnest(v.problems) AS p(category)
        WHERE v.id = p_visit
    ), ins AS (
        INSERT INTO ledger_entries (school_id, class_id, student_id, category, other_text, source_visit_id, found_on,
                                    owner_id, follow_up_on, last_action_on)
        SELECT w.school_id, w.class_id, w.student_id, w.category, w.other_text, p_visit, w.visit_date,
               coalesce((SELECT cs.user_id FROM class_staff cs
                         WHERE cs.class_id = w.class_id AND cs.term_id = p_term AND cs.duty = 'class_teacher'), p_author),
               w.visit_date + 7, w.visit_date
        FROM wanted w
        ORDER BY w.class_id, w.student_id, w.category
        ON CONFLICT (student_id, category) WHERE status IN ('open', 'following') DO NOTHING
        RETURNING id
    )
    SELECT coalesce(array_agg(id), '{}') INTO v_opened FROM ins;

    SELECT coalesce(array_agg(e.id ORDER BY e.id), '{}') INTO v_joined
    FROM ledger_entries e
    JOIN visit_students vs ON vs.visit_id = p_visit AND vs.student_id = e.student_id
    JOIN visits v ON v.id = p_visit AND e.category = ANY(v.problems)
    WHERE e.status IN ('open', 'following') AND e.id <> ALL(v_opened)
      AND NOT EXISTS (SELECT 1 FROM ledger_visits lv WHERE lv.entry_id = e.id AND lv.visit_id = p_visit);

    INSERT INTO ledger_visits (entry_id, visit_id, class_id)
    SELECT e.id, p_visit, e.class_id FROM ledger_entries e WHERE e.id = ANY(v_opened || v_joined)
    ON CONFLICT DO NOTHING;

    INSERT INTO ledger_actions (entry_id, kind, acted_on, actor_id, note)
    SELECT x.id, x.kind, v.visit_date, p_author, ''
    FROM (SELECT unnest(v_opened) AS id, 'opened' AS kind
          UNION ALL SELECT unnest(v_joined), 'joined') x, visits v
    WHERE v.id = p_visit;

    opened := cardinality(v_opened);
    joined := cardinality(v_joined);
END;
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION ledger_open_for_visit(bigint, bigint, bigint);
