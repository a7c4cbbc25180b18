-- +goose Up
-- Two indexes no query reads, each written on every visit: visits by
-- author (the 7-day edit rule reads the visit's own row) and visitors by
-- user (scope checks read (visit_id, user_id), the primary key). Accounts
-- are disabled, never deleted, so their foreign keys need no index either.
DROP INDEX visits_author_idx;
DROP INDEX visit_visitors_user_idx;

-- +goose Down
CREATE INDEX visit_visitors_user_idx ON visit_visitors (user_id);
CREATE INDEX visits_author_idx ON visits (author_id, created_at);
