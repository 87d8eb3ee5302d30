-- Allowance leases (a replica deciding in memory from a leased slice) are chosen per budget. A
-- lease-decided request is answered from the replica's cached budget list, so a budget made or
-- edited through another replica reaches those decisions only at the next version check (about two
-- seconds); exact decisions (budget.reserve at the list's version) never answer from a stale list.
ALTER TABLE budget.budget ADD COLUMN allowance_leases BOOLEAN NOT NULL DEFAULT FALSE;
