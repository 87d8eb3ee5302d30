-- The effective-dated, versioned price catalogue. Every import or edit makes a new version;
-- versions and entries are never updated in place (principle 3).
CREATE TABLE catalogue_version (
    id          BIGSERIAL   PRIMARY KEY,
    tenant_id   TEXT        NOT NULL DEFAULT '*',
    author      TEXT        NOT NULL,
    reason      TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE price_entry (
    id              BIGSERIAL   PRIMARY KEY,
    version_id      BIGINT      NOT NULL REFERENCES catalogue_version (id),
    provider        TEXT        NOT NULL,
    model           TEXT        NOT NULL,
    effective_from  TIMESTAMPTZ NOT NULL,
    effective_to    TIMESTAMPTZ,
    currency        CHAR(3)     NOT NULL DEFAULT 'USD',
    -- prices per million tokens, exact decimals
    input_per_mtok          NUMERIC,
    cache_read_per_mtok     NUMERIC,
    cache_write_per_mtok    NUMERIC,
    cache_write_1h_per_mtok NUMERIC,
    output_per_mtok         NUMERIC,
    reasoning_per_mtok      NUMERIC,
    CHECK (effective_to IS NULL OR effective_to > effective_from)
);

CREATE INDEX price_entry_lookup ON price_entry (provider, model, effective_from);
