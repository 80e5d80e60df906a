package dev.patkit.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.Argon2Parameters;
import dev.patkit.InMemoryTokenStore;
import dev.patkit.IssuedToken;
import dev.patkit.StoredToken;
import dev.patkit.TokenService;
import dev.patkit.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code close()} writes every pending last-used time, even while the verification cache is evicting expired entries
 * on another thread. An evicted entry's pending time moves from the cache's entries to the "orphan" times; the final
 * flush must find it in one place or the other, whatever the interleaving. (Found by the security review as a flaky
 * core test, {@code LastUsedTest#timeOfAnExpiredCacheEntryIsStillWritten}: a flush that ran between the two steps of
 * an eviction missed the time, and after {@code close()} nothing wrote it.)
 */
class LastUsedEvictionRaceTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final int TOKENS = 5_000;
    private static final int ROUNDS = 20;

    @Test
    void closeWritesEveryPendingLastUsedTimeEvenWhileExpiredCacheEntriesAreBeingEvicted() throws Exception {
        InMemoryTokenStore store = new InMemoryTokenStore();
        List<String> plaintexts = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try (TokenService creator = TokenService.builder().store(store)
                .roleResolver(user -> Optional.of(Set.of("dev")))
                .argon2(Argon2Parameters.insecureForTestsOnly(8, 1, 1)).build()) {
            for (int i = 0; i < TOKENS; i++) {
                IssuedToken t = creator.create("user" + (i % 100), "t" + i);
                plaintexts.add(t.revealPlaintext());
                ids.add(t.token().id());
            }
        }
        ExecutorService evictor = Executors.newSingleThreadExecutor();
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                MutableClock clock = new MutableClock(T0.plus(Duration.ofDays(round)));
                Instant used = clock.instant();
                TokenService service = TokenService.builder().store(store)
                        .roleResolver(user -> Optional.of(Set.of("dev")))
                        .argon2(Argon2Parameters.insecureForTestsOnly(8, 1, 1))
                        .clock(clock)
                        .lastUsedFlushInterval(Duration.ofHours(1))
                        .build();
                for (String p : plaintexts) {
                    assertThat(service.verify(p).isAuthenticated()).isTrue();
                }
                clock.advance(Duration.ofHours(1)); // every cached verification has expired
                CyclicBarrier start = new CyclicBarrier(2);
                Future<Long> eviction = evictor.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return service.stats().cachedVerifications(); // runs Caffeine's clean-up: evicts everything
                });
                start.await(10, TimeUnit.SECONDS);
                service.close();
                assertThat(eviction.get(30, TimeUnit.SECONDS)).isZero();

                int stale = 0;
                for (String id : ids) {
                    StoredToken t = store.findById(id).orElseThrow();
                    if (!used.equals(t.lastUsedAt())) {
                        stale++;
                    }
                }
                assertThat(stale).as("round %d: tokens whose last use close() did not write", round).isZero();
            }
        } finally {
            evictor.shutdownNow();
        }
    }
}
