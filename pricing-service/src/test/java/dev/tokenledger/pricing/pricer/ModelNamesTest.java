package dev.tokenledger.pricing.pricer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelNamesTest {

    @Test
    void snapshotsAndRoutesReduceToTheFamilyName() {
        assertTrue(ModelNames.variants("claude-sonnet-4-5-20250929").contains("claude-sonnet-4-5"));
        assertTrue(ModelNames.variants("gpt-4o-2024-08-06").contains("gpt-4o"));
        assertTrue(ModelNames.variants("claude-3-5-sonnet@20240620").contains("claude-3-5-sonnet"));
        assertTrue(ModelNames.variants("openrouter/anthropic/claude-sonnet-4.5").contains("claude-sonnet-4.5"));
        assertTrue(ModelNames.variants("models/gemini-2.5-pro").contains("gemini-2.5-pro"));
    }
}
