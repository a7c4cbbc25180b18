-- +goose Up
-- 家长会 (R08, R13): a parent meeting of a school, for the whole school, a
-- grade or a class, filed in the term of its date. invited and attending
-- are the meeting's counts; for a whole-school meeting they are the sums of
-- its classes' counts (parent_meeting_classes), written with them. The
-- themed lecture given that day (R13) is the lecture's speaker and topic,
-- empty when there was none. link_token is the parents' no-sign-in link
-- (/p/{token}), random and unguessable.
CREATE TABLE parent_meetings (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- school_id and term_id carry no foreign key, as class meetings: schools
    -- and terms are never deleted.
    school_id       bigint NOT NULL,
    term_id         bigint NOT NULL,
    scope           text NOT NULL CHECK (scope IN ('school', 'grade', 'class')),
    grade_level     int CHECK (grade_level BETWEEN 1 AND 12),
    class_id        bigint REFERENCES classes(id),
    held_on         date NOT NULL,
    organisers      text[] NOT NULL CHECK (cardinality(organisers) >= 1
                        AND organisers <@ ARRAY['moral', 'safety', 'growth', 'division']::text[]),
    topic           text NOT NULL CHECK (btrim(topic) <> '' AND length(topic) <= 100),
    invited         int NOT NULL CHECK (invited >= 0),
    attending       int NOT NULL CHECK (attending >= 0 AND attending <= invited),
    lecture_speaker text NOT NULL DEFAULT '' CHECK (length(lecture_speaker) <= 40),
    lecture_topic   text NOT NULL DEFAULT '' CHECK (length(lecture_topic) <= 100),
    link_token      text NOT NULL UNIQUE CHECK (link_token ~ '^[A-Za-z0-9_-]{22,}$'),
    author_id       bigint NOT NULL REFERENCES users(id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((scope = 'school' AND grade_level IS NULL AND class_id IS NULL)
        OR (scope = 'grade' AND grade_level IS NOT NULL AND class_id IS NULL)
        OR (scope = 'class' AND class_id IS NOT NULL))
);
-- Per school × term: the school's list and the compliance counts (R08
-- all-parent meetings, R13 lectures on a meeting day) read this index only.
CREATE INDEX parent_meetings_school_term_idx ON parent_meetings (school_id, term_id, held_on DESC, id DESC)
    INCLUDE (scope, lecture_topic);
CREATE INDEX parent_meetings_class_idx ON parent_meetings (class_id, held_on) WHERE class_id IS NOT NULL;

-- A whole-school meeting's counts per class.
CREATE TABLE parent_meeting_classes (
    meeting_id  bigint NOT NULL REFERENCES parent_meetings(id) ON DELETE CASCADE,
    class_id    bigint NOT NULL REFERENCES classes(id),
    invited     int NOT NULL CHECK (invited >= 0),
    attending   int NOT NULL CHECK (attending >= 0 AND attending <= invited),
    PRIMARY KEY (meeting_id, class_id)
);

-- 意见建议: an opinion or suggestion collected at or after a parent meeting.
-- school_id and term_id repeat the meeting's, so that R08's "opinions with a
-- response / opinions" per school × term is an index read. A parent's
-- opinion from the link (source 'link') starts as 'received' and is seen by
-- no one but those who manage the meeting until accepted; device is a hash
-- of the sending phone's cookie (no address, no name), submit_token the
-- form's one-time token against a double send.
CREATE TABLE parent_opinions (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id    bigint NOT NULL REFERENCES parent_meetings(id) ON DELETE CASCADE,
    school_id     bigint NOT NULL,
    term_id       bigint NOT NULL,
    body          text NOT NULL CHECK (btrim(body) <> '' AND length(body) <= 500),
    category      text NOT NULL DEFAULT 'other'
                      CHECK (category IN ('teaching', 'homework', 'safety', 'canteen', 'home_school', 'activities', 'other')),
    owner_office  text NOT NULL DEFAULT '' CHECK (owner_office IN ('', 'moral', 'safety', 'academic', 'league', 'union', 'growth', 'general')),
    response      text NOT NULL DEFAULT '' CHECK (length(response) <= 1000),
    state         text NOT NULL CHECK (state IN ('received', 'pending', 'answered', 'published', 'rejected')),
    source        text NOT NULL CHECK (source IN ('staff', 'paste', 'xlsx', 'link')),
    device        text,
    submit_token  text,
    created_by    bigint REFERENCES users(id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    responded_by  bigint REFERENCES users(id),
    responded_at  timestamptz,
    CHECK (state NOT IN ('answered', 'published') OR btrim(response) <> ''),
    CHECK ((source = 'link') = (created_by IS NULL)),
    UNIQUE (meeting_id, submit_token)
);
CREATE INDEX parent_opinions_meeting_idx ON parent_opinions (meeting_id, id);
CREATE INDEX parent_opinions_school_term_idx ON parent_opinions (school_id, term_id) INCLUDE (state);
CREATE INDEX parent_opinions_device_idx ON parent_opinions (meeting_id, device) WHERE device IS NOT NULL;

-- +goose Down
DROP TABLE parent_opinions, parent_meeting_classes, parent_meetings;
