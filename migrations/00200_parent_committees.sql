-- +goose Up
-- 家长委员会 (R06, R07). A class's parent committee: one per class, and a
-- class belongs to one school year, so the committee is the class's for
-- that year; next year's class gets its own (carried over as a draft, see
-- store.CarryOverClassCommittee). Whether it is valid (one head, no member
-- twice, no member whose child has left) is decided in Go
-- (parents.ClassCommitteeProblems) from what these tables keep.
CREATE TABLE class_committees (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id       bigint NOT NULL REFERENCES schools(id),
    school_year_id  bigint NOT NULL REFERENCES school_years(id),
    class_id        bigint NOT NULL UNIQUE REFERENCES classes(id),
    -- A draft is last year's committee carried over, waiting for the class
    -- teacher to confirm it; it does not count for R06 until then.
    draft           boolean NOT NULL DEFAULT false,
    carried_from    bigint REFERENCES class_committees(id),
    created_at      timestamptz NOT NULL DEFAULT now()
);
-- Per school × school year: the school's overview and the compliance count
-- (R06) read this index.
CREATE INDEX class_committees_school_year_idx ON class_committees (school_id, school_year_id);

-- A member is a guardian of an enrolled student of the class (student_id
-- and guardian_id) or a person named by hand with a phone (both NULL). The
-- name, relation and phone are copied when the member is named, so that the
-- printed list stays as it was set; guardian_id goes NULL when the
-- student's guardians are rewritten (an edit or an import replaces them),
-- and student_id keeps saying whose parent the member is.
CREATE TABLE class_committee_members (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    committee_id  bigint NOT NULL REFERENCES class_committees(id) ON DELETE CASCADE,
    student_id    bigint REFERENCES students(id),
    guardian_id   bigint REFERENCES guardians(id) ON DELETE SET NULL,
    name          text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 40),
    relation      text NOT NULL DEFAULT '' CHECK (length(relation) <= 20),
    phone         text NOT NULL DEFAULT '' CHECK (phone = '' OR phone ~ '^[0-9+-]{5,20}$'),
    head          boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (guardian_id IS NULL OR student_id IS NOT NULL),
    CHECK (student_id IS NOT NULL OR phone <> '')
);
CREATE INDEX class_committee_members_committee_idx ON class_committee_members (committee_id, id);
-- The same guardian once per committee.
CREATE UNIQUE INDEX class_committee_members_guardian_key ON class_committee_members (committee_id, guardian_id) WHERE guardian_id IS NOT NULL;
CREATE INDEX class_committee_members_student_idx ON class_committee_members (student_id) WHERE student_id IS NOT NULL;

-- The school's parent committee of a school year: representatives drawn
-- from the class committees' members of that year. A representative's
-- grade division is the one of their class's grade (read, not copied, so a
-- regrouped grade shows where it now is); the make-up (three per division,
-- one head each) is parents.SchoolCommitteeProblems. Removing a class
-- member removes them from the school committee too.
CREATE TABLE school_committee_reps (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    school_id       bigint NOT NULL REFERENCES schools(id),
    school_year_id  bigint NOT NULL REFERENCES school_years(id),
    member_id       bigint NOT NULL REFERENCES class_committee_members(id) ON DELETE CASCADE,
    head            boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (school_id, school_year_id, member_id)
);
CREATE INDEX school_committee_reps_member_idx ON school_committee_reps (member_id);

-- +goose Down
DROP TABLE school_committee_reps;
DROP TABLE class_committee_members;
DROP TABLE class_committees;
