-- A re-pricing run publishes an event again with a higher revision; the store keeps the newest.
ALTER TABLE priced_event ADD COLUMN revision INT NOT NULL DEFAULT 1;
