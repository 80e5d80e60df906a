package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patkit.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 3: last-used times are kept in memory, coalesced, and written in batches that never go backwards. */
class LastUsedTest {

    private static final Instant T0 = Fixture.T0;

    private final Fixture f = new Fixture();
    private final TokenService service = f.builder().build();

    @AfterEach
    void close() {
        service.close();
    }

    private Instant stored(Token t) {
        return f.store.delegate.findById(t.id()).orElseThrow().lastUsedAt();
    }

    private Token only(String owner) {
        assertThat(service.list(owner)).hasSize(1);
        return service.list(owner).get(0);
    }

    @Test
    void verificationWritesNothingToTheStore() {
        IssuedToken issued = service.create("alice", "ci");
        int writesBefore = f.store.totalCalls() - f.store.calls("findByLookupId");

        for (int i = 0; i < 10; i++) {
            f.clock.advance(Duration.ofSeconds(1));
            service.verify(issued.revealPlaintext());
        }

        assertThat(f.store.totalCalls() - f.store.calls("findByLookupId")).isEqualTo(writesBefore);
        assertThat(stored(issued.token())).isNull();
    }

    @Test
    void manyVerificationsOfOneTokenGiveOneWritePerFlushInterval() {
        IssuedToken issued = service.create("alice", "ci");
        String token = issued.revealPlaintext();
        for (int i = 0; i < 50; i++) {
            f.clock.advance(Duration.ofMillis(300));
            assertThat(service.verify(token).isAuthenticated()).isTrue();
        }

        service.flushLastUsed();

        assertThat(f.store.lastUsedBatches).containsExactly(Map.of(issued.token().id(), T0.plusSeconds(15)));
        service.flushLastUsed(); // nothing new: no write
        assertThat(f.store.calls("recordLastUsed")).isEqualTo(1);

        f.clock.advance(Duration.ofSeconds(60));
        service.verify(token);
        service.verify(token);
        service.flushLastUsed();
        assertThat(f.store.calls("recordLastUsed")).isEqualTo(2);
        assertThat(stored(issued.token())).isEqualTo(T0.plusSeconds(75));
    }

    @Test
    void tokensUsedInOneIntervalAreWrittenInOneBatch() {
        IssuedToken a = service.create("alice", "a");
        IssuedToken b = service.create("bob", "b");
        service.create("alice", "unused");
        service.verify(a.revealPlaintext());
        f.clock.advance(Duration.ofSeconds(1));
        service.verify(b.revealPlaintext());

        service.flushLastUsed();

        assertThat(f.store.lastUsedBatches).containsExactly(
                Map.of(a.token().id(), T0, b.token().id(), T0.plusSeconds(1)));
    }

    @Test
    void useIsRecordedAtMostOncePerClockSecond() {
        String token = service.create("alice", "ci").revealPlaintext();

        f.clock.set(T0.plusMillis(200));
        service.verify(token);
        f.clock.set(T0.plusMillis(900));
        service.verify(token);
        assertThat(only("alice").lastUsedAt()).contains(T0.plusMillis(200));

        f.clock.set(T0.plusSeconds(1));
        service.verify(token);
        assertThat(only("alice").lastUsedAt()).contains(T0.plusSeconds(1));
    }

    @Test
    void listShowsTheNewestTimeBeforeItIsFlushed() {
        IssuedToken issued = service.create("alice", "ci");
        service.verify(issued.revealPlaintext());
        service.flushLastUsed();
        f.clock.set(T0.plusSeconds(42));
        service.verify(issued.revealPlaintext());

        assertThat(stored(issued.token())).isEqualTo(T0);
        assertThat(only("alice").lastUsedAt()).contains(T0.plusSeconds(42));
        assertThat(service.unusedSince("alice", T0.plusSeconds(42))).isEmpty();
    }

    @Test
    void storedTimeNeverMovesBackwards() {
        IssuedToken issued = service.create("alice", "ci");
        String token = issued.revealPlaintext();
        f.clock.set(T0.plusSeconds(100));
        service.verify(token);
        service.flushLastUsed();

        MutableClock behind = new MutableClock(T0.plusSeconds(50));
        try (TokenService lagging = f.builderOver(f.store.delegate, Set.of("clock")).clock(behind).build()) {
            lagging.verify(token);
            lagging.flushLastUsed();

            assertThat(stored(issued.token())).isEqualTo(T0.plusSeconds(100));
            assertThat(lagging.list("alice").get(0).lastUsedAt()).contains(T0.plusSeconds(100));
        }
        f.clock.set(T0.plusSeconds(30)); // this node's clock steps back
        service.verify(token);
        service.flushLastUsed();
        assertThat(stored(issued.token())).isEqualTo(T0.plusSeconds(100));
        assertThat(only("alice").lastUsedAt()).contains(T0.plusSeconds(100));
    }

    @Test
    void closeFlushes() {
        IssuedToken issued = service.create("alice", "ci");
        f.clock.advance(Duration.ofSeconds(7));
        service.verify(issued.revealPlaintext());

        service.close();

        assertThat(stored(issued.token())).isEqualTo(T0.plusSeconds(7));
        service.close(); // idempotent
        assertThat(f.store.calls("recordLastUsed")).isEqualTo(1);
    }

    @Test
    void failedFlushKeepsItsTimesAndTheNextFlushWritesThem() {
        IssuedToken cached = service.create("alice", "cached");
        IssuedToken revoked = service.create("alice", "revoked");
        service.verify(cached.revealPlaintext());
        service.verify(revoked.revealPlaintext());
        service.revoke("alice", revoked.token().id()); // its pending time leaves the cache with it
        f.store.lastUsedFailures.set(1);

        assertThatThrownBy(service::flushLastUsed).isInstanceOf(TokenStoreException.class);
        assertThat(stored(cached.token())).isNull();
        assertThat(only("alice").lastUsedAt()).contains(T0);

        service.flushLastUsed();

        assertThat(stored(cached.token())).isEqualTo(T0);
        assertThat(stored(revoked.token())).isEqualTo(T0);
        assertThat(f.store.calls("recordLastUsed")).isEqualTo(2);
    }

    @Test
    void failedFlushOnCloseIsLoggedNotThrown() {
        IssuedToken issued = service.create("alice", "ci");
        service.verify(issued.revealPlaintext());
        f.store.lastUsedFailures.set(1);

        service.close();

        assertThat(f.store.calls("recordLastUsed")).isEqualTo(1);
        assertThat(stored(issued.token())).isNull();
    }

    @Test
    void timeOfAnExpiredCacheEntryIsStillWritten() {
        IssuedToken issued = service.create("alice", "ci");
        service.verify(issued.revealPlaintext());
        f.clock.advance(Duration.ofHours(1)); // far beyond the 10-minute verification cache

        service.flushLastUsed();

        assertThat(stored(issued.token())).isEqualTo(T0);
    }

    @Test
    void backgroundFlusherWritesAtItsIntervalEvenBelowOneMillisecond() throws InterruptedException {
        CountDownLatch written = new CountDownLatch(1);
        f.store.lastUsedWritten = written;
        try (TokenService fast = f.builderWithout("lastUsedFlushInterval").lastUsedFlushInterval(Duration.ofNanos(500_000)).build()) {
            IssuedToken issued = fast.create("alice", "ci");
            fast.verify(issued.revealPlaintext());

            assertThat(written.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(stored(issued.token())).isEqualTo(T0);
        }
    }
}
