-- +goose Up
-- visit_log's statements take arrays (the students, the entries a visit
-- opened or joined). PostgreSQL weighs a custom plan for each call against
-- the generic one, and for these it kept planning afresh on every call:
-- 0.2 ms of planning for the visit's insert alone, a fifth of the function's
-- time, for plans that come out the same each time (lookups by key). The
-- generic plan is kept for the session instead. The setting holds for the
-- statements of the triggers and functions the call runs too.
ALTER FUNCTION visit_log(bigint, bigint, date, bigint, bigint, text, text, boolean, text, text, text, text, text,
    text[], text, text, text, timestamptz, bigint[], bigint[], bytea[], integer[], integer[], bigint, jsonb, text, text)
    SET plan_cache_mode = force_generic_plan;
-- The visit edit calls it on its own.
ALTER FUNCTION ledger_open_for_visit(bigint, bigint, bigint) SET plan_cache_mode = force_generic_plan;

-- +goose Down
ALTER FUNCTION visit_log(bigint, bigint, date, bigint, bigint, text, text, boolean, text, text, text, text, text,
    text[], text, text, text, timestamptz, bigint[], bigint[], bytea[], integer[], integer[], bigint, jsonb, text, text)
    RESET plan_cache_mode;
ALTER FUNCTION ledger_open_for_visit(bigint, bigint, bigint) RESET plan_cache_mode;
