package dev.tokenledger.budget.budget;

import dev.tokenledger.budget.budget.BudgetResource.BudgetView;
import dev.tokenledger.budget.budget.BudgetResource.Status;
import dev.tokenledger.budget.counter.CounterReads;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import static dev.tokenledger.common.money.Decimals.plain;

/** Budgets with their utilisation now: spent, reserved, leased and remaining in the current window. */
@ApplicationScoped
public class BudgetStatuses {

    /** How a list of statuses is ordered: as created, or the budgets closest to (or past) their limit first. */
    public enum Order {
        CREATED, PERCENT_USED;

        /** The wire name ({@code created}, {@code percent_used}), or null when it names no order. */
        static Order of(String wire) {
            for (Order o : values()) {
                if (o.name().toLowerCase(Locale.ROOT).equals(wire)) {
                    return o;
                }
            }
            return null;
        }
    }

    @Inject
    Pool pool;

    @Inject
    Clock clock;

    public Uni<Status> of(Budget b) {
        return of(List.of(b), Order.CREATED, 1).map(list -> list.get(0));
    }

    /** The statuses of {@code budgets} (two queries for all of them), in {@code order}, the first {@code limit}. */
    public Uni<List<Status>> of(List<Budget> budgets, Order order, int limit) {
        if (budgets.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Instant now = clock.instant();
        return CounterReads.windows(pool, budgets, now).map(w -> {
            List<Status> statuses = new ArrayList<>(budgets.size());
            for (Budget b : budgets) {
                statuses.add(status(b, w.usage().get(b.id()), w.leased().getOrDefault(b.id(), BigDecimal.ZERO), now));
            }
            if (order == Order.PERCENT_USED) {
                statuses.sort(Comparator.comparing((Status s) -> new BigDecimal(s.percentUsed())).reversed()
                        .thenComparing(s -> s.budget().name()));
            }
            return statuses.size() > limit ? List.copyOf(statuses.subList(0, limit)) : statuses;
        });
    }

    static Status status(Budget b, CounterReads.Usage u, BigDecimal leased, Instant now) {
        BigDecimal limit = u.limitWith(b.limit());
        // leases are headroom handed to replicas, not requests in flight: shown apart, still not available
        BigDecimal leasedNow = leased.min(u.reserved());
        return new Status(BudgetView.of(b), u.window().start(), u.window().end(), b.period().resetAfter(now, b.zone()),
                plain(u.credit()), plain(limit), plain(u.spent()), plain(u.reserved().subtract(leasedNow)), plain(leasedNow),
                plain(limit.subtract(u.spent()).subtract(u.reserved()).max(BigDecimal.ZERO)),
                u.spent().multiply(BigDecimal.valueOf(100)).divide(limit, 2, RoundingMode.HALF_EVEN).toPlainString(),
                u.events(), u.unpriced());
    }
}
