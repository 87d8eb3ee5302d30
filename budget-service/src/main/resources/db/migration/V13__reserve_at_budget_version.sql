-- Decisions are answered from a replica's cached list of the tenant's budgets. A budget created,
-- edited or deleted through another replica reaches that list only at its next version check, so
-- the list alone must never decide: budget.reserve now takes the version the list was read at and,
-- under the budgets' row locks, compares it with the stored one. When it moved, nothing is reserved
-- and the caller reads the budgets again and decides anew. Limits and enforcement are the locked
-- rows' at that version, so an edit through another replica is enforced from its commit on.
DROP FUNCTION budget.reserve(TEXT, TEXT, BIGINT[], TIMESTAMPTZ[], TIMESTAMPTZ[], TIMESTAMPTZ[], NUMERIC[], NUMERIC[], BOOLEAN[], TIMESTAMPTZ);

CREATE FUNCTION budget.reserve(p_tenant TEXT, p_request TEXT, p_version BIGINT, p_budgets BIGINT[], p_starts TIMESTAMPTZ[],
                               p_ends TIMESTAMPTZ[], p_buckets TIMESTAMPTZ[], p_amounts NUMERIC[], p_limits NUMERIC[],
                               p_block BOOLEAN[], p_expires TIMESTAMPTZ)
RETURNS TABLE (o_budget BIGINT, o_spent NUMERIC, o_reserved NUMERIC, o_already BOOLEAN, o_reserved_now BOOLEAN, o_credit NUMERIC,
               o_stale BOOLEAN)
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
    v_version BIGINT;
    v_fits BOOLEAN := TRUE;
BEGIN
    PERFORM set_config('synchronous_commit', 'off', TRUE);
    PERFORM 1 FROM budget.budget b WHERE b.id = ANY (p_budgets) ORDER BY b.id FOR UPDATE;

    -- read after the locks (a statement of its own, so a fresh snapshot): an edit of a locked budget
    -- committed before them is seen, and a budget added meanwhile has raised the version
    SELECT coalesce((SELECT v.version FROM budget.tenant_budget_version v WHERE v.tenant_id = p_tenant), 0) INTO v_version;
    IF v_version <> p_version THEN
        o_stale := TRUE;
        RETURN NEXT;
        RETURN;
    END IF;

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
        o_stale := FALSE;
        RETURN NEXT;
    END LOOP;
END
$$;
