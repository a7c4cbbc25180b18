CREATE OR REPLACE FUNCTION coverage_students_sum_del() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE OR REPLACE TRIGGER coverage_students_del AFTER DELETE ON coverage_students
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_students_sum_del();
