-- +goose Up
-- A duty's window is fixed unless its figures honour it: R02's is the
-- coverage counters' pre-term week, and the activities of R14–R20 (like
-- every other count) are counted over the whole period. Only R05's first
-- week is the administrator's to change.
UPDATE compliance_rules SET fixed_window = true WHERE duty_id <> 'R05';

-- +goose Down
UPDATE compliance_rules SET fixed_window = false WHERE duty_id NOT IN ('R02', 'R03', 'R04');
