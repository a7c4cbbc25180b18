-- +goose Up
-- The coverage triggers of 00006, rewritten with static SQL. PL/pgSQL plans
-- a static statement once per connection and keeps the plan; the EXECUTE
-- format(...) of 00006 planned the same statements again on every visit
-- written (about 13 ms of planning per visit POST, most of its cost). One
-- function per operation, because a static statement names the transition
-- tables its trigger declares. A statement that changed no row (an UPDATE
-- of visit_students matching nothing, say) returns at once. The rules are
-- those of 00006, unchanged; the recount tests compare with the rebuild.

-- +goose StatementBegin
CREATE FUNCTION coverage_students_sum_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('xietong.coverage_rebuild', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
        RETURN NULL;
    END IF;
    INSERT INTO coverage_classes AS cc (window_kind, window_id, class_id, school_id, enrolled, onsite, video, phone,
        lb, lb_onsite, lb_video, lb_phone, hs, hs_onsite, hs_video, hs_phone, fl, fl_onsite, fl_video, fl_phone)
    SELECT * FROM (
        SELECT c.window_kind, c.window_id, c.class_id, c.school_id,
               sum(c.sg)::int, sum(c.sg * (c.best = 'onsite')::int)::int, sum(c.sg * (c.best = 'video')::int)::int,
               sum(c.sg * (c.best = 'phone')::int)::int,
               sum(c.sg * c.left_behind::int)::int, sum(c.sg * (c.left_behind AND c.best = 'onsite')::int)::int,
               sum(c.sg * (c.left_behind AND c.best = 'video')::int)::int, sum(c.sg * (c.left_behind AND c.best = 'phone')::int)::int,
               sum(c.sg * c.hardship::int)::int, sum(c.sg * (c.hardship AND c.best = 'onsite')::int)::int,
               sum(c.sg * (c.hardship AND c.best = 'video')::int)::int, sum(c.sg * (c.hardship AND c.best = 'phone')::int)::int,
               sum(c.sg * (c.left_behind OR c.hardship)::int)::int,
               sum(c.sg * ((c.left_behind OR c.hardship) AND c.best = 'onsite')::int)::int,
               sum(c.sg * ((c.left_behind OR c.hardship) AND c.best = 'video')::int)::int,
               sum(c.sg * ((c.left_behind OR c.hardship) AND c.best = 'phone')::int)::int
        FROM (SELECT 1 AS sg, * FROM new_rows) c GROUP BY c.window_kind, c.window_id, c.class_id, c.school_id
    ) d (window_kind, window_id, class_id, school_id, enrolled, onsite, video, phone,
         lb, lb_onsite, lb_video, lb_phone, hs, hs_onsite, hs_video, hs_phone, fl, fl_onsite, fl_video, fl_phone)
    WHERE (enrolled, onsite, video, phone, lb, lb_onsite, lb_video, lb_phone, hs, hs_onsite, hs_video, hs_phone,
           fl, fl_onsite, fl_video, fl_phone) <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    ORDER BY 1, 2, 3
    ON CONFLICT (window_kind, window_id, class_id) DO UPDATE SET
        enrolled = cc.enrolled + excluded.enrolled, onsite = cc.onsite + excluded.onsite,
        video = cc.video + excluded.video, phone = cc.phone + excluded.phone,
        lb = cc.lb + excluded.lb, lb_onsite = cc.lb_onsite + excluded.lb_onsite,
        lb_video = cc.lb_video + excluded.lb_video, lb_phone = cc.lb_phone + excluded.lb_phone,
        hs = cc.hs + excluded.hs, hs_onsite = cc.hs_onsite + excluded.hs_onsite,
        hs_video = cc.hs_video + excluded.hs_video, hs_phone = cc.hs_phone + excluded.hs_phone,
        fl = cc.fl + excluded.fl, fl_onsite = cc.fl_onsite + excluded.fl_onsite,
        fl_video = cc.fl_video + excluded.fl_video, fl_phone = cc.fl_phone + excluded.fl_phone;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION coverage_students_sum_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('xietong.coverage_rebuild', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM new_rows) AND NOT EXISTS (SELECT 1 FROM old_rows) THEN
        RETURN NULL;
    END IF;
    INSERT INTO coverage_classes AS cc (window_kind, window_id, class_id, school_id, enrolled, onsite, video, phone,
        lb, lb_onsite, lb_video, lb_phone, hs, hs_onsite, hs_video, hs_phone, fl, fl_onsite, fl_video, fl_phone)
    SELECT * FROM (
        SELECT c.window_kind, c.window_id, c.class_id, c.school_id,
               sum(c.sg)::int, sum(c.sg * (c.best = 'onsite')::int)::int, sum(c.sg * (c.best = 'video')::int)::int,
               sum(c.sg * (c.best = 'phone')::int)::int,
               sum(c.sg * c.left_behind::int)::int, sum(c.sg * (c.left_behind AND c.best = 'onsite')::int)::int,
               sum(c.sg * (c.left_behind AND c.best = 'video')::int)::int, sum(c.sg * (c.left_behind AND c.best = 'phone')::int)::int,
               sum(c.sg * c.hardship::int)::int, sum(c.sg * (c.hardship AND c.best = 'onsite')::int)::int,
               sum(c.sg * (c.hardship AND c.best = 'video')::int)::int, sum(c.sg * (c.hardship AND c.best = 'phone')::int)::int,
               sum(c.sg * (c.left_behind OR c.hardship)::int)::int,
               sum(c.sg * ((c.left_behind OR c.hardship) AND c.best = 'onsite')::int)::int,
               sum(c.sg * ((c.left_behind OR c.hardship) AND c.best = 'video')::int)::int,
               sum(c.sg * ((c.left_behind OR c.hardship) AND c.best = 'phone')::int)::int
        FROM (SELECT 1 AS sg, * FROM new_rows UNION ALL SELECT -1 AS sg, * FROM old_rows) c GROUP BY c.window_kind, c.window_id, c.class_id, c.school_id
    ) d (window_kind, window_id, class_id, school_id, enrolled, onsite, video, phone,
         lb, lb_onsite, lb_video, lb_phone, hs, hs_onsite, hs_video, hs_phone, fl, fl_onsite, fl_video, fl_phone)
    WHERE (enrolled, onsite, video, phone, lb, lb_onsite, lb_video, lb_phone, hs, hs_onsite, hs_video, hs_phone,
           fl, fl_onsite, fl_video, fl_phone) <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    ORDER BY 1, 2, 3
    ON CONFLICT (window_kind, window_id, class_id) DO UPDATE SET
        enrolled = cc.enrolled + excluded.enrolled, onsite = cc.onsite + excluded.onsite,
        video = cc.video + excluded.video, phone = cc.phone + excluded.phone,
        lb = cc.lb + excluded.lb, lb_onsite = cc.lb_onsite + excluded.lb_onsite,
        lb_video = cc.lb_video + excluded.lb_video, lb_phone = cc.lb_phone + excluded.lb_phone,
        hs = cc.hs + excluded.hs, hs_onsite = cc.hs_onsite + excluded.hs_onsite,
        hs_video = cc.hs_video + excluded.hs_video, hs_phone = cc.hs_phone + excluded.hs_phone,
        fl = cc.fl + excluded.fl, fl_onsite = cc.fl_onsite + excluded.fl_onsite,
        fl_video = cc.fl_video + excluded.fl_video, fl_phone = cc.fl_phone + excluded.fl_phone;
    DELETE FROM coverage_classes cc USING (SELECT DISTINCT window_kind, window_id, class_id FROM (SELECT 1 AS sg, * FROM new_rows UNION ALL SELECT -1 AS sg, * FROM old_rows) x) c
    WHERE cc.window_kind = c.window_kind AND cc.window_id = c.window_id AND cc.class_id = c.class_id
      AND cc.enrolled = 0;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION coverage_students_sum_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('xietong.coverage_rebuild', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM old_rows) THEN
        RETURN NULL;
    END IF;
    INSERT INTO coverage_classes AS cc (window_kind, window_id, class_id, school_id, enrolled, onsite, video, phone,
        lb, lb_onsite, lb_video, lb_phone, hs, hs_onsite, hs_video, hs_phone, fl, fl_onsite, fl_video, fl_phone)
    SELECT * FROM (
        SELECT c.window_kind, c.window_id, c.class_id, c.school_id,
               sum(c.sg)::int, sum(c.sg * (c.best = 'onsite')::int)::int, sum(c.sg * (c.best = 'video')::int)::int,
               sum(c.sg * (c.best = 'phone')::int)::int,
               sum(c.sg * c.left_behind::int)::int, sum(c.sg * (c.left_behind AND c.best = 'onsite')::int)::int,
               sum(c.sg * (c.left_behind AND c.best = 'video')::int)::int, sum(c.sg * (c.left_behind AND c.best = 'phone')::int)::int,
               sum(c.sg * c.hardship::int)::int, sum(c.sg * (c.hardship AND c.best = 'onsite')::int)::int,
               sum(c.sg * (c.hardship AND c.best = 'video')::int)::int, sum(c.sg * (c.hardship AND c.best = 'phone')::int)::int,
               sum(c.sg * (c.left_behind OR c.hardship)::int)::int,
               sum(c.sg * ((c.left_behind OR c.hardship) AND c.best = 'onsite')::int)::int,
               sum(c.sg * ((c.left_behind OR c.hardship) AND c.best = 'video')::int)::int,
               sum(c.sg * ((c.left_behind OR c.hardship) AND c.best = 'phone')::int)::int
        FROM (SELECT -1 AS sg, * FROM old_rows) c GROUP BY c.window_kind, c.window_id, c.class_id, c.school_id
    ) d (window_kind, window_id, class_id, school_id, enrolled, onsite, video, phone,
         lb, lb_onsite, lb_video, lb_phone, hs, hs_onsite, hs_video, hs_phone, fl, fl_onsite, fl_video, fl_phone)
    WHERE (enrolled, onsite, video, phone, lb, lb_onsite, lb_video, lb_phone, hs, hs_onsite, hs_video, hs_phone,
           fl, fl_onsite, fl_video, fl_phone) <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    ORDER BY 1, 2, 3
    ON CONFLICT (window_kind, window_id, class_id) DO UPDATE SET
        enrolled = cc.enrolled + excluded.enrolled, onsite = cc.onsite + excluded.onsite,
        video = cc.video + excluded.video, phone = cc.phone + excluded.phone,
        lb = cc.lb + excluded.lb, lb_onsite = cc.lb_onsite + excluded.lb_onsite,
        lb_video = cc.lb_video + excluded.lb_video, lb_phone = cc.lb_phone + excluded.lb_phone,
        hs = cc.hs + excluded.hs, hs_onsite = cc.hs_onsite + excluded.hs_onsite,
        hs_video = cc.hs_video + excluded.hs_video, hs_phone = cc.hs_phone + excluded.hs_phone,
        fl = cc.fl + excluded.fl, fl_onsite = cc.fl_onsite + excluded.fl_onsite,
        fl_video = cc.fl_video + excluded.fl_video, fl_phone = cc.fl_phone + excluded.fl_phone;
    DELETE FROM coverage_classes cc USING (SELECT DISTINCT window_kind, window_id, class_id FROM (SELECT -1 AS sg, * FROM old_rows) x) c
    WHERE cc.window_kind = c.window_kind AND cc.window_id = c.window_id AND cc.class_id = c.class_id
      AND cc.enrolled = 0;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION coverage_visits_count_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
        RETURN NULL;
    END IF;
    UPDATE coverage_students cs
    SET onsite_n = cs.onsite_n + d.onsite, video_n = cs.video_n + d.video, phone_n = cs.phone_n + d.phone
    FROM (
        SELECT w.kind, w.window_id, c.student_id,
               sum(CASE WHEN c.mode = 'onsite' THEN c.sg ELSE 0 END)::int AS onsite,
               sum(CASE WHEN c.mode = 'video' THEN c.sg ELSE 0 END)::int AS video,
               sum(CASE WHEN c.mode = 'phone' THEN c.sg ELSE 0 END)::int AS phone
        FROM (SELECT 1 AS sg, student_id, visit_date, mode FROM new_rows) c JOIN coverage_windows w ON c.visit_date BETWEEN w.starts_on AND w.ends_on
        GROUP BY w.kind, w.window_id, c.student_id
    ) d
    WHERE cs.window_kind = d.kind AND cs.window_id = d.window_id AND cs.student_id = d.student_id
      AND (d.onsite, d.video, d.phone) <> (0, 0, 0);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION coverage_visits_count_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM new_rows) AND NOT EXISTS (SELECT 1 FROM old_rows) THEN
        RETURN NULL;
    END IF;
    UPDATE coverage_students cs
    SET onsite_n = cs.onsite_n + d.onsite, video_n = cs.video_n + d.video, phone_n = cs.phone_n + d.phone
    FROM (
        SELECT w.kind, w.window_id, c.student_id,
               sum(CASE WHEN c.mode = 'onsite' THEN c.sg ELSE 0 END)::int AS onsite,
               sum(CASE WHEN c.mode = 'video' THEN c.sg ELSE 0 END)::int AS video,
               sum(CASE WHEN c.mode = 'phone' THEN c.sg ELSE 0 END)::int AS phone
        FROM (SELECT 1 AS sg, student_id, visit_date, mode FROM new_rows UNION ALL SELECT -1 AS sg, student_id, visit_date, mode FROM old_rows) c JOIN coverage_windows w ON c.visit_date BETWEEN w.starts_on AND w.ends_on
        GROUP BY w.kind, w.window_id, c.student_id
    ) d
    WHERE cs.window_kind = d.kind AND cs.window_id = d.window_id AND cs.student_id = d.student_id
      AND (d.onsite, d.video, d.phone) <> (0, 0, 0);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION coverage_visits_count_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM old_rows) THEN
        RETURN NULL;
    END IF;
    UPDATE coverage_students cs
    SET onsite_n = cs.onsite_n + d.onsite, video_n = cs.video_n + d.video, phone_n = cs.phone_n + d.phone
    FROM (
        SELECT w.kind, w.window_id, c.student_id,
               sum(CASE WHEN c.mode = 'onsite' THEN c.sg ELSE 0 END)::int AS onsite,
               sum(CASE WHEN c.mode = 'video' THEN c.sg ELSE 0 END)::int AS video,
               sum(CASE WHEN c.mode = 'phone' THEN c.sg ELSE 0 END)::int AS phone
        FROM (SELECT -1 AS sg, student_id, visit_date, mode FROM old_rows) c JOIN coverage_windows w ON c.visit_date BETWEEN w.starts_on AND w.ends_on
        GROUP BY w.kind, w.window_id, c.student_id
    ) d
    WHERE cs.window_kind = d.kind AND cs.window_id = d.window_id AND cs.student_id = d.student_id
      AND (d.onsite, d.video, d.phone) <> (0, 0, 0);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

