-- A step's outcome says how its run ended; when the pipeline then undid it (a later step failed, or
-- this one did), undone_at says when, and undo_message what the undo could not remove, if anything.
ALTER TABLE deployment_steps ADD COLUMN undone_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE deployment_steps ADD COLUMN undo_message VARCHAR;
