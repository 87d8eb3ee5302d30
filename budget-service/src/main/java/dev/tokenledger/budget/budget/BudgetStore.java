package dev.tokenledger.budget.budget;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tokenledger.budget.period.BudgetPeriod;
import dev.tokenledger.common.audit.AuditTrail;
import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.json.Json;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Budgets in PostgreSQL; every query names the tenant. */
@ApplicationScoped
public class BudgetStore {

    @Inject
    Clock clock;

    public static final String COLUMNS = "id, tenant_id, name, scope::text, period, time_zone, unit, limit_amount, thresholds, enforcement,"
            + " created_at, per_request_ceiling, tripped_reason, allowance_leases";

    @Inject
    Pool pool;

    @Inject
    AuditTrail audit;

    /** Creates a budget; the change and its audit line commit together. */
    public Uni<Budget> create(Budget b, Caller caller) {
        return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO budget.budget (tenant_id, name, scope, period, time_zone, unit,"
                                + " limit_amount, thresholds, enforcement, created_by, per_request_ceiling, allowance_leases)"
                                + " VALUES ($1, $2, $3::text::jsonb, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING " + COLUMNS)
                .execute(Tuple.from(Arrays.asList(b.tenantId(), b.name(), Json.write(b.scope().dimensions()), b.period().toString(),
                        b.zone().getId(), b.unit().wireName(), b.limit(), b.thresholds().toArray(Integer[]::new), b.enforcement().wireName(),
                        caller.subject(), b.perRequestCeiling(), b.allowanceLeases())))
                .map(rows -> budget(rows.iterator().next()))
                .call(created -> audit.record(tx, caller, "budget.created", "budget", created.id(), null, BudgetResource.BudgetView.of(created))));
    }

    /** Replaces a budget's definition; null when the tenant has no such budget. */
    public Uni<Budget> update(Budget b, Caller caller) {
        return pool.withTransaction(tx -> locked(tx, b.tenantId(), b.id()).chain(before -> before == null ? Uni.createFrom().nullItem()
                : tx.preparedQuery("UPDATE budget.budget SET name = $3, scope = $4::text::jsonb, period = $5, time_zone = $6, unit = $7,"
                                + " limit_amount = $8, thresholds = $9, enforcement = $10, per_request_ceiling = $11, allowance_leases = $12, updated_at = now()"
                                + " WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL RETURNING " + COLUMNS)
                        .execute(Tuple.from(Arrays.asList(b.id(), b.tenantId(), b.name(), Json.write(b.scope().dimensions()), b.period().toString(),
                                b.zone().getId(), b.unit().wireName(), b.limit(), b.thresholds().toArray(Integer[]::new), b.enforcement().wireName(),
                                b.perRequestCeiling(), b.allowanceLeases())))
                        .map(rows -> budget(rows.iterator().next()))
                        .call(after -> audit.record(tx, caller, "budget.updated", "budget", b.id(), BudgetResource.BudgetView.of(before),
                                BudgetResource.BudgetView.of(after)))));
    }

    public Uni<Boolean> delete(String tenant, long id, Caller caller) {
        return pool.withTransaction(tx -> locked(tx, tenant, id).chain(before -> before == null ? Uni.createFrom().item(false)
                : tx.preparedQuery("UPDATE budget.budget SET deleted_at = now() WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL")
                        .execute(Tuple.of(id, tenant))
                        .call(x -> audit.record(tx, caller, "budget.deleted", "budget", id, BudgetResource.BudgetView.of(before), null))
                        .map(rows -> rows.rowCount() == 1)));
    }

    /** Adds a credit to the budget's current bucket (its period, or today for a rolling window), recorded with who and why. */
    public Uni<Void> grantCredit(Budget b, java.math.BigDecimal amount, String reason, Caller caller) {
        var bucket = b.period().bucketAt(clock.instant(), b.zone()).atOffset(java.time.ZoneOffset.UTC);
        return pool.withTransaction(conn -> conn.preparedQuery("INSERT INTO budget.budget_credit (budget_id, bucket_start, amount, reason,"
                                + " granted_by) VALUES ($1, $2, $3, $4, $5)").execute(Tuple.of(b.id(), bucket, amount, reason, caller.subject()))
                        .chain(() -> conn.preparedQuery("INSERT INTO budget.budget_counter AS c (budget_id, bucket_start, credit) VALUES ($1, $2, $3)"
                                + " ON CONFLICT (budget_id, bucket_start) DO UPDATE SET credit = c.credit + EXCLUDED.credit")
                                .execute(Tuple.of(b.id(), bucket, amount)))
                        .chain(() -> audit.record(conn, caller, "budget.credit_granted", "budget", b.id(), null,
                                Map.of("amount", amount.toPlainString(), "reason", reason, "bucket_start", bucket.toString()))))
                .replaceWithVoid();
    }

    /** Clears a tripped kill switch. */
    public Uni<Budget> reEnable(String tenant, long id, Caller caller) {
        return pool.withTransaction(tx -> locked(tx, tenant, id).chain(before -> before == null ? Uni.createFrom().nullItem()
                : tx.preparedQuery("UPDATE budget.budget SET tripped_at = NULL, tripped_reason = NULL, updated_at = now()"
                                + " WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL RETURNING " + COLUMNS)
                        .execute(Tuple.of(id, tenant)).map(rows -> budget(rows.iterator().next()))
                        .call(after -> audit.record(tx, caller, "budget.re_enabled", "budget", id, BudgetResource.BudgetView.of(before),
                                BudgetResource.BudgetView.of(after)))));
    }

    private static Uni<Budget> locked(SqlClient tx, String tenant, long id) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM budget.budget WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL FOR UPDATE")
                .execute(Tuple.of(id, tenant)).map(rows -> rows.size() == 0 ? null : budget(rows.iterator().next()));
    }

    public Uni<Budget> find(String tenant, long id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM budget.budget WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL")
                .execute(Tuple.of(id, tenant)).map(rows -> rows.size() == 0 ? null : budget(rows.iterator().next()));
    }

    public Uni<List<Budget>> ofTenants(List<String> tenants) {
        return ofTenants(tenants, false);
    }

    /** {@code onWorker}: the rows are parsed on a worker thread (for loads no request waits on). */
    public Uni<List<Budget>> ofTenants(List<String> tenants, boolean onWorker) {
        Uni<RowSet<Row>> rows = pool.preparedQuery("SELECT " + COLUMNS + " FROM budget.budget WHERE tenant_id = ANY($1) AND deleted_at IS NULL ORDER BY id")
                .execute(Tuple.of(tenants.toArray(String[]::new)));
        return (onWorker ? rows.emitOn(Infrastructure.getDefaultWorkerPool()) : rows).map(BudgetStore::budgets);
    }

    /** Raised by every change to the tenant's budgets (V12's trigger); 0 for a tenant that never had one. */
    public Uni<Long> version(String tenant) {
        return pool.preparedQuery("SELECT version FROM budget.tenant_budget_version WHERE tenant_id = $1").execute(Tuple.of(tenant))
                .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
    }

    public static List<Budget> budgets(RowSet<Row> rows) {
        List<Budget> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(budget(r)));
        return out;
    }

    public static Budget budget(Row r) {
        Map<String, String> scope = read(r.getString(3));
        return new Budget(r.getLong(0), r.getString(1), r.getString(2), new BudgetScope(scope), BudgetPeriod.parse(r.getString(4)),
                ZoneId.of(r.getString(5)), Budget.Unit.valueOf(r.getString(6).toUpperCase(Locale.ROOT)), r.getBigDecimal(7),
                List.of(r.getArrayOfIntegers(8)), Budget.Enforcement.valueOf(r.getString(9).toUpperCase(Locale.ROOT)),
                r.getBigDecimal(11), r.getString(12), r.getOffsetDateTime(10).toInstant(), r.getBoolean(13));
    }

    private static Map<String, String> read(String json) {
        try {
            return Json.mapper().readValue(json, new TypeReference<>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("unreadable budget scope", e);
        }
    }
}
