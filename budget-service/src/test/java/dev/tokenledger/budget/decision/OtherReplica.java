package dev.tokenledger.budget.decision;

import dev.tokenledger.budget.allowance.Allowances;
import dev.tokenledger.budget.config.BudgetConfig;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A second budget-service replica as the tests need one: its own connection pool to the same
 * database, its own allowances, the same decision code. Close it to give its leases back.
 */
record OtherReplica(Pool pool, DecisionService decisions) implements AutoCloseable {

    static OtherReplica start(Vertx vertx, BudgetConfig config) {
        Config cfg = ConfigProvider.getConfig();
        PgConnectOptions connect = PgConnectOptions.fromUri(cfg.getValue("quarkus.datasource.reactive.url", String.class))
                .setUser(cfg.getValue("quarkus.datasource.username", String.class))
                .setPassword(cfg.getValue("quarkus.datasource.password", String.class));
        Pool own = PgPool.pool(vertx, connect, new PoolOptions().setMaxSize(10));
        DecisionService d = new DecisionService();
        d.pool = own;
        d.config = config;
        d.allowances = Allowances.standalone(own, config, vertx);
        return new OtherReplica(own, d);
    }

    Allowances allowances() {
        return decisions.allowances;
    }

    @Override
    public void close() {
        decisions.allowances.stop().await().indefinitely();
        pool.closeAndAwait();
    }
}
