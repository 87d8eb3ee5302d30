-- Decisions release the expired holds of the budgets they lock: find them by budget first.
DROP INDEX budget.budget_hold_expiry;
CREATE INDEX budget_hold_expiry ON budget.budget_hold (budget_id, expires_at);
