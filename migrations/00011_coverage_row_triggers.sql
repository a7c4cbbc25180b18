-- +goose Up
-- The coverage triggers of 00006, rebuilt for the visit form's path.
--
-- A visit touches one to seven students. The statement-level triggers of
-- 00006 planned their statements again on every write (EXECUTE format(...),
-- and a statement over a transition table is planned per call in any case):
-- about two-thirds of a visit POST's database time. Now:
--
--   visit_students → coverage_students: a row trigger with plain statements
--   on NEW and OLD, whose plans PL/pgSQL keeps;
--   coverage_students → coverage_classes, when only a student's visit
--   counts change (the visit path): a row trigger, and only when the
--   student's best mode changes (a second visit of a student already
--   visited on site changes no class figure);
--   coverage_students → coverage_classes for inserts, deletions and
--   changes of class or flags (imports, transfers, the roll-over, tens of
--   thousands of rows at once): statement triggers over the transition
--   tables as before, with static SQL, one function per operation.
--
-- The rules are those of 00006, unchanged; the recount tests compare every
-- counter with coverage_rebuild() after a random mix of writes.

-- coverage_visit_row adds sign × one visit of mode on day to the student's
-- rows of every window containing day. The class figures follow through
-- coverage_best_changed; the statement trigger, told by the setting
-- xietong.coverage_counts, leaves this update alone.
-- +goose StatementBegin
CREATE FUNCTION coverage_visit_row(p_student bigint, p_day date, p_mode text, p_sign integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('xietong.coverage_counts', 'on', true);
    UPDATE coverage_students cs
    SET onsite_n = cs.onsite_n + CASE WHEN p_mode = 'onsite' THEN p_sign ELSE 0 END,
        video_n = cs.video_n + CASE WHEN p_mode = 'video' THEN p_sign ELSE 0 END,
        phone_n = cs.phone_n + CASE WHEN p_mode = 'phone' THEN p_sign ELSE 0 END
    FROM coverage_windows w
    WHERE p_day BETWEEN w.starts_on AND w.ends_on
      AND cs.window_kind = w.kind AND cs.window_id = w.window_id AND cs.student_id = p_student;
    PERFORM set_config('xietong.coverage_counts', 'off', true);
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION coverage_visits_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.student_id, OLD.visit_date, OLD.mode) IS NOT DISTINCT FROM (NEW.student_id, NEW.visit_date, NEW.mode) THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM coverage_visit_row(OLD.student_id, OLD.visit_date, OLD.mode, -1);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM coverage_visit_row(NEW.student_id, NEW.visit_date, NEW.mode, 1);
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

DROP TRIGGER coverage_visits_ins ON visit_students;
DROP TRIGGER coverage_visits_upd ON visit_students;
DROP TRIGGER coverage_visits_del ON visit_students;
CREATE TRIGGER coverage_visits_row AFTER INSERT OR UPDATE OR DELETE ON visit_students
    FOR EACH ROW EXECUTE FUNCTION coverage_visits_row();

-- A student's best mode changed: move the student from the old mode's
-- columns to the new one's in their class row (which exists: it counts the
-- student as enrolled).
-- +goose StatementBegin
CREATE FUNCTION coverage_best_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    o_on int := (OLD.best = 'onsite')::int;  n_on int := (NEW.best = 'onsite')::int;
    o_vi int := (OLD.best = 'video')::int;   n_vi int := (NEW.best = 'video')::int;
    o_ph int := (OLD.best = 'phone')::int;   n_ph int := (NEW.best = 'phone')::int;
    f_lb int := NEW.left_behind::int;
    f_hs int := NEW.hardship::int;
    f_fl int := (NEW.left_behind OR NEW.hardship)::int;
BEGIN
    IF current_setting('xietong.coverage_rebuild', true) = 'on' THEN
        RETURN NULL;
    END IF;
    UPDATE coverage_classes SET
        onsite = onsite + n_on - o_on, video = video + n_vi - o_vi, phone = phone + n_ph - o_ph,
        lb_onsite = lb_onsite + f_lb * (n_on - o_on), lb_video = lb_video + f_lb * (n_vi - o_vi), lb_phone = lb_phone + f_lb * (n_ph - o_ph),
        hs_onsite = hs_onsite + f_hs * (n_on - o_on), hs_video = hs_video + f_hs * (n_vi - o_vi), hs_phone = hs_phone + f_hs * (n_ph - o_ph),
        fl_onsite = fl_onsite + f_fl * (n_on - o_on), fl_video = fl_video + f_fl * (n_vi - o_vi), fl_phone = fl_phone + f_fl * (n_ph - o_ph)
    WHERE window_kind = NEW.window_kind AND window_id = NEW.window_id AND class_id = NEW.class_id;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

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
    IF current_setting('xietong.coverage_counts', true) = 'on' THEN
        RETURN NULL; -- visit counts only: coverage_best_changed has it
    END IF;
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

-- Statement triggers for rows coming, going or changing class or flags (the
-- roll trigger of 00006 and 00008); the row trigger for visit counts. No
-- statement sets both kinds of column.
DROP TRIGGER coverage_students_ins ON coverage_students;
DROP TRIGGER coverage_students_upd ON coverage_students;
DROP TRIGGER coverage_students_del ON coverage_students;
CREATE TRIGGER coverage_students_ins AFTER INSERT ON coverage_students
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_students_sum_ins();
CREATE TRIGGER coverage_students_upd AFTER UPDATE ON coverage_students
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_students_sum_upd();
CREATE TRIGGER coverage_students_del AFTER DELETE ON coverage_students
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_students_sum_del();
CREATE TRIGGER coverage_best_changed AFTER UPDATE OF onsite_n, video_n, phone_n ON coverage_students
    FOR EACH ROW WHEN (OLD.best IS DISTINCT FROM NEW.best) EXECUTE FUNCTION coverage_best_changed();

-- +goose Down
DROP TRIGGER coverage_best_changed ON coverage_students;
DROP TRIGGER coverage_students_ins ON coverage_students;
DROP TRIGGER coverage_students_upd ON coverage_students;
DROP TRIGGER coverage_students_del ON coverage_students;
CREATE TRIGGER coverage_students_ins AFTER INSERT ON coverage_students
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_students_sum();
CREATE TRIGGER coverage_students_upd AFTER UPDATE ON coverage_students
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_students_sum();
CREATE TRIGGER coverage_students_del AFTER DELETE ON coverage_students
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_students_sum();
DROP FUNCTION coverage_students_sum_del();
DROP FUNCTION coverage_students_sum_upd();
DROP FUNCTION coverage_students_sum_ins();
DROP FUNCTION coverage_best_changed();
DROP TRIGGER coverage_visits_row ON visit_students;
CREATE TRIGGER coverage_visits_ins AFTER INSERT ON visit_students
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_visits_count();
CREATE TRIGGER coverage_visits_upd AFTER UPDATE ON visit_students
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_visits_count();
CREATE TRIGGER coverage_visits_del AFTER DELETE ON visit_students
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_visits_count();
DROP FUNCTION coverage_visits_row();
DROP FUNCTION coverage_visit_row(bigint, date, text, integer);
