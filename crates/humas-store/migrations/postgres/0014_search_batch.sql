-- Nothing to change here: PostgreSQL's search index (GIN on an expression,
-- 0005) is maintained by the engine. The SQLite twin of this file moves
-- the FTS insert from a per-row trigger into the batch.
SELECT 1;
