-- +goose Up
-- Indexes no query reads, each written (and locked) on every visit or
-- audited action:
--   visits (class_id, visit_date): a class's visits are found through
--   visit_students, whose rows carry the class (ClassVisits, coverage);
--   audit.events (actor_user_id, at) and (action, at): the audit list
--   filters by the actor's name and an action prefix, newest first, and
--   walks the primary key for that.
DROP INDEX visits_class_date_idx;
DROP INDEX audit.audit_events_actor_idx;
DROP INDEX audit.audit_events_action_idx;

-- +goose Down
CREATE INDEX visits_class_date_idx ON visits (class_id, visit_date);
CREATE INDEX audit_events_actor_idx ON audit.events (actor_user_id, at DESC);
CREATE INDEX audit_events_action_idx ON audit.events (action, at DESC);
