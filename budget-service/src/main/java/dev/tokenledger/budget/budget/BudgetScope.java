package dev.tokenledger.budget.budget;

import dev.tokenledger.common.events.Attribution;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a budget covers inside its tenant: every dimension it names must match (project P and model
 * M); no dimension at all is the whole tenant. Dimensions: project, environment, user, customer,
 * feature, agent, session, api_key, model, provider, and tags as {@code tag:<key>}.
 */
public record BudgetScope(Map<String, String> dimensions) {

    public static final Set<String> DIMENSIONS = Set.of("project", "environment", "user", "customer", "feature", "agent", "session",
            "api_key", "model", "provider");

    public BudgetScope {
        TreeMap<String, String> d = new TreeMap<>();
        if (dimensions != null) {
            dimensions.forEach((k, v) -> {
                if (!DIMENSIONS.contains(k) && !(k.startsWith("tag:") && k.length() > 4)) {
                    throw new IllegalArgumentException("unknown scope dimension '" + k + "' (one of " + String.join(", ", new java.util.TreeSet<>(DIMENSIONS)) + ", tag:<key>)");
                }
                if (v == null || v.isBlank()) {
                    throw new IllegalArgumentException("scope dimension '" + k + "' needs a value");
                }
                d.put(k, v);
            });
        }
        dimensions = java.util.Collections.unmodifiableSortedMap(d);
    }

    public boolean isWholeTenant() {
        return dimensions.isEmpty();
    }

    /** The key its budget is filed under in a {@link BudgetIndex}: its first dimension and value; null for the whole tenant. */
    public String firstDimensionKey() {
        if (dimensions.isEmpty()) {
            return null;
        }
        Map.Entry<String, String> first = ((java.util.SortedMap<String, String>) dimensions).entrySet().iterator().next();
        return key(first.getKey(), first.getValue());
    }

    /** Every key a request carries (dimension and value), to look budgets up by. */
    public static void forEachKey(Attribution a, String provider, String model, java.util.function.Consumer<String> keys) {
        for (String d : DIMENSION_ORDER) {
            String v = value(d, a, provider, model);
            if (v != null) {
                keys.accept(key(d, v));
            }
        }
        a.tags().forEach((k, v) -> {
            if (v != null) {
                keys.accept(key("tag:" + k, v));
            }
        });
    }

    /**
     * The dimensions a budget's top contributors are named in: low-cardinality ones (users,
     * customers and sessions could be millions of rows a period).
     */
    public static final List<String> CONTRIBUTOR_DIMENSIONS = List.of("model", "project", "feature", "agent");

    /** Each contributor dimension this scope leaves open, with the event's value in it (none when the event has none). */
    public void forEachContributor(Attribution a, String provider, String model, java.util.function.BiConsumer<String, String> out) {
        for (String d : CONTRIBUTOR_DIMENSIONS) {
            if (!dimensions.containsKey(d)) {
                String v = value(d, a, provider, model);
                if (v != null) {
                    out.accept(d, v);
                }
            }
        }
    }

    private static String key(String dimension, String value) {
        return dimension + '\u0000' + value;
    }

    private static final List<String> DIMENSION_ORDER = List.copyOf(new java.util.TreeSet<>(DIMENSIONS));

    public boolean matches(Attribution a, String provider, String model) {
        for (Map.Entry<String, String> d : dimensions.entrySet()) {
            if (!d.getValue().equals(value(d.getKey(), a, provider, model))) {
                return false;
            }
        }
        return true;
    }

    private static String value(String dimension, Attribution a, String provider, String model) {
        if (dimension.startsWith("tag:")) {
            return a.tags().get(dimension.substring(4));
        }
        return switch (dimension) {
            case "project" -> a.project();
            case "environment" -> a.environment();
            case "user" -> a.user();
            case "customer" -> a.customer();
            case "feature" -> a.feature();
            case "agent" -> a.agent();
            case "session" -> a.session();
            case "api_key" -> a.apiKeyId();
            case "model" -> model;
            default -> provider;
        };
    }
}
