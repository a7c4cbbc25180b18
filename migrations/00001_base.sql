-- +goose Up
-- The base schema: the county and its schools, the academic calendar, classes
-- and staff assignments, students with guardians, sign-in and sessions.
-- Names of things are stored as people write them (Chinese); codes that the
-- program branches on are short ASCII words checked by constraints.

CREATE TABLE counties (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL CHECK (btrim(name) <> ''),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE schools (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    county_id   bigint NOT NULL REFERENCES counties(id),
    code        text NOT NULL CHECK (code ~ '^[0-9A-Za-z-]{1,20}$'),
    name        text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 60),
    stage       text NOT NULL CHECK (stage IN ('primary', 'junior', 'nine_year', 'senior', 'complete')),
    township    text NOT NULL CHECK (btrim(township) <> ''),
    rural       boolean NOT NULL,
    archived_at timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (county_id, code),
    UNIQUE (county_id, name)
);

CREATE TABLE school_years (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    county_id   bigint NOT NULL REFERENCES counties(id),
    start_year  integer NOT NULL CHECK (start_year BETWEEN 2000 AND 2100),
    starts_on   date NOT NULL,
    ends_on     date NOT NULL,
    CHECK (starts_on < ends_on),
    UNIQUE (county_id, start_year)
);

CREATE TABLE terms (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_year_id  bigint NOT NULL REFERENCES school_years(id) ON DELETE CASCADE,
    ordinal         smallint NOT NULL CHECK (ordinal IN (1, 2)),
    starts_on       date NOT NULL,
    ends_on         date NOT NULL,
    CHECK (starts_on <= ends_on),
    UNIQUE (school_year_id, ordinal)
);

CREATE TABLE vacations (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_year_id  bigint NOT NULL REFERENCES school_years(id) ON DELETE CASCADE,
    kind            text NOT NULL CHECK (kind IN ('winter', 'summer')),
    starts_on       date NOT NULL,
    ends_on         date NOT NULL,
    CHECK (starts_on <= ends_on),
    UNIQUE (school_year_id, kind)
);

-- 年级部: a school groups its grades into divisions (the school parent
-- committee takes three representatives from each).
CREATE TABLE grade_divisions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id       bigint NOT NULL REFERENCES schools(id),
    school_year_id  bigint NOT NULL REFERENCES school_years(id),
    name            text NOT NULL CHECK (btrim(name) <> ''),
    UNIQUE (school_id, school_year_id, name)
);

CREATE TABLE grades (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id          bigint NOT NULL REFERENCES schools(id),
    school_year_id     bigint NOT NULL REFERENCES school_years(id),
    grade_division_id  bigint REFERENCES grade_divisions(id),
    level              smallint NOT NULL CHECK (level BETWEEN 1 AND 12),
    name               text NOT NULL CHECK (btrim(name) <> ''),
    UNIQUE (school_id, school_year_id, level)
);

CREATE TABLE classes (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id    bigint NOT NULL REFERENCES schools(id),
    grade_id     bigint NOT NULL REFERENCES grades(id),
    number       smallint NOT NULL CHECK (number BETWEEN 1 AND 99),
    name         text NOT NULL CHECK (btrim(name) <> ''),
    archived_at  timestamptz,
    UNIQUE (grade_id, number)
);
CREATE INDEX classes_school_idx ON classes (school_id);

