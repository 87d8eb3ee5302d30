-- The priced-event store, compact and partitioned by month (issue 6).
--
-- Attribution values (provider, model, project, user, session, …) are dictionary-encoded per tenant:
-- an event row holds 4-byte ids, the text lives once in dim_value. Id 0 means "not set".
-- Money stays NUMERIC without a scale. cost is our estimate (NULL = unpriced, never 0);
-- reported_cost is what the provider itself reported, and it wins in reports (DESIGN principle 4).

CREATE TABLE tenant (
    id             SERIAL PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    time_zone      TEXT NOT NULL DEFAULT 'UTC',
    retention_days INT  NOT NULL DEFAULT 90 CHECK (retention_days BETWEEN 1 AND 36500),
    updated_at     TIMESTAMPTZ,
    updated_by     TEXT
);

CREATE TABLE dim_value (
    id        SERIAL PRIMARY KEY,
    tenant_id INT      NOT NULL REFERENCES tenant (id),
    dim       SMALLINT NOT NULL,
    value     TEXT     NOT NULL,
    UNIQUE (tenant_id, dim, value)
);

-- Columns ordered widest first so the row has no alignment padding.
CREATE TABLE usage_event (
    occurred_at           TIMESTAMPTZ NOT NULL,
    input_tokens          BIGINT      NOT NULL,
    cache_read_tokens     BIGINT      NOT NULL,
    cache_write_tokens    BIGINT      NOT NULL,
    cache_write_1h_tokens BIGINT      NOT NULL,
    output_tokens         BIGINT      NOT NULL,
    reasoning_tokens      BIGINT      NOT NULL,
    tenant_id             INT         NOT NULL,
    provider              INT         NOT NULL,
    model                 INT         NOT NULL,
    operation             INT         NOT NULL,
    project               INT         NOT NULL,
    environment           INT         NOT NULL,
    user_id               INT         NOT NULL,
    customer              INT         NOT NULL,
    feature               INT         NOT NULL,
    agent                 INT         NOT NULL,
    session               INT         NOT NULL,
    api_key               INT         NOT NULL,
    status                SMALLINT    NOT NULL,
    revision              SMALLINT    NOT NULL,
    event_id              TEXT        NOT NULL,
    currency              CHAR(3),
    cost                  NUMERIC,
    reported_cost         NUMERIC,
    -- one index serves idempotency (ON CONFLICT) and every per-tenant time-range scan
    PRIMARY KEY (tenant_id, occurred_at, event_id)
) PARTITION BY RANGE (occurred_at);

CREATE TABLE usage_event_default PARTITION OF usage_event DEFAULT;

-- Monthly partitions; the service creates the months ahead (PartitionMaintenance).
CREATE FUNCTION ensure_month_partitions(first_month DATE, last_month DATE) RETURNS INT
LANGUAGE plpgsql AS $$
DECLARE
    m DATE := date_trunc('month', first_month)::date;
    created INT := 0;
    name TEXT;
BEGIN
    WHILE m <= last_month LOOP
        name := 'usage_event_' || to_char(m, 'YYYY_MM');
        IF to_regclass('report.' || name) IS NULL THEN
            EXECUTE format('CREATE TABLE report.%I PARTITION OF report.usage_event FOR VALUES FROM (%L) TO (%L)',
                           name, m::timestamp AT TIME ZONE 'UTC', (m + INTERVAL '1 month')::timestamp AT TIME ZONE 'UTC');
            created := created + 1;
        END IF;
        m := (m + INTERVAL '1 month')::date;
    END LOOP;
    RETURN created;
END $$;

SELECT ensure_month_partitions(DATE '2023-01-01', DATE '2028-12-01');

-- Hourly rollup (UTC hours) per tenant × provider × model × project × user × customer × feature × agent,
-- maintained in the same statement that stores new events.
-- cost = what reports show (reported cost if the provider sent one, else our estimate);
-- estimated_cost = our estimates; reported_cost / estimate_of_reported = the provider-reported
-- costs and our estimates for the same calls, to show the difference.
CREATE TABLE rollup_hour (
    tenant_id             INT         NOT NULL,
    hour                  TIMESTAMPTZ NOT NULL,
    provider              INT         NOT NULL,
    model                 INT         NOT NULL,
    project               INT         NOT NULL,
    user_id               INT         NOT NULL,
    customer              INT         NOT NULL,
    feature               INT         NOT NULL,
    agent                 INT         NOT NULL,
    calls                 BIGINT      NOT NULL,
    errors                BIGINT      NOT NULL,
    unpriced              BIGINT      NOT NULL,
    input_tokens          BIGINT      NOT NULL,
    cache_read_tokens     BIGINT      NOT NULL,
    cache_write_tokens    BIGINT      NOT NULL,
    cache_write_1h_tokens BIGINT      NOT NULL,
    output_tokens         BIGINT      NOT NULL,
    reasoning_tokens      BIGINT      NOT NULL,
    reported_calls        BIGINT      NOT NULL,
    cost                  NUMERIC     NOT NULL,
    estimated_cost        NUMERIC     NOT NULL,
    reported_cost         NUMERIC     NOT NULL,
    estimate_of_reported  NUMERIC     NOT NULL,
    PRIMARY KEY (tenant_id, hour, provider, model, project, user_id, customer, feature, agent)
);

