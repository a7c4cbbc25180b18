-- +goose Up
-- Siblings are the students of the school who share a guardian's phone
-- (store.Siblings, on every visit form and visit POST): without this index
-- each lookup read every guardian of the county.
CREATE INDEX guardians_phone_idx ON guardians (phone) WHERE phone <> '';

-- +goose Down
DROP INDEX guardians_phone_idx;