CREATE TABLE users (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    county_id             bigint NOT NULL REFERENCES counties(id),
    username              text NOT NULL CHECK (username ~ '^[A-Za-z0-9_.-]{2,40}$'),
    display_name          text NOT NULL CHECK (btrim(display_name) <> ''),
    phone                 text,
    -- NULL until an administrator sets a password: such an account cannot sign in.
    password_hash         text,
    must_change_password  boolean NOT NULL DEFAULT false,
    password_changed_at   timestamptz,
    failed_logins         integer NOT NULL DEFAULT 0,
    last_failed_at        timestamptz,
    locked_until          timestamptz,
    last_login_at         timestamptz,
    disabled_at           timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

-- A role held over a scope: the county (school_id NULL) or one school. The
-- class-level duties (班主任, 科任教师) are per term and live in class_staff.
CREATE TABLE role_assignments (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role        text NOT NULL CHECK (role IN ('admin', 'bureau_leader', 'supervisor', 'bureau_staff', 'school_leader', 'school_office')),
    school_id   bigint REFERENCES schools(id),
    office      text CHECK (office IN ('moral', 'safety', 'academic', 'league', 'union', 'growth', 'general')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((role IN ('admin', 'bureau_leader', 'supervisor', 'bureau_staff')) = (school_id IS NULL)),
    CHECK ((role = 'school_office') = (office IS NOT NULL))
);
CREATE UNIQUE INDEX role_assignments_key ON role_assignments (user_id, role, coalesce(school_id, 0), coalesce(office, ''));

CREATE TABLE class_staff (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    term_id   bigint NOT NULL REFERENCES terms(id),
    class_id  bigint NOT NULL REFERENCES classes(id),
    user_id   bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    duty      text NOT NULL CHECK (duty IN ('class_teacher', 'subject_teacher')),
    subject   text,
    CHECK (duty = 'class_teacher' OR subject IS NOT NULL),
    UNIQUE (term_id, class_id, user_id, duty)
);
-- One class teacher per class and term.
CREATE UNIQUE INDEX class_staff_one_class_teacher ON class_staff (term_id, class_id) WHERE duty = 'class_teacher';
CREATE INDEX class_staff_user_idx ON class_staff (user_id, term_id);

CREATE TABLE students (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    county_id       bigint NOT NULL REFERENCES counties(id),
    school_id       bigint NOT NULL REFERENCES schools(id),
    class_id        bigint REFERENCES classes(id),
    student_number  text NOT NULL CHECK (student_number ~ '^[0-9A-Za-z]{6,30}$'),
    name            text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 40),
    gender          text NOT NULL CHECK (gender IN ('男', '女')),
    birth_date      date,
    township        text NOT NULL DEFAULT '',
    village         text NOT NULL DEFAULT '',
    address         text NOT NULL DEFAULT '',
    -- Special groups (特殊群体): sensitive personal information about minors.
    left_behind     boolean NOT NULL DEFAULT false,
    hardship        boolean NOT NULL DEFAULT false,
    migrant         boolean NOT NULL DEFAULT false,
    disabled        boolean NOT NULL DEFAULT false,
    orphan          boolean NOT NULL DEFAULT false,
    status          text NOT NULL DEFAULT 'enrolled' CHECK (status IN ('enrolled', 'graduated', 'left')),
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (status <> 'enrolled' OR class_id IS NOT NULL),
    UNIQUE (county_id, student_number)
);
CREATE INDEX students_class_idx ON students (class_id) WHERE status = 'enrolled';
CREATE INDEX students_school_idx ON students (school_id, status);

CREATE TABLE guardians (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    student_id  bigint NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    position    smallint NOT NULL DEFAULT 1 CHECK (position BETWEEN 1 AND 9),
    name        text NOT NULL CHECK (btrim(name) <> ''),
    relation    text NOT NULL CHECK (btrim(relation) <> ''),
    phone       text NOT NULL DEFAULT '' CHECK (phone = '' OR phone ~ '^[0-9+-]{5,20}$'),
    UNIQUE (student_id, position)
);

-- scs sessions. The primary key is SHA-256 of the cookie token, so a leaked
-- copy of this table cannot be replayed as cookies.
CREATE TABLE sessions (
    token_hash  text PRIMARY KEY,
    data        bytea NOT NULL,
    expiry      timestamptz NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

-- Which user holds which session, so that disabling a user or changing a
-- password can end every session of that user at once.
CREATE TABLE user_sessions (
    token_hash  text PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_sessions_user_idx ON user_sessions (user_id);

-- The audit log lives in its own schema. Rows are written in the same
-- transaction as the change they record; a trigger refuses UPDATE, DELETE and
-- TRUNCATE so that not even the application's own role can rewrite history.
CREATE SCHEMA audit;

CREATE TABLE audit.events (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT now(),
    actor_user_id  bigint,
    actor_name     text NOT NULL DEFAULT '',
    actor_role     text NOT NULL DEFAULT '',
    school_id      bigint,
    ip             text NOT NULL DEFAULT '',
    user_agent     text NOT NULL DEFAULT '',
    action         text NOT NULL CHECK (action ~ '^[a-z_.]+$'),
    object_type    text NOT NULL DEFAULT '',
    object_id      bigint,
    result         text NOT NULL CHECK (result IN ('success', 'failure', 'denied')),
    details        jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_at_idx ON audit.events (at DESC);
CREATE INDEX audit_events_actor_idx ON audit.events (actor_user_id, at DESC);
CREATE INDEX audit_events_action_idx ON audit.events (action, at DESC);

-- +goose StatementBegin
CREATE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER events_no_update BEFORE UPDATE OR DELETE ON audit.events
    FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON audit.events
    FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
REVOKE UPDATE, DELETE, TRUNCATE ON audit.events FROM PUBLIC;

-- +goose Down
DROP SCHEMA audit CASCADE;
DROP TABLE user_sessions;
DROP TABLE sessions;
DROP TABLE guardians;
DROP TABLE students;
DROP TABLE class_staff;
DROP TABLE role_assignments;
DROP TABLE users;
DROP TABLE classes;
DROP TABLE grades;
DROP TABLE grade_divisions;
DROP TABLE vacations;
DROP TABLE terms;
DROP TABLE school_years;
DROP TABLE schools;
DROP TABLE counties;
