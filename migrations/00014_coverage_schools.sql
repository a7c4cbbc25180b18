-- +goose Up
-- coverage_schools sums coverage_classes per school and window, so that the
-- county page reads 100 rows, not 2,400 to group. Kept in the same
-- transaction as every change of coverage_classes:
--
--   the statement triggers below, for the bulk changes of classes (imports,
--   transfers, the roll-over);
--   coverage_best_changed, for a visit changing a student's best mode (it
--   already holds the deltas; the statement trigger stands aside while
--   xietong.coverage_counts is on, as the class one does);
--   coverage_rebuild_window, which recounts the window's schools last.
--
-- A school's row is updated by every visit that changes its figures, so two
-- teachers of one school logging a first visit at the same moment wait for
-- each other's commit: a few milliseconds, a few times a day.

CREATE TABLE coverage_schools (
    window_kind text NOT NULL CHECK (window_kind IN ('pre_term', 'vacation')),
    window_id   bigint NOT NULL,
    school_id   bigint NOT NULL,
    classes     integer NOT NULL DEFAULT 0,
    enrolled   integer NOT NULL DEFAULT 0,
    onsite     integer NOT NULL DEFAULT 0,
    video      integer NOT NULL DEFAULT 0,
    phone      integer NOT NULL DEFAULT 0,
    lb         integer NOT NULL DEFAULT 0,
    lb_onsite  integer NOT NULL DEFAULT 0,
    lb_video   integer NOT NULL DEFAULT 0,
    lb_phone   integer NOT NULL DEFAULT 0,
    hs         integer NOT NULL DEFAULT 0,
    hs_onsite  integer NOT NULL DEFAULT 0,
    hs_video   integer NOT NULL DEFAULT 0,
    hs_phone   integer NOT NULL DEFAULT 0,
    fl         integer NOT NULL DEFAULT 0,
    fl_onsite  integer NOT NULL DEFAULT 0,
    fl_video   integer NOT NULL DEFAULT 0,
    fl_phone   integer NOT NULL DEFAULT 0,
    PRIMARY KEY (window_kind, window_id, school_id)
);

INSERT INTO coverage_schools (window_kind, window_id, school_id, classes, enrolled, onsite, video, phone, lb, lb_onsite, lb_video, lb_phone, hs, hs_onsite, hs_video, hs_phone, fl, fl_onsite, fl_video, fl_phone)
SELECT window_kind, window_id, school_id, count(*)::int, sum(enrolled)::int, sum(onsite)::int, sum(video)::int, sum(phone)::int, sum(lb)::int, sum(lb_onsite)::int, sum(lb_video)::int, sum(lb_phone)::int, sum(hs)::int, sum(hs_onsite)::int, sum(hs_video)::int, sum(hs_phone)::int, sum(fl)::int, sum(fl_onsite)::int, sum(fl_video)::int, sum(fl_phone)::int
FROM coverage_classes GROUP BY window_kind, window_id, school_id;

