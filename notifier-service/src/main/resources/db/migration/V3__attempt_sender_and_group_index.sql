-- Which dispatcher instance made an attempt: replicas and restarts show in the delivery log.
ALTER TABLE delivery_attempt ADD COLUMN sent_by TEXT;

-- The router's lookup when an event resolves its group: a tenant's alerts of one budget or scope.
CREATE INDEX delivery_by_tenant_group ON delivery (tenant_id, alert_group, id) WHERE alert_group IS NOT NULL;
