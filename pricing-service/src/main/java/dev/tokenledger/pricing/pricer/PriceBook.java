package dev.tokenledger.pricing.pricer;

import com.google.re2j.Pattern;
import dev.tokenledger.pricing.price.ModelPattern;
import org.jboss.logging.Logger;

import dev.tokenledger.pricing.price.Discount;
import dev.tokenledger.pricing.price.PriceEntry;
import dev.tokenledger.pricing.price.ProviderNames;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An immutable, in-memory view of the catalogue at one version: every live entry (with its whole
 * effective-dated history) and every tenant's own prices and discounts. Finding the entry for an
 * event is a few hash lookups; which names a (provider, model) resolves to is cached, the
 * effective date is checked per event.
 *
 * <p>Order of precedence: the tenant's own prices, then the provider's entries (exact id, alias,
 * id without route prefix or date suffix), then entries for any provider (exact name, then
 * pattern), each only if it is in force at the event's time.
 */
public final class PriceBook {

    private static final Logger LOG = Logger.getLogger(PriceBook.class);

    private static final int MAX_CACHED_NAMES = 200_000;

    private final long version;
    private final Prices global;
    private final Map<String, Prices> tenantPrices;
    private final Map<String, List<Discount>> discounts;
    private final Map<String, List<List<PriceEntry>>> candidateCache = new ConcurrentHashMap<>();

    public PriceBook(long version, List<PriceEntry> entries, List<Discount> tenantDiscounts) {
        this.version = version;
        Map<String, List<PriceEntry>> byScope = new HashMap<>();
        for (PriceEntry e : entries) {
            byScope.computeIfAbsent(e.scope(), s -> new ArrayList<>()).add(e);
        }
        this.global = new Prices(byScope.getOrDefault(PriceEntry.GLOBAL, List.of()));
        Map<String, Prices> tenants = new HashMap<>();
        byScope.forEach((scope, list) -> {
            if (!scope.equals(PriceEntry.GLOBAL)) {
                tenants.put(scope, new Prices(list));
            }
        });
        this.tenantPrices = Map.copyOf(tenants);
        Map<String, List<Discount>> d = new HashMap<>();
        for (Discount discount : tenantDiscounts) {
            d.computeIfAbsent(discount.tenantId(), t -> new ArrayList<>()).add(discount);
        }
        this.discounts = Map.copyOf(d);
    }

    public static PriceBook empty() {
        return new PriceBook(0, List.of(), List.of());
    }

    public long version() {
        return version;
    }

    public int globalEntryCount() {
        return global.size;
    }

    /** Why no entry was found: nothing by that name at all, or nothing in force at that time. */
    public record Lookup(PriceEntry entry, Discount discount, String unpricedReason) {
    }

    public Lookup find(String tenant, String provider, String model, Instant at) {
        String p = ProviderNames.canonical(provider);
        boolean anyName = false;
        Prices own = tenantPrices.get(tenant);
        if (own != null) {
            for (List<PriceEntry> timeline : own.candidates(p, model)) {
                anyName = true;
                PriceEntry e = inForce(timeline, at);
                if (e != null) {
                    return new Lookup(e, discountFor(tenant, p, e.model(), model, at), null);
                }
            }
        }
        String cacheKey = p + '\u0000' + model;
        List<List<PriceEntry>> candidates = candidateCache.get(cacheKey);
        if (candidates == null) {
            candidates = global.candidates(p, model);
            if (candidateCache.size() > MAX_CACHED_NAMES) {
                candidateCache.clear();
            }
            candidateCache.put(cacheKey, candidates);
        }
        for (List<PriceEntry> timeline : candidates) {
            anyName = true;
            PriceEntry e = inForce(timeline, at);
            if (e != null) {
                return new Lookup(e, discountFor(tenant, p, e.model(), model, at), null);
            }
        }
        String reason = anyName
                ? "no price for " + p + "/" + model + " in force at " + at
                : "no price for " + p + "/" + model + " in the catalogue";
        return new Lookup(null, null, reason);
    }