-- Per session and model: start, end, calls, tokens and cost.
CREATE TABLE session_rollup (
    tenant_id             INT         NOT NULL,
    session               INT         NOT NULL,
    model                 INT         NOT NULL,
    first_at              TIMESTAMPTZ NOT NULL,
    last_at               TIMESTAMPTZ NOT NULL,
    calls                 BIGINT      NOT NULL,
    errors                BIGINT      NOT NULL,
    unpriced              BIGINT      NOT NULL,
    input_tokens          BIGINT      NOT NULL,
    cache_read_tokens     BIGINT      NOT NULL,
    cache_write_tokens    BIGINT      NOT NULL,
    cache_write_1h_tokens BIGINT      NOT NULL,
    output_tokens         BIGINT      NOT NULL,
    reasoning_tokens      BIGINT      NOT NULL,
    cost                  NUMERIC     NOT NULL,
    PRIMARY KEY (tenant_id, session, model)
);
CREATE INDEX session_rollup_by_end ON session_rollup (tenant_id, last_at);

-- Move what the first layout stored (only project, customer and feature were kept then).
INSERT INTO tenant (name) SELECT DISTINCT tenant_id FROM priced_event;
INSERT INTO dim_value (tenant_id, dim, value)
SELECT DISTINCT t.id, d.dim, d.value
FROM priced_event p
JOIN tenant t ON t.name = p.tenant_id
CROSS JOIN LATERAL (VALUES (1, p.provider), (2, p.model), (3, p.operation), (4, p.project), (7, p.customer), (8, p.feature)) AS d(dim, value)
WHERE d.value IS NOT NULL;

INSERT INTO usage_event (occurred_at, input_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, output_tokens,
                         reasoning_tokens, tenant_id, provider, model, operation, project, environment, user_id, customer, feature,
                         agent, session, api_key, status, revision, event_id, currency, cost, reported_cost)
SELECT p.occurred_at, p.input_tokens, p.cache_read_tokens, p.cache_write_tokens, p.cache_write_1h_tokens, p.output_tokens,
       p.reasoning_tokens, t.id,
       (SELECT id FROM dim_value WHERE tenant_id = t.id AND dim = 1 AND value = p.provider),
       (SELECT id FROM dim_value WHERE tenant_id = t.id AND dim = 2 AND value = p.model),
       (SELECT id FROM dim_value WHERE tenant_id = t.id AND dim = 3 AND value = p.operation),
       coalesce((SELECT id FROM dim_value WHERE tenant_id = t.id AND dim = 4 AND value = p.project), 0),
       0, 0,
       coalesce((SELECT id FROM dim_value WHERE tenant_id = t.id AND dim = 7 AND value = p.customer), 0),
       coalesce((SELECT id FROM dim_value WHERE tenant_id = t.id AND dim = 8 AND value = p.feature), 0),
       0, 0, 0,
       CASE p.status WHEN 'success' THEN 0 WHEN 'error' THEN 1 WHEN 'rate_limited' THEN 2 WHEN 'cancelled' THEN 3 ELSE 4 END,
       p.revision, p.event_id, p.currency, p.cost, NULL
FROM priced_event p JOIN tenant t ON t.name = p.tenant_id;

INSERT INTO rollup_hour
SELECT tenant_id, date_trunc('hour', occurred_at, 'UTC'), provider, model, project, user_id, customer, feature, agent,
       count(*), count(*) FILTER (WHERE status IN (1, 2)), count(*) FILTER (WHERE cost IS NULL OR currency <> 'USD'),
       sum(input_tokens), sum(cache_read_tokens), sum(cache_write_tokens), sum(cache_write_1h_tokens), sum(output_tokens),
       sum(reasoning_tokens), 0,
       coalesce(sum(cost) FILTER (WHERE currency = 'USD'), 0), coalesce(sum(cost) FILTER (WHERE currency = 'USD'), 0), 0, 0
FROM usage_event
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;

DROP TABLE priced_event;
