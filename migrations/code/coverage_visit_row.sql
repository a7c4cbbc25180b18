-- Most visits of a term are routine visits and follow-ups on days in no
-- coverage window (the week before a term, a vacation): they count towards
-- no duty, yet each one paid for the whole counting path — two settings,
-- an update that found no row, and the statement trigger that update fires
-- on coverage_students whether or not it changed anything: a sixth of the
-- visit's database time. A look at the handful of windows first spares it.
CREATE OR REPLACE FUNCTION coverage_visit_row(p_student bigint, p_day date, p_mode text, p_sign integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM coverage_windows w WHERE p_day BETWEEN w.starts_on AND w.ends_on) THEN
        RETURN;
    END IF;
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
