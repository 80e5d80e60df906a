package dev.patkit.demo;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Rate limits by key in bounded memory: a leaky bucket per key, holding at most {@code capacity} units and draining
 * one unit every {@code drainOne}. An event that would overflow its bucket is refused, with the time until it would
 * fit; a refused event is not counted.
 *
 * <p>Each bucket is stored as the instant at which it will be empty (the generic cell rate algorithm), so a bucket
 * that has drained is worth nothing and is dropped first. When {@code maxKeys} buckets are held, drained ones are
 * dropped, then the emptiest tenth: memory stays bounded, and an attacker who floods the table with new keys resets
 * only the buckets that were the least full, never one at its limit while emptier ones remain.
 *
 * <p>Time comes from the clock given to the constructor, so tests advance it instead of sleeping.
 *
 * @param <K> the key, such as a client address
 */
final class LeakyBuckets<K> {

    private final int capacity;
    private final long drainMillis;
    private final int maxKeys;
    private final Clock clock;
    /** Key to the epoch millisecond at which its bucket is empty. Guarded by {@code this}. */
    private final Map<K, Long> emptyAt = new HashMap<>();

    /**
     * @param capacity the units a bucket holds (the burst), at least 1
     * @param drainOne the time in which one unit drains, at least a millisecond
     * @param maxKeys  the most buckets kept at once, at least 10
     * @param clock    the time
     */
    LeakyBuckets(int capacity, Duration drainOne, int maxKeys, Clock clock) {
        if (capacity < 1 || drainOne.toMillis() < 1 || maxKeys < 10) {
            throw new IllegalArgumentException("capacity >= 1, drainOne >= 1 ms and maxKeys >= 10 are required");
        }
        this.capacity = capacity;
        this.drainMillis = drainOne.toMillis();
        this.maxKeys = maxKeys;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Adds {@code cost} units to the key's bucket if they fit.
     *
     * @param cost at least 1, at most the capacity
     * @return {@link Duration#ZERO} if they fit (and were added); otherwise the time until they would fit
     */
    synchronized Duration tryAdd(K key, int cost) {
        if (cost < 1 || cost > capacity) {
            throw new IllegalArgumentException("cost must be between 1 and " + capacity);
        }
        long now = clock.millis();
        Long current = emptyAt.get(key);
        long start = current == null || current < now ? now : current;
        long after = start + cost * drainMillis;
        long over = after - now - capacity * drainMillis;
        if (over > 0) {
            return Duration.ofMillis(over);
        }
        if (current == null && emptyAt.size() >= maxKeys) {
            makeRoom(now);
        }
        emptyAt.put(key, after);
        return Duration.ZERO;
    }

    /** Takes back {@code cost} units added by {@link #tryAdd} (an event that turned out not to count). */
    synchronized void refund(K key, int cost) {
        long now = clock.millis();
        emptyAt.computeIfPresent(key, (k, at) -> {
            long back = at - cost * drainMillis;
            return back <= now ? null : back;
        });
    }

    /** Empties the key's bucket. */
    synchronized void reset(K key) {
        emptyAt.remove(key);
    }

    /** How many buckets are held now (for tests of the memory bound). */
    synchronized int size() {
        return emptyAt.size();
    }

    private void makeRoom(long now) {
        emptyAt.values().removeIf(at -> at <= now);
        if (emptyAt.size() < maxKeys) {
            return;
        }
        long[] all = emptyAt.values().stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(all);
        long threshold = all[Math.max(0, all.length / 10 - 1)];
        emptyAt.values().removeIf(at -> at <= threshold);
    }

    /** Whole seconds, rounded up, for a {@code Retry-After} header: at least 1. */
    static long retryAfterSeconds(Duration wait) {
        long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
