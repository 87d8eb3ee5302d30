-- Budgets per tenant: a scope (dimension -> value, all must match), a period in an IANA time zone,
-- a unit (usd, tokens, requests), a limit, thresholds and an enforcement.
CREATE TABLE budget (
    id           BIGSERIAL   PRIMARY KEY,
    tenant_id    TEXT        NOT NULL,
    name         TEXT        NOT NULL,
    scope        JSONB       NOT NULL DEFAULT '{}',
    period       TEXT        NOT NULL,
    time_zone    TEXT        NOT NULL,
    unit         TEXT        NOT NULL CHECK (unit IN ('usd', 'tokens', 'requests')),
    limit_amount NUMERIC     NOT NULL CHECK (limit_amount > 0),
    thresholds   INT[]       NOT NULL,
    enforcement  TEXT        NOT NULL CHECK (enforcement IN ('alert', 'warn', 'block')),
    created_by   TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    deleted_at   TIMESTAMPTZ
);

CREATE INDEX budget_by_tenant ON budget (tenant_id) WHERE deleted_at IS NULL;

-- Spend per budget and bucket (the period's start, or a day for rolling windows), in the budget's
-- unit. reserved = holds of decisions not yet settled by their priced event.
CREATE TABLE budget_counter (
    budget_id    BIGINT      NOT NULL REFERENCES budget (id),
    bucket_start TIMESTAMPTZ NOT NULL,
    spent        NUMERIC     NOT NULL DEFAULT 0,
    reserved     NUMERIC     NOT NULL DEFAULT 0,
    events       BIGINT      NOT NULL DEFAULT 0,
    unpriced     BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (budget_id, bucket_start),
    CHECK (reserved >= 0)
);

-- A decision's reservation on one budget, until the priced event with the same request id settles
-- it or it expires.
CREATE TABLE budget_hold (
    tenant_id    TEXT        NOT NULL,
    request_id   TEXT        NOT NULL,
    budget_id    BIGINT      NOT NULL REFERENCES budget (id),
    bucket_start TIMESTAMPTZ NOT NULL,
    amount       NUMERIC     NOT NULL CHECK (amount >= 0),
    expires_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, request_id, budget_id)
);

CREATE INDEX budget_hold_expiry ON budget_hold (expires_at);

-- A threshold event is raised once per budget, period and threshold.
CREATE TABLE budget_threshold_hit (
    budget_id    BIGINT      NOT NULL REFERENCES budget (id),
    period_start TIMESTAMPTZ NOT NULL,
    threshold    INT         NOT NULL,
    hit_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (budget_id, period_start, threshold)
);
