-- Cost per token bucket for sessions: our estimate's line items at list price (before any discount),
-- so a session shows where its money went; the session's cost column stays the figure reports show.
ALTER TABLE session_rollup
    ADD COLUMN input_cost       NUMERIC NOT NULL DEFAULT 0,
    ADD COLUMN cache_read_cost  NUMERIC NOT NULL DEFAULT 0,
    ADD COLUMN cache_write_cost NUMERIC NOT NULL DEFAULT 0,
    ADD COLUMN output_cost      NUMERIC NOT NULL DEFAULT 0,
    ADD COLUMN other_cost       NUMERIC NOT NULL DEFAULT 0;

-- One row per anomaly episode: opened when a scope's hourly cost departs from its baseline, resolved
-- when it is back. anomaly.detected is published before a row changes, with an event id derived from
-- the episode, so a retry repeats the same id (the notifier drops repeats).
CREATE TABLE anomaly_episode (
    id          BIGSERIAL PRIMARY KEY,
    tenant_id   INT         NOT NULL REFERENCES tenant (id),
    scope       TEXT        NOT NULL,
    kind        TEXT        NOT NULL,
    opened_hour TIMESTAMPTZ NOT NULL,
    last_hour   TIMESTAMPTZ NOT NULL,
    expected    NUMERIC     NOT NULL,
    observed    NUMERIC     NOT NULL,
    detail      TEXT        NOT NULL,
    state       TEXT        NOT NULL CHECK (state IN ('open', 'resolved')),
    resolved_at TIMESTAMPTZ
);
CREATE UNIQUE INDEX anomaly_episode_one_open ON anomaly_episode (tenant_id, scope) WHERE state = 'open';
CREATE INDEX anomaly_episode_by_tenant ON anomaly_episode (tenant_id, opened_hour DESC);

-- Provider-billed cost per day and model, imported from the provider's cost report, for reconciliation.
CREATE TABLE provider_bill (
    tenant_id   INT         NOT NULL REFERENCES tenant (id),
    day         DATE        NOT NULL,
    provider    TEXT        NOT NULL,
    model       TEXT        NOT NULL,
    amount      NUMERIC     NOT NULL,
    currency    CHAR(3)     NOT NULL,
    imported_at TIMESTAMPTZ NOT NULL,
    imported_by TEXT        NOT NULL,
    PRIMARY KEY (tenant_id, day, provider, model)
);
