-- +goose Up
-- 工作方案 (R01): a school's collaborative-education work plan for a term.
-- The workflow (workplan.Next) is decided in Go; the table keeps the state
-- it decided. The four sections are kept as typed (plain text) and rendered
-- escaped.
CREATE TABLE work_plans (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id     bigint NOT NULL REFERENCES schools(id),
    term_id       bigint NOT NULL REFERENCES terms(id),
    state         text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'leader_review', 'submitted', 'approved', 'returned')),
    -- The school asks its leader to approve before the bureau reviews.
    leader_first  boolean NOT NULL DEFAULT false,
    guiding       text NOT NULL DEFAULT '' CHECK (length(guiding) <= 10000),
    goals         text NOT NULL DEFAULT '' CHECK (length(goals) <= 10000),
    measures      text NOT NULL DEFAULT '' CHECK (length(measures) <= 10000),
    assurance     text NOT NULL DEFAULT '' CHECK (length(assurance) <= 10000),
    created_by    bigint NOT NULL REFERENCES users(id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    -- When the plan last reached the bureau (state 'submitted'): how long
    -- it has waited (workplan.WaitDays).
    submitted_at  timestamptz,
    UNIQUE (school_id, term_id)
);
-- The bureau's page of every school's plan for a term reads this index only.
CREATE INDEX work_plans_term_idx ON work_plans (term_id) INCLUDE (school_id, state, submitted_at);

-- A planned activity: the kind of record (workplan.RecordKinds) that will
-- show it was done, by which office, on which date.
CREATE TABLE work_plan_items (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id     bigint NOT NULL REFERENCES work_plans(id) ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind ~ '^[a-z_]{1,40}$'),
    office      text NOT NULL CHECK (office ~ '^[a-z_]{1,40}$'),
    title       text NOT NULL CHECK (btrim(title) <> '' AND length(title) <= 60),
    planned_on  date NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX work_plan_items_plan_idx ON work_plan_items (plan_id, planned_on);

-- Each submission is a version: a snapshot of the sections and items as
-- sent, so that the reviewer sees what changed since the last one
-- (workplan.Diff).
CREATE TABLE work_plan_versions (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id       bigint NOT NULL REFERENCES work_plans(id) ON DELETE CASCADE,
    number        integer NOT NULL CHECK (number >= 1),
    sections      jsonb NOT NULL,
    items         jsonb NOT NULL,
    submitted_by  bigint NOT NULL REFERENCES users(id),
    submitted_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (plan_id, number)
);

-- Every step of the workflow: who, which step, from and to which state,
-- the comment (required on a return, by workplan.Next) and when.
CREATE TABLE work_plan_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id     bigint NOT NULL REFERENCES work_plans(id) ON DELETE CASCADE,
    actor_id    bigint NOT NULL REFERENCES users(id),
    actor_role  text NOT NULL,
    step        text NOT NULL CHECK (step IN ('submit', 'leader_approve', 'leader_return', 'approve', 'return')),
    from_state  text NOT NULL,
    to_state    text NOT NULL,
    comment     text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX work_plan_events_plan_idx ON work_plan_events (plan_id, at);

-- +goose Down
DROP TABLE work_plan_events;
DROP TABLE work_plan_versions;
DROP TABLE work_plan_items;
DROP TABLE work_plans;
