-- +goose Up
-- 学生社团 (R20): a school's clubs for interests and practice, with their
-- advisor and members; a club's sessions are activities of kind 'club'
-- that name it.
CREATE TABLE clubs (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id     bigint NOT NULL REFERENCES schools(id),
    name          text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 40),
    advisor       text NOT NULL DEFAULT '' CHECK (length(advisor) <= 40),
    members       text NOT NULL DEFAULT '' CHECK (length(members) <= 200),
    member_count  integer CHECK (member_count >= 0),
    description   text NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
    -- A club that stopped keeps its sessions; it is no longer offered.
    active        boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT clubs_school_id_name_key UNIQUE (school_id, name)
);

ALTER TABLE activities ADD COLUMN club_id bigint REFERENCES clubs(id);
ALTER TABLE activities ADD CONSTRAINT activities_club_kind_check CHECK (club_id IS NULL OR kind = 'club');
-- A club's page: its sessions.
CREATE INDEX activities_club_idx ON activities (club_id, held_on DESC) WHERE club_id IS NOT NULL;

-- +goose Down
ALTER TABLE activities DROP COLUMN club_id;
DROP TABLE clubs;
