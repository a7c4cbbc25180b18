-- +goose Up
-- A roster upload between its preview and its confirmation. The file is
-- read once; what the preview needs to re-apply a corrected column mapping (the located table, raw cells) and what the
-- confirmation writes (the parsed, normalised records) are kept here, on the
-- server, never in the session cookie, and for one hour at most: the sweep
-- deletes pending rows older than that, and an applied or abandoned import
-- keeps only its counts (the data columns are cleared).
--
-- Personal information: source and records hold a school's roster (names,
-- student numbers, guardians' phones, special-group flags) for at most one
-- hour, visible only to the uploader (created_by) of that school.
CREATE TABLE roster_imports (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    county_id   bigint NOT NULL REFERENCES counties(id),
    school_id   bigint NOT NULL REFERENCES schools(id),
    kind        text NOT NULL CHECK (kind IN ('students', 'staff')),
    created_by  bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    filename    text NOT NULL DEFAULT '' CHECK (length(filename) <= 200),
    status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'applied', 'expired')),
    -- The column mapping in force (roster.Mapping: column key → field).
    mapping     jsonb NOT NULL DEFAULT '{}',
    -- gzip'd JSON: the located table (raw cells) and the parsed records.
    source      bytea,
    records     bytea,
    -- The preview's report (counts, row errors, normalisations) and, once
    -- applied, the counts written.
    report      jsonb NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now(),
    applied_at  timestamptz,
    CHECK (status = 'pending' OR (source IS NULL AND records IS NULL))
);
CREATE INDEX roster_imports_pending_idx ON roster_imports (created_at) WHERE status = 'pending';
CREATE INDEX roster_imports_school_idx ON roster_imports (school_id, kind, created_at DESC);

-- The column mapping a school last confirmed, per roster kind, applied to
-- the school's next file (header text → field).
CREATE TABLE roster_mappings (
    school_id   bigint NOT NULL REFERENCES schools(id),
    kind        text NOT NULL CHECK (kind IN ('students', 'staff')),
    mapping     jsonb NOT NULL,
    updated_by  bigint REFERENCES users(id) ON DELETE SET NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (school_id, kind)
);

-- +goose Down
DROP TABLE roster_mappings;
DROP TABLE roster_imports;
