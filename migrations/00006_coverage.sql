-- +goose Up
-- Coverage counters for R02 (学期前全员家访) and R03 (寒暑假关爱家访): exact
-- per-window counts kept current by triggers in the same transaction as
-- every write to visit_students and students, whoever writes (the visit
-- form, imports, transfers, the roll-over, the demo). The pages read these
-- tables and never aggregate visits on the fly.
--
-- The rules are those of package coverage (its package comment), with one
-- choice the database has to make because it keeps no enrolment history:
--
--   Windows. Each term has a pre-term window [start−7, start−1] whose roll
--   day (点名日) is the term's first day; each vacation is a window whose
--   roll day is its last day. coverage_windows lists them.
--
--   Denominator. coverage_students holds one row per window and student in
--   its denominator, with the student's school, class and special-group
--   flags. While a window's roll day is today or later it follows current
--   enrolment: a new student, a transfer, a leave or a changed flag updates
--   the row at once. Once the roll day has passed the rows are frozen: they
--   are the roll call of that day, and a later transfer or leave does not
--   change them (the student's old class stays accountable for that window).
--   "Today" is coverage_today(): the date in Asia/Shanghai, or the setting
--   xietong.today when a test sets it.
--
--   Numerator. onsite_n, video_n and phone_n count the student's visits
--   dated inside the window (by visit date, never by when it was logged, so
--   a late-logged visit counts, frozen window or not); best is the best mode
--   (实地 > 视频 > 电话). A visit of a student outside the denominator is
--   ignored. A visit's students each count (siblings).
--
--   coverage_classes sums coverage_students per class: enrolled and the
--   best-mode split, for everyone, for 留守 (lb), 特困 (hs) and for the
--   flagged students of R03 (fl: left-behind or hardship). A student counts
--   once, under their best mode. Rows whose class has nobody left are
--   deleted.
--
--   coverage_rebuild() recomputes everything from scratch: membership of
--   windows whose roll day has not passed (and of any window that has no
--   rows at all, e.g. history loaded in bulk) from current enrolment; the
--   roll call of the other windows is kept; every numerator and class row
--   is recounted from visit_students. Bulk loads may disable the triggers
--   and call it afterwards; tests use it as the full recount.

-- +goose StatementBegin
CREATE FUNCTION coverage_today() RETURNS date LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('xietong.today', true), '')::date,
                    (now() AT TIME ZONE 'Asia/Shanghai')::date)
$$;
-- +goose StatementEnd

CREATE VIEW coverage_windows AS
    SELECT 'pre_term'::text AS kind, t.id AS window_id, y.county_id,
           t.starts_on - 7 AS starts_on, t.starts_on - 1 AS ends_on, t.starts_on AS roll_on
    FROM terms t JOIN school_years y ON y.id = t.school_year_id
    UNION ALL
    SELECT 'vacation'::text, v.id, y.county_id, v.starts_on, v.ends_on, v.ends_on
    FROM vacations v JOIN school_years y ON y.id = v.school_year_id;

CREATE TABLE coverage_students (
    window_kind  text NOT NULL CHECK (window_kind IN ('pre_term', 'vacation')),
    window_id    bigint NOT NULL,
    student_id   bigint NOT NULL,
    school_id    bigint NOT NULL,
    class_id     bigint NOT NULL,
    left_behind  boolean NOT NULL,
    hardship     boolean NOT NULL,
    onsite_n     integer NOT NULL DEFAULT 0 CHECK (onsite_n >= 0),
    video_n      integer NOT NULL DEFAULT 0 CHECK (video_n >= 0),
    phone_n      integer NOT NULL DEFAULT 0 CHECK (phone_n >= 0),
    best         text GENERATED ALWAYS AS (CASE WHEN onsite_n > 0 THEN 'onsite' WHEN video_n > 0 THEN 'video'
                                                WHEN phone_n > 0 THEN 'phone' ELSE '' END) STORED,
    PRIMARY KEY (window_kind, window_id, student_id)
);
CREATE INDEX coverage_students_class_idx ON coverage_students (window_kind, window_id, class_id);
CREATE INDEX coverage_students_student_idx ON coverage_students (student_id);

