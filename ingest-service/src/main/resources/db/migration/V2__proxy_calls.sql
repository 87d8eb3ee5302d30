-- Every call through the proxy, from its start: an attempt of a client request (the client's
-- X-Tokenledger-Request-Id or Idempotency-Key, or one the proxy made), what it asked, how it ended,
-- and the usage event it was recorded as (published once; event_id makes a republish a duplicate).
-- Never a request or response body, never a provider key.
CREATE TABLE proxy_call (
    tenant_id              TEXT        NOT NULL,
    request_id             TEXT        NOT NULL,
    attempt                INT         NOT NULL,
    event_id               TEXT        NOT NULL,
    provider               TEXT        NOT NULL,
    operation              TEXT        NOT NULL,
    model                  TEXT,
    stream                 BOOLEAN     NOT NULL,
    status                 TEXT        NOT NULL,
    upstream_status        INT,
    estimated_input_tokens BIGINT      NOT NULL,
    input_tokens           BIGINT,
    output_tokens          BIGINT,
    output_estimated       BOOLEAN     NOT NULL DEFAULT false,
    started_at             TIMESTAMPTZ NOT NULL,
    finished_at            TIMESTAMPTZ,
    latency_ms             BIGINT,
    first_byte_ms          BIGINT,
    published              BOOLEAN     NOT NULL DEFAULT false,
    event                  JSONB       NOT NULL,
    PRIMARY KEY (tenant_id, request_id, attempt)
);

-- calls a stopped proxy left started, and completed calls whose event is not yet on usage.raw
CREATE INDEX proxy_call_open ON proxy_call (started_at) WHERE NOT published;
