-- +goose Up
-- A visit that finds a problem already open in the ledger is a step of the
-- entry's history ("再次家访发现同一问题"). Its ledger_visits link already
-- says so — which visit, hence when and by whom — so the history reads the
-- links (store.LedgerEntryByID) and ledger_open_for_visit no longer writes
-- a 'joined' action as well: that second row, with its two foreign-key
-- checks on a hot entry, was a sixth of the cost of logging a visit.
DELETE FROM ledger_actions WHERE kind = 'joined';

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION ledger_open_for_visit(p_visit bigint, p_author bigint, p_term bigint, OUT opened integer, OUT joined integer)
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
    SELECT x.id, 'opened', v.visit_date, p_author, ''
    FROM unnest(v_opened) AS x(id), visits v
    WHERE v.id = p_visit;

    opened := cardinality(v_opened);
    joined := cardinality(v_joined);
END;
$$;
-- +goose StatementEnd

-- +goose Down
INSERT INTO ledger_actions (entry_id, kind, acted_on, actor_id, note, created_at)
SELECT lv.entry_id, 'joined', v.visit_date, v.author_id, '', v.created_at
FROM ledger_visits lv JOIN ledger_entries e ON e.id = lv.entry_id JOIN visits v ON v.id = lv.visit_id
WHERE lv.visit_id IS DISTINCT FROM e.source_visit_id;

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION ledger_open_for_visit(p_visit bigint, p_author bigint, p_term bigint, OUT opened integer, OUT joined integer)
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
