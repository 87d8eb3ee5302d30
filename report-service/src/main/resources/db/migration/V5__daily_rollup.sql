-- Daily rollup (UTC days) per tenant × provider × model × project × feature: the hourly rollup keeps
-- user, customer and agent too, so at high cardinality it has nearly one row per event; a month's
-- summary or breakdown by these dimensions reads this table instead (a few rows per day and model).
CREATE TABLE rollup_day (
    tenant_id             INT         NOT NULL,
    day                   TIMESTAMPTZ NOT NULL,
    provider              INT         NOT NULL,
    model                 INT         NOT NULL,
    project               INT         NOT NULL,
    feature               INT         NOT NULL,
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
    PRIMARY KEY (tenant_id, day, provider, model, project, feature)
);

INSERT INTO rollup_day
SELECT tenant_id, date_trunc('day', hour, 'UTC'), provider, model, project, feature,
       sum(calls), sum(errors), sum(unpriced), sum(input_tokens), sum(cache_read_tokens), sum(cache_write_tokens),
       sum(cache_write_1h_tokens), sum(output_tokens), sum(reasoning_tokens), sum(reported_calls),
       sum(cost), sum(estimated_cost), sum(reported_cost), sum(estimate_of_reported)
FROM rollup_hour
GROUP BY 1, 2, 3, 4, 5, 6;
