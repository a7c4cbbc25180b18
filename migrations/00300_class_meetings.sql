-- +goose Up
-- 主题班会 (R05): a class's themed class meeting, held on a civil date of
-- the term it is filed in; the theme is a code of activity.Themes. Whether
-- it lay in the term's first week is decided in Go (activity.ClassMeeting),
-- from the dates this table keeps.
CREATE TABLE class_meetings (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- school_id and term_id carry no foreign key, as visits: schools and
    -- terms are never deleted, and the key's row lock would queue every
    -- class of a school saving at once on one row.
    school_id   bigint NOT NULL,
    class_id    bigint NOT NULL REFERENCES classes(id),
    term_id     bigint NOT NULL,
    held_on     date NOT NULL,
    theme       text NOT NULL CHECK (theme IN ('mental_health', 'safety', 'internet', 'homework', 'parent_child', 'other')),
    title       text NOT NULL CHECK (btrim(title) <> '' AND length(title) <= 100),
    author_id   bigint NOT NULL REFERENCES users(id),
    created_at  timestamptz NOT NULL DEFAULT now()
);
-- Per school × term: the school's summary and the compliance count (R05)
-- read this index only.
CREATE INDEX class_meetings_school_term_idx ON class_meetings (school_id, term_id) INCLUDE (class_id, held_on);
-- A class's own list.
CREATE INDEX class_meetings_class_idx ON class_meetings (class_id, held_on);

-- +goose Down
DROP TABLE class_meetings;
