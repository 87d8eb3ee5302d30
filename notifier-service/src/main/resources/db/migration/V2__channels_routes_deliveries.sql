-- Where a tenant's alerts go. The lease columns let one dispatcher (of any replica) own a channel
-- at a time so its deliveries leave in order; a dead owner's lease simply expires. failures and
-- circuit_open_until are the channel's persisted circuit breaker (shared by replicas, kept across restarts).
CREATE TABLE channel (
    id                 BIGSERIAL PRIMARY KEY,
    tenant_id          TEXT        NOT NULL,
    name               TEXT        NOT NULL,
    type               TEXT        NOT NULL CHECK (type IN ('webhook', 'slack', 'email', 'alertmanager')),
    url                TEXT,
    secret             TEXT,
    recipients         TEXT[]      NOT NULL DEFAULT '{}',
    failures           INT         NOT NULL DEFAULT 0,
    circuit_open_until TIMESTAMPTZ,
    lease_owner        TEXT,
    lease_until        TIMESTAMPTZ,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    deleted_at         TIMESTAMPTZ
);
CREATE INDEX channel_by_tenant ON channel (tenant_id) WHERE deleted_at IS NULL;

-- Which events (types, severities) go to which channels; quiet hours hold deliveries until they end.
CREATE TABLE route (
    id          BIGSERIAL PRIMARY KEY,
    tenant_id   TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    event_types TEXT[]      NOT NULL DEFAULT '{}',
    severities  TEXT[]      NOT NULL DEFAULT '{}',
    channel_ids BIGINT[]    NOT NULL,
    quiet_start TIME,
    quiet_end   TIME,
    time_zone   TEXT        NOT NULL DEFAULT 'UTC',
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX route_by_tenant ON route (tenant_id);

-- The outbox: one row per (alert, channel), written in the same transaction as the alert, so a
-- redelivered Kafka record finds it there and adds nothing.
CREATE TABLE delivery (
    id              BIGSERIAL PRIMARY KEY,
    tenant_id       TEXT        NOT NULL,
    channel_id      BIGINT      NOT NULL REFERENCES channel (id),
    dedupe_key      TEXT        NOT NULL,
    event_type      TEXT        NOT NULL,
    severity        TEXT        NOT NULL,
    alert_group     TEXT,
    firing          BOOLEAN     NOT NULL DEFAULT true,
    payload         JSONB       NOT NULL,
    status          TEXT        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts        INT         NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    held_for_quiet  BOOLEAN     NOT NULL DEFAULT false,
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    delivered_at    TIMESTAMPTZ,
    UNIQUE (tenant_id, channel_id, dedupe_key)
);
CREATE INDEX delivery_pending ON delivery (channel_id, id) WHERE status = 'pending';
CREATE INDEX delivery_by_tenant ON delivery (tenant_id, id DESC);
CREATE INDEX delivery_by_group ON delivery (channel_id, alert_group, id) WHERE alert_group IS NOT NULL;

-- Every attempt, for the delivery log.
CREATE TABLE delivery_attempt (
    delivery_id BIGINT      NOT NULL REFERENCES delivery (id),
    attempt     INT         NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    outcome     TEXT        NOT NULL,
    http_status INT,
    error       TEXT,
    PRIMARY KEY (delivery_id, attempt)
);