    private Discount discountFor(String tenant, String provider, String entryModel, String eventModel, Instant at) {
        List<Discount> list = discounts.get(tenant);
        if (list == null) {
            return null;
        }
        Discount best = null;
        for (Discount d : list) {
            if (d.appliesTo(provider, entryModel, eventModel, at) && (best == null || d.specificity() > best.specificity())) {
                best = d;
            }
        }
        return best;
    }

    private static PriceEntry inForce(List<PriceEntry> timeline, Instant at) {
        // timelines are short (a handful of price changes) and sorted newest first
        for (PriceEntry e : timeline) {
            if (e.inForceAt(at)) {
                return e;
            }
        }
        return null;
    }

    /** All current entries in force at {@code at}, for listing models. */
    public List<PriceEntry> inForceAt(String tenant, Instant at) {
        List<PriceEntry> out = new ArrayList<>();
        Prices own = tenantPrices.get(tenant);
        if (own != null) {
            own.timelines.values().forEach(t -> add(out, t, at));
        }
        global.timelines.values().forEach(t -> add(out, t, at));
        return out;
    }

    public List<Discount> discounts(String tenant) {
        return discounts.getOrDefault(tenant, List.of());
    }

    private static void add(List<PriceEntry> out, List<PriceEntry> timeline, Instant at) {
        PriceEntry e = inForce(timeline, at);
        if (e != null) {
            out.add(e);
        }
    }

    /** The entries of one scope, indexed by provider and model name. */
    private static final class Prices {
        final int size;
        /** provider/model → entries, newest effective_from first. */
        final Map<String, List<PriceEntry>> timelines = new HashMap<>();
        /** provider → lower-cased name or alias → provider/model. */
        final Map<String, Map<String, String>> names = new HashMap<>();
        final List<Map.Entry<Pattern, String>> anyProviderPatterns = new ArrayList<>();

        Prices(List<PriceEntry> entries) {
            size = entries.size();
            for (PriceEntry e : entries) {
                timelines.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
            }
            timelines.values().forEach(t -> t.sort(Comparator.comparing(PriceEntry::effectiveFrom).reversed()));
            for (List<PriceEntry> timeline : timelines.values()) {
                PriceEntry latest = timeline.get(0);
                Map<String, String> byName = names.computeIfAbsent(latest.provider(), p -> new HashMap<>());
                byName.putIfAbsent(latest.model().toLowerCase(Locale.ROOT), latest.key());
                for (PriceEntry e : timeline) {
                    for (String alias : e.aliases()) {
                        byName.putIfAbsent(alias.toLowerCase(Locale.ROOT), latest.key());
                    }
                }
                if (latest.matchPattern() != null && latest.provider().equals(PriceEntry.ANY_PROVIDER)) {
                    try {
                        anyProviderPatterns.add(Map.entry(ModelPattern.compile(latest.matchPattern()), latest.key()));
                    } catch (IllegalArgumentException e) {
                        // one broken entry (stored before patterns were checked) never stops the book of everyone else
                        LOG.warnf("price entry %s: its pattern is skipped (%s)", latest.key(), e.getMessage());
                    }
                }
            }
            anyProviderPatterns.sort(Map.Entry.comparingByValue());
        }

        List<List<PriceEntry>> candidates(String provider, String model) {
            List<String> keys = new ArrayList<>();
            Map<String, String> own = names.get(provider);
            Map<String, String> any = names.get(PriceEntry.ANY_PROVIDER);
            for (String name : ModelNames.variants(model)) {
                addKey(keys, own == null ? null : own.get(name.toLowerCase(Locale.ROOT)));
            }
            for (String name : ModelNames.variants(model)) {
                addKey(keys, any == null ? null : any.get(name.toLowerCase(Locale.ROOT)));
            }
            for (Map.Entry<Pattern, String> p : anyProviderPatterns) {
                if (p.getKey().matcher(model).matches()) {
                    addKey(keys, p.getValue());
                }
            }
            List<List<PriceEntry>> out = new ArrayList<>(keys.size());
            keys.forEach(k -> out.add(timelines.get(k)));
            return List.copyOf(out);
        }

        private static void addKey(List<String> keys, String key) {
            if (key != null && !keys.contains(key)) {
                keys.add(key);
            }
        }
    }
}
