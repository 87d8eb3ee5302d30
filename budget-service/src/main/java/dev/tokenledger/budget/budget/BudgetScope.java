package dev.tokenledger.budget.budget;

import dev.tokenledger.common.events.Attribution;

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
        dimensions = java.util.Collections.unmodifiableMap(d);
    }

    public boolean isWholeTenant() {
        return dimensions.isEmpty();
    }

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
