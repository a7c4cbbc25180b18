-- +goose Up
-- visit_log writes a new visit in one call (store.LogVisit and
-- store.CreateVisit): the visit, filed under the class of the first of
-- p_students; its students as they are enrolled now; the author as lead
-- visitor and the companions who are staff of the school; its photos; its
-- ledger entries (ledger_open_for_visit); and, when given, the audit row
-- (p_audit: the columns of audit.events as JSON; its object becomes the new
-- visit and its details gain the ledger outcome) and the claim of the
-- form's one-time token, which leads to p_location followed by the visit's
-- id.
--
-- Why one call: the visit POST was ten round trips to the database besides
-- the session's (begin, visit, ledger, audit, claim, commit, …); as one
-- statement it is one, in one implicit transaction.
--
-- A student not enrolled in the school raises no_data_found (P0002), and a
-- token used before raises XT001: either way nothing is written. The token
-- is claimed last: a second submit of the same form
-- waits on the token's key until the first commits, then fails as a replay.
-- +goose StatementBegin
CREATE FUNCTION visit_log(
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

    IF cardinality(p_companions) > 0 THEN
        INSERT INTO visit_visitors (visit_id, user_id)
        SELECT new_id, u.id FROM users u
        WHERE u.id = ANY(p_companions) AND u.id <> p_author AND u.disabled_at IS NULL AND (
            EXISTS (SELECT 1 FROM role_assignments ra WHERE ra.user_id = u.id AND ra.school_id = p_school)
            OR EXISTS (SELECT 1 FROM class_staff cs JOIN classes c ON c.id = cs.class_id WHERE cs.user_id = u.id AND c.school_id = p_school))
        ON CONFLICT DO NOTHING;
    END IF;

    IF cardinality(p_photos) > 0 THEN
        INSERT INTO visit_photos (visit_id, position, jpeg, width, height)
        SELECT new_id, x.n, x.jpeg, x.w, x.h
        FROM unnest(p_photos, p_widths, p_heights) WITH ORDINALITY AS x(jpeg, w, h, n);
    END IF;

    SELECT l.opened, l.joined INTO opened, joined FROM ledger_open_for_visit(new_id, p_author, p_current_term) l;

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
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION visit_log(bigint, bigint, date, bigint, bigint, text, text, boolean, text, text, text, text, text,
    text[], text, text, text, timestamptz, bigint[], bigint[], bytea[], integer[], integer[], bigint, jsonb, text, text);
