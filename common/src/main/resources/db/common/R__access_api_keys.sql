-- API keys, shared by every service (each service's Flyway runs this; the lock keeps two services
-- starting at once from creating the schema twice). Written by the ingest-service's key API,
-- read by every service that authenticates a call. Only a salted SHA-256 of the secret is kept.
SELECT pg_advisory_xact_lock(731500001);
CREATE SCHEMA IF NOT EXISTS access;
CREATE TABLE IF NOT EXISTS access.api_key (
    key_id                text PRIMARY KEY,
    tenant_id             text NOT NULL,
    project               text,
    scopes                text[] NOT NULL,
    name                  text NOT NULL,
    salt                  bytea NOT NULL,
    secret_hash           bytea NOT NULL,
    rate_limit_per_minute integer NOT NULL CHECK (rate_limit_per_minute > 0),
    created_at            timestamptz NOT NULL DEFAULT now(),
    created_by            text NOT NULL,
    revoked_at            timestamptz,
    revoked_by            text,
    last_used_at          timestamptz
);
CREATE INDEX IF NOT EXISTS api_key_by_tenant ON access.api_key (tenant_id, created_at);