CREATE TABLE coverage_classes (
    window_kind  text NOT NULL CHECK (window_kind IN ('pre_term', 'vacation')),
    window_id    bigint NOT NULL,
    school_id    bigint NOT NULL,
    class_id     bigint NOT NULL,
    enrolled   integer NOT NULL DEFAULT 0, onsite    integer NOT NULL DEFAULT 0,
    video      integer NOT NULL DEFAULT 0, phone     integer NOT NULL DEFAULT 0,
    lb         integer NOT NULL DEFAULT 0, lb_onsite integer NOT NULL DEFAULT 0,
    lb_video   integer NOT NULL DEFAULT 0, lb_phone  integer NOT NULL DEFAULT 0,
    hs         integer NOT NULL DEFAULT 0, hs_onsite integer NOT NULL DEFAULT 0,
    hs_video   integer NOT NULL DEFAULT 0, hs_phone  integer NOT NULL DEFAULT 0,
    fl         integer NOT NULL DEFAULT 0, fl_onsite integer NOT NULL DEFAULT 0,
    fl_video   integer NOT NULL DEFAULT 0, fl_phone  integer NOT NULL DEFAULT 0,
    PRIMARY KEY (window_kind, window_id, class_id)
);
CREATE INDEX coverage_classes_school_idx ON coverage_classes (window_kind, window_id, school_id);

-- coverage_class_sums is the SELECT list that sums coverage_students rows
-- (aliased c, with a sign column sg) into coverage_classes columns; the
-- triggers and the rebuild share it through format().
-- +goose StatementBegin
CREATE FUNCTION coverage_class_sums() RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT $s$
        sum(c.sg)::int AS enrolled,
        sum(c.sg * (c.best = 'onsite')::int)::int AS onsite,
        sum(c.sg * (c.best = 'video')::int)::int AS video,
        sum(c.sg * (c.best = 'phone')::int)::int AS phone,
        sum(c.sg * c.left_behind::int)::int AS lb,
        sum(c.sg * (c.left_behind AND c.best = 'onsite')::int)::int AS lb_onsite,
        sum(c.sg * (c.left_behind AND c.best = 'video')::int)::int AS lb_video,
        sum(c.sg * (c.left_behind AND c.best = 'phone')::int)::int AS lb_phone,
        sum(c.sg * c.hardship::int)::int AS hs,
        sum(c.sg * (c.hardship AND c.best = 'onsite')::int)::int AS hs_onsite,
        sum(c.sg * (c.hardship AND c.best = 'video')::int)::int AS hs_video,
        sum(c.sg * (c.hardship AND c.best = 'phone')::int)::int AS hs_phone,
        sum(c.sg * (c.left_behind OR c.hardship)::int)::int AS fl,
        sum(c.sg * ((c.left_behind OR c.hardship) AND c.best = 'onsite')::int)::int AS fl_onsite,
        sum(c.sg * ((c.left_behind OR c.hardship) AND c.best = 'video')::int)::int AS fl_video,
        sum(c.sg * ((c.left_behind OR c.hardship) AND c.best = 'phone')::int)::int AS fl_phone
    $s$
$$;
-- +goose StatementEnd

-- coverage_students → coverage_classes: add the new rows' contributions,
-- subtract the old ones', in one grouped upsert per statement, in key order
-- (so that concurrent writers lock class rows in the same order).
-- +goose StatementBegin
CREATE FUNCTION coverage_students_sum() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    src text;
BEGIN
    IF current_setting('xietong.coverage_rebuild', true) = 'on' THEN
        RETURN NULL;
    END IF;
    src := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT 1 AS sg, * FROM new_rows'
        WHEN 'DELETE' THEN 'SELECT -1 AS sg, * FROM old_rows'
        ELSE 'SELECT 1 AS sg, * FROM new_rows UNION ALL SELECT -1 AS sg, * FROM old_rows' END;
    EXECUTE format($q$
        INSERT INTO coverage_classes AS cc (window_kind, window_id, class_id, school_id, enrolled, onsite, video, phone,
            lb, lb_onsite, lb_video, lb_phone, hs, hs_onsite, hs_video, hs_phone, fl, fl_onsite, fl_video, fl_phone)
        SELECT * FROM (
            SELECT c.window_kind, c.window_id, c.class_id, c.school_id, %s
            FROM (%s) c GROUP BY c.window_kind, c.window_id, c.class_id, c.school_id
        ) d
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
            fl_video = cc.fl_video + excluded.fl_video, fl_phone = cc.fl_phone + excluded.fl_phone
        $q$, coverage_class_sums(), src);
    IF TG_OP <> 'INSERT' THEN
        EXECUTE format($q$
            DELETE FROM coverage_classes cc USING (SELECT DISTINCT window_kind, window_id, class_id FROM (%s) x) c
            WHERE cc.window_kind = c.window_kind AND cc.window_id = c.window_id AND cc.class_id = c.class_id
              AND cc.enrolled = 0
            $q$, src);
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER coverage_students_ins AFTER INSERT ON coverage_students
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_students_sum();
CREATE TRIGGER coverage_students_upd AFTER UPDATE ON coverage_students
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_students_sum();
CREATE TRIGGER coverage_students_del AFTER DELETE ON coverage_students
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_students_sum();

