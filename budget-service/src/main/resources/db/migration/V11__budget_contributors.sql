-- What spent each budget's period, by the low-cardinality dimensions its scope leaves open (model,
-- project, feature, agent), so a budget event can name its top contributors without a query over
-- the events. Written in the counting transaction, pre-aggregated per polled batch.
CREATE TABLE budget.budget_contributor (
    budget_id    bigint      NOT NULL REFERENCES budget.budget (id) ON DELETE CASCADE,
    bucket_start timestamptz NOT NULL,
    dimension    text        NOT NULL,
    value        text        NOT NULL,
    amount       numeric     NOT NULL,
    PRIMARY KEY (budget_id, bucket_start, dimension, value)
);
