package dev.tokenledger.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The run's events, each a pure function of (seed, index): the expected totals are computed by
 * generating every event once up front, and the same event is built again, byte for byte, when it
 * is sent (or re-sent). Attribution spreads over projects' features, users, customers, agents and
 * sessions; 2 % of events name a model no catalogue knows, 5 % carry a provider-reported cost.
 */
final class SyntheticEvents {

    private static final String[] FEATURES = {"chat", "search", "summarise", "classify", "extract", "translate", "agent-loop", "autocomplete"};

    private final String run;
    private final long seed;
    private final int tenants;
    private final List<ExpectedPrices.Model> models;
    private final Instant at;

    SyntheticEvents(String run, long seed, int tenants, List<ExpectedPrices.Model> models, Instant at) {
        this.run = run;
        this.seed = seed;
        this.tenants = tenants;
        this.models = models;
        this.at = at;
    }

    String tenant(int t) {
        return run + "-t" + t;
    }

    /** One event: what is sent, and what it must cost (null: unpriced). */
    record Event(int index, String json, BigDecimal expectedCost) {
    }

    Event event(int i) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + i);
        String id = run + "-" + i;
        Instant occurred = at.minusMillis(r.nextLong(600_000));
        String attribution = """
                "attribution": {"project": "%s", "environment": "prod", "feature": "%s", "user": "u%d", "customer": "c%d", "agent": "a%d",
                 "session": "s%d-%d", "tags": {"team": "t%d"}}""".formatted(run, FEATURES[r.nextInt(FEATURES.length)], r.nextInt(200),
                r.nextInt(50), r.nextInt(5), i % tenants, r.nextInt(1000), r.nextInt(4));
        if (r.nextInt(100) < 2) {
            String json = """
                    {"event_id": "%s", "occurred_at": "%s", "provider": "openai", "model": "gpt-unknown-%d",
                     "usage": {"input_tokens": %d, "output_tokens": %d}, %s}""".formatted(id, occurred, r.nextInt(3), 100 + r.nextInt(5000),
                    10 + r.nextInt(500), attribution);
            return new Event(i, json, null);
        }
        ExpectedPrices.Model m = models.get(r.nextInt(models.size()));
        boolean longRequest = m.longContext() != null && r.nextInt(100) < 3;
        boolean batch = !longRequest && m.batchInput() != null && r.nextInt(100) < 10;
        long input = longRequest ? 200_001 + r.nextInt(100_000) : 50 + r.nextInt(20_000);
        long cacheRead = m.cacheRead().signum() > 0 && !batch && r.nextBoolean() ? r.nextInt(30_000) : 0;
        long cacheWrite = m.cacheWrite().signum() > 0 && !batch && r.nextInt(4) == 0 ? r.nextInt(5_000) : 0;
        long output = 5 + r.nextInt(2_000);
        long reasoning = m.model().startsWith("o") ? r.nextLong(output + 1) : 0;
        ExpectedPrices.Usage usage = new ExpectedPrices.Usage(input, cacheRead, cacheWrite, output, reasoning, batch);
        BigDecimal cost = m.cost(usage);
        String reported = "";
        if (r.nextInt(100) < 5) {
            // what the provider billed wins over our estimate
            cost = cost.multiply(new BigDecimal("0.97")).setScale(9, RoundingMode.HALF_EVEN);
            reported = ", \"reported_cost\": {\"amount\": \"" + cost.toPlainString() + "\", \"currency\": \"USD\", \"source\": \"provider\"}";
        }
        String json = """
                {"event_id": "%s", "occurred_at": "%s", "provider": "%s", "model": "%s", "service_tier": "%s",
                 "usage": {"input_tokens": %d, "cache_read_tokens": %d, "cache_write_tokens": %d, "output_tokens": %d, "reasoning_tokens": %d}%s,
                 %s}""".formatted(id, occurred, m.provider(), m.model(), batch ? "batch" : "standard", input, cacheRead, cacheWrite, output,
                reasoning, reported, attribution);
        return new Event(i, json, cost);
    }

    String batchJson(int[] indices) {
        StringBuilder b = new StringBuilder(indices.length * 500).append('[');
        for (int k = 0; k < indices.length; k++) {
            if (k > 0) {
                b.append(',');
            }
            b.append(event(indices[k]).json());
        }
        return b.append(']').toString();
    }

    /** About 1 % of batches are sent a second time after their 202 (a client that did not see the answer). */
    boolean resendBatch(int firstIndex) {
        return new SplittableRandom(seed ^ 0x5DEECE66DL ^ firstIndex).nextInt(100) == 0;
    }

    /** What the run must produce per tenant. */
    static final class Expected {
        private final long[] events;
        private final long[] unpriced;
        private final BigDecimal[] cost;

        Expected(int tenants) {
            events = new long[tenants];
            unpriced = new long[tenants];
            cost = new BigDecimal[tenants];
            java.util.Arrays.fill(cost, BigDecimal.ZERO);
        }

        long events(int t) {
            return events[t];
        }

        long unpriced(int t) {
            return unpriced[t];
        }

        BigDecimal cost(int t) {
            return cost[t];
        }

        long total() {
            return java.util.Arrays.stream(events).sum();
        }

        BigDecimal grandTotal() {
            return java.util.Arrays.stream(cost).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        String describe() {
            return String.format("%,d events, %,d unpriced, $%s", total(), java.util.Arrays.stream(unpriced).sum(), grandTotal().toPlainString());
        }
    }

    Expected expected(int n) {
        Expected e = new Expected(tenants);
        for (int i = 0; i < n; i++) {
            Event ev = event(i);
            int t = i % tenants;
            e.events[t]++;
            if (ev.expectedCost() == null) {
                e.unpriced[t]++;
            } else {
                e.cost[t] = e.cost[t].add(ev.expectedCost());
            }
        }
        return e;
    }
}
