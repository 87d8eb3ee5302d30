-- Per tenant and UTC hour, no dimensions: what an unfiltered summary, time series or pattern needs
-- (24 rows a day whatever the cardinality of the attribution).
CREATE TABLE rollup_tenant_hour (
    tenant_id             INT         NOT NULL,
    hour                  TIMESTAMPTZ NOT NULL,
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
    PRIMARY KEY (tenant_id, hour)
);

INSERT INTO rollup_tenant_hour
SELECT tenant_id, hour, sum(calls), sum(errors), sum(unpriced), sum(input_tokens), sum(cache_read_tokens), sum(cache_write_tokens),
       sum(cache_write_1h_tokens), sum(output_tokens), sum(reasoning_tokens), sum(reported_calls),
       sum(cost), sum(estimated_cost), sum(reported_cost), sum(estimate_of_reported)
FROM rollup_hour
GROUP BY 1, 2;
