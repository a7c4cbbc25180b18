-- +goose Up
-- 佐证材料: the photos and attachments of a school's records (an activity, a
-- meeting, a plan, an inspection …). A file is kept once by its SHA-256
-- (the same sign-in sheet attached twice is one file); evidence links it to
-- a record, named by its type and id as the record's own table knows it,
-- with the school whose record it is, for the scope. The record's store
-- deletes its evidence rows with it; a file no row uses any more is removed
-- with the last of them.
CREATE TABLE evidence_files (
    sha256       bytea PRIMARY KEY CHECK (length(sha256) = 32),
    content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'application/pdf',
                     'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
                     'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')),
    size         integer NOT NULL CHECK (size > 0 AND size <= 20971520),
    data         bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE evidence (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id   bigint NOT NULL REFERENCES schools(id),
    owner_type  text NOT NULL CHECK (owner_type ~ '^[a-z_]{1,30}$'),
    owner_id    bigint NOT NULL,
    sha256      bytea NOT NULL REFERENCES evidence_files(sha256),
    kind        text NOT NULL CHECK (kind IN ('photo', 'attachment')),
    name        text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 80),
    width       integer,
    height      integer,
    added_by    bigint NOT NULL REFERENCES users(id),
    created_at  timestamptz NOT NULL DEFAULT now()
);
-- A record's evidence, in the order it was added.
CREATE INDEX evidence_owner_idx ON evidence (owner_type, owner_id, id);
CREATE INDEX evidence_sha256_idx ON evidence (sha256);

-- +goose Down
DROP TABLE evidence, evidence_files;
