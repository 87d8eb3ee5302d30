-- Allowances: a replica leases a slice of a busy budget's headroom as one hold (request id
-- 'lease:<replica>:<bucket>') and then decides in memory from it. Every request it allows is written
-- back in batches as an ordinary hold, taken out of the lease, so settlement and expiry work as for
-- any decision. A lease is reserved like any hold, so what all replicas may allow together never
-- passes the limit: a lease is only granted under the budget lock and only below the budget's warn
-- threshold, and whatever a replica does not use comes back when it releases the lease or the lease
-- expires.

-- Lease (or top up) a slice: p_fraction of the headroom below p_ceiling_percent of the limit (with
-- this period's credits). Nothing is leased when the slice would be smaller than p_min (near the
-- limit every decision goes through budget.reserve, exactly). Returns what was granted and the
-- budget's figures before it, for the answers decided from the lease.
CREATE FUNCTION budget.lease(p_tenant TEXT, p_lease TEXT, p_budget BIGINT, p_start TIMESTAMPTZ, p_end TIMESTAMPTZ,
                             p_bucket TIMESTAMPTZ, p_limit NUMERIC, p_ceiling_percent INT, p_fraction NUMERIC, p_min NUMERIC,
                             p_expires TIMESTAMPTZ)
RETURNS TABLE (o_granted NUMERIC, o_spent NUMERIC, o_reserved NUMERIC, o_credit NUMERIC, o_own NUMERIC)
LANGUAGE plpgsql AS $$
DECLARE
    v_headroom NUMERIC;
    v_slice NUMERIC;
BEGIN
    PERFORM set_config('synchronous_commit', 'off', TRUE);
    PERFORM 1 FROM budget.budget b WHERE b.id = p_budget FOR UPDATE;

    WITH expired AS (DELETE FROM budget.budget_hold h WHERE h.budget_id = p_budget AND h.expires_at < now()
                     RETURNING h.bucket_start, h.amount),
         sums AS (SELECT e.bucket_start, sum(e.amount) AS amount FROM expired e GROUP BY e.bucket_start)
    UPDATE budget.budget_counter c SET reserved = greatest(c.reserved - sums.amount, 0)
      FROM sums WHERE c.budget_id = p_budget AND c.bucket_start = sums.bucket_start;

    SELECT coalesce(sum(c.spent), 0), coalesce(sum(c.reserved), 0), coalesce(sum(c.credit), 0) INTO o_spent, o_reserved, o_credit
      FROM budget.budget_counter c
     WHERE c.budget_id = p_budget AND c.bucket_start >= p_start AND (p_end IS NULL OR c.bucket_start < p_end);
    SELECT coalesce(sum(h.amount), 0) INTO o_own FROM budget.budget_hold h
     WHERE h.tenant_id = p_tenant AND h.request_id = p_lease AND h.budget_id = p_budget;

    v_headroom := (p_limit + o_credit) * p_ceiling_percent / 100 - o_spent - o_reserved;
    v_slice := trunc(greatest(v_headroom, 0) * p_fraction, 9);
    IF v_slice < p_min OR v_slice <= 0 THEN
        o_granted := 0;
        RETURN NEXT;
        RETURN;
    END IF;

    INSERT INTO budget.budget_hold AS h (tenant_id, request_id, budget_id, bucket_start, amount, expires_at)
    VALUES (p_tenant, p_lease, p_budget, p_bucket, v_slice, p_expires)
    ON CONFLICT (tenant_id, request_id, budget_id) DO UPDATE SET amount = h.amount + EXCLUDED.amount, expires_at = EXCLUDED.expires_at;
    INSERT INTO budget.budget_counter AS c (budget_id, bucket_start, reserved) VALUES (p_budget, p_bucket, v_slice)
    ON CONFLICT (budget_id, bucket_start) DO UPDATE SET reserved = c.reserved + EXCLUDED.reserved;
    o_granted := v_slice;
    RETURN NEXT;
END
$$;

-- Write back the requests a replica allowed from its leases: each becomes its own hold (so its
-- priced event settles it and its TTL releases it) and its amount leaves the lease; reserved stays
-- the same. A request id that already holds (a retry that reached another replica) is not
-- reserved twice: its amount simply stays in the lease. Should a lease be gone meanwhile (expired
-- or released), the requests it allowed are reserved anew: they were allowed, so they count.
-- Renews the leases it touched until p_lease_expires.
CREATE FUNCTION budget.convert_leases(p_tenant TEXT[], p_request TEXT[], p_budget BIGINT[], p_bucket TIMESTAMPTZ[],
                                      p_amount NUMERIC[], p_expires TIMESTAMPTZ[], p_lease TEXT[], p_lease_expires TIMESTAMPTZ)
