-- A re-pricing run publishes an event again with a higher revision; each revision is counted once.
ALTER TABLE counted_event ADD COLUMN revision INT NOT NULL DEFAULT 1;
ALTER TABLE counted_event DROP CONSTRAINT counted_event_pkey;
ALTER TABLE counted_event ADD PRIMARY KEY (tenant_id, event_id, revision);
