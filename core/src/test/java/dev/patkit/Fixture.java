package dev.patkit;

import dev.patkit.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;

/** The usual test set-up: a counting in-memory store, a directory, a clock at {@link #T0}, cheap Argon2. */
class Fixture {

    /** 2026-03-01T10:00:00Z: whole seconds, so boundaries are easy to read. */
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Argon2Parameters CHEAP = Argon2Parameters.insecureForTestsOnly(64, 1, 1);

    final MutableClock clock = new MutableClock(T0);
    final CountingStore store = new CountingStore();
    final FakeDirectory directory = new FakeDirectory().user("alice", "dev", "ops").user("bob", "dev");
    final RecordingListener listener = new RecordingListener();

    /** A builder over this fixture's store, directory, clock and listener, with cheap Argon2 and no background flush. */
    TokenServiceBuilder builder() {
        return builderOver(store);
    }

    /** The same, over another store (for instance the raw store, to share it with a second service). */
    TokenServiceBuilder builderOver(TokenStore tokenStore) {
        return TokenService.builder()
                .store(tokenStore)
                .roleResolver(directory)
                .clock(clock)
                .listener(listener)
                .argon2(CHEAP)
                .lastUsedFlushInterval(Duration.ofHours(1));
    }

    /** The package-private service behind the facade, for flush() and counters. */
    static DefaultTokenService internals(TokenService service) {
        return (DefaultTokenService) service;
    }
}
