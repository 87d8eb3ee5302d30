-- projected_to_exceed is raised at most once a day per budget; period_reset once per budget and period.
CREATE TABLE budget.budget_projection_alert (
    budget_id BIGINT NOT NULL REFERENCES budget.budget (id),
    day       DATE   NOT NULL,
    PRIMARY KEY (budget_id, day)
);

CREATE TABLE budget.budget_period_reset (
    budget_id    BIGINT      NOT NULL REFERENCES budget.budget (id),
    period_start TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (budget_id, period_start)
);
