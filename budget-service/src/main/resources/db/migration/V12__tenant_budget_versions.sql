-- A number per tenant that every change to its budgets raises (a trigger, so no writer can forget it,
-- the kill switch's trip in the counting transaction included). Replicas compare it every two seconds
-- and read and parse the tenant's budgets again only when it moved: parsing a tenant's 2,000 budgets
-- every two seconds held a Vert.x event loop for long enough to show in the decisions' p99.
CREATE TABLE budget.tenant_budget_version (
    tenant_id TEXT   PRIMARY KEY,
    version   BIGINT NOT NULL
);

INSERT INTO budget.tenant_budget_version (tenant_id, version)
SELECT tenant_id, 1 FROM budget.budget GROUP BY tenant_id;

CREATE FUNCTION budget.bump_tenant_budget_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO budget.tenant_budget_version AS v (tenant_id, version)
    VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.tenant_id ELSE NEW.tenant_id END, 1)
    ON CONFLICT (tenant_id) DO UPDATE SET version = v.version + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER budget_changes_tenant_version AFTER INSERT OR UPDATE OR DELETE ON budget.budget
    FOR EACH ROW EXECUTE FUNCTION budget.bump_tenant_budget_version();
