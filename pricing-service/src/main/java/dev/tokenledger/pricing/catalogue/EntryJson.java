package dev.tokenledger.pricing.catalogue;

import dev.tokenledger.common.money.DecimalBounds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.pricing.price.Bucket;
import dev.tokenledger.pricing.price.FixedFee;
import dev.tokenledger.pricing.price.PriceEntry;
import dev.tokenledger.pricing.price.PriceSheet;
import dev.tokenledger.pricing.price.PriceTier;
import dev.tokenledger.pricing.price.TierCondition;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON shape of a price entry, used by the API (in and out) and for the JSONB columns. Every
 * amount is a decimal string: {@code "prices_per_million_tokens": {"input": "3", "output": "15"}}.
 */
public final class EntryJson {

    private EntryJson() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(Long id, String provider, String model, List<String> aliases, String matchPattern,
                        Instant effectiveFrom, Instant effectiveTo, String currency, String source,
                        Map<String, String> pricesPerMillionTokens, Map<String, String> pricesPerUnit,
                        List<Tier> tiers, List<Fee> fees) {
    }

    public record Tier(String name, int priority, List<TierCondition> conditions,
                       Map<String, String> pricesPerMillionTokens, Map<String, String> pricesPerUnit, String factor) {
    }

    public record Fee(String name, String amount, String period) {
    }

    public static Entry toJson(PriceEntry e) {
        return new Entry(e.id() == 0 ? null : e.id(), e.provider(), e.model(), e.aliases(), e.matchPattern(), e.effectiveFrom(),
                e.effectiveTo(), e.currency(), e.source(), tokens(e.prices()), units(e.prices()),
                e.tiers().stream().map(EntryJson::toJson).toList(),
                e.fees().stream().map(f -> new Fee(f.name(), f.amount().toPlainString(), f.period())).toList());
    }

    public static Tier toJson(PriceTier t) {
        return new Tier(t.name(), t.priority(), t.conditions(), tokens(t.prices()), units(t.prices()),
                t.factor() == null ? null : t.factor().toPlainString());
    }

    /** Reads an entry given through the API; throws IllegalArgumentException naming what is wrong. */
    public static PriceEntry fromJson(Entry j, String scope, String source, Instant defaultFrom) {
        if (j.provider() == null || j.provider().isBlank()) {
            throw new IllegalArgumentException("provider is required");
        }
        if (j.model() == null || j.model().isBlank()) {
            throw new IllegalArgumentException("model is required");
        }
        if (j.matchPattern() != null) {
            dev.tokenledger.pricing.price.ModelPattern.compile(j.matchPattern());
        }
        List<PriceTier> tiers = j.tiers() == null ? List.of() : j.tiers().stream().map(EntryJson::fromJson).toList();
        List<FixedFee> fees = j.fees() == null ? List.of() : j.fees().stream()
                .map(f -> new FixedFee(f.name(), decimal("fees.amount", f.amount()), f.period())).toList();
        String provider = j.provider().equals(PriceEntry.ANY_PROVIDER) ? j.provider()
                : dev.tokenledger.pricing.price.ProviderNames.canonical(j.provider());
        return new PriceEntry(0, scope, source, provider, j.model(), j.aliases(), j.matchPattern(),
                j.effectiveFrom() != null ? j.effectiveFrom() : defaultFrom, j.effectiveTo(),
                j.currency() == null ? "USD" : j.currency(), sheet(j.pricesPerMillionTokens(), j.pricesPerUnit()), tiers, fees);
    }

    public static PriceTier fromJson(Tier t) {
        return new PriceTier(t.name(), t.priority(), t.conditions(), sheet(t.pricesPerMillionTokens(), t.pricesPerUnit()),
                t.factor() == null ? null : decimal("factor", t.factor()));
    }

    static Map<String, String> tokens(PriceSheet sheet) {
        Map<String, String> out = new LinkedHashMap<>();
        sheet.perMillionTokens().forEach((b, p) -> out.put(b.wireName(), p.toPlainString()));
        return out;
    }

    static Map<String, String> units(PriceSheet sheet) {
        Map<String, String> out = new TreeMap<>();
        sheet.perUnit().forEach((u, p) -> out.put(u, p.toPlainString()));
        return out;
    }

    static PriceSheet sheet(Map<String, String> tokens, Map<String, String> units) {
        EnumMap<Bucket, BigDecimal> t = new EnumMap<>(Bucket.class);
        if (tokens != null) {
            tokens.forEach((b, p) -> t.put(Bucket.fromWireName(b), decimal(b, p)));
        }
        Map<String, BigDecimal> u = new TreeMap<>();
        if (units != null) {
            units.forEach((name, p) -> u.put(name, decimal(name, p)));
        }
        return new PriceSheet(t, u);
    }

    static BigDecimal decimal(String field, String text) {
        if (text == null) {
            throw new IllegalArgumentException(field + " needs a decimal string");
        }
        try {
            return DecimalBounds.parse(text);
        } catch (DecimalBounds.OutOfBounds e) {
            throw new IllegalArgumentException(field + " " + DecimalBounds.RULE);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " must be a decimal string, was '" + text + "'");
        }
    }

    // JSONB columns

    static String unitsColumn(PriceSheet sheet) {
        return Json.write(units(sheet));
    }

    static String tiersColumn(List<PriceTier> tiers) {
        return Json.write(tiers.stream().map(EntryJson::toJson).toList());
    }

    static String feesColumn(List<FixedFee> fees) {
        return Json.write(fees.stream().map(f -> new Fee(f.name(), f.amount().toPlainString(), f.period())).toList());
    }

    static Map<String, String> readUnits(String json) {
        return read(json, new TypeReference<>() { });
    }

    static List<PriceTier> readTiers(String json) {
        List<Tier> tiers = read(json, new TypeReference<>() { });
        return tiers.stream().map(EntryJson::fromJson).toList();
    }

    static List<FixedFee> readFees(String json) {
        List<Fee> fees = read(json, new TypeReference<>() { });
        return fees.stream().map(f -> new FixedFee(f.name(), new BigDecimal(f.amount()), f.period())).toList();
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("unreadable catalogue column: " + e.getOriginalMessage(), e);
        }
    }
}
