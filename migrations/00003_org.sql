-- +goose Up
-- Organisation: optimistic locking on schools and
-- school years, the school that manages each staff account, the class
-- history of every student, the record of each school-year roll-over, and
-- the leadership groups (工作领导小组) of the county and of each school.

-- Edits of a school or a school year carry the version they started from;
-- a stale version is a conflict (409), not a silent overwrite.
ALTER TABLE schools ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE school_years ADD COLUMN version integer NOT NULL DEFAULT 1;

-- The school whose office manages the account (creates it, resets its
-- password, disables it, assigns its duties). NULL: a county account, which
-- only an administrator manages.
ALTER TABLE users ADD COLUMN school_id bigint REFERENCES schools(id);
CREATE INDEX users_school_idx ON users (school_id);
-- Existing accounts whose roles and duties all lie in one school belong to it
-- (the same rule as store.AdoptStaff).
WITH places AS (
    SELECT ra.user_id, ra.school_id FROM role_assignments ra
    UNION ALL
    SELECT cs.user_id, c.school_id FROM class_staff cs JOIN classes c ON c.id = cs.class_id
), one AS (
    SELECT user_id, min(school_id) AS school_id FROM places GROUP BY user_id
    HAVING count(DISTINCT coalesce(school_id, 0)) = 1 AND bool_and(school_id IS NOT NULL)
)
UPDATE users u SET school_id = one.school_id FROM one WHERE u.id = one.user_id;

-- One row per stay of a student in a class. from_date is the first day in
-- the class, to_date the last (NULL while the student is still there).
-- reason says how the stay began:
--   enrolled     placed in the class (first placement, import, or the
--                backfill below for students who existed before this table)
--   promoted     moved up one grade by the school-year roll-over
--   transferred  moved to another class or school during the year
-- A graduation closes the last row (to_date = last day of the school year)
-- and sets students.status = 'graduated'; the class is archived.
CREATE TABLE student_class_history (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    student_id  bigint NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    class_id    bigint NOT NULL REFERENCES classes(id),
    from_date   date NOT NULL,
    to_date     date,
    reason      text NOT NULL CHECK (reason IN ('enrolled', 'promoted', 'transferred')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (to_date IS NULL OR to_date >= from_date)
);
CREATE INDEX student_class_history_student_idx ON student_class_history (student_id, from_date);
-- At most one open stay per student.
CREATE UNIQUE INDEX student_class_history_open ON student_class_history (student_id) WHERE to_date IS NULL;

INSERT INTO student_class_history (student_id, class_id, from_date, reason)
SELECT st.id, st.class_id, y.starts_on, 'enrolled'
FROM students st
JOIN classes c ON c.id = st.class_id
JOIN grades g ON g.id = c.grade_id
JOIN school_years y ON y.id = g.school_year_id
WHERE st.status = 'enrolled';

-- A roll-over moves the county from one school year to the next, once.
CREATE TABLE rollovers (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    county_id     bigint NOT NULL REFERENCES counties(id),
    from_year_id  bigint NOT NULL REFERENCES school_years(id),
    to_year_id    bigint NOT NULL REFERENCES school_years(id),
    applied_by    bigint REFERENCES users(id),
    applied_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (county_id, from_year_id)
);

-- 工作领导小组: the county's (school_id NULL) and one per school. A member
-- is a staff account (user_id) or a named outside person (user_id NULL);
-- name is kept either way so that the printed list stays as it was set.
CREATE TABLE leadership_members (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    county_id   bigint NOT NULL REFERENCES counties(id),
    school_id   bigint REFERENCES schools(id),
    user_id     bigint REFERENCES users(id),
    name        text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 40),
    position    text NOT NULL CHECK (position IN ('leader', 'deputy', 'member')),
    title       text NOT NULL DEFAULT '' CHECK (length(title) <= 80),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX leadership_members_group_idx ON leadership_members (county_id, school_id);

-- +goose Down
DROP TABLE leadership_members;
DROP TABLE rollovers;
DROP TABLE student_class_history;
DROP INDEX users_school_idx;
ALTER TABLE users DROP COLUMN school_id;
ALTER TABLE school_years DROP COLUMN version;
ALTER TABLE schools DROP COLUMN version;
