-- +goose Up
-- 待办 (#17 item 5): what a user has to do because a record waits for them —
-- a ledger entry they own, a plan returned to the school or waiting for the
-- bureau, a parent's opinion to accept or answer, a bureau lecture to
-- forward. One row per open to-do, kept by the triggers of
-- migrations/code/todos_*.sql on the records themselves: a row goes away
-- when its record is done, never by ticking it (todos_rebuild recounts the
-- whole table from the records). To-dos from the calendar alone (a visit
-- window opens in three days) are not stored: package todo derives them.
--
-- A row is for one user (user_id) or for every holder of a role: at the
-- school (school roles) or in the county (county roles); office narrows a
-- school office's to-do to one 科室 ('' for all of them).
CREATE TABLE todos (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    county_id  bigint NOT NULL REFERENCES counties(id),
    -- The school the record belongs to (NULL for a county's own record);
    -- for a school role also the school whose holders see it.
    school_id  bigint REFERENCES schools(id),
    user_id    bigint REFERENCES users(id),
    role       text CHECK (role IN ('bureau_leader', 'supervisor', 'bureau_staff', 'school_leader', 'school_office')),
    office     text NOT NULL DEFAULT '',
    kind       text NOT NULL CHECK (kind IN ('ledger', 'plan_returned', 'plan_leader', 'plan_review',
                                             'opinion_accept', 'opinion_answer', 'lecture')),
    -- The record: a ledger entry, work plan, parent opinion or lecture.
    object_id  bigint NOT NULL,
    due_on     date,
    opened_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((user_id IS NULL) <> (role IS NULL)),
    CONSTRAINT todos_key UNIQUE NULLS NOT DISTINCT (kind, object_id, school_id, user_id, role)
);
-- The header's count on every page is one read of one of these.
CREATE INDEX todos_user_idx ON todos (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX todos_role_idx ON todos (county_id, role, school_id) WHERE role IS NOT NULL;

-- When the user last opened the to-do list: the header counts what came
-- after as unread.
ALTER TABLE users ADD COLUMN todos_seen_at timestamptz;

-- +goose Down
ALTER TABLE users DROP COLUMN todos_seen_at;
DROP TABLE todos;
