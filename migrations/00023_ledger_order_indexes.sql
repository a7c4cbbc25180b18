-- +goose Up
-- The order of a school's ledger list (store.schoolLedgerPageSQL): open
-- entries before closed ones, each by risk (重点, 关注, 一般), date found
-- (newest first) and id. With an index per group in that order, a page
-- reads thirty entries of each group in order instead of every entry of
-- the school sorted; the columns the list filters on ride along, so the
-- filters are checked in the index. An entry is in one of the two.
CREATE INDEX ledger_entries_open_order_idx ON ledger_entries
    (school_id, (CASE risk WHEN 'key' THEN 0 WHEN 'watch' THEN 1 ELSE 2 END), found_on DESC, id DESC)
    INCLUDE (due_on, status, class_id, category, risk)
    WHERE status IN ('open', 'following');
CREATE INDEX ledger_entries_closed_order_idx ON ledger_entries
    (school_id, (CASE risk WHEN 'key' THEN 0 WHEN 'watch' THEN 1 ELSE 2 END), found_on DESC, id DESC)
    INCLUDE (due_on, status, class_id, category, risk)
    WHERE status IN ('resolved', 'referred');

-- +goose Down
DROP INDEX ledger_entries_closed_order_idx;
DROP INDEX ledger_entries_open_order_idx;
