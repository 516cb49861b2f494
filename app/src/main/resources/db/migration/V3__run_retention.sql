-- SafeRLHub schema, version 3: retention of runs (issue 9). A run is kept while someone opens
-- it; runs nobody saved or opened are deleted after a while (serve --keep-runs-days).
-- kept_at: when the run was last opened (GET /api/runs/{id}) or saved from a browser; null for
-- a run nobody has opened since it was trained.
ALTER TABLE runs ADD COLUMN kept_at TIMESTAMP WITH TIME ZONE;
UPDATE runs SET kept_at = created_at;
CREATE INDEX runs_unkept ON runs (kept_at, created_at);
