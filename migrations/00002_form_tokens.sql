-- +goose Up
-- Every form that creates something carries a one-time token. The token is
-- claimed in the same transaction as the write, so a double tap, a retried
-- submit on a weak signal, or a replayed offline draft creates one row, and
-- the replay is sent where the first submit went.
CREATE TABLE form_tokens (
    token       text PRIMARY KEY CHECK (token ~ '^[0-9a-f]{32}$'),
    user_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    location    text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX form_tokens_created_idx ON form_tokens (created_at);

-- +goose Down
DROP TABLE form_tokens;
