-- +goose Up
-- 实践与教育活动 (county plan 三(六), 三(七): R14–R20): every kind of practice
-- and education activity the plan names is one row with a kind, a code of
-- activity.Kinds (not a table per kind). The duties it counts towards are
-- decided in Go (activity.Duties, from the kind, whether it was off campus
-- and in the county, and the kind of base) and written here as data, so
-- that the compliance count per school × term × duty is an index read.
CREATE TABLE activities (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id         bigint NOT NULL REFERENCES schools(id),
    -- term_id carries no foreign key, as visits and class meetings: terms
    -- are never deleted.
    term_id           bigint NOT NULL,
    kind              text NOT NULL CHECK (kind IN ('base_practice', 'offsite_practice', 'volunteer', 'law_lecture',
                          'prohibited_items', 'culture_heritage', 'club', 'league', 'labour', 'teaching', 'safety',
                          'science', 'interest', 'experience')),
    title             text NOT NULL CHECK (btrim(title) <> '' AND length(title) <= 100),
    held_on           date NOT NULL,
    office            text NOT NULL CHECK (office IN ('moral', 'safety', 'academic', 'league', 'union', 'growth', 'general')),
    base_id           bigint REFERENCES practice_bases(id),
    place             text NOT NULL DEFAULT '' CHECK (length(place) <= 100),
    off_campus        boolean NOT NULL DEFAULT false,
    in_county         boolean NOT NULL DEFAULT true,
    speaker           text NOT NULL DEFAULT '' CHECK (length(speaker) <= 60),
    participants      text NOT NULL DEFAULT '' CHECK (length(participants) <= 200),
    participant_count integer CHECK (participant_count >= 0),
    summary           text NOT NULL DEFAULT '' CHECK (length(summary) <= 2000),
    duties            text[] NOT NULL DEFAULT '{}',
    author_id         bigint NOT NULL REFERENCES users(id),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    -- At a base means off campus; the base is of the county's registry.
    CONSTRAINT activities_base_off_campus_check CHECK (base_id IS NULL OR (off_campus AND in_county))
);
-- A school's list of a term, newest first, and the compliance count per
-- school × term × duty (kind and duties in the index).
CREATE INDEX activities_school_term_idx ON activities (school_id, term_id, held_on DESC, id DESC) INCLUDE (kind, duties);
-- The county's list of a term, newest first.
CREATE INDEX activities_term_idx ON activities (term_id, held_on DESC, id DESC);
-- A base's page: the activities held there.
CREATE INDEX activities_base_idx ON activities (base_id, held_on DESC) WHERE base_id IS NOT NULL;

-- +goose Down
DROP TABLE activities;
