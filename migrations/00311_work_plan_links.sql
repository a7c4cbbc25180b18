-- +goose Up
-- Plan against done (R01, #16 item 2): the record that fulfilled a planned
-- item, as the school's office confirmed it from the records proposed
-- (workplan.Propose). A record is a row of another feature's table, named
-- by its type (store.PlanRecords lists the types; a new kind of record adds
-- one there, not here) and id. An item has one record; a record fulfils at
-- most one item of a plan.
CREATE TABLE work_plan_links (
    item_id      bigint PRIMARY KEY REFERENCES work_plan_items(id) ON DELETE CASCADE,
    plan_id      bigint NOT NULL REFERENCES work_plans(id) ON DELETE CASCADE,
    record_type  text NOT NULL CHECK (record_type ~ '^[a-z_]{1,40}$'),
    record_id    bigint NOT NULL,
    linked_by    bigint NOT NULL REFERENCES users(id),
    linked_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (plan_id, record_type, record_id)
);

-- +goose Down
DROP TABLE work_plan_links;
