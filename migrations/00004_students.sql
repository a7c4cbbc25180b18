-- +goose Up
-- A student's moves, kept for good: a transfer to another class of the same
-- school, to another school of the county, or leaving school (离校). The
-- student row holds where the child is now; this table holds how they got
-- there. The yearly roll-over keeps its own history (student_class_history);
-- this table records only the moves people make by hand.
CREATE TABLE student_transfers (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    student_id      bigint NOT NULL REFERENCES students(id),
    kind            text NOT NULL CHECK (kind IN ('class', 'school', 'leave')),
    from_school_id  bigint NOT NULL REFERENCES schools(id),
    from_class_id   bigint REFERENCES classes(id),
    to_school_id    bigint REFERENCES schools(id),
    to_class_id     bigint REFERENCES classes(id),
    on_date         date NOT NULL,
    -- Why, in the words of the office (e.g. 随父母迁居). Shown only to the
    -- people who work with the child; never copied into the audit log.
    reason          text NOT NULL CHECK (btrim(reason) <> '' AND length(reason) <= 200),
    by_user_id      bigint NOT NULL REFERENCES users(id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'leave') = (to_class_id IS NULL)),
    CHECK ((kind = 'leave') = (to_school_id IS NULL)),
    CHECK (kind <> 'class' OR to_school_id = from_school_id),
    CHECK (kind <> 'school' OR to_school_id <> from_school_id)
);
CREATE INDEX student_transfers_student_idx ON student_transfers (student_id, on_date DESC, id DESC);

-- The student list sorts a school's students by name in pinyin order.
CREATE INDEX students_school_name_idx ON students (school_id, name COLLATE "zh-Hans-x-icu");

-- +goose Down
DROP INDEX students_school_name_idx;
DROP TABLE student_transfers;
