-- SafeRLHub schema, version 2: runs of every environment family (issue 7's one run pipeline).
-- A run names its environment id; Blackjack's rules and exact returns become optional (a grid
-- world has neither); a configuration may carry a custom map's text (20,000 characters).
ALTER TABLE runs ADD COLUMN env VARCHAR(200);
UPDATE runs SET env = 'blackjack:' || rules;
ALTER TABLE runs ALTER COLUMN env SET NOT NULL;
ALTER TABLE runs ALTER COLUMN rules DROP NOT NULL;
ALTER TABLE runs ALTER COLUMN expected_return DROP NOT NULL;
ALTER TABLE runs ALTER COLUMN optimal_expected_return DROP NOT NULL;
ALTER TABLE runs ALTER COLUMN config_json SET DATA TYPE VARCHAR(60000);
