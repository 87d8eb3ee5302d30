package dev.tokenledger.pricing.price;

import dev.tokenledger.common.events.Usage;
import dev.tokenledger.common.events.UsageUnits;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pricing core: one event's usage × one price entry → exact line items and total. Pure and
 * allocation-light; the stream calls it for every event.
 *
 * <p>Rules (DESIGN: canonical usage):
 * <ul>
 *   <li>the first tier (by priority) whose conditions hold prices the whole request;
 *   <li>a bucket with tokens but no listed price: cache reads and cache writes fall back to the
 *       input price, one-hour cache writes to the five-minute price, each with a note; input or
 *       output with no price at all makes the event unpriced;
 *   <li>reasoning tokens are part of output and get their own line only where a reasoning price
 *       is listed;
 *   <li>a unit with no price makes the event unpriced, except {@code requests}, which is free
 *       unless priced;
 *   <li>a discount takes its percent off the list total; nothing is rounded.
 * </ul>
 */
public final class CostCalculator {

    public static final String REQUESTS = UsageUnits.REQUESTS;

    private CostCalculator() {
    }

    /** Thrown when the entry does not price something the usage used; the message is the unpriced reason. */
    public static final class NotPriceable extends Exception {
        public NotPriceable(String message) {
            super(message, null, false, false);
        }
    }

    public static long promptTokens(Usage u) {
        return u.inputTokens() + u.cacheReadTokens() + u.cacheWriteTokens() + u.cacheWrite1hTokens();
    }

    public static CostCalculation calculate(PriceEntry entry, Usage usage, String serviceTier, Discount discount) throws NotPriceable {
        List<String> notes = new ArrayList<>(0);
        long prompt = promptTokens(usage);
        PriceTier tier = null;
        for (PriceTier t : entry.tiers()) {
            if (t.applies(prompt, serviceTier)) {
                tier = t;
                break;
            }
        }
        PriceSheet sheet = tier == null ? entry.prices() : tier.applyTo(entry.prices());
        if (tier == null && serviceTier != null && !"standard".equals(serviceTier)) {
            notes.add("no " + serviceTier + " price listed; standard prices used");
        }

        List<LineItem> lines = new ArrayList<>(6);
        BigDecimal input = sheet.token(Bucket.INPUT);
        addTokens(lines, entry, Bucket.INPUT, usage.inputTokens(), input, null);
        addTokens(lines, entry, Bucket.CACHE_READ, usage.cacheReadTokens(), fallback(sheet, Bucket.CACHE_READ, Bucket.INPUT, usage.cacheReadTokens(), notes));
        addTokens(lines, entry, Bucket.CACHE_WRITE, usage.cacheWriteTokens(), fallback(sheet, Bucket.CACHE_WRITE, Bucket.INPUT, usage.cacheWriteTokens(), notes));
        BigDecimal write1h = sheet.token(Bucket.CACHE_WRITE_1H);
        if (write1h == null && usage.cacheWrite1hTokens() > 0) {
            write1h = fallback(sheet, Bucket.CACHE_WRITE_1H, sheet.token(Bucket.CACHE_WRITE) != null ? Bucket.CACHE_WRITE : Bucket.INPUT,
                    usage.cacheWrite1hTokens(), notes);
        }
        addTokens(lines, entry, Bucket.CACHE_WRITE_1H, usage.cacheWrite1hTokens(), write1h);

        BigDecimal reasoning = sheet.token(Bucket.REASONING);
        long reasoningTokens = Math.min(usage.reasoningTokens(), usage.outputTokens());
        if (reasoning != null && reasoningTokens > 0) {
            addTokens(lines, entry, Bucket.OUTPUT, usage.outputTokens() - reasoningTokens, sheet.token(Bucket.OUTPUT), null);
            addTokens(lines, entry, Bucket.REASONING, reasoningTokens, reasoning, null);
        } else {
            addTokens(lines, entry, Bucket.OUTPUT, usage.outputTokens(), sheet.token(Bucket.OUTPUT), null);
        }

        for (Map.Entry<String, BigDecimal> unit : usage.units().entrySet()) {
            if (unit.getValue().signum() == 0) {
                continue;
            }
            BigDecimal price = sheet.unit(unit.getKey());
            if (price == null) {
                if (REQUESTS.equals(unit.getKey())) {
                    continue;
                }
                throw new NotPriceable("no price for unit '" + unit.getKey() + "' of " + entry.key());
            }
            lines.add(LineItem.units(unit.getKey(), unit.getValue(), price));
        }

        BigDecimal listTotal = BigDecimal.ZERO;
        for (LineItem line : lines) {
            listTotal = listTotal.add(line.amount());
        }
        BigDecimal discountAmount = discount == null ? BigDecimal.ZERO : discount.of(listTotal);
        return new CostCalculation(entry, tier == null ? null : tier.name(), lines, listTotal, discount, discountAmount,
                listTotal.subtract(discountAmount), notes);
    }

    private static BigDecimal fallback(PriceSheet sheet, Bucket bucket, Bucket instead, long quantity, List<String> notes) {
        BigDecimal price = sheet.token(bucket);
        if (price != null || quantity == 0) {
            return price;
        }
        BigDecimal other = sheet.token(instead);
        if (other != null) {
            notes.add(bucket.wireName() + " price not listed; " + instead.wireName() + " price used");
        }
        return other;
    }

    private static void addTokens(List<LineItem> lines, PriceEntry entry, Bucket bucket, long quantity, BigDecimal perMillion) throws NotPriceable {
        addTokens(lines, entry, bucket, quantity, perMillion, null);
    }

    private static void addTokens(List<LineItem> lines, PriceEntry entry, Bucket bucket, long quantity, BigDecimal perMillion, String note)
            throws NotPriceable {
        if (quantity == 0) {
            return;
        }
        if (perMillion == null) {
            throw new NotPriceable("no " + bucket.wireName() + " token price for " + entry.key());
        }
        lines.add(LineItem.tokens(bucket, quantity, perMillion, note));
    }
}
