-- +goose Up
-- 督导检查 (county plan 四(三), R23): the supervisors' office inspects every
-- school at least once a school year. The workflow (inspection.Next) is
-- decided in Go; the table keeps the state it decided. A school sees its
-- inspections only once released (inspection.State.VisibleToSchool).
--
-- The rubric (评分细则) is data, one template per county and school year
-- (inspection_rubrics with its items). An inspection takes its year's
-- template when scoring starts (rubric_id), and a template an inspection
-- uses, or of a year that has ended, is no longer edited: a past year's
-- scores stay readable against the rubric they were given on.
CREATE TABLE inspection_rubrics (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    county_id       bigint NOT NULL REFERENCES counties(id),
    school_year_id  bigint NOT NULL REFERENCES school_years(id),
    title           text NOT NULL CHECK (btrim(title) <> '' AND length(title) <= 60),
    -- Edits carry the version they started from; a stale one is a conflict.
    version         integer NOT NULL DEFAULT 1,
    updated_by      bigint REFERENCES users(id),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (county_id, school_year_id)
);

-- An item of a template: its group (一级指标), what is checked, the maximum
-- in tenths of a point (inspection.Points: 8.5 is 85), the scoring guide,
-- and the duties of the catalogue (R01–R22) whose records it draws on.
CREATE TABLE inspection_rubric_items (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rubric_id   bigint NOT NULL REFERENCES inspection_rubrics(id) ON DELETE CASCADE,
    position    integer NOT NULL,
    group_name  text NOT NULL CHECK (btrim(group_name) <> '' AND length(group_name) <= 40),
    title       text NOT NULL CHECK (btrim(title) <> '' AND length(title) <= 200),
    max_tenths  integer NOT NULL CHECK (max_tenths BETWEEN 1 AND 1000),
    guide       text NOT NULL DEFAULT '' CHECK (length(guide) <= 1000),
    duties      text[] NOT NULL DEFAULT '{}' CHECK (duties <@ ARRAY['R01', 'R02', 'R03', 'R04', 'R05', 'R06', 'R07', 'R08',
                    'R09', 'R10', 'R11', 'R12', 'R13', 'R14', 'R15', 'R16', 'R17', 'R18', 'R19', 'R20', 'R21', 'R22']),
    UNIQUE (rubric_id, position)
);

CREATE TABLE inspections (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id       bigint NOT NULL REFERENCES schools(id),
    school_year_id  bigint NOT NULL REFERENCES school_years(id),
    kind            text NOT NULL CHECK (kind IN ('annual', 'special')),
    -- A special inspection's subject (专项督导的主题); '' for the annual one.
    topic           text NOT NULL DEFAULT '' CHECK (length(topic) <= 60),
    scheduled_on    date NOT NULL,
    state           text NOT NULL DEFAULT 'scheduled'
                        CHECK (state IN ('scheduled', 'in_progress', 'scored', 'released', 'closed', 'cancelled')),
    note            text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    rubric_id       bigint REFERENCES inspection_rubrics(id),
    -- The team's overall findings (总体评价), shown on the released report.
    summary         text NOT NULL DEFAULT '' CHECK (length(summary) <= 4000),
    cancel_reason   text NOT NULL DEFAULT '' CHECK (length(cancel_reason) <= 200),
    created_by      bigint NOT NULL REFERENCES users(id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    started_at      timestamptz,
    scored_at       timestamptz,
    released_at     timestamptz,
    released_by     bigint REFERENCES users(id),
    closed_at       timestamptz,
    cancelled_at    timestamptz,
    version         integer NOT NULL DEFAULT 1,
    CHECK ((state IN ('released', 'closed')) = (released_at IS NOT NULL)),
    CHECK ((state = 'cancelled') = (cancelled_at IS NOT NULL)),
    CHECK (state IN ('scheduled', 'cancelled') OR rubric_id IS NOT NULL)
);
-- R23 and the county's schedule: a school's inspections of a school year
-- with their state, an index read.
CREATE INDEX inspections_school_year_idx ON inspections (school_id, school_year_id) INCLUDE (state, scheduled_on);
-- The year's list by date.
CREATE INDEX inspections_year_idx ON inspections (school_year_id, scheduled_on, id);

-- The team (督导组): supervisors of the county, one of them its head.
CREATE TABLE inspection_members (
    inspection_id  bigint NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
    user_id        bigint NOT NULL REFERENCES users(id),
    head           boolean NOT NULL DEFAULT false,
    PRIMARY KEY (inspection_id, user_id)
);
CREATE UNIQUE INDEX inspection_members_head_idx ON inspection_members (inspection_id) WHERE head;
CREATE INDEX inspection_members_user_idx ON inspection_members (user_id);

-- An item's score (tenths, NULL while unscored; inspection.CheckScore keeps
-- it within the item's maximum) and the findings written for it.
CREATE TABLE inspection_scores (
    inspection_id  bigint NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
    item_id        bigint NOT NULL REFERENCES inspection_rubric_items(id),
    score_tenths   integer CHECK (score_tenths >= 0),
    findings       text NOT NULL DEFAULT '' CHECK (length(findings) <= 2000),
    updated_by     bigint NOT NULL REFERENCES users(id),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (inspection_id, item_id)
);

-- +goose Down
DROP TABLE inspection_scores, inspection_members, inspections, inspection_rubric_items, inspection_rubrics;
