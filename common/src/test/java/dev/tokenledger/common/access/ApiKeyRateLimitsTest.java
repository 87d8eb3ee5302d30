package dev.tokenledger.common.access;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiKeyRateLimitsTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstOfTenSecondsWorthPassesThenTheKeyWaitsForItsRate() {
        ApiKeyRateLimits limits = new ApiKeyRateLimits();
        long t = 0;
        // 600 a minute = 10 a second; the bucket holds 100 (ten seconds' worth)
        for (int i = 0; i < 100; i++) {
            assertEquals(0, limits.acquire("k", 600, t), "request " + i);
        }
        long wait = limits.acquire("k", 600, t);
        assertTrue(wait >= 1, "the 101st waits");
        // after one second, ten more pass and the eleventh waits
        t += SECOND;
        for (int i = 0; i < 10; i++) {
            assertEquals(0, limits.acquire("k", 600, t));
        }
        assertTrue(limits.acquire("k", 600, t) >= 1);
    }

    @Test
    void keysAreCountedApart() {
        ApiKeyRateLimits limits = new ApiKeyRateLimits();
        assertEquals(0, limits.acquire("a", 6, 0));
        assertTrue(limits.acquire("a", 6, 0) >= 1);
        assertEquals(0, limits.acquire("b", 6, 0));
        // six a minute: the next request of 'a' is possible after ten seconds, not before
        assertTrue(limits.acquire("a", 6, 9 * SECOND) >= 1);
        assertEquals(0, limits.acquire("a", 6, 11 * SECOND));
    }
}
