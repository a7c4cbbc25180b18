-- coverage_rebuild recounts every window and drops the rows of windows that
-- no longer exist; it returns the number of windows.
CREATE OR REPLACE FUNCTION coverage_rebuild() RETURNS integer LANGUAGE plpgsql AS $$
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
