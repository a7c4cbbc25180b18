-- +goose Up
-- A lecture the bureau withdraws (撤回) stays on record with the forwards
-- schools made, but leaves the schools' lists, their to-dos and R12's
-- counts.
--
-- school_stages: the school stages a lecture concerns, as Go decides it
-- (parents.AudienceStages: a primary-parents lecture is also a nine-year
-- school's), empty for a lecture for every stage. The lists, the counts and
-- the to-do triggers read it instead of each matching audience_stage.
ALTER TABLE lectures
    ADD COLUMN withdrawn_at timestamptz,
    ADD COLUMN withdrawn_by bigint REFERENCES users(id),
    ADD COLUMN school_stages text[] NOT NULL DEFAULT '{}',
    ADD CONSTRAINT lectures_withdrawn_check CHECK ((withdrawn_at IS NULL) = (withdrawn_by IS NULL));

UPDATE lectures SET school_stages = CASE audience_stage
    WHEN 'primary' THEN ARRAY['primary', 'nine_year']
    WHEN 'junior' THEN ARRAY['junior', 'nine_year', 'complete']
    WHEN 'nine_year' THEN ARRAY['nine_year']
    WHEN 'senior' THEN ARRAY['senior', 'complete']
    WHEN 'complete' THEN ARRAY['complete']
    ELSE '{}'::text[] END;

-- +goose Down
ALTER TABLE lectures DROP COLUMN withdrawn_at, DROP COLUMN withdrawn_by, DROP COLUMN school_stages;
