-- Which events each tenant has sent, so that a resent event_id is reported as a duplicate.
CREATE TABLE event_receipt (
    tenant_id   TEXT        NOT NULL,
    event_id    TEXT        NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, event_id)
);
