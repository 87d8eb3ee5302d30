-- Entries are immutable rows. A version is the set of rows added in it or before and not yet
-- removed: added_in <= v AND (removed_in IS NULL OR removed_in > v). Changing a price removes
-- the old row and adds new ones (the old price closed at the new effective_from, the new price
-- from then on), so every older version can still be read exactly as it was (principle 3).
DROP TABLE price_entry;

ALTER TABLE catalogue_version
    ADD COLUMN source          TEXT        NOT NULL DEFAULT 'manual',
    ADD COLUMN effective_from  TIMESTAMPTZ,
    ADD COLUMN added           INT         NOT NULL DEFAULT 0,
    ADD COLUMN removed         INT         NOT NULL DEFAULT 0;

CREATE TABLE price_entry (
    id                      BIGSERIAL   PRIMARY KEY,
    scope                   TEXT        NOT NULL,       -- '*' for the public catalogue, else a tenant's own prices
    source                  TEXT        NOT NULL,       -- litellm, openrouter, langfuse, manual, tenant
    provider                TEXT        NOT NULL,       -- canonical provider, '*' = any
    model                   TEXT        NOT NULL,
    aliases                 TEXT[]      NOT NULL DEFAULT '{}',
    match_pattern           TEXT,
    effective_from          TIMESTAMPTZ NOT NULL,
    effective_to            TIMESTAMPTZ,
    currency                CHAR(3)     NOT NULL,
    -- prices per million tokens, exact decimals; NULL = not listed (never "free")
    input_per_mtok          NUMERIC,
    cache_read_per_mtok     NUMERIC,
    cache_write_per_mtok    NUMERIC,
    cache_write_1h_per_mtok NUMERIC,
    output_per_mtok         NUMERIC,
    reasoning_per_mtok      NUMERIC,
    -- per-unit prices, tiers and fees as data; every amount a decimal string
    unit_prices             JSONB       NOT NULL DEFAULT '{}',
    tiers                   JSONB       NOT NULL DEFAULT '[]',
    fees                    JSONB       NOT NULL DEFAULT '[]',
    added_in                BIGINT      NOT NULL REFERENCES catalogue_version (id),
    removed_in              BIGINT      REFERENCES catalogue_version (id),
    CHECK (effective_to IS NULL OR effective_to > effective_from),
    CHECK (removed_in IS NULL OR removed_in > added_in)
);

CREATE INDEX price_entry_live ON price_entry (scope, source, provider, model) WHERE removed_in IS NULL;
CREATE INDEX price_entry_added ON price_entry (scope, added_in);
CREATE INDEX price_entry_removed ON price_entry (scope, removed_in);

-- A tenant's negotiated discount, versioned the same way (scope = the tenant).
CREATE TABLE tenant_discount (
    id              BIGSERIAL   PRIMARY KEY,
    tenant_id       TEXT        NOT NULL,
    provider        TEXT        NOT NULL,
    model           TEXT,
    percent         NUMERIC     NOT NULL CHECK (percent > 0 AND percent <= 100),
    effective_from  TIMESTAMPTZ NOT NULL,
    effective_to    TIMESTAMPTZ,
    reason          TEXT        NOT NULL,
    added_in        BIGINT      NOT NULL REFERENCES catalogue_version (id),
    removed_in      BIGINT      REFERENCES catalogue_version (id),
    CHECK (effective_to IS NULL OR effective_to > effective_from)
);

CREATE INDEX tenant_discount_live ON tenant_discount (tenant_id) WHERE removed_in IS NULL;

-- One row per priced event: makes pricing idempotent on (tenant, event id) and keeps unpriced
-- events (with their usage) so that a re-pricing run can price them once a price exists.
CREATE TABLE priced_event (
    tenant_id         TEXT        NOT NULL,
    event_id          TEXT        NOT NULL,
    occurred_at       TIMESTAMPTZ NOT NULL,
    revision          INT         NOT NULL,
    status            TEXT        NOT NULL,
    cost              NUMERIC,
    currency          CHAR(3),
    catalogue_version BIGINT,
    unpriced_event    JSONB,
    PRIMARY KEY (tenant_id, event_id),
    CHECK ((status = 'PRICED') = (cost IS NOT NULL))
);

CREATE INDEX priced_event_unpriced ON priced_event (tenant_id, occurred_at) WHERE status = 'UNPRICED';

-- An explicit, audited re-pricing of unpriced events.
CREATE TABLE repricing_run (
    id                BIGSERIAL   PRIMARY KEY,
    tenant_id         TEXT,                                  -- NULL: every tenant (platform admin)
    author            TEXT        NOT NULL,
    reason            TEXT        NOT NULL,
    catalogue_version BIGINT      NOT NULL,
    started_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at       TIMESTAMPTZ,
    examined          INT         NOT NULL DEFAULT 0,
    repriced          INT         NOT NULL DEFAULT 0,
    still_unpriced    INT         NOT NULL DEFAULT 0
);
