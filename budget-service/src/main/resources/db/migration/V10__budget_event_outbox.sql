-- Budget events are written here in the transaction that raises them (a threshold claimed, a kill
-- switch tripped, a period reset recorded) and published to Kafka from here. A crash between that
-- commit and the broker's acknowledgement leaves the row, and the next relay publishes it: an alert
-- that was claimed once is never lost. The notifier drops a repeat by its event id.
CREATE TABLE budget.event_outbox (
    id         bigserial   PRIMARY KEY,
    tenant_id  text        NOT NULL,
    event_id   text        NOT NULL,
    payload    text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
