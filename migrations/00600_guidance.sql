-- +goose Up
-- 家长学校 (R09): a school's parent school, one a school: when it was
-- established, its head and its teachers (as the school writes them). Its
-- charter (章程) is evidence of owner type 'parent_school' with the
-- school's id as owner id.
CREATE TABLE parent_schools (
    school_id       bigint PRIMARY KEY REFERENCES schools(id),
    established_on  date NOT NULL,
    head            text NOT NULL CHECK (btrim(head) <> '' AND length(head) <= 40),
    teachers        text NOT NULL DEFAULT '' CHECK (length(teachers) <= 500),
    updated_by      bigint NOT NULL REFERENCES users(id),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- 家庭教育指导 (kind 'guidance', R10, R11) and trainings for parents
-- (kind 'training', R22: 专题培训 or 主题班会课, form), filed in the term of
-- their date. The audience is a parents.Audiences code: every parent, a
-- grade (grade_level), a class (class_id) or a special group. Their
-- materials and photos are evidence of owner type 'guidance' or
-- 'training' (the kind).
CREATE TABLE guidance_sessions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- school_id and term_id carry no foreign key, as class meetings: schools
    -- and terms are never deleted.
    school_id    bigint NOT NULL,
    term_id      bigint NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('guidance', 'training')),
    form         text NOT NULL DEFAULT '' CHECK ((kind = 'guidance' AND form = '')
                     OR (kind = 'training' AND form IN ('topic', 'class_course'))),
    held_on      date NOT NULL,
    mode         text NOT NULL CHECK (mode IN ('offline', 'online')),
    topic        text NOT NULL CHECK (btrim(topic) <> '' AND length(topic) <= 100),
    speaker      text NOT NULL CHECK (btrim(speaker) <> '' AND length(speaker) <= 40),
    audience     text NOT NULL CHECK (audience IN ('all', 'grade', 'class', 'left_behind', 'hardship', 'migrant', 'disabled', 'orphan')),
    grade_level  int CHECK (grade_level BETWEEN 1 AND 12),
    class_id     bigint REFERENCES classes(id),
    attending    int NOT NULL CHECK (attending >= 0 AND attending <= 100000),
    author_id    bigint NOT NULL REFERENCES users(id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CHECK ((audience = 'grade') = (grade_level IS NOT NULL)),
    CHECK ((audience = 'class') = (class_id IS NOT NULL))
);
-- Per school × term × kind: the lists, the quarter and group checks and the
-- compliance counts (R10, R11, R22) read this index only.
CREATE INDEX guidance_sessions_school_term_idx ON guidance_sessions (school_id, term_id, kind, held_on DESC, id DESC)
    INCLUDE (audience);
CREATE INDEX guidance_sessions_class_idx ON guidance_sessions (class_id) WHERE class_id IS NOT NULL;

-- R11's students per special group, a school at a time or the county's at
-- once, read from the flagged enrolled students only.
CREATE INDEX students_special_groups_idx ON students (school_id)
    INCLUDE (left_behind, hardship, migrant, disabled, orphan)
    WHERE status = 'enrolled' AND (left_behind OR hardship OR migrant OR disabled OR orphan);

-- +goose Down
DROP INDEX students_special_groups_idx;
DROP TABLE guidance_sessions, parent_schools;
