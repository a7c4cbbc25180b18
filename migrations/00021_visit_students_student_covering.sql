-- +goose Up
-- The teacher's page (store.ClassVisitStatus) reads, for each student of a
-- class, their visits in the window: the count, the modes and the latest
-- visit. With mode and visit_id in the student index that is an index-only
-- scan; without them each of a class's few hundred visits in a term was a
-- visit to the table, most of the page's database time. The index replaces
-- the one on the same key rather than joining it: a visit writes one index
-- entry per student either way.
CREATE INDEX visit_students_student_cov_idx ON visit_students (student_id, visit_date) INCLUDE (mode, visit_id);
DROP INDEX visit_students_student_idx;
ALTER INDEX visit_students_student_cov_idx RENAME TO visit_students_student_idx;

-- +goose Down
CREATE INDEX visit_students_student_plain_idx ON visit_students (student_id, visit_date);
DROP INDEX visit_students_student_idx;
ALTER INDEX visit_students_student_plain_idx RENAME TO visit_students_student_idx;
