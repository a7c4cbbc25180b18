-- +goose Up
-- Rectification items are to-dos too (migrations/code/todos_rectification.sql):
-- the owner office's to report on, the supervisors' to check.
ALTER TABLE todos DROP CONSTRAINT todos_kind_check;
ALTER TABLE todos ADD CONSTRAINT todos_kind_check CHECK (kind IN ('ledger', 'plan_returned', 'plan_leader', 'plan_review',
    'opinion_accept', 'opinion_answer', 'lecture', 'rect_report', 'rect_review'));

-- +goose Down
DELETE FROM todos WHERE kind IN ('rect_report', 'rect_review');
ALTER TABLE todos DROP CONSTRAINT todos_kind_check;
ALTER TABLE todos ADD CONSTRAINT todos_kind_check CHECK (kind IN ('ledger', 'plan_returned', 'plan_leader', 'plan_review',
    'opinion_accept', 'opinion_answer', 'lecture'));