-- +goose StatementBegin
CREATE FUNCTION coverage_schools_sum_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('xietong.coverage_rebuild', true) = 'on'
       OR current_setting('xietong.coverage_counts', true) = 'on' THEN
        RETURN NULL; -- a rebuild recounts the schools; a visit's change is coverage_best_changed's
    END IF;
    INSERT INTO coverage_schools AS cs (window_kind, window_id, school_id, classes, enrolled, onsite, video, phone, lb, lb_onsite, lb_video, lb_phone, hs, hs_onsite, hs_video, hs_phone, fl, fl_onsite, fl_video, fl_phone)
    SELECT c.window_kind, c.window_id, c.school_id, sum(c.sg)::int,
               sum(c.sg * c.enrolled)::int,
               sum(c.sg * c.onsite)::int,
               sum(c.sg * c.video)::int,
               sum(c.sg * c.phone)::int,
               sum(c.sg * c.lb)::int,
               sum(c.sg * c.lb_onsite)::int,
               sum(c.sg * c.lb_video)::int,
               sum(c.sg * c.lb_phone)::int,
               sum(c.sg * c.hs)::int,
               sum(c.sg * c.hs_onsite)::int,
               sum(c.sg * c.hs_video)::int,
               sum(c.sg * c.hs_phone)::int,
               sum(c.sg * c.fl)::int,
               sum(c.sg * c.fl_onsite)::int,
               sum(c.sg * c.fl_video)::int,
               sum(c.sg * c.fl_phone)::int
    FROM (SELECT 1 AS sg, * FROM new_rows) c
    GROUP BY c.window_kind, c.window_id, c.school_id
    ORDER BY 1, 2, 3
    ON CONFLICT (window_kind, window_id, school_id) DO UPDATE SET
        classes = cs.classes + excluded.classes,
        enrolled = cs.enrolled + excluded.enrolled,
        onsite = cs.onsite + excluded.onsite,
        video = cs.video + excluded.video,
        phone = cs.phone + excluded.phone,
        lb = cs.lb + excluded.lb,
        lb_onsite = cs.lb_onsite + excluded.lb_onsite,
        lb_video = cs.lb_video + excluded.lb_video,
        lb_phone = cs.lb_phone + excluded.lb_phone,
        hs = cs.hs + excluded.hs,
        hs_onsite = cs.hs_onsite + excluded.hs_onsite,
        hs_video = cs.hs_video + excluded.hs_video,
        hs_phone = cs.hs_phone + excluded.hs_phone,
        fl = cs.fl + excluded.fl,
        fl_onsite = cs.fl_onsite + excluded.fl_onsite,
        fl_video = cs.fl_video + excluded.fl_video,
        fl_phone = cs.fl_phone + excluded.fl_phone;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION coverage_schools_sum_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('xietong.coverage_rebuild', true) = 'on'
       OR current_setting('xietong.coverage_counts', true) = 'on' THEN
        RETURN NULL; -- a rebuild recounts the schools; a visit's change is coverage_best_changed's
    END IF;
    INSERT INTO coverage_schools AS cs (window_kind, window_id, school_id, classes, enrolled, onsite, video, phone, lb, lb_onsite, lb_video, lb_phone, hs, hs_onsite, hs_video, hs_phone, fl, fl_onsite, fl_video, fl_phone)
    SELECT c.window_kind, c.window_id, c.school_id, sum(c.sg)::int,
               sum(c.sg * c.enrolled)::int,
               sum(c.sg * c.onsite)::int,
               sum(c.sg * c.video)::int,
               sum(c.sg * c.phone)::int,
               sum(c.sg * c.lb)::int,
               sum(c.sg * c.lb_onsite)::int,
               sum(c.sg * c.lb_video)::int,
               sum(c.sg * c.lb_phone)::int,
               sum(c.sg * c.hs)::int,
               sum(c.sg * c.hs_onsite)::int,
               sum(c.sg * c.hs_video)::int,
               sum(c.sg * c.hs_phone)::int,
               sum(c.sg * c.fl)::int,
               sum(c.sg * c.fl_onsite)::int,
               sum(c.sg * c.fl_video)::int,
               sum(c.sg * c.fl_phone)::int
    FROM (SELECT 1 AS sg, * FROM new_rows UNION ALL SELECT -1 AS sg, * FROM old_rows) c
    GROUP BY c.window_kind, c.window_id, c.school_id
    ORDER BY 1, 2, 3
    ON CONFLICT (window_kind, window_id, school_id) DO UPDATE SET
        classes = cs.classes + excluded.classes,
        enrolled = cs.enrolled + excluded.enrolled,
        onsite = cs.onsite + excluded.onsite,
        video = cs.video + excluded.video,
        phone = cs.phone + excluded.phone,
        lb = cs.lb + excluded.lb,
        lb_onsite = cs.lb_onsite + excluded.lb_onsite,
        lb_video = cs.lb_video + excluded.lb_video,
        lb_phone = cs.lb_phone + excluded.lb_phone,
        hs = cs.hs + excluded.hs,
        hs_onsite = cs.hs_onsite + excluded.hs_onsite,
        hs_video = cs.hs_video + excluded.hs_video,
        hs_phone = cs.hs_phone + excluded.hs_phone,
        fl = cs.fl + excluded.fl,
        fl_onsite = cs.fl_onsite + excluded.fl_onsite,
        fl_video = cs.fl_video + excluded.fl_video,
        fl_phone = cs.fl_phone + excluded.fl_phone;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION coverage_schools_sum_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('xietong.coverage_rebuild', true) = 'on'
       OR current_setting('xietong.coverage_counts', true) = 'on' THEN
        RETURN NULL; -- a rebuild recounts the schools; a visit's change is coverage_best_changed's
    END IF;
    INSERT INTO coverage_schools AS cs (window_kind, window_id, school_id, classes, enrolled, onsite, video, phone, lb, lb_onsite, lb_video, lb_phone, hs, hs_onsite, hs_video, hs_phone, fl, fl_onsite, fl_video, fl_phone)
    SELECT c.window_kind, c.window_id, c.school_id, sum(c.sg)::int,
               sum(c.sg * c.enrolled)::int,
               sum(c.sg * c.onsite)::int,
               sum(c.sg * c.video)::int,
               sum(c.sg * c.phone)::int,
               sum(c.sg * c.lb)::int,
               sum(c.sg * c.lb_onsite)::int,
               sum(c.sg * c.lb_video)::int,
               sum(c.sg * c.lb_phone)::int,
               sum(c.sg * c.hs)::int,
               sum(c.sg * c.hs_onsite)::int,
               sum(c.sg * c.hs_video)::int,
               sum(c.sg * c.hs_phone)::int,
               sum(c.sg * c.fl)::int,
               sum(c.sg * c.fl_onsite)::int,
               sum(c.sg * c.fl_video)::int,
               sum(c.sg * c.fl_phone)::int
    FROM (SELECT -1 AS sg, * FROM old_rows) c
    GROUP BY c.window_kind, c.window_id, c.school_id
    ORDER BY 1, 2, 3
    ON CONFLICT (window_kind, window_id, school_id) DO UPDATE SET
        classes = cs.classes + excluded.classes,
        enrolled = cs.enrolled + excluded.enrolled,
        onsite = cs.onsite + excluded.onsite,
        video = cs.video + excluded.video,
        phone = cs.phone + excluded.phone,
        lb = cs.lb + excluded.lb,
        lb_onsite = cs.lb_onsite + excluded.lb_onsite,
        lb_video = cs.lb_video + excluded.lb_video,
        lb_phone = cs.lb_phone + excluded.lb_phone,
        hs = cs.hs + excluded.hs,
        hs_onsite = cs.hs_onsite + excluded.hs_onsite,
        hs_video = cs.hs_video + excluded.hs_video,
        hs_phone = cs.hs_phone + excluded.hs_phone,
        fl = cs.fl + excluded.fl,
        fl_onsite = cs.fl_onsite + excluded.fl_onsite,
        fl_video = cs.fl_video + excluded.fl_video,
        fl_phone = cs.fl_phone + excluded.fl_phone;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER coverage_schools_ins AFTER INSERT ON coverage_classes
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_schools_sum_ins();
CREATE TRIGGER coverage_schools_upd AFTER UPDATE ON coverage_classes
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_schools_sum_upd();
CREATE TRIGGER coverage_schools_del AFTER DELETE ON coverage_classes
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_schools_sum_del();

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION coverage_best_changed() RETURNS trigger LANGUAGE plpgsql AS $$
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
    UPDATE coverage_schools SET
        onsite = onsite + n_on - o_on, video = video + n_vi - o_vi, phone = phone + n_ph - o_ph,
        lb_onsite = lb_onsite + f_lb * (n_on - o_on), lb_video = lb_video + f_lb * (n_vi - o_vi), lb_phone = lb_phone + f_lb * (n_ph - o_ph),
        hs_onsite = hs_onsite + f_hs * (n_on - o_on), hs_video = hs_video + f_hs * (n_vi - o_vi), hs_phone = hs_phone + f_hs * (n_ph - o_ph),
        fl_onsite = fl_onsite + f_fl * (n_on - o_on), fl_video = fl_video + f_fl * (n_vi - o_vi), fl_phone = fl_phone + f_fl * (n_ph - o_ph)
    WHERE window_kind = NEW.window_kind AND window_id = NEW.window_id AND school_id = NEW.school_id;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION coverage_rebuild_window(p_kind text, p_id bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    w record;
BEGIN
    PERFORM set_config('xietong.coverage_rebuild', 'on', true);
    SELECT * INTO w FROM coverage_windows WHERE kind = p_kind AND window_id = p_id;
    IF NOT FOUND THEN
        DELETE FROM coverage_students WHERE window_kind = p_kind AND window_id = p_id;
    ELSIF w.roll_on < coverage_today()
          AND EXISTS (SELECT 1 FROM coverage_students WHERE window_kind = p_kind AND window_id = p_id) THEN
        -- Frozen: keep the roll call, recount the visits.
        UPDATE coverage_students cs
        SET onsite_n = coalesce(v.onsite, 0), video_n = coalesce(v.video, 0), phone_n = coalesce(v.phone, 0)
        FROM coverage_students k
        LEFT JOIN (
            SELECT vs.student_id,
                   count(*) FILTER (WHERE vs.mode = 'onsite')::int AS onsite,
                   count(*) FILTER (WHERE vs.mode = 'video')::int AS video,
                   count(*) FILTER (WHERE vs.mode = 'phone')::int AS phone
            FROM visit_students vs WHERE vs.visit_date BETWEEN w.starts_on AND w.ends_on
            GROUP BY vs.student_id
        ) v ON v.student_id = k.student_id
        WHERE k.window_kind = p_kind AND k.window_id = p_id
          AND cs.window_kind = p_kind AND cs.window_id = p_id AND cs.student_id = k.student_id
          AND (cs.onsite_n, cs.video_n, cs.phone_n) IS DISTINCT FROM (coalesce(v.onsite, 0), coalesce(v.video, 0), coalesce(v.phone, 0));
    ELSE
        DELETE FROM coverage_students WHERE window_kind = p_kind AND window_id = p_id;
        INSERT INTO coverage_students (window_kind, window_id, student_id, school_id, class_id, left_behind, hardship,
                                       onsite_n, video_n, phone_n)
        SELECT p_kind, p_id, s.id, s.school_id, s.class_id, s.left_behind, s.hardship,
               coalesce(v.onsite, 0), coalesce(v.video, 0), coalesce(v.phone, 0)
        FROM students s
        LEFT JOIN (
            SELECT vs.student_id,
                   count(*) FILTER (WHERE vs.mode = 'onsite')::int AS onsite,
                   count(*) FILTER (WHERE vs.mode = 'video')::int AS video,
                   count(*) FILTER (WHERE vs.mode = 'phone')::int AS phone
            FROM visit_students vs WHERE vs.visit_date BETWEEN w.starts_on AND w.ends_on
            GROUP BY vs.student_id
        ) v ON v.student_id = s.id
        WHERE s.county_id = w.county_id AND s.status = 'enrolled' AND s.class_id IS NOT NULL
        ORDER BY s.id;
    END IF;
    DELETE FROM coverage_classes WHERE window_kind = p_kind AND window_id = p_id;
    EXECUTE format($q$
        INSERT INTO coverage_classes (window_kind, window_id, class_id, school_id, enrolled, onsite, video, phone,
            lb, lb_onsite, lb_video, lb_phone, hs, hs_onsite, hs_video, hs_phone, fl, fl_onsite, fl_video, fl_phone)
        SELECT c.window_kind, c.window_id, c.class_id, c.school_id, %s
        FROM (SELECT 1 AS sg, * FROM coverage_students WHERE window_kind = $1 AND window_id = $2) c
        GROUP BY c.window_kind, c.window_id, c.class_id, c.school_id
        ORDER BY 1, 2, 3
        $q$, coverage_class_sums()) USING p_kind, p_id;
    DELETE FROM coverage_schools WHERE window_kind = p_kind AND window_id = p_id;
    INSERT INTO coverage_schools (window_kind, window_id, school_id, classes, enrolled, onsite, video, phone, lb, lb_onsite, lb_video, lb_phone, hs, hs_onsite, hs_video, hs_phone, fl, fl_onsite, fl_video, fl_phone)
    SELECT window_kind, window_id, school_id, count(*)::int, sum(enrolled)::int, sum(onsite)::int, sum(video)::int, sum(phone)::int, sum(lb)::int, sum(lb_onsite)::int, sum(lb_video)::int, sum(lb_phone)::int, sum(hs)::int, sum(hs_onsite)::int, sum(hs_video)::int, sum(hs_phone)::int, sum(fl)::int, sum(fl_onsite)::int, sum(fl_video)::int, sum(fl_phone)::int
    FROM coverage_classes WHERE window_kind = p_kind AND window_id = p_id
    GROUP BY window_kind, window_id, school_id;
    PERFORM set_config('xietong.coverage_rebuild', 'off', true);
END;
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION coverage_rebuild_window(p_kind text, p_id bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    w record;
BEGIN
    PERFORM set_config('xietong.coverage_rebuild', 'on', true);
    SELECT * INTO w FROM coverage_windows WHERE kind = p_kind AND window_id = p_id;
    IF NOT FOUND THEN
        DELETE FROM coverage_students WHERE window_kind = p_kind AND window_id = p_id;
    ELSIF w.roll_on < coverage_today()
          AND EXISTS (SELECT 1 FROM coverage_students WHERE window_kind = p_kind AND window_id = p_id) THEN
        -- Frozen: keep the roll call, recount the visits.
        UPDATE coverage_students cs
        SET onsite_n = coalesce(v.onsite, 0), video_n = coalesce(v.video, 0), phone_n = coalesce(v.phone, 0)
        FROM coverage_students k
        LEFT JOIN (
            SELECT vs.student_id,
                   count(*) FILTER (WHERE vs.mode = 'onsite')::int AS onsite,
                   count(*) FILTER (WHERE vs.mode = 'video')::int AS video,
                   count(*) FILTER (WHERE vs.mode = 'phone')::int AS phone
            FROM visit_students vs WHERE vs.visit_date BETWEEN w.starts_on AND w.ends_on
            GROUP BY vs.student_id
        ) v ON v.student_id = k.student_id
        WHERE k.window_kind = p_kind AND k.window_id = p_id
          AND cs.window_kind = p_kind AND cs.window_id = p_id AND cs.student_id = k.student_id
          AND (cs.onsite_n, cs.video_n, cs.phone_n) IS DISTINCT FROM (coalesce(v.onsite, 0), coalesce(v.video, 0), coalesce(v.phone, 0));
    ELSE
        DELETE FROM coverage_students WHERE window_kind = p_kind AND window_id = p_id;
        INSERT INTO coverage_students (window_kind, window_id, student_id, school_id, class_id, left_behind, hardship,
                                       onsite_n, video_n, phone_n)
        SELECT p_kind, p_id, s.id, s.school_id, s.class_id, s.left_behind, s.hardship,
               coalesce(v.onsite, 0), coalesce(v.video, 0), coalesce(v.phone, 0)
        FROM students s
        LEFT JOIN (
            SELECT vs.student_id,
                   count(*) FILTER (WHERE vs.mode = 'onsite')::int AS onsite,
                   count(*) FILTER (WHERE vs.mode = 'video')::int AS video,
                   count(*) FILTER (WHERE vs.mode = 'phone')::int AS phone
            FROM visit_students vs WHERE vs.visit_date BETWEEN w.starts_on AND w.ends_on
            GROUP BY vs.student_id
        ) v ON v.student_id = s.id
        WHERE s.county_id = w.county_id AND s.status = 'enrolled' AND s.class_id IS NOT NULL
        ORDER BY s.id;
    END IF;
    DELETE FROM coverage_classes WHERE window_kind = p_kind AND window_id = p_id;
    EXECUTE format($q$
        INSERT INTO coverage_classes (window_kind, window_id, class_id, school_id, enrolled, onsite, video, phone,
            lb, lb_onsite, lb_video, lb_phone, hs, hs_onsite, hs_video, hs_phone, fl, fl_onsite, fl_video, fl_phone)
        SELECT c.window_kind, c.window_id, c.class_id, c.school_id, %s
        FROM (SELECT 1 AS sg, * FROM coverage_students WHERE window_kind = $1 AND window_id = $2) c
        GROUP BY c.window_kind, c.window_id, c.class_id, c.school_id
        ORDER BY 1, 2, 3
        $q$, coverage_class_sums()) USING p_kind, p_id;
    PERFORM set_config('xietong.coverage_rebuild', 'off', true);
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION coverage_best_changed() RETURNS trigger LANGUAGE plpgsql AS $$
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

DROP TRIGGER coverage_schools_del ON coverage_classes;
DROP TRIGGER coverage_schools_upd ON coverage_classes;
DROP TRIGGER coverage_schools_ins ON coverage_classes;
DROP FUNCTION coverage_schools_sum_del();
DROP FUNCTION coverage_schools_sum_upd();
DROP FUNCTION coverage_schools_sum_ins();
DROP TABLE coverage_schools;
