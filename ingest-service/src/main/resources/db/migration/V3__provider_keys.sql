-- Provider keys a tenant admin stores for the proxy, sealed with AES-256-GCM under a key-encryption
-- key from configuration (kek_id names it). Only the last four characters are kept in the clear.
-- A revoked key keeps its row for the audit trail and loses its sealed secret.
CREATE TABLE provider_key (
    key_id      TEXT        PRIMARY KEY,
    tenant_id   TEXT        NOT NULL,
    provider    TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    hint        TEXT        NOT NULL,
    version     INT         NOT NULL,
    kek_id      TEXT        NOT NULL,
    nonce       BYTEA,
    ciphertext  BYTEA,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by  TEXT        NOT NULL,
    rotated_at  TIMESTAMPTZ,
    rotated_by  TEXT,
    revoked_at  TIMESTAMPTZ,
    revoked_by  TEXT,
    CHECK ((revoked_at IS NULL) = (ciphertext IS NOT NULL))
);
CREATE UNIQUE INDEX provider_key_active ON provider_key (tenant_id, provider, name) WHERE revoked_at IS NULL;
CREATE INDEX provider_key_by_tenant ON provider_key (tenant_id, created_at);