-- visit_students → coverage_students: each row counts +1 (new) or −1 (old)
-- under its mode in every window containing its date (the last week of a
-- vacation is also the next pre-term week), for the student's row there if
-- the student is in that window's denominator.
-- +goose StatementBegin
CREATE FUNCTION coverage_visits_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    src text;
BEGIN
    src := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT 1 AS sg, student_id, visit_date, mode FROM new_rows'
        WHEN 'DELETE' THEN 'SELECT -1 AS sg, student_id, visit_date, mode FROM old_rows'
        ELSE 'SELECT 1 AS sg, student_id, visit_date, mode FROM new_rows
              UNION ALL SELECT -1 AS sg, student_id, visit_date, mode FROM old_rows' END;
    EXECUTE format($q$
        UPDATE coverage_students cs
        SET onsite_n = cs.onsite_n + d.onsite, video_n = cs.video_n + d.video, phone_n = cs.phone_n + d.phone
        FROM (
            SELECT w.kind, w.window_id, c.student_id,
                   sum(CASE WHEN c.mode = 'onsite' THEN c.sg ELSE 0 END)::int AS onsite,
                   sum(CASE WHEN c.mode = 'video' THEN c.sg ELSE 0 END)::int AS video,
                   sum(CASE WHEN c.mode = 'phone' THEN c.sg ELSE 0 END)::int AS phone
            FROM (%s) c JOIN coverage_windows w ON c.visit_date BETWEEN w.starts_on AND w.ends_on
            GROUP BY w.kind, w.window_id, c.student_id
        ) d
        WHERE cs.window_kind = d.kind AND cs.window_id = d.window_id AND cs.student_id = d.student_id
          AND (d.onsite, d.video, d.phone) <> (0, 0, 0)
        $q$, src);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER coverage_visits_ins AFTER INSERT ON visit_students
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_visits_count();
CREATE TRIGGER coverage_visits_upd AFTER UPDATE ON visit_students
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_visits_count();
CREATE TRIGGER coverage_visits_del AFTER DELETE ON visit_students
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_visits_count();

-- students → coverage_students, for the windows whose roll day is today or
-- later: an enrolled student is (re)placed in their class with their flags,
-- their visits in the window counted when they enter; a student who is no
-- longer enrolled leaves the denominator. Windows whose roll day has passed
-- are not touched (frozen), except that a deleted student leaves every
-- window (a hard delete is the correction of a mistake, not a leave).
-- +goose StatementBegin
CREATE FUNCTION coverage_roll_students() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    src text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM coverage_students cs USING old_rows o WHERE cs.student_id = o.id;
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        src := 'SELECT n.id, n.county_id, n.school_id, n.class_id, n.status, n.left_behind, n.hardship FROM new_rows n';
    ELSE
        src := 'SELECT n.id, n.county_id, n.school_id, n.class_id, n.status, n.left_behind, n.hardship
                FROM new_rows n JOIN old_rows o ON o.id = n.id
                WHERE (n.county_id, n.school_id, n.class_id, n.status, n.left_behind, n.hardship)
                      IS DISTINCT FROM (o.county_id, o.school_id, o.class_id, o.status, o.left_behind, o.hardship)';
        EXECUTE format($q$
            DELETE FROM coverage_students cs
            USING (%s) ch, coverage_windows w
            WHERE cs.student_id = ch.id AND cs.window_kind = w.kind AND cs.window_id = w.window_id
              AND w.roll_on >= coverage_today()
              AND (ch.status <> 'enrolled' OR ch.class_id IS NULL OR w.county_id <> ch.county_id)
            $q$, src);
    END IF;
    EXECUTE format($q$
        INSERT INTO coverage_students AS cs (window_kind, window_id, student_id, school_id, class_id, left_behind, hardship,
                                             onsite_n, video_n, phone_n)
        SELECT w.kind, w.window_id, ch.id, ch.school_id, ch.class_id, ch.left_behind, ch.hardship,
               v.onsite, v.video, v.phone
        FROM (%s) ch
        JOIN coverage_windows w ON w.county_id = ch.county_id AND w.roll_on >= coverage_today()
        CROSS JOIN LATERAL (
            SELECT count(*) FILTER (WHERE vs.mode = 'onsite')::int AS onsite,
                   count(*) FILTER (WHERE vs.mode = 'video')::int AS video,
                   count(*) FILTER (WHERE vs.mode = 'phone')::int AS phone
            FROM visit_students vs
            WHERE vs.student_id = ch.id AND vs.visit_date BETWEEN w.starts_on AND w.ends_on
        ) v
        WHERE ch.status = 'enrolled' AND ch.class_id IS NOT NULL
        ORDER BY 1, 2, 3
        ON CONFLICT (window_kind, window_id, student_id) DO UPDATE SET
            school_id = excluded.school_id, class_id = excluded.class_id,
            left_behind = excluded.left_behind, hardship = excluded.hardship
        $q$, src);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER coverage_roll_ins AFTER INSERT ON students
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_roll_students();
CREATE TRIGGER coverage_roll_upd AFTER UPDATE ON students
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_roll_students();
CREATE TRIGGER coverage_roll_del AFTER DELETE ON students
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_roll_students();

