package dev.tokenledger.pricing.catalogue;

import dev.tokenledger.common.events.PriceChange.ChangedPrice;
import dev.tokenledger.pricing.price.PriceEntry;
import dev.tokenledger.pricing.price.PriceSheet;
import dev.tokenledger.pricing.price.PriceTier;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What changed between two versions, per model and price: for every provider/model the latest
 * price of each version is compared bucket by bucket (tier prices as {@code <tier>:<bucket>},
 * units as {@code unit:<name>}). A model whose prices ended is {@code removed}.
 */
public final class CatalogueDiff {

    private CatalogueDiff() {
    }

    public static List<ChangedPrice> between(List<PriceEntry> before, List<PriceEntry> after) {
        Map<String, PriceEntry> a = current(before);
        Map<String, PriceEntry> b = current(after);
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<ChangedPrice> out = new ArrayList<>();
        for (String key : keys) {
            PriceEntry x = a.get(key);
            PriceEntry y = b.get(key);
            if (x != null && y != null && x.samePricesAs(y)) {
                continue;
            }
            PriceEntry any = y != null ? y : x;
            String change = x == null ? "added" : y == null ? "removed" : "changed";
            String since = y != null ? y.effectiveFrom().toString() : x.effectiveTo() != null ? x.effectiveTo().toString() : null;
            Map<String, String> pa = x == null ? Map.of() : prices(x);
            Map<String, String> pb = y == null ? Map.of() : prices(y);
            TreeSet<String> items = new TreeSet<>(pa.keySet());
            items.addAll(pb.keySet());
            boolean any_ = false;
            for (String item : items) {
                String v1 = pa.get(item);
                String v2 = pb.get(item);
                if (!Objects.equals(v1, v2)) {
                    out.add(new ChangedPrice(change, any.provider(), any.model(), item, v1, v2, since));
                    any_ = true;
                }
            }
            if (!any_) {
                // aliases, patterns or currency changed, not a price
                out.add(new ChangedPrice(change, any.provider(), any.model(), "match_rules", null, null, since));
            }
        }
        return out;
    }

    /** The latest entry of each key that is still open (an entry closed in this version is a removal). */
    private static Map<String, PriceEntry> current(List<PriceEntry> entries) {
        Map<String, PriceEntry> out = new HashMap<>();
        for (PriceEntry e : entries) {
            out.merge(e.key(), e, (p, q) -> p.effectiveFrom().isAfter(q.effectiveFrom()) ? p : q);
        }
        out.values().removeIf(e -> e.effectiveTo() != null);
        return out;
    }

    private static Map<String, String> prices(PriceEntry e) {
        Map<String, String> out = new LinkedHashMap<>();
        put(out, "", e.prices());
        e.tiers().stream().sorted(Comparator.comparing(PriceTier::name)).forEach(t -> {
            put(out, t.name() + ":", t.prices());
            if (t.factor() != null) {
                out.put(t.name() + ":factor", t.factor().toPlainString());
            }
        });
        Map<String, BigDecimal> fees = new TreeMap<>();
        e.fees().forEach(f -> fees.put("fee:" + f.name() + "/" + f.period(), f.amount()));
        fees.forEach((k, v) -> out.put(k, v.toPlainString()));
        return out;
    }

    private static void put(Map<String, String> out, String prefix, PriceSheet sheet) {
        sheet.perMillionTokens().forEach((b, p) -> out.put(prefix + b.wireName(), p.toPlainString()));
        sheet.perUnit().forEach((u, p) -> out.put(prefix + "unit:" + u, p.toPlainString()));
    }
}