RETURNS INT
LANGUAGE plpgsql AS $$
DECLARE
    a_tenant TEXT[];
    a_lease TEXT[];
    a_budget BIGINT[];
    a_bucket TIMESTAMPTZ[];
    a_amount NUMERIC[];
    v_written INT;
    v_have NUMERIC;
    v_left NUMERIC;
BEGIN
    PERFORM set_config('synchronous_commit', 'off', TRUE);
    PERFORM 1 FROM budget.budget b WHERE b.id = ANY (p_budget) ORDER BY b.id FOR UPDATE;

    WITH given AS (SELECT * FROM unnest(p_tenant, p_request, p_budget, p_bucket, p_amount, p_expires, p_lease)
                              AS t(tenant_id, request_id, budget_id, bucket_start, amount, expires_at, lease)),
         written AS (INSERT INTO budget.budget_hold (tenant_id, request_id, budget_id, bucket_start, amount, expires_at)
                     SELECT DISTINCT ON (tenant_id, request_id, budget_id) tenant_id, request_id, budget_id, bucket_start, amount, expires_at
                       FROM given
                     ON CONFLICT DO NOTHING
                     RETURNING tenant_id, request_id, budget_id, amount),
         moved AS (SELECT w.tenant_id, g.lease, w.budget_id, g.bucket_start, sum(w.amount) AS amount,
                          count(*) AS n
                     FROM written w JOIN (SELECT DISTINCT ON (tenant_id, request_id, budget_id) * FROM given) g
                          USING (tenant_id, request_id, budget_id)
                    GROUP BY w.tenant_id, g.lease, w.budget_id, g.bucket_start)
    SELECT array_agg(tenant_id ORDER BY budget_id), array_agg(lease ORDER BY budget_id), array_agg(budget_id ORDER BY budget_id),
           array_agg(bucket_start ORDER BY budget_id), array_agg(amount ORDER BY budget_id), coalesce(sum(n), 0)
      INTO a_tenant, a_lease, a_budget, a_bucket, a_amount, v_written
      FROM moved;

    FOR i IN 1..coalesce(array_length(a_budget, 1), 0) LOOP
        SELECT h.amount INTO v_have FROM budget.budget_hold h
         WHERE h.tenant_id = a_tenant[i] AND h.request_id = a_lease[i] AND h.budget_id = a_budget[i] FOR UPDATE;
        IF NOT FOUND THEN
            v_left := a_amount[i];
        ELSE
            v_left := greatest(a_amount[i] - v_have, 0);
            UPDATE budget.budget_hold h SET amount = greatest(v_have - a_amount[i], 0), expires_at = p_lease_expires
             WHERE h.tenant_id = a_tenant[i] AND h.request_id = a_lease[i] AND h.budget_id = a_budget[i];
        END IF;
        -- what the lease could not cover (all of it when the lease is gone) is reserved anew
        IF v_left > 0 THEN
            INSERT INTO budget.budget_counter AS c (budget_id, bucket_start, reserved) VALUES (a_budget[i], a_bucket[i], v_left)
            ON CONFLICT (budget_id, bucket_start) DO UPDATE SET reserved = c.reserved + EXCLUDED.reserved;
        END IF;
    END LOOP;
    RETURN v_written;
END
$$;

-- Give a lease's unused rest back to the budget.
CREATE FUNCTION budget.release_lease(p_tenant TEXT, p_lease TEXT, p_budget BIGINT)
RETURNS NUMERIC
LANGUAGE plpgsql AS $$
DECLARE
    v_bucket TIMESTAMPTZ;
    v_amount NUMERIC;
BEGIN
    PERFORM set_config('synchronous_commit', 'off', TRUE);
    PERFORM 1 FROM budget.budget b WHERE b.id = p_budget FOR UPDATE;
    DELETE FROM budget.budget_hold h WHERE h.tenant_id = p_tenant AND h.request_id = p_lease AND h.budget_id = p_budget
    RETURNING h.bucket_start, h.amount INTO v_bucket, v_amount;
    IF FOUND AND v_amount > 0 THEN
        UPDATE budget.budget_counter c SET reserved = greatest(c.reserved - v_amount, 0)
         WHERE c.budget_id = p_budget AND c.bucket_start = v_bucket;
    END IF;
    RETURN coalesce(v_amount, 0);
END
$$;
