-- +goose Up
-- A theme 德育处 sets for a term's themed class meetings (R05): for the
-- whole school (grade_level NULL) or one grade, with the suggested date, so
-- that each class teacher only confirms. The latest theme set for a class's
-- grade, else for the school, prefills the teacher's form (store.ThemeForClass).
CREATE TABLE class_meeting_themes (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id   bigint NOT NULL REFERENCES schools(id),
    term_id     bigint NOT NULL,
    grade_level int CHECK (grade_level BETWEEN 1 AND 12),
    held_on     date NOT NULL,
    theme       text NOT NULL CHECK (theme IN ('mental_health', 'safety', 'internet', 'homework', 'parent_child', 'other')),
    title       text NOT NULL CHECK (btrim(title) <> '' AND length(title) <= 100),
    author_id   bigint NOT NULL REFERENCES users(id),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX class_meeting_themes_school_term_idx ON class_meeting_themes (school_id, term_id);

-- +goose Down
DROP TABLE class_meeting_themes;