-- coverage_rebuild_window recounts one window from scratch (see the top of
-- this file for what is kept). The class trigger is switched off while the
-- window's rows are rewritten, and the class rows are summed once at the end.
-- +goose StatementBegin
CREATE FUNCTION coverage_rebuild_window(p_kind text, p_id bigint) RETURNS void LANGUAGE plpgsql AS $$
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

-- coverage_rebuild recounts every window and drops the rows of windows that
-- no longer exist; it returns the number of windows.
-- +goose StatementBegin
CREATE FUNCTION coverage_rebuild() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    win record;
    n integer := 0;
BEGIN
    PERFORM set_config('xietong.coverage_rebuild', 'on', true);
    DELETE FROM coverage_students cs WHERE NOT EXISTS (
        SELECT 1 FROM coverage_windows w WHERE w.kind = cs.window_kind AND w.window_id = cs.window_id);
    DELETE FROM coverage_classes cc WHERE NOT EXISTS (
        SELECT 1 FROM coverage_windows w WHERE w.kind = cc.window_kind AND w.window_id = cc.window_id);
    FOR win IN SELECT kind, window_id FROM coverage_windows ORDER BY starts_on, kind, window_id LOOP
        PERFORM coverage_rebuild_window(win.kind, win.window_id);
        n := n + 1;
    END LOOP;
    PERFORM set_config('xietong.coverage_rebuild', 'off', true);
    RETURN n;
END;
$$;
-- +goose StatementEnd

-- A new, moved or deleted term or vacation: recount its window.
-- +goose StatementBegin
CREATE FUNCTION coverage_window_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    k text := CASE TG_TABLE_NAME WHEN 'terms' THEN 'pre_term' ELSE 'vacation' END;
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM coverage_rebuild_window(k, OLD.id);
    ELSE
        PERFORM coverage_rebuild_window(k, NEW.id);
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER coverage_term_changed AFTER INSERT OR DELETE OR UPDATE OF starts_on, ends_on ON terms
    FOR EACH ROW EXECUTE FUNCTION coverage_window_changed();
CREATE TRIGGER coverage_vacation_changed AFTER INSERT OR DELETE OR UPDATE OF starts_on, ends_on ON vacations
    FOR EACH ROW EXECUTE FUNCTION coverage_window_changed();

-- +goose Down
DROP TRIGGER coverage_vacation_changed ON vacations;
DROP TRIGGER coverage_term_changed ON terms;
DROP FUNCTION coverage_window_changed();
DROP FUNCTION coverage_rebuild();
DROP FUNCTION coverage_rebuild_window(text, bigint);
DROP TRIGGER coverage_roll_del ON students;
DROP TRIGGER coverage_roll_upd ON students;
DROP TRIGGER coverage_roll_ins ON students;
DROP FUNCTION coverage_roll_students();
DROP TRIGGER coverage_visits_del ON visit_students;
DROP TRIGGER coverage_visits_upd ON visit_students;
DROP TRIGGER coverage_visits_ins ON visit_students;
DROP FUNCTION coverage_visits_count();
DROP TABLE coverage_classes;
DROP TABLE coverage_students;
DROP FUNCTION coverage_students_sum();
DROP FUNCTION coverage_class_sums();
DROP VIEW coverage_windows;
DROP FUNCTION coverage_today();
