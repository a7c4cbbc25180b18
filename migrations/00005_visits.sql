-- +goose Up
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
    school_id      bigint NOT NULL REFERENCES schools(id),
    -- The class of the first student, whose class teacher is responsible.
    class_id       bigint NOT NULL REFERENCES classes(id),
    author_id      bigint NOT NULL REFERENCES users(id),
    visit_date     date NOT NULL,
    -- The term the visit counts towards (its pre-term week or the term
    -- itself) and the vacation it fell in; either may be NULL.
    term_id        bigint REFERENCES terms(id),
    vacation_id    bigint REFERENCES vacations(id),
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
CREATE INDEX visits_class_date_idx ON visits (class_id, visit_date);
CREATE INDEX visits_author_idx ON visits (author_id, created_at);

CREATE TABLE visit_students (
    visit_id     bigint NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    student_id   bigint NOT NULL REFERENCES students(id),
    -- The student's school and class on the day the visit was logged: a
    -- transfer later does not move the visit to the new class's coverage.
    school_id    bigint NOT NULL REFERENCES schools(id),
    class_id     bigint NOT NULL REFERENCES classes(id),
    visit_date   date NOT NULL,
    mode         text NOT NULL CHECK (mode IN ('onsite', 'video', 'phone')),
    term_id      bigint REFERENCES terms(id),
    vacation_id  bigint REFERENCES vacations(id),
    PRIMARY KEY (visit_id, student_id)
);
CREATE INDEX visit_students_class_date_idx ON visit_students (class_id, visit_date) INCLUDE (student_id, mode);
CREATE INDEX visit_students_school_term_idx ON visit_students (school_id, term_id) INCLUDE (student_id, mode, visit_date);
CREATE INDEX visit_students_student_idx ON visit_students (student_id, visit_date);

-- Who went: the author (lead) and companions picked from the school's staff.
CREATE TABLE visit_visitors (
    visit_id  bigint NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    user_id   bigint NOT NULL REFERENCES users(id),
    lead      boolean NOT NULL DEFAULT false,
    PRIMARY KEY (visit_id, user_id)
);
CREATE INDEX visit_visitors_user_idx ON visit_visitors (user_id);

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
    CHECK ((status IN ('resolved', 'referred')) = (closed_on IS NOT NULL))
);
CREATE UNIQUE INDEX ledger_entries_one_open ON ledger_entries (student_id, category) WHERE status IN ('open', 'following');
CREATE INDEX ledger_entries_school_idx ON ledger_entries (school_id, status, found_on);
CREATE INDEX ledger_entries_class_idx ON ledger_entries (class_id, status);
CREATE INDEX ledger_entries_owner_idx ON ledger_entries (owner_id) WHERE status IN ('open', 'following');

CREATE TABLE ledger_visits (
    entry_id  bigint NOT NULL REFERENCES ledger_entries(id) ON DELETE CASCADE,
    visit_id  bigint NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
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

-- +goose Down
DROP TABLE record_grants;
DROP TABLE ledger_actions;
DROP TABLE ledger_visits;
DROP TABLE ledger_entries;
DROP TABLE visit_revisions;
DROP TABLE visit_photos;
DROP TABLE visit_visitors;
DROP TABLE visit_students;
DROP TABLE visits;
