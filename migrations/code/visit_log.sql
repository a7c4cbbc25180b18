-- visit_log writes one home visit in one round trip (store.LogVisit): the
-- visit, its students (each enrolled in the school, or nothing is written),
-- its lead and companions, its photos, its problems in the ledger (joined
-- to the entry already open for the student and category, or opened by
-- ledger_open_for_visit), its audit row and its form token (a replay is
-- refused with XT001). Every decision — the date's term and vacation, the
-- kind, who may join — is taken in Go before the call; this only writes.
-- Problems already open are joined here without the nested call, the
-- common case of a child visited again.
CREATE OR REPLACE FUNCTION visit_log(
    p_school bigint, p_author bigint, p_date date, p_term bigint, p_vacation bigint,
    p_mode text, p_kind text, p_leader_joined boolean,
    p_met text, p_study text, p_life text, p_mind text, p_family text,
    p_problems text[], p_other_problem text, p_advice text, p_requests text, p_created_at timestamptz,
    p_students bigint[], p_companions bigint[], p_photos bytea[], p_widths integer[], p_heights integer[],
    p_current_term bigint, p_audit jsonb, p_token text, p_location text,
    OUT new_id bigint, OUT opened integer, OUT joined integer)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_students integer;
    v_missing integer;
    v_joined bigint[];
BEGIN
    WITH v AS (
        INSERT INTO visits (school_id, class_id, author_id, visit_date, term_id, vacation_id, mode, kind, leader_joined,
                            met, study, life, mind, family, problems, other_problem, advice, requests, created_at, updated_at)
        SELECT p_school, st.class_id, p_author, p_date, p_term, p_vacation, p_mode, p_kind, p_leader_joined,
               p_met, p_study, p_life, p_mind, p_family, p_problems, p_other_problem, p_advice, p_requests,
               coalesce(p_created_at, now()), coalesce(p_created_at, now())
        FROM students st WHERE st.id = p_students[1] AND st.school_id = p_school AND st.status = 'enrolled'
        RETURNING id, visit_date, mode, term_id, vacation_id
    ), s AS (
        INSERT INTO visit_students (visit_id, student_id, school_id, class_id, visit_date, mode, term_id, vacation_id)
        SELECT v.id, st.id, st.school_id, st.class_id, v.visit_date, v.mode, v.term_id, v.vacation_id
        FROM v JOIN students st ON st.id = ANY(p_students) AND st.school_id = p_school AND st.status = 'enrolled'
        ORDER BY st.class_id, st.id
        RETURNING 1
    ), lead AS (
        INSERT INTO visit_visitors (visit_id, user_id, lead) SELECT v.id, p_author, true FROM v
    )
    SELECT v.id, (SELECT count(*) FROM s) INTO new_id, v_students FROM v;
    IF new_id IS NULL OR v_students <> (SELECT count(DISTINCT x) FROM unnest(p_students) x) THEN
        RAISE EXCEPTION 'visit_log: a student is not enrolled in school %', p_school USING ERRCODE = 'no_data_found';
    END IF;

    -- Who may join was decided in Go (visit.Companions): stored as given.
    IF cardinality(p_companions) > 0 THEN
        INSERT INTO visit_visitors (visit_id, user_id) SELECT new_id, c FROM unnest(p_companions) c;
    END IF;

    IF cardinality(p_photos) > 0 THEN
        INSERT INTO visit_photos (visit_id, position, jpeg, width, height)
        SELECT new_id, x.n, x.jpeg, x.w, x.h
        FROM unnest(p_photos, p_widths, p_heights) WITH ORDINALITY AS x(jpeg, w, h, n);
    END IF;

    -- The ledger. A problem already open for the student joins its entry
    -- here (the common case: the same child visited again); only when one
    -- is new does ledger_open_for_visit run, to open it (and to join any
    -- that another visit opened meanwhile).
    SELECT count(*) FILTER (WHERE e.id IS NULL),
           coalesce(array_agg(DISTINCT e.id ORDER BY e.id) FILTER (WHERE e.id IS NOT NULL), '{}')
    INTO v_missing, v_joined
    FROM unnest(p_students) AS s(id) CROSS JOIN unnest(p_problems) AS p(category)
    LEFT JOIN ledger_entries e ON e.student_id = s.id AND e.category = p.category AND e.status IN ('open', 'following');
    IF v_missing > 0 THEN
        SELECT l.opened, l.joined INTO opened, joined FROM ledger_open_for_visit(new_id, p_author, p_current_term) l;
    ELSE
        IF cardinality(v_joined) > 0 THEN
            INSERT INTO ledger_visits (entry_id, visit_id, class_id)
            SELECT e.id, new_id, e.class_id FROM ledger_entries e WHERE e.id = ANY(v_joined);
        END IF;
        opened := 0;
        joined := cardinality(v_joined);
    END IF;

    IF p_audit IS NOT NULL THEN
        INSERT INTO audit.events (actor_user_id, actor_name, actor_role, school_id, ip, user_agent, action,
                                  object_type, object_id, result, details)
        SELECT a.actor_user_id, a.actor_name, a.actor_role, a.school_id, a.ip, a.user_agent, a.action,
               'visit', new_id, a.result,
               coalesce(a.details, '{}') || jsonb_build_object('ledger_opened', opened, 'ledger_joined', joined)
        FROM jsonb_populate_record(NULL::audit.events, p_audit) a;
    END IF;

    IF p_token IS NOT NULL THEN
        INSERT INTO form_tokens (token, user_id, location) VALUES (p_token, p_author, p_location || new_id)
        ON CONFLICT (token) DO NOTHING;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'visit_log: form token used before' USING ERRCODE = 'XT001';
        END IF;
    END IF;
END;
$$;
