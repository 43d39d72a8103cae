-- The drift report of a build against the earlier build of the same commit (newline-separated
-- lines), written when the build finished; null when there was nothing to compare with.
ALTER TABLE builds ADD COLUMN drift VARCHAR;
ALTER TABLE builds ADD COLUMN drift_against BIGINT;
