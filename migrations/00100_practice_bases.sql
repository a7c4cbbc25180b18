-- +goose Up
-- 社会实践基地: the county's registry of practice bases, kept by the bureau.
-- A school may propose a base ('proposed', proposed_by_school_id set); the
-- bureau approves it ('active'). The kind is a code of activity.BaseKinds.
CREATE TABLE practice_bases (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    county_id             bigint NOT NULL REFERENCES counties(id),
    name                  text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 60),
    kind                  text NOT NULL CHECK (kind IN ('red', 'labour', 'science', 'law', 'culture', 'other')),
    township              text NOT NULL DEFAULT '' CHECK (length(township) <= 30),
    address               text NOT NULL DEFAULT '' CHECK (length(address) <= 100),
    contact_name          text NOT NULL DEFAULT '' CHECK (length(contact_name) <= 40),
    contact_phone         text NOT NULL DEFAULT '' CHECK (length(contact_phone) <= 20),
    capacity              integer CHECK (capacity >= 0),
    safety_notes          text NOT NULL DEFAULT '' CHECK (length(safety_notes) <= 1000),
    agreement_from        date,
    agreement_to          date,
    status                text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'proposed')),
    proposed_by_school_id bigint REFERENCES schools(id),
    created_by            bigint NOT NULL REFERENCES users(id),
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT practice_bases_county_id_name_key UNIQUE (county_id, name),
    CONSTRAINT practice_bases_agreement_check CHECK (agreement_from IS NULL OR agreement_to IS NULL OR agreement_from <= agreement_to)
);
-- The registry's list: a county's bases by kind, by name.
CREATE INDEX practice_bases_county_kind_idx ON practice_bases (county_id, kind, name);

-- +goose Down
DROP TABLE practice_bases;
