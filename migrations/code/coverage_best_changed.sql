-- A student's best mode changed: move the student from the old mode's
-- columns to the new one's in their class row (which exists: it counts the
-- student as enrolled).
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

CREATE OR REPLACE TRIGGER coverage_best_changed AFTER UPDATE OF onsite_n, video_n, phone_n ON coverage_students
    FOR EACH ROW WHEN ((old.best IS DISTINCT FROM new.best)) EXECUTE FUNCTION coverage_best_changed();
