-- Every alert-worthy event, once per tenant and dedupe key: a redelivered Kafka record never
-- becomes a second notification.
CREATE TABLE alert (
    tenant_id    TEXT        NOT NULL,
    dedupe_key   TEXT        NOT NULL,
    source_topic TEXT        NOT NULL,
    kind         TEXT        NOT NULL,
    severity     TEXT        NOT NULL,
    occurred_at  TIMESTAMPTZ NOT NULL,
    payload      JSONB       NOT NULL,
    received_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, dedupe_key)
);

CREATE INDEX alert_by_time ON alert (tenant_id, received_at DESC);
