-- Money columns are NUMERIC without a scale: a cost keeps every decimal it was computed with (at least 12).
-- The priced-event store, idempotent on (tenant, event id). Unpriced events have no cost (NULL), never 0.
CREATE TABLE priced_event (
    tenant_id             TEXT            NOT NULL,
    event_id              TEXT            NOT NULL,
    occurred_at           TIMESTAMPTZ     NOT NULL,
    provider              TEXT            NOT NULL,
    model                 TEXT            NOT NULL,
    operation             TEXT            NOT NULL,
    status                TEXT            NOT NULL,
    input_tokens          BIGINT          NOT NULL,
    cache_read_tokens     BIGINT          NOT NULL,
    cache_write_tokens    BIGINT          NOT NULL,
    cache_write_1h_tokens BIGINT          NOT NULL,
    output_tokens         BIGINT          NOT NULL,
    reasoning_tokens      BIGINT          NOT NULL,
    pricing_status        TEXT            NOT NULL,
    cost                  NUMERIC,
    currency              CHAR(3),
    project               TEXT,
    customer              TEXT,
    feature               TEXT,
    PRIMARY KEY (tenant_id, event_id),
    CHECK ((pricing_status = 'PRICED') = (cost IS NOT NULL))
);

CREATE INDEX priced_event_by_time ON priced_event (tenant_id, occurred_at DESC);
