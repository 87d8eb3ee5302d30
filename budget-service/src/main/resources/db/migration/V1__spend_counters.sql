-- Every priced event is counted once per tenant (idempotent on tenant + event id).
CREATE TABLE counted_event (
    tenant_id  TEXT        NOT NULL,
    event_id   TEXT        NOT NULL,
    counted_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, event_id)
);

-- Lifetime spend of a tenant. Budgets per scope and period build on the same counting.
CREATE TABLE tenant_spend (
    tenant_id        TEXT            PRIMARY KEY,
    events           BIGINT          NOT NULL DEFAULT 0,
    unpriced_events  BIGINT          NOT NULL DEFAULT 0,
    total_tokens     BIGINT          NOT NULL DEFAULT 0,
    cost             NUMERIC         NOT NULL DEFAULT 0,
    currency         CHAR(3)         NOT NULL DEFAULT 'USD',
    updated_at       TIMESTAMPTZ     NOT NULL DEFAULT now()
);
