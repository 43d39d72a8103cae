-- A repository URL may carry credentials (https://user:token@host/x.git). From here on the whole URL
-- is kept sealed by the server (AES-GCM, as variables) in repo_sealed, and repo_url holds it without
-- its user part, for people reading the table. Rows written before are sealed when the store opens.
ALTER TABLE projects ADD COLUMN repo_sealed VARCHAR;
