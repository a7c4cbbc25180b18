-- +goose Up
-- 整改 (#18 item 4): a finding of an inspection becomes a rectification
-- item with a deadline and the office that owns it; the school reports on
-- it (text, and photos or attachments as evidence of owner type
-- 'rectification'); the supervisor accepts the report or returns it with a
-- comment (inspection.NextRect decides, the table keeps the state). The
-- inspection closes when every item is accepted (inspection.Closable).
CREATE TABLE inspection_rectifications (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    inspection_id   bigint NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
    school_id       bigint NOT NULL REFERENCES schools(id),
    -- The rubric item whose finding it came from, if any.
    item_id         bigint REFERENCES inspection_rubric_items(id),
    problem         text NOT NULL CHECK (btrim(problem) <> '' AND length(problem) <= 500),
    owner_office    text NOT NULL CHECK (owner_office IN ('moral', 'safety', 'academic', 'league', 'union', 'growth', 'general')),
    deadline        date NOT NULL,
    state           text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'submitted', 'returned', 'accepted')),
    -- The school's latest report and the supervisor's latest comment; every
    -- step is also in rectification_events.
    report          text NOT NULL DEFAULT '' CHECK (length(report) <= 4000),
    reported_at     timestamptz,
    comment         text NOT NULL DEFAULT '' CHECK (length(comment) <= 1000),
    version         integer NOT NULL DEFAULT 1,
    created_by      bigint NOT NULL REFERENCES users(id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (state = 'open' OR reported_at IS NOT NULL)
);
CREATE INDEX inspection_rectifications_inspection_idx ON inspection_rectifications (inspection_id, id);
-- A school's items by state and deadline: its overdue ones, an index read.
CREATE INDEX inspection_rectifications_school_idx ON inspection_rectifications (school_id) INCLUDE (state, deadline);

-- The item's history: each report, acceptance and return, by whom, when.
CREATE TABLE rectification_events (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rectification_id   bigint NOT NULL REFERENCES inspection_rectifications(id) ON DELETE CASCADE,
    step               text NOT NULL CHECK (step IN ('report', 'accept', 'return')),
    body               text NOT NULL DEFAULT '' CHECK (length(body) <= 4000),
    actor_id           bigint NOT NULL REFERENCES users(id),
    at                 timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rectification_events_rect_idx ON rectification_events (rectification_id, id);

-- +goose Down
DROP TABLE rectification_events, inspection_rectifications;
