package dev.tokenledger.bench;

import dev.tokenledger.common.events.Attribution;
import dev.tokenledger.common.events.Usage;
import dev.tokenledger.common.events.UsageRecorded;
import dev.tokenledger.common.events.UsageUnits;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Realistic, repeatable usage events (a seed): providers and models of the bundled catalogue,
 * cached prompts, Anthropic cache writes, reasoning, long-context requests over 200k tokens, batch
 * and priority tiers, web searches, and about 1 % unknown models.
 */
final class SyntheticUsage {

    private record Model(String provider, String model) {
    }

    private static final Model[] MODELS = {
            new Model("openai", "gpt-4o"), new Model("openai", "gpt-4o-mini"), new Model("openai", "gpt-5"),
            new Model("openai", "o3"), new Model("anthropic", "claude-sonnet-4-5-20250929"), new Model("anthropic", "claude-haiku-4-5"),
            new Model("anthropic", "claude-opus-4-1"), new Model("gemini", "gemini-2.5-pro"), new Model("gemini", "gemini-2.5-flash"),
            new Model("openrouter", "anthropic/claude-sonnet-4.5"), new Model("openrouter", "deepseek/deepseek-chat-v3.1"),
            new Model("mistral", "mistral-large-latest"), new Model("deepseek", "deepseek-chat"), new Model("xai", "grok-4"),
    };

    private final SplittableRandom random;
    private final String tenant;
    private final String runId;
    private long next;

    SyntheticUsage(long seed, String tenant, String runId) {
        this.random = new SplittableRandom(seed);
        this.tenant = tenant;
        this.runId = runId;
    }

    UsageRecorded next(Instant at) {
        long n = next++;
        boolean unknown = random.nextInt(100) == 0;
        Model m = unknown ? new Model("openai", "gpt-unreleased-" + random.nextInt(5)) : MODELS[random.nextInt(MODELS.length)];
        boolean longContext = m.model().startsWith("gemini-2.5-pro") && random.nextInt(10) == 0;
        long input = longContext ? 200_000 + random.nextInt(300_000) : 50 + random.nextInt(20_000);
        long cacheRead = random.nextInt(3) == 0 ? random.nextInt(50_000) : 0;
        long cacheWrite = m.provider().equals("anthropic") && random.nextInt(4) == 0 ? random.nextInt(10_000) : 0;
        long cacheWrite1h = m.provider().equals("anthropic") && random.nextInt(10) == 0 ? random.nextInt(10_000) : 0;
        long output = 10 + random.nextInt(4_000);
        long reasoning = (m.model().startsWith("o3") || m.model().startsWith("gpt-5")) ? random.nextInt((int) output) : 0;
        int tierRoll = random.nextInt(20);
        String tier = m.provider().equals("openai") && tierRoll == 0 ? "batch" : m.provider().equals("openai") && tierRoll == 1 ? "priority" : "standard";
        Map<String, BigDecimal> units = random.nextInt(25) == 0 ? Map.of(UsageUnits.WEB_SEARCH_CALLS, BigDecimal.valueOf(1 + random.nextInt(3)))
                : Map.of();
        if (!units.isEmpty() && !m.provider().equals("anthropic") && !m.provider().equals("gemini")) {
            units = Map.of();
        }
        Attribution who = new Attribution("project-" + random.nextInt(8), "prod", "user-" + random.nextInt(500), "customer-" + random.nextInt(50),
                "feature-" + random.nextInt(12), "agent-" + random.nextInt(6), "session-" + random.nextInt(2_000), null, Map.of());
        return new UsageRecorded(UsageRecorded.SCHEMA_VERSION, UsageRecorded.TYPE, tenant, runId + "-" + n, at, at, m.provider(), m.model(),
                "chat", "success", null, 800L, tier, new Usage(input, cacheRead, cacheWrite, cacheWrite1h, output, reasoning, units), null, who);
    }
}
