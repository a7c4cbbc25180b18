-- +goose Up
-- 教育局家庭教育讲座与资源 (R12): the bureau publishes a lecture or resource
-- (a link, or an attachment through the evidence pipeline with owner type
-- 'lecture'); each school confirms forwarding it to its parent groups.
-- audience: 'all' parents, a 'stage' (audience_stage a school stage) or
-- 'special' groups (audience_note says which).
CREATE TABLE lectures (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    county_id      bigint NOT NULL REFERENCES counties(id),
    title          text NOT NULL CHECK (btrim(title) <> '' AND length(title) <= 100),
    link_url       text NOT NULL DEFAULT '' CHECK (link_url = '' OR link_url ~ '^https?://' AND length(link_url) <= 500),
    audience       text NOT NULL DEFAULT 'all' CHECK (audience IN ('all', 'stage', 'special')),
    audience_stage text NOT NULL DEFAULT '' CHECK (audience_stage IN ('', 'primary', 'junior', 'nine_year', 'senior', 'complete')),
    audience_note  text NOT NULL DEFAULT '' CHECK (length(audience_note) <= 200),
    published_on   date NOT NULL,
    published_by   bigint NOT NULL REFERENCES users(id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT lectures_stage_check CHECK ((audience = 'stage') = (audience_stage <> ''))
);
-- The bureau's list and the period counts: a county's lectures by date.
CREATE INDEX lectures_county_published_idx ON lectures (county_id, published_on);

-- A school's forwarding of one lecture: once per school, when, to which
-- parent groups, by whom. A screenshot is evidence of owner type
-- 'lecture_forward'.
CREATE TABLE lecture_forwards (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lecture_id   bigint NOT NULL REFERENCES lectures(id) ON DELETE CASCADE,
    school_id    bigint NOT NULL REFERENCES schools(id),
    forwarded_on date NOT NULL,
    groups       text NOT NULL DEFAULT '' CHECK (length(groups) <= 300),
    forwarded_by bigint NOT NULL REFERENCES users(id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT lecture_forwards_lecture_school_key UNIQUE (lecture_id, school_id)
);
-- The compliance counts by school.
CREATE INDEX lecture_forwards_school_idx ON lecture_forwards (school_id, lecture_id);

-- +goose Down
DROP TABLE lecture_forwards;
DROP TABLE lectures;
