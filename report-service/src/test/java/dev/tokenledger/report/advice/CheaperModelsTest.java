package dev.tokenledger.report.advice;

import dev.tokenledger.report.query.Totals;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CheaperModelsTest {

    private static PricingClient.ModelPrice m(String model, String in, String out) {
        return new PricingClient.ModelPrice("openai", model, out == null ? Map.of("input", new BigDecimal(in))
                : Map.of("input", new BigDecimal(in), "output", new BigDecimal(out)));
    }

    @Test
    void candidatesAreNeverDearerOnAnyTokenAndCheapestComeFirst() {
        List<PricingClient.ModelPrice> catalogue = List.of(m("gpt-4o", "2.5", "10"), m("gpt-4o-mini", "0.15", "0.6"),
                m("gpt-4.1-nano", "0.1", "0.4"), m("o1", "15", "60"), m("cheap-in-dear-out", "1", "20"),
                m("text-embedding-3-small", "0.02", null), m("gpt-4.1", "2", "8"), m("gpt-5-mini", "0.25", "2"), m("gpt-4.1-nano-2025-04-14", "0.1", "0.4"));
        List<String> names = CheaperModels.candidates("gpt-4o", catalogue).stream().map(PricingClient.ModelPrice::model).toList();
        assertEquals(List.of("gpt-4.1-nano", "gpt-4o-mini", "gpt-5-mini"), names, "a dated snapshot at the same prices is not a second candidate");
        assertEquals(List.of(), CheaperModels.candidates("unknown-model", catalogue));
    }

    @Test
    void theCacheScenarioMovesUncachedInputToCacheReadsUpToTheTarget() {
        Totals.Tokens t = new Totals.Tokens(900, 100, 0, 0, 50, 0);
        assertEquals(new BigDecimal("0.1000"), CheaperModels.hitRatio(t));
        Totals.Tokens at50 = CheaperModels.atHitRatio(t, new BigDecimal("0.50"));
        assertEquals(500, at50.input());
        assertEquals(500, at50.cacheRead());
        assertEquals(50, at50.output());
        assertEquals(t.total(), at50.total(), "the same tokens, only served differently");
    }
}