DROP TRIGGER coverage_students_ins ON coverage_students;
DROP TRIGGER coverage_students_upd ON coverage_students;
DROP TRIGGER coverage_students_del ON coverage_students;
CREATE TRIGGER coverage_students_ins AFTER INSERT ON coverage_students
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_students_sum_ins();
CREATE TRIGGER coverage_students_upd AFTER UPDATE ON coverage_students
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_students_sum_upd();
CREATE TRIGGER coverage_students_del AFTER DELETE ON coverage_students
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_students_sum_del();

DROP TRIGGER coverage_visits_ins ON visit_students;
DROP TRIGGER coverage_visits_upd ON visit_students;
DROP TRIGGER coverage_visits_del ON visit_students;
CREATE TRIGGER coverage_visits_ins AFTER INSERT ON visit_students
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_visits_count_ins();
CREATE TRIGGER coverage_visits_upd AFTER UPDATE ON visit_students
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_visits_count_upd();
CREATE TRIGGER coverage_visits_del AFTER DELETE ON visit_students
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_visits_count_del();

-- +goose Down
DROP TRIGGER coverage_visits_ins ON visit_students;
DROP TRIGGER coverage_visits_upd ON visit_students;
DROP TRIGGER coverage_visits_del ON visit_students;
CREATE TRIGGER coverage_visits_ins AFTER INSERT ON visit_students
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_visits_count();
CREATE TRIGGER coverage_visits_upd AFTER UPDATE ON visit_students
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_visits_count();
CREATE TRIGGER coverage_visits_del AFTER DELETE ON visit_students
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_visits_count();
DROP TRIGGER coverage_students_ins ON coverage_students;
DROP TRIGGER coverage_students_upd ON coverage_students;
DROP TRIGGER coverage_students_del ON coverage_students;
CREATE TRIGGER coverage_students_ins AFTER INSERT ON coverage_students
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_students_sum();
CREATE TRIGGER coverage_students_upd AFTER UPDATE ON coverage_students
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_students_sum();
CREATE TRIGGER coverage_students_del AFTER DELETE ON coverage_students
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_students_sum();
DROP FUNCTION coverage_visits_count_del();
DROP FUNCTION coverage_visits_count_upd();
DROP FUNCTION coverage_visits_count_ins();
DROP FUNCTION coverage_students_sum_del();
DROP FUNCTION coverage_students_sum_upd();
DROP FUNCTION coverage_students_sum_ins();
