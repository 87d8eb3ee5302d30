-- Credits (grants, a free tier) add to a budget's limit for the period they were granted in: kept
-- per counting bucket beside spent and reserved, with who granted them and why.
ALTER TABLE budget.budget_counter ADD COLUMN credit NUMERIC NOT NULL DEFAULT 0 CHECK (credit >= 0);

CREATE TABLE budget.budget_credit (
    id           BIGSERIAL   PRIMARY KEY,
    budget_id    BIGINT      NOT NULL REFERENCES budget.budget (id),
    bucket_start TIMESTAMPTZ NOT NULL,
    amount       NUMERIC     NOT NULL CHECK (amount > 0),
    reason       TEXT        NOT NULL,
    granted_by   TEXT        NOT NULL,
    granted_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- the decision statement now counts credits into the limit
DROP FUNCTION budget.reserve(TEXT, TEXT, BIGINT[], TIMESTAMPTZ[], TIMESTAMPTZ[], TIMESTAMPTZ[], NUMERIC[], NUMERIC[], BOOLEAN[], TIMESTAMPTZ);

CREATE FUNCTION budget.reserve(p_tenant TEXT, p_request TEXT, p_budgets BIGINT[], p_starts TIMESTAMPTZ[], p_ends TIMESTAMPTZ[],
                               p_buckets TIMESTAMPTZ[], p_amounts NUMERIC[], p_limits NUMERIC[], p_block BOOLEAN[],
                               p_expires TIMESTAMPTZ)
RETURNS TABLE (o_budget BIGINT, o_spent NUMERIC, o_reserved NUMERIC, o_already BOOLEAN, o_reserved_now BOOLEAN, o_credit NUMERIC)
LANGUAGE plpgsql AS $$
DECLARE
    n INT := coalesce(array_length(p_budgets, 1), 0);
    s NUMERIC[] := '{}';
    r NUMERIC[] := '{}';
    cr NUMERIC[] := '{}';
    v_credit NUMERIC;
    v_spent NUMERIC;
    v_reserved NUMERIC;
    v_already BOOLEAN;
    v_fits BOOLEAN := TRUE;
BEGIN
    PERFORM set_config('synchronous_commit', 'off', TRUE);
    PERFORM 1 FROM budget.budget b WHERE b.id = ANY (p_budgets) ORDER BY b.id FOR UPDATE;

    WITH expired AS (DELETE FROM budget.budget_hold h WHERE h.budget_id = ANY (p_budgets) AND h.expires_at < now()
                     RETURNING h.budget_id, h.bucket_start, h.amount),
         sums AS (SELECT e.budget_id, e.bucket_start, sum(e.amount) AS amount FROM expired e GROUP BY e.budget_id, e.bucket_start)
    UPDATE budget.budget_counter c SET reserved = greatest(c.reserved - sums.amount, 0)
      FROM sums WHERE c.budget_id = sums.budget_id AND c.bucket_start = sums.bucket_start;

    SELECT EXISTS (SELECT 1 FROM budget.budget_hold h WHERE h.tenant_id = p_tenant AND h.request_id = p_request) INTO v_already;

    FOR i IN 1..n LOOP
        SELECT coalesce(sum(c.spent), 0), coalesce(sum(c.reserved), 0), coalesce(sum(c.credit), 0) INTO v_spent, v_reserved, v_credit
          FROM budget.budget_counter c
         WHERE c.budget_id = p_budgets[i] AND c.bucket_start >= p_starts[i] AND (p_ends[i] IS NULL OR c.bucket_start < p_ends[i]);
        s := s || v_spent;
        r := r || v_reserved;
        cr := cr || v_credit;
        IF p_block[i] AND NOT v_already AND v_spent + v_reserved + p_amounts[i] > p_limits[i] + v_credit THEN
            v_fits := FALSE;
        END IF;
    END LOOP;

    IF v_fits AND NOT v_already THEN
        FOR i IN 1..n LOOP
            INSERT INTO budget.budget_hold (tenant_id, request_id, budget_id, bucket_start, amount, expires_at)
            VALUES (p_tenant, p_request, p_budgets[i], p_buckets[i], p_amounts[i], p_expires);
            INSERT INTO budget.budget_counter AS c (budget_id, bucket_start, reserved) VALUES (p_budgets[i], p_buckets[i], p_amounts[i])
            ON CONFLICT (budget_id, bucket_start) DO UPDATE SET reserved = c.reserved + EXCLUDED.reserved;
        END LOOP;
    END IF;

    FOR i IN 1..n LOOP
        o_budget := p_budgets[i];
        o_spent := s[i];
        o_reserved := r[i];
        o_already := v_already;
        o_reserved_now := v_fits AND NOT v_already;
        o_credit := cr[i];
        RETURN NEXT;
    END LOOP;
END
$$;
