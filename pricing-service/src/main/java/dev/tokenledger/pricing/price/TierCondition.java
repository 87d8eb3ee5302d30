package dev.tokenledger.pricing.price;

import java.util.List;
import java.util.Set;

/**
 * One condition of a {@link PriceTier}, held as data: {@code prompt_tokens gt 200000} (the whole
 * prompt — input, cache reads and cache writes — is larger than 200k tokens) or
 * {@code service_tier in [batch]}.
 */
public record TierCondition(String field, String operator, Long value, List<String> values) {

    public static final String PROMPT_TOKENS = "prompt_tokens";
    public static final String SERVICE_TIER = "service_tier";
    private static final Set<String> COMPARISONS = Set.of("gt", "gte", "lt", "lte");

    public TierCondition {
        values = values == null ? List.of() : List.copyOf(values);
        switch (field == null ? "" : field) {
            case PROMPT_TOKENS -> {
                if (!COMPARISONS.contains(operator) || value == null || value < 0) {
                    throw new IllegalArgumentException("prompt_tokens needs operator gt, gte, lt or lte and a non-negative value");
                }
            }
            case SERVICE_TIER -> {
                if (!"in".equals(operator) || values.isEmpty()) {
                    throw new IllegalArgumentException("service_tier needs operator in and a list of values");
                }
            }
            default -> throw new IllegalArgumentException("a tier condition is on prompt_tokens or service_tier, not '" + field + "'");
        }
    }

    public static TierCondition promptTokensAbove(long threshold) {
        return new TierCondition(PROMPT_TOKENS, "gt", threshold, null);
    }

    public static TierCondition promptTokensAtLeast(long threshold) {
        return new TierCondition(PROMPT_TOKENS, "gte", threshold, null);
    }

    public static TierCondition serviceTierIn(String... tiers) {
        return new TierCondition(SERVICE_TIER, "in", null, List.of(tiers));
    }

    public boolean matches(long promptTokens, String serviceTier) {
        return switch (field) {
            case PROMPT_TOKENS -> switch (operator) {
                case "gt" -> promptTokens > value;
                case "gte" -> promptTokens >= value;
                case "lt" -> promptTokens < value;
                default -> promptTokens <= value;
            };
            default -> serviceTier != null && values.contains(serviceTier);
        };
    }

    @Override
    public String toString() {
        return field + " " + operator + " " + (value != null ? value : values);
    }
}
