-- coverage_class_sums is the SELECT list that sums coverage_students rows
-- (aliased c, with a sign column sg) into coverage_classes columns; the
-- triggers and the rebuild share it through format().
CREATE OR REPLACE FUNCTION coverage_class_sums() RETURNS text LANGUAGE sql IMMUTABLE AS $$
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
