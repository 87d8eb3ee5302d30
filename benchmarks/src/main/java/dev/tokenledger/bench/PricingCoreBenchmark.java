package dev.tokenledger.bench;

import dev.tokenledger.common.events.UsagePriced;
import dev.tokenledger.common.events.UsageRecorded;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.pricing.importer.BundledPriceBook;
import dev.tokenledger.pricing.pricer.PriceBook;
import dev.tokenledger.pricing.pricer.UsagePricer;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Events priced per second by the pricing core alone, on one thread: the bundled catalogue's price
 * book (every entry of the LiteLLM history, OpenRouter and Langfuse lists), realistic synthetic
 * events, entry lookup at each event's time + tiers + exact line items. Also with the JSON
 * reading and writing the stream does per event.
 *
 * <pre>./tokenledger bench pricing-core [--events 1000000] [--rounds 5]</pre>
 */
public final class PricingCoreBenchmark {

    public static void main(String[] args) {
        var o = IngestBenchmark.options(args);
        int events = Integer.parseInt(o.getOrDefault("events", "1000000"));
        int rounds = Integer.parseInt(o.getOrDefault("rounds", "5"));
        long started = System.nanoTime();
        PriceBook book = BundledPriceBook.build();
        System.out.printf("price book: %d public entries, built in %d ms%n", book.globalEntryCount(), (System.nanoTime() - started) / 1_000_000);

        SyntheticUsage gen = new SyntheticUsage(42, "acme", "bench");
        Instant at = Instant.parse("2026-11-01T12:00:00Z");
        List<UsageRecorded> input = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            input.add(gen.next(at.plusMillis(i)));
        }
        List<String> json = input.stream().limit(200_000).map(Json::write).toList();
        UsagePricer pricer = new UsagePricer(Clock.systemUTC());
        java.util.Map<String, Integer> reasons = new java.util.TreeMap<>();
        input.stream().limit(100_000).map(e -> pricer.price(e, book).pricing()).filter(p -> !p.isPriced())
                .forEach(p -> reasons.merge(p.unpricedReason().replaceAll(" at .*| in force.*", ""), 1, Integer::sum));
        System.out.println("unpriced in the first 100,000 (the generator sends ~1 % unknown models): " + reasons);

        for (int r = 1; r <= rounds; r++) {
            long t0 = System.nanoTime();
            BigDecimal total = BigDecimal.ZERO;
            int unpriced = 0;
            for (UsageRecorded e : input) {
                UsagePriced p = pricer.price(e, book);
                if (p.pricing().isPriced()) {
                    total = total.add(p.pricing().cost().amount());
                } else {
                    unpriced++;
                }
            }
            double coreSeconds = (System.nanoTime() - t0) / 1e9;

            long t1 = System.nanoTime();
            long bytes = 0;
            for (String s : json) {
                bytes += Json.write(pricer.price(Json.read(s, UsageRecorded.class), book)).length();
            }
            double jsonSeconds = (System.nanoTime() - t1) / 1e9;
            System.out.printf("round %d: core %,.0f events/s (%,d events, %,d unpriced, total $%s) | core + JSON in/out %,.0f events/s (%,d events, %,d bytes out)%n",
                    r, events / coreSeconds, events, unpriced, total.setScale(6, java.math.RoundingMode.HALF_EVEN).toPlainString(),
                    json.size() / jsonSeconds, json.size(), bytes);
        }
    }
}
