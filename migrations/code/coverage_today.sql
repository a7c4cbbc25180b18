CREATE OR REPLACE FUNCTION coverage_today() RETURNS date LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('xietong.today', true), '')::date,
                    (now() AT TIME ZONE 'Asia/Shanghai')::date)
$$;
