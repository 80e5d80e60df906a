package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The last-used client address and the address history: recorded with the use (no store write on the verify path),
 * written with the time in the flush batch, listed, at most 8 distinct addresses, and a new-address event once per
 * address per node.
 */
class LastUsedAddressTest {

    private static final Instant T0 = Fixture.T0;
    private static final String A = "192.0.2.1";
    private static final String B = "2001:db8::b";

    private final Fixture f = new Fixture();
    private final TokenService service = f.builder().build();

    @AfterEach
    void close() {
        service.close();
    }

    private StoredToken stored(IssuedToken t) {
        return f.store.delegate.findById(t.token().id()).orElseThrow();
    }

    private List<String> newAddressEvents() {
        return f.listener.events().stream().filter(e -> e.startsWith("new address")).toList();
    }

    @Test
    void addressIsWrittenInTheSameFlushBatchAsTheTimeAndNeverOnTheVerifyPath() {
        IssuedToken issued = service.create("alice", "ci");
        int writes = f.store.totalCalls() - f.store.calls("findByLookupId");
        f.clock.advance(Duration.ofSeconds(5));

        for (String address : List.of(A, B, A, "198.51.100.3", A)) {
            assertThat(service.verify(issued.revealPlaintext(), address).isAuthenticated()).isTrue();
        }
        assertThat(f.store.totalCalls() - f.store.calls("findByLookupId")).isEqualTo(writes);
        service.flushLastUsed();

        assertThat(f.store.calls("recordLastUsed")).isEqualTo(1);
        TokenStore.LastUse written = f.store.lastUseBatches.get(0).get(issued.token().id());
        assertThat(f.store.lastUseBatches.get(0)).containsOnlyKeys(issued.token().id());
        assertThat(written.at()).isBetween(T0.plusSeconds(5), T0.plusSeconds(5).plusMillis(1));
        assertThat(written.recentAddresses()).containsExactly(A, "198.51.100.3", B);
        assertThat(stored(issued).recentAddresses()).containsExactly(A, "198.51.100.3", B);
        assertThat(stored(issued).lastUsedAt()).isEqualTo(written.at());
    }

    @Test
    void listShowsThePendingAddressWhenItIsNewerAndTheStoredOneOtherwise() {
        IssuedToken issued = service.create("alice", "ci");
        assertThat(service.list("alice").get(0).lastUsedAddress()).isEmpty();
        service.verify(issued.revealPlaintext(), "::ffff:192.0.2.1");
        assertThat(service.list("alice").get(0).lastUsedAddress()).contains(A);
        service.flushLastUsed();

        f.clock.advance(Duration.ofSeconds(30));
        service.verify(issued.revealPlaintext(), B);
        assertThat(stored(issued).recentAddresses()).containsExactly(A);
        assertThat(service.list("alice").get(0).lastUsedAddress()).contains(B);
        assertThat(service.list("alice").get(0).lastUsedAt()).contains(T0.plusSeconds(30));

        try (TokenService otherNode = f.builderOver(f.store.delegate).build()) {
            assertThat(otherNode.list("alice").get(0).lastUsedAddress()).contains(A);
            service.flushLastUsed();
            assertThat(otherNode.list("alice").get(0).lastUsedAddress()).contains(B);
        }
    }

    @Test
    void historyKeepsTheEightMostRecentDistinctCanonicalAddressesMostRecentFirst() {
        IssuedToken issued = service.create("alice", "ci");
        for (int i = 1; i <= 10; i++) {
            f.clock.advance(Duration.ofSeconds(1));
            service.verify(issued.revealPlaintext(), "10.0.0." + i);
        }
        service.verify(issued.revealPlaintext(), "::FFFF:10.0.0.5"); // 10.0.0.5 again, in another spelling
        service.verify(issued.revealPlaintext(), "2001:DB8:0:0:0:0:0:1");

        service.flushLastUsed();

        assertThat(stored(issued).recentAddresses()).containsExactly("2001:db8::1", "10.0.0.5", "10.0.0.10",
                "10.0.0.9", "10.0.0.8", "10.0.0.7", "10.0.0.6", "10.0.0.4");
        assertThat(StoredToken.MAX_RECENT_ADDRESSES).isEqualTo(8);
    }

    @Test
    void newAddressIsToldOnceAndLoggedAndAKnownAddressIsNotTold() throws IOException {
        IssuedToken issued = service.create("alice", "ci");
        String token = issued.revealPlaintext();

        service.verify(token, A);
        service.verify(token, A);
        service.verify(token, "::ffff:" + A);
        service.verify(token, B);
        service.verify(token, A); // back to a known one
        service.verify(token, "2001:db8:0::b");

        assertThat(newAddressEvents()).containsExactly("new address ci " + A, "new address ci " + B);
        String log = Files.readString(Path.of("target", "patkit-test.log"), StandardCharsets.UTF_8);
        assertThat(log).contains("token used from a new address: id=" + issued.token().id() + " owner=alice name=ci"
                + " address=" + B);
    }

    @Test
    void anotherNodeKnowsTheFlushedHistoryAndMayTellAnUnflushedAddressOnceMore() {
        IssuedToken issued = service.create("alice", "ci");
        String token = issued.revealPlaintext();
        service.verify(token, A);
        service.flushLastUsed();
        f.clock.advance(Duration.ofSeconds(1));
        service.verify(token, B); // not flushed yet

        try (TokenService otherNode = f.builderOver(f.store.delegate).build()) {
            otherNode.verify(token, A);
            otherNode.verify(token, B);
        }

        assertThat(newAddressEvents()).containsExactly("new address ci " + A, "new address ci " + B,
                "new address ci " + B);
    }

