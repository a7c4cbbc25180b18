-- +goose Up
-- A lecture the bureau withdraws (撤回) stays on record with the forwards
-- schools made, but leaves the schools' lists and R12's counts.
ALTER TABLE lectures
    ADD COLUMN withdrawn_at timestamptz,
    ADD COLUMN withdrawn_by bigint REFERENCES users(id),
    ADD CONSTRAINT lectures_withdrawn_check CHECK ((withdrawn_at IS NULL) = (withdrawn_by IS NULL));

-- +goose Down
ALTER TABLE lectures DROP COLUMN withdrawn_at, DROP COLUMN withdrawn_by;
