-- Daily rollup (UTC days) per tenant × one dimension that neither the daily rollup keys by nor stays
-- few-valued: operation, environment, user, customer, agent, session, api key. A month's top users,
-- customers or sessions, or one of them, reads one row per value and day here instead of the hourly
-- rollup (nearly one row per event when users or customers are many) or the raw events (sessions).
-- Value 0 ("not set") is kept too, so a breakdown still shows the unattributed calls.
CREATE TABLE rollup_dim_day (
    day                   TIMESTAMPTZ NOT NULL,
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
    tenant_id             INT         NOT NULL,
    value                 INT         NOT NULL,
    dim                   SMALLINT    NOT NULL,
    cost                  NUMERIC     NOT NULL,
    estimated_cost        NUMERIC     NOT NULL,
    reported_cost         NUMERIC     NOT NULL,
    estimate_of_reported  NUMERIC     NOT NULL,
    PRIMARY KEY (tenant_id, dim, day, value)
);

INSERT INTO rollup_dim_day (tenant_id, dim, day, value, calls, errors, unpriced, input_tokens, cache_read_tokens, cache_write_tokens,
                            cache_write_1h_tokens, output_tokens, reasoning_tokens, reported_calls, cost, estimated_cost,
                            reported_cost, estimate_of_reported)
SELECT e.tenant_id, d.dim, date_trunc('day', e.occurred_at, 'UTC'), d.value, count(*),
       sum(CASE WHEN e.status IN (1, 2) THEN 1 ELSE 0 END),
       sum(CASE WHEN e.currency = 'USD' AND e.cost IS NOT NULL THEN 0 ELSE 1 END),
       sum(e.input_tokens), sum(e.cache_read_tokens), sum(e.cache_write_tokens), sum(e.cache_write_1h_tokens), sum(e.output_tokens),
       sum(e.reasoning_tokens),
       sum(CASE WHEN e.reported_cost IS NOT NULL AND e.currency = 'USD' AND e.cost IS NOT NULL THEN 1 ELSE 0 END),
       sum(coalesce(e.reported_cost, CASE WHEN e.currency = 'USD' THEN e.cost END, 0)),
       sum(coalesce(CASE WHEN e.currency = 'USD' THEN e.cost END, 0)),
       sum(CASE WHEN e.reported_cost IS NOT NULL AND e.currency = 'USD' AND e.cost IS NOT NULL THEN e.reported_cost ELSE 0 END),
       sum(CASE WHEN e.reported_cost IS NOT NULL AND e.currency = 'USD' AND e.cost IS NOT NULL THEN e.cost ELSE 0 END)
FROM usage_event e
CROSS JOIN LATERAL (VALUES (3::smallint, e.operation), (5::smallint, e.environment), (6::smallint, e.user_id), (7::smallint, e.customer),
                           (9::smallint, e.agent), (10::smallint, e.session), (11::smallint, e.api_key)) AS d(dim, value)
GROUP BY 1, 2, 3, 4
ORDER BY 1, 2, 3, 4; -- a day's rows of one dimension stored together
