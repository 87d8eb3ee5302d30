package dev.tokenledger.budget.allowance;

import java.security.SecureRandom;

/**
 * The last {@code capacity} requests a replica allowed from its allowances, so that a gateway's
 * retry of the same request id is not taken from a slice a second time. Kept as 64-bit keyed
 * hashes in two arrays allocated once: a map of strings lived ~25 s at 2,000 decisions/s, long
 * enough to be copied by every young collection and then promoted, and that copying was most of
 * the budget-service's young pauses (the decisions' p99).
 *
 * <p>Two different requests share a hash with a chance of about 2<sup>-64</sup> per pair; the seed is
 * random per process, so request ids cannot be chosen to collide. Not thread-safe: the caller
 * holds its lock.
 */
final class RecentRequests {

    private final long[] order;
    private final long[] table;
    private final int mask;
    private final long seed;
    private int next;
    private int size;

    RecentRequests(int capacity) {
        this(capacity, new SecureRandom().nextLong());
    }

    RecentRequests(int capacity, long seed) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        order = new long[capacity];
        // a table at most ~3/8 full keeps probe runs short
        table = new long[Integer.highestOneBit(capacity * 8 / 3) << 1];
        mask = table.length - 1;
        this.seed = seed;
    }

    /** Adds the request; false when it is among the recent ones already. The oldest is forgotten once full. */
    boolean add(String tenant, String requestId) {
        long h = hash(tenant, requestId);
        int slot = find(h);
        if (table[slot] == h) {
            return false;
        }
        if (size == order.length) {
            remove(order[next]);
            size--;
            slot = find(h);
        }
        table[slot] = h;
        order[next] = h;
        next = (next + 1) % order.length;
        size++;
        return true;
    }

    boolean contains(String tenant, String requestId) {
        long h = hash(tenant, requestId);
        return table[find(h)] == h;
    }

    int size() {
        return size;
    }

    /** The slot holding {@code h}, or the empty slot where it would go. */
    private int find(long h) {
        int i = (int) h & mask;
        while (table[i] != 0 && table[i] != h) {
            i = (i + 1) & mask;
        }
        return i;
    }

    /** Linear-probing deletion: later entries of the run move back so that every lookup still finds them. */
    private void remove(long h) {
        int hole = find(h);
        if (table[hole] != h) {
            return;
        }
        table[hole] = 0;
        for (int i = (hole + 1) & mask; table[i] != 0; i = (i + 1) & mask) {
            int home = (int) table[i] & mask;
            // the entry at i may fill the hole unless its home lies cyclically in (hole, i]
            boolean homeBetween = hole <= i ? (hole < home && home <= i) : (hole < home || home <= i);
            if (!homeBetween) {
                table[hole] = table[i];
                table[i] = 0;
                hole = i;
            }
        }
    }

    private long hash(String tenant, String requestId) {
        long h = mix(seed ^ tenant.length());
        for (int i = 0; i < tenant.length(); i++) {
            h = mix(h ^ tenant.charAt(i));
        }
        h = mix(h ^ 0x1_0000L ^ requestId.length());
        for (int i = 0; i < requestId.length(); i++) {
            h = mix(h ^ requestId.charAt(i));
        }
        return h == 0 ? 1 : h;
    }

    /** The SplitMix64 finaliser, applied after each character. */
    private static long mix(long z) {
        z = (z + 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
