-- Kill switch: a per-request cost ceiling; when one request, or the period's average per request,
-- costs more, the budget trips and every decision in its scope is denied until an admin re-enables it.
ALTER TABLE budget.budget
    ADD COLUMN per_request_ceiling NUMERIC CHECK (per_request_ceiling > 0),
    ADD COLUMN tripped_at          TIMESTAMPTZ,
    ADD COLUMN tripped_reason      TEXT;
