CREATE OR REPLACE FUNCTION coverage_schools_sum_del() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE OR REPLACE TRIGGER coverage_schools_del AFTER DELETE ON coverage_classes
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_schools_sum_del();
