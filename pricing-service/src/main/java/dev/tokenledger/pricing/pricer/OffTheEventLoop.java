package dev.tokenledger.pricing.pricer;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/**
 * Pricing matches model names against the price entries' patterns, tenants' own included. RE2 makes
 * each match linear in the name, but a book can hold many patterns and a name can be long, so the
 * work runs on a worker thread, never on an event loop; what follows it (database, Kafka) continues
 * on the caller's Vert.x context.
 */
public final class OffTheEventLoop {

    private OffTheEventLoop() {
    }

    public static <T> Uni<T> compute(Supplier<T> work) {
        Context caller = Vertx.currentContext();
        Uni<T> computed = Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return caller == null ? computed : computed.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }
}