    @Test
    void refusedCallsAndCallsWithoutAnIpLiteralRecordNoAddressAndTellNothing() {
        IssuedToken issued = service.create(TokenRequest.of("alice", "ci").withAllowedAddresses(List.of("::/0",
                "0.0.0.0/0")));
        String token = issued.revealPlaintext();
        f.directory.deactivate("alice");
        assertThat(service.verify(token, A).isAuthenticated()).isFalse();
        f.directory.user("alice", "dev");
        IssuedToken open = service.create("alice", "open");
        service.verify(open.revealPlaintext(), "localhost");
        service.verify(open.revealPlaintext());
        service.verify(open.revealPlaintext(), null);

        service.flushLastUsed();

        assertThat(newAddressEvents()).isEmpty();
        assertThat(stored(open).lastUsedAt()).isEqualTo(T0);
        assertThat(stored(open).recentAddresses()).isEmpty();
        assertThat(f.store.lastUseBatches.get(0).get(open.token().id()).recentAddresses()).isNull();
        assertThat(stored(issued).recentAddresses()).isEmpty();
        assertThat(stored(issued).lastUsedAt()).isNull();
    }

    @Test
    void useWithoutAnAddressKeepsTheHistoryAndWritesNoneOfIt() {
        IssuedToken issued = service.create("alice", "ci");
        service.verify(issued.revealPlaintext(), A);
        service.flushLastUsed();
        f.clock.advance(Duration.ofSeconds(10));

        service.verify(issued.revealPlaintext());
        service.flushLastUsed();

        assertThat(f.store.lastUseBatches.get(1)).isEqualTo(Map.of(issued.token().id(),
                new TokenStore.LastUse(T0.plusSeconds(10), null)));
        assertThat(stored(issued).recentAddresses()).containsExactly(A);
        assertThat(service.list("alice").get(0).lastUsedAddress()).contains(A);
    }

    @Test
    void addressChangedWithinTheSecondOfTheLastWrittenUseIsStillWritten() {
        IssuedToken issued = service.create("alice", "ci");
        service.verify(issued.revealPlaintext(), A);
        service.flushLastUsed();

        service.verify(issued.revealPlaintext(), B); // the clock has not moved
        service.flushLastUsed();

        assertThat(stored(issued).recentAddresses()).containsExactly(B, A);
        assertThat(stored(issued).lastUsedAt()).isAfter(T0).isBefore(T0.plusMillis(1));
    }

    @Test
    void historySurvivesEvictionFromTheVerificationCacheAndIsNotToldTwice() {
        try (TokenService small = f.builder().verificationCacheSize(1).build()) {
            IssuedToken a = small.create("alice", "a");
            IssuedToken b = small.create("alice", "b");
            small.verify(a.revealPlaintext(), A);
            small.verify(b.revealPlaintext(), B);
            assertThat(small.stats().cachedVerifications()).isEqualTo(1); // one of them was evicted, unflushed

            small.verify(a.revealPlaintext(), A);
            small.verify(b.revealPlaintext(), B);
            small.flushLastUsed();

            assertThat(newAddressEvents()).containsExactly("new address a " + A, "new address b " + B);
            assertThat(stored(a).recentAddresses()).containsExactly(A);
            assertThat(stored(b).recentAddresses()).containsExactly(B);
        }
    }

    @Test
    void historyOfAnExpiredCacheEntryIsKeptForItsReplacement() {
        IssuedToken issued = service.create("alice", "ci");
        service.verify(issued.revealPlaintext(), A);
        f.clock.advance(Duration.ofMinutes(11)); // beyond the 10-minute verification cache
        service.verify(issued.revealPlaintext(), B);
        service.verify(issued.revealPlaintext(), A);

        service.flushLastUsed();

        assertThat(service.stats().argon2Verifications()).isEqualTo(2);
        assertThat(newAddressEvents()).containsExactly("new address ci " + A, "new address ci " + B);
        assertThat(stored(issued).recentAddresses()).containsExactly(A, B);
    }

    @Test
    void historyOfAForgottenTokenIsWrittenByTheNextFlush() {
        IssuedToken issued = service.create("alice", "ci");
        service.verify(issued.revealPlaintext(), A);
        f.clock.advance(Duration.ofSeconds(3));
        service.verify(issued.revealPlaintext(), B);

        service.revoke("alice", issued.token().id()); // forgets what this node cached of it
        assertThat(service.stats().cachedVerifications()).isZero();
        service.flushLastUsed();

        assertThat(stored(issued).recentAddresses()).containsExactly(B, A);
        assertThat(stored(issued).lastUsedAt()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void failedFlushKeepsTheHistoryForTheNextOne() {
        IssuedToken issued = service.create("alice", "ci");
        service.verify(issued.revealPlaintext(), A);
        f.store.lastUsedFailures.set(1);
        try {
            service.flushLastUsed();
        } catch (TokenStoreException expected) {
            // kept for the next flush
        }

        service.flushLastUsed();

        assertThat(stored(issued).recentAddresses()).containsExactly(A);
    }
}
