-- coverage_rebuild_window recounts one window from scratch (see the top of
-- this file for what is kept). The class trigger is switched off while the
-- window's rows are rewritten, and the class rows are summed once at the end.
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
