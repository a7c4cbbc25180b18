-- +goose Up
-- The ledger list sorts a school's entries by overdue, open, risk and date
-- found and shows a page of them (store.ListLedger). With the filtered and
-- sorted columns in the index, the page is chosen from the index alone and
-- only its fifty rows are read from the table.
DROP INDEX ledger_entries_school_idx;
CREATE INDEX ledger_entries_school_idx ON ledger_entries (school_id, status, found_on)
    INCLUDE (id, class_id, owner_id, risk, category, due_on);

-- +goose Down
DROP INDEX ledger_entries_school_idx;
CREATE INDEX ledger_entries_school_idx ON ledger_entries (school_id, status, found_on);
