package dev.tokenledger.common.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BoundedTagValuesTest {

    @Test
    void theFirstValuesUpToTheBoundAreKeptAndLaterOnesCountAsOther() {
        BoundedTagValues tags = new BoundedTagValues(2);
        assertEquals(List.of("acme", "globex", "other", "acme", "globex", "other"),
                List.of(tags.of("acme"), tags.of("globex"), tags.of("initech"), tags.of("acme"), tags.of("globex"), tags.of("umbrella")));
    }

    @Test
    void aMissingValueIsUnknownAndTakesASlotLikeAnyOther() {
        BoundedTagValues tags = new BoundedTagValues(1);
        assertEquals("unknown", tags.of(null));
        assertEquals("other", tags.of("acme"));
    }

    @Test
    void manyThreadsAtOnceNeverKeepMoreThanTheBound() {
        BoundedTagValues tags = new BoundedTagValues(50);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 10_000).parallel().forEach(i -> seen.add(tags.of("model-" + (i % 500))));
        seen.remove("other");
        assertEquals(50, seen.size());
    }
}
