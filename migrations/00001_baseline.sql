-- +goose Up
-- The schema of Xietong, as one baseline (docs/architecture.md). Tables,
-- their constraints and indexes live here and in later numbered migrations;
-- every SQL function, view-independent trigger and counter rule lives in one
-- file of its own under migrations/code/, re-applied whenever it changes
-- (database.Migrate), so no function body is ever copied into a migration.
--
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
    -- Edits carry the version they started from; a stale version is a
    -- conflict (409), not a silent overwrite.
    version     integer NOT NULL DEFAULT 1,
    UNIQUE (county_id, code),
    UNIQUE (county_id, name)
);

CREATE TABLE school_years (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    county_id   bigint NOT NULL REFERENCES counties(id),
    start_year  integer NOT NULL CHECK (start_year BETWEEN 2000 AND 2100),
    starts_on   date NOT NULL,
    ends_on     date NOT NULL,
    version     integer NOT NULL DEFAULT 1,
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
    updated_at            timestamptz NOT NULL DEFAULT now(),
    -- The school whose office manages the account (creates it, resets its
    -- password, disables it, assigns its duties). NULL: a county account,
    -- which only an administrator manages.
    school_id             bigint REFERENCES schools(id)
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE INDEX users_school_idx ON users (school_id);

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
-- Siblings are the students of the school who share a guardian's phone
-- (store.Siblings, on every visit form and visit POST).
CREATE INDEX guardians_phone_idx ON guardians (phone) WHERE phone <> '';

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
-- The audit list filters by the actor's name and an action prefix, newest
-- first, walking this index; no other index is written on every action.
-- Append-only: migrations/code/audit.refuse_change.sql refuses updates,
-- deletions and truncation.
REVOKE UPDATE, DELETE, TRUNCATE ON audit.events FROM PUBLIC;

-- Every form that creates something carries a one-time token. The token is
-- claimed in the same transaction as the write, so a double tap, a retried
-- submit on a weak signal, or a replayed offline draft creates one row, and
-- the replay is sent where the first submit went.
CREATE TABLE form_tokens (
    token       text PRIMARY KEY CHECK (token ~ '^[0-9a-f]{32}$'),
    user_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    location    text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX form_tokens_created_idx ON form_tokens (created_at);

-- Organisation: the class history of every student, the record of each school-year roll-over, and
-- the leadership groups (工作领导小组) of the county and of each school.

-- One row per stay of a student in a class. from_date is the first day in
-- the class, to_date the last (NULL while the student is still there).
-- reason says how the stay began:
--   enrolled     placed in the class (first placement or import)
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

-- Home visits (家访) and the problem ledger (问题台账): plan section 三(二),
-- duties R02, R03 and R04.
--
-- A visit covers one family: one or more students (siblings in the school),
-- one row each in visit_students. That table repeats the visit's date, mode,
-- term and vacation so that coverage (distinct students visited in a window,
-- split by mode) reads one index and so that per-term counters can be kept
-- exactly in the same transaction as each write: every write to a visit
-- rewrites its visit_students rows.
--
-- The free text of visits and ledger entries is sensitive personal
-- information about minors (PIPL art. 28). It is read only through scoped
-- queries (see auth.NoteScope); the audit log never holds it: old values of
-- an edited visit go to visit_revisions, readable by the same scope.

CREATE TABLE visits (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- school_id, term_id and vacation_id carry no foreign key: schools,
    -- terms and vacations are never deleted, visits take the school from the
    -- student's row and the term from the calendar, and the key's row lock
    -- (FOR KEY SHARE) on the one school or term row every visit of a school
    -- references made teachers saving at the same moment queue on it.
    school_id      bigint NOT NULL,
    -- The class of the first student, whose class teacher is responsible.
    class_id       bigint NOT NULL REFERENCES classes(id),
    author_id      bigint NOT NULL REFERENCES users(id),
    visit_date     date NOT NULL,
    -- The term the visit counts towards (its pre-term week or the term
    -- itself) and the vacation it fell in; either may be NULL.
    term_id        bigint,
    vacation_id    bigint,
    mode           text NOT NULL CHECK (mode IN ('onsite', 'video', 'phone')),
    kind           text NOT NULL CHECK (kind IN ('pre_term', 'vacation', 'routine', 'follow_up')),
    leader_joined  boolean NOT NULL DEFAULT false,
    met            text NOT NULL DEFAULT '' CHECK (length(met) <= 100),
    study          text NOT NULL DEFAULT '' CHECK (length(study) <= 1000),
    life           text NOT NULL DEFAULT '' CHECK (length(life) <= 1000),
    mind           text NOT NULL DEFAULT '' CHECK (length(mind) <= 1000),
    family         text NOT NULL DEFAULT '' CHECK (length(family) <= 1000),
    -- Problem categories found (codes of visit.Categories); 'other' comes
    -- with other_problem.
    problems       text[] NOT NULL DEFAULT '{}',
    other_problem  text NOT NULL DEFAULT '' CHECK (length(other_problem) <= 100),
    advice         text NOT NULL DEFAULT '' CHECK (length(advice) <= 1000),
    requests       text NOT NULL DEFAULT '' CHECK (length(requests) <= 1000),
    version        integer NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (problems <@ ARRAY['negative_mood', 'parent_child', 'teacher_student', 'peer', 'living', 'homework', 'internet', 'other']::text[])
);
CREATE INDEX visits_school_date_idx ON visits (school_id, visit_date);
-- No index by class (a class's visits are found through visit_students)
-- nor by author (the 7-day edit rule reads the visit's own row): each would
-- be written on every visit and read by no query.

CREATE TABLE visit_students (
    visit_id     bigint NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    student_id   bigint NOT NULL REFERENCES students(id),
    -- The student's school and class on the day the visit was logged: a
    -- transfer later does not move the visit to the new class's coverage.
    -- These columns repeat the visit's and the student's, written only with
    -- the visit from rows that exist then: foreign keys here would check
    -- nothing that visits and students do not, at four lookups and row
    -- locks a visit.
    school_id    bigint NOT NULL,
    class_id     bigint NOT NULL,
    visit_date   date NOT NULL,
    mode         text NOT NULL CHECK (mode IN ('onsite', 'video', 'phone')),
    term_id      bigint,
    vacation_id  bigint,
    PRIMARY KEY (visit_id, student_id)
);
CREATE INDEX visit_students_class_date_idx ON visit_students (class_id, visit_date) INCLUDE (student_id, mode);
CREATE INDEX visit_students_school_term_idx ON visit_students (school_id, term_id) INCLUDE (student_id, mode, visit_date);
-- The teacher's page (store.ClassVisitStatus) reads each student's visits
-- in a window, their modes and the latest: an index-only scan with mode and
-- visit_id included.
CREATE INDEX visit_students_student_idx ON visit_students (student_id, visit_date) INCLUDE (mode, visit_id);

-- Who went: the author (lead) and companions picked from the school's staff.
CREATE TABLE visit_visitors (
    visit_id  bigint NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    user_id   bigint NOT NULL REFERENCES users(id),
    lead      boolean NOT NULL DEFAULT false,
    PRIMARY KEY (visit_id, user_id)
);
-- Scope checks read (visit_id, user_id), the primary key; accounts are
-- disabled, never deleted, so user_id needs no index of its own.

-- Photos as evidence, re-encoded on the server (EXIF and location gone),
-- stored here and never under static serving.
CREATE TABLE visit_photos (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    visit_id    bigint NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    position    smallint NOT NULL CHECK (position BETWEEN 1 AND 5),
    jpeg        bytea NOT NULL,
    width       integer NOT NULL,
    height      integer NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (visit_id, position)
);

-- The old values of the fields an edit changed. The audit row names only
-- the fields and this row's id; the text itself stays under the visit's scope.
CREATE TABLE visit_revisions (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    visit_id   bigint NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    editor_id  bigint NOT NULL REFERENCES users(id),
    edited_at  timestamptz NOT NULL DEFAULT now(),
    fields     text[] NOT NULL,
    old        jsonb NOT NULL
);
CREATE INDEX visit_revisions_visit_idx ON visit_revisions (visit_id, id);

-- 问题台账: one entry per student and problem category while it is open
-- (待处理 open, 跟进中 following); a visit finding the same problem again
-- joins the open entry (ledger_visits).
CREATE TABLE ledger_entries (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id        bigint NOT NULL REFERENCES schools(id),
    class_id         bigint NOT NULL REFERENCES classes(id),
    student_id       bigint NOT NULL REFERENCES students(id),
    category         text NOT NULL CHECK (category IN ('negative_mood', 'parent_child', 'teacher_student', 'peer', 'living', 'homework', 'internet', 'other')),
    other_text       text NOT NULL DEFAULT '' CHECK (length(other_text) <= 100),
    source_visit_id  bigint REFERENCES visits(id),
    found_on         date NOT NULL,
    risk             text NOT NULL DEFAULT 'normal' CHECK (risk IN ('normal', 'watch', 'key')),
    owner_id         bigint NOT NULL REFERENCES users(id),
    follow_up_on     date,
    status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'following', 'resolved', 'referred')),
    -- The day of the last action (opening counts): "overdue" is an open
    -- entry with no action for over 7 days, or past follow_up_on.
    last_action_on   date NOT NULL,
    closed_on        date,
    closing_note     text NOT NULL DEFAULT '' CHECK (length(closing_note) <= 1000),
    version          integer NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    -- due_on is the last day an open entry is on time (visit.Overdue): a
    -- week after the last action (visit.StaleDays), or the follow-up date if
    -- that comes first. Overdue on d is due_on < d. An entry acted on by d is
    -- due by d + 7 at the latest, so the open entries not yet overdue are the
    -- few of the last week: the pages count those through
    -- ledger_entries_due_idx and take them from the open count.
    due_on           date GENERATED ALWAYS AS (least(last_action_on + 7, follow_up_on)) STORED,
    CHECK ((status IN ('resolved', 'referred')) = (closed_on IS NOT NULL))
);
CREATE UNIQUE INDEX ledger_entries_one_open ON ledger_entries (student_id, category) WHERE status IN ('open', 'following');
-- The ledger's filters by status and date found, answered from the index.
CREATE INDEX ledger_entries_school_idx ON ledger_entries (school_id, status, found_on)
    INCLUDE (id, class_id, owner_id, risk, category, due_on);
CREATE INDEX ledger_entries_due_idx ON ledger_entries (due_on, school_id) WHERE status IN ('open', 'following');
-- The order of a school's ledger list (store.schoolLedgerPageSQL): open
-- entries before closed ones, each by risk (重点, 关注, 一般), date found
-- (newest first) and id. An index per group in that order, with every
-- column the page shows, so a page is read from the index alone.
CREATE INDEX ledger_entries_open_order_idx ON ledger_entries
    (school_id, (CASE risk WHEN 'key' THEN 0 WHEN 'watch' THEN 1 ELSE 2 END), found_on DESC, id DESC)
    INCLUDE (due_on, status, class_id, category, risk, student_id, owner_id, follow_up_on, last_action_on, closed_on, source_visit_id)
    WHERE status IN ('open', 'following');
CREATE INDEX ledger_entries_closed_order_idx ON ledger_entries
    (school_id, (CASE risk WHEN 'key' THEN 0 WHEN 'watch' THEN 1 ELSE 2 END), found_on DESC, id DESC)
    INCLUDE (due_on, status, class_id, category, risk, student_id, owner_id, follow_up_on, last_action_on, closed_on, source_visit_id)
    WHERE status IN ('resolved', 'referred');
CREATE INDEX ledger_entries_class_idx ON ledger_entries (class_id, status);
CREATE INDEX ledger_entries_owner_idx ON ledger_entries (owner_id) WHERE status IN ('open', 'following');

CREATE TABLE ledger_visits (
    entry_id  bigint NOT NULL REFERENCES ledger_entries(id) ON DELETE CASCADE,
    visit_id  bigint NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    -- The entry's class, so that a deleted link can be uncounted even when
    -- its entry is being deleted in the same statement (ledger_counts).
    class_id  bigint NOT NULL,
    PRIMARY KEY (entry_id, visit_id)
);
CREATE INDEX ledger_visits_visit_idx ON ledger_visits (visit_id);

-- The entry's history: dated interventions (who did what), and the
-- opening, joining, assignment, closing and reopening of the entry.
CREATE TABLE ledger_actions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entry_id    bigint NOT NULL REFERENCES ledger_entries(id) ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('opened', 'joined', 'intervention', 'assigned', 'closed', 'reopened')),
    acted_on    date NOT NULL,
    actor_id    bigint REFERENCES users(id),
    note        text NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_actions_entry_idx ON ledger_actions (entry_id, id);

-- A supervisor's access to one record for an inspection: granted after a
-- stated reason (audited), for a short time, kept server-side.
CREATE TABLE record_grants (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    object_type  text NOT NULL CHECK (object_type IN ('visit', 'ledger')),
    object_id    bigint NOT NULL,
    reason       text NOT NULL CHECK (btrim(reason) <> '' AND length(reason) <= 200),
    granted_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
CREATE INDEX record_grants_lookup_idx ON record_grants (user_id, object_type, object_id, expires_at);

-- Coverage counters for R02 (学期前全员家访) and R03 (寒暑假关爱家访): exact
-- per-window counts kept current by triggers in the same transaction as
-- every write to visit_students and students, whoever writes (the visit
-- form, imports, transfers, the roll-over, the demo). The pages read these
-- tables and never aggregate visits on the fly.
--
-- The rules are those of package coverage (its package comment), with one
-- choice the database has to make because it keeps no enrolment history:
--
--   Windows. Each term has a pre-term window [start−7, start−1] whose roll
--   day (点名日) is the term's first day; each vacation is a window whose
--   roll day is its last day. coverage_windows lists them, as the store
--   writes them from coverage.CountingWindows.
--
--   Denominator. coverage_students holds one row per window and student in
--   its denominator, with the student's school, class and special-group
--   flags. While a window's roll day is today or later it follows current
--   enrolment: a new student, a transfer, a leave or a changed flag updates
--   the row at once. Once the roll day has passed the rows are frozen: they
--   are the roll call of that day, and a later transfer or leave does not
--   change them (the student's old class stays accountable for that window).
--   "Today" is coverage_today(): the date in Asia/Shanghai, or the setting
--   xietong.today when a test sets it.
--
--   Numerator. onsite_n, video_n and phone_n count the student's visits
--   dated inside the window (by visit date, never by when it was logged, so
--   a late-logged visit counts, frozen window or not); best is the best mode
--   (实地 > 视频 > 电话). A visit of a student outside the denominator is
--   ignored. A visit's students each count (siblings).
--
--   coverage_classes sums coverage_students per class: enrolled and the
--   best-mode split, for everyone, for 留守 (lb), 特困 (hs) and for the
--   flagged students of R03 (fl: left-behind or hardship). A student counts
--   once, under their best mode. Rows whose class has nobody left are
--   deleted.
--
--   coverage_rebuild() recomputes everything from scratch: membership of
--   windows whose roll day has not passed (and of any window that has no
--   rows at all, e.g. history loaded in bulk) from current enrolment; the
--   roll call of the other windows is kept; every numerator and class row
--   is recounted from visit_students. Bulk loads may disable the triggers
--   and call it afterwards; tests use it as the full recount.

-- The windows visits are counted in, one row per term (its pre-term week)
-- and per vacation. The store writes them with the Go rule
-- (coverage.CountingWindows) whenever a school year is created or its dates
-- change; the counting functions only read them, and a row that comes,
-- moves or goes recounts its window (coverage_window_changed).
CREATE TABLE coverage_windows (
    kind       text NOT NULL CHECK (kind IN ('pre_term', 'vacation')),
    window_id  bigint NOT NULL,
    county_id  bigint NOT NULL REFERENCES counties(id),
    starts_on  date NOT NULL,
    ends_on    date NOT NULL,
    roll_on    date NOT NULL,
    PRIMARY KEY (kind, window_id),
    CHECK (starts_on <= ends_on)
);

CREATE TABLE coverage_students (
    window_kind  text NOT NULL CHECK (window_kind IN ('pre_term', 'vacation')),
    window_id    bigint NOT NULL,
    student_id   bigint NOT NULL,
    school_id    bigint NOT NULL,
    class_id     bigint NOT NULL,
    left_behind  boolean NOT NULL,
    hardship     boolean NOT NULL,
    onsite_n     integer NOT NULL DEFAULT 0 CHECK (onsite_n >= 0),
    video_n      integer NOT NULL DEFAULT 0 CHECK (video_n >= 0),
    phone_n      integer NOT NULL DEFAULT 0 CHECK (phone_n >= 0),
    best         text GENERATED ALWAYS AS (CASE WHEN onsite_n > 0 THEN 'onsite' WHEN video_n > 0 THEN 'video'
                                                WHEN phone_n > 0 THEN 'phone' ELSE '' END) STORED,
    PRIMARY KEY (window_kind, window_id, student_id)
);
CREATE INDEX coverage_students_class_idx ON coverage_students (window_kind, window_id, class_id);
CREATE INDEX coverage_students_student_idx ON coverage_students (student_id);

CREATE TABLE coverage_classes (
    window_kind  text NOT NULL CHECK (window_kind IN ('pre_term', 'vacation')),
    window_id    bigint NOT NULL,
    school_id    bigint NOT NULL,
    class_id     bigint NOT NULL,
    enrolled   integer NOT NULL DEFAULT 0, onsite    integer NOT NULL DEFAULT 0,
    video      integer NOT NULL DEFAULT 0, phone     integer NOT NULL DEFAULT 0,
    lb         integer NOT NULL DEFAULT 0, lb_onsite integer NOT NULL DEFAULT 0,
    lb_video   integer NOT NULL DEFAULT 0, lb_phone  integer NOT NULL DEFAULT 0,
    hs         integer NOT NULL DEFAULT 0, hs_onsite integer NOT NULL DEFAULT 0,
    hs_video   integer NOT NULL DEFAULT 0, hs_phone  integer NOT NULL DEFAULT 0,
    fl         integer NOT NULL DEFAULT 0, fl_onsite integer NOT NULL DEFAULT 0,
    fl_video   integer NOT NULL DEFAULT 0, fl_phone  integer NOT NULL DEFAULT 0,
    PRIMARY KEY (window_kind, window_id, class_id)
);
CREATE INDEX coverage_classes_school_idx ON coverage_classes (window_kind, window_id, school_id);

-- coverage_schools sums coverage_classes per school and window, so that the
-- county page reads 100 rows, not 2,400 to group; kept in the same
-- transaction as every change of coverage_classes (coverage_schools_sum_*,
-- coverage_best_changed, coverage_rebuild_window). Two teachers of one
-- school logging a first visit at the same moment wait for each other's
-- commit on the school's row: a few milliseconds, a few times a day.
CREATE TABLE coverage_schools (
    window_kind text NOT NULL CHECK (window_kind IN ('pre_term', 'vacation')),
    window_id   bigint NOT NULL,
    school_id   bigint NOT NULL,
    classes     integer NOT NULL DEFAULT 0,
    enrolled   integer NOT NULL DEFAULT 0,
    onsite     integer NOT NULL DEFAULT 0,
    video      integer NOT NULL DEFAULT 0,
    phone      integer NOT NULL DEFAULT 0,
    lb         integer NOT NULL DEFAULT 0,
    lb_onsite  integer NOT NULL DEFAULT 0,
    lb_video   integer NOT NULL DEFAULT 0,
    lb_phone   integer NOT NULL DEFAULT 0,
    hs         integer NOT NULL DEFAULT 0,
    hs_onsite  integer NOT NULL DEFAULT 0,
    hs_video   integer NOT NULL DEFAULT 0,
    hs_phone   integer NOT NULL DEFAULT 0,
    fl         integer NOT NULL DEFAULT 0,
    fl_onsite  integer NOT NULL DEFAULT 0,
    fl_video   integer NOT NULL DEFAULT 0,
    fl_phone   integer NOT NULL DEFAULT 0,
    PRIMARY KEY (window_kind, window_id, school_id)
);

-- R04 counters: per class (so that the teachers of one school logging
-- visits at the same time do not queue on one row), the problems found on
-- visits (ledger_visits rows: one per visit, student and category) and the
-- ledger entries by status, kept exact by triggers (ledger_counts_*) in the
-- same transaction as every write to ledger_entries and ledger_visits. The
-- coverage pages read these rows instead of grouping the whole ledger.
-- "Overdue" depends on today, so it cannot be a stored counter: the pages
-- take it from the open count and the entries still due (see due_on).
-- ledger_counts_recount() is the full recount, for bulk loads and for the
-- tests that compare the counters with it.
CREATE TABLE ledger_counts (
    class_id   bigint PRIMARY KEY REFERENCES classes(id) ON DELETE CASCADE,
    school_id  bigint NOT NULL,
    problems   integer NOT NULL DEFAULT 0 CHECK (problems >= 0),
    entries    integer NOT NULL DEFAULT 0 CHECK (entries >= 0),
    pending    integer NOT NULL DEFAULT 0 CHECK (pending >= 0),
    following  integer NOT NULL DEFAULT 0 CHECK (following >= 0),
    resolved   integer NOT NULL DEFAULT 0 CHECK (resolved >= 0),
    referred   integer NOT NULL DEFAULT 0 CHECK (referred >= 0)
);
CREATE INDEX ledger_counts_school_idx ON ledger_counts (school_id);

-- A roster upload between its preview and its confirmation. The file is
-- read once; what the preview needs to re-apply a corrected column mapping (the located table, raw cells) and what the
-- confirmation writes (the parsed, normalised records) are kept here, on the
-- server, never in the session cookie, and for one hour at most: the sweep
-- deletes pending rows older than that, and an applied or abandoned import
-- keeps only its counts (the data columns are cleared).
--
-- Personal information: source and records hold a school's roster (names,
-- student numbers, guardians' phones, special-group flags) for at most one
-- hour, visible only to the uploader (created_by) of that school.
CREATE TABLE roster_imports (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    county_id   bigint NOT NULL REFERENCES counties(id),
    school_id   bigint NOT NULL REFERENCES schools(id),
    kind        text NOT NULL CHECK (kind IN ('students', 'staff')),
    created_by  bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    filename    text NOT NULL DEFAULT '' CHECK (length(filename) <= 200),
    status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'applied', 'expired')),
    -- The column mapping in force (roster.Mapping: column key → field).
    mapping     jsonb NOT NULL DEFAULT '{}',
    -- gzip'd JSON: the located table (raw cells) and the parsed records.
    source      bytea,
    records     bytea,
    -- The preview's report (counts, row errors, normalisations) and, once
    -- applied, the counts written.
    report      jsonb NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now(),
    applied_at  timestamptz,
    CHECK (status = 'pending' OR (source IS NULL AND records IS NULL))
);
CREATE INDEX roster_imports_pending_idx ON roster_imports (created_at) WHERE status = 'pending';
CREATE INDEX roster_imports_school_idx ON roster_imports (school_id, kind, created_at DESC);

-- The column mapping a school last confirmed, per roster kind, applied to
-- the school's next file (header text → field).
CREATE TABLE roster_mappings (
    school_id   bigint NOT NULL REFERENCES schools(id),
    kind        text NOT NULL CHECK (kind IN ('students', 'staff')),
    mapping     jsonb NOT NULL,
    updated_by  bigint REFERENCES users(id) ON DELETE SET NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (school_id, kind)
);

-- +goose Down
-- Everything, in reverse: the code of migrations/code first (its hashes with it).
DROP FUNCTION IF EXISTS audit.refuse_change, counters_truncated, coverage_best_changed, coverage_class_sums, coverage_rebuild, coverage_rebuild_window, coverage_roll_students, coverage_schools_sum_del, coverage_schools_sum_ins, coverage_schools_sum_upd, coverage_students_sum_del, coverage_students_sum_ins, coverage_students_sum_upd, coverage_today, coverage_visit_row, coverage_visits_row, coverage_window_changed, ledger_counts_add, ledger_counts_entries, ledger_counts_recount, ledger_counts_visits, ledger_entries_moved, ledger_open_for_visit, ledger_visits_class, visit_log CASCADE;
DROP TABLE IF EXISTS schema_code;
DROP TABLE roster_mappings, roster_imports, ledger_counts, coverage_schools, coverage_classes, coverage_students, coverage_windows, record_grants, ledger_actions, ledger_visits, ledger_entries, visit_revisions, visit_photos, visit_visitors, visit_students, visits, student_transfers, leadership_members, rollovers, student_class_history, form_tokens, user_sessions, sessions, guardians, students, class_staff, role_assignments, users, classes, grades, grade_divisions, vacations, terms, school_years, schools, counties CASCADE;
DROP SCHEMA audit CASCADE;
