package dev.tokenledger.budget.allowance;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecentRequestsTest {

    @Test
    void aRequestIsRecognisedUntilCapacityNewerOnesPushItOut() {
        RecentRequests recent = new RecentRequests(3, 42);
        assertTrue(recent.add("acme", "r1"));
        assertFalse(recent.add("acme", "r1"), "a retry of the same request");
        assertFalse(recent.contains("globex", "r1"), "the same id in another tenant is another request");
        assertTrue(recent.add("acme", "r2"));
        assertTrue(recent.add("acme", "r3"));
        assertTrue(recent.add("acme", "r4"));
        assertFalse(recent.contains("acme", "r1"), "the oldest is forgotten");
        assertTrue(recent.contains("acme", "r2") && recent.contains("acme", "r3") && recent.contains("acme", "r4"));
        assertEquals(3, recent.size());
    }

    @Test
    void tenantAndRequestIdAreNotRunTogether() {
        RecentRequests recent = new RecentRequests(10, 7);
        recent.add("ab", "c");
        assertFalse(recent.contains("a", "bc"));
    }

    /** Small tables collide and wrap often; every answer must match a plain set of the last N requests. */
    @Test
    void answersAsASetOfTheLastRequestsWouldThroughManyCollisionsAndRemovals() {
        Random random = new Random(11);
        for (int capacity : new int[] {1, 2, 7, 64, 1000}) {
            RecentRequests recent = new RecentRequests(capacity, random.nextLong());
            LinkedHashSet<String> model = new LinkedHashSet<>();
            for (int op = 0; op < 200_000; op++) {
                String id = "r" + random.nextInt(capacity * 3);
                if (random.nextBoolean()) {
                    boolean fresh = !model.contains(id);
                    if (fresh) {
                        if (model.size() == capacity) {
                            model.remove(model.iterator().next());
                        }
                        model.add(id);
                    }
                    assertEquals(fresh, recent.add("t", id), "add " + id + " at op " + op + ", capacity " + capacity);
                } else {
                    assertEquals(model.contains(id), recent.contains("t", id), "contains " + id + " at op " + op + ", capacity " + capacity);
                }
                assertEquals(model.size(), recent.size());
            }
        }
    }
}
