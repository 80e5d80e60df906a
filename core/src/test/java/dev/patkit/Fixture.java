package dev.patkit;

import dev.patkit.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The usual test set-up: a counting in-memory store, a directory, a clock at {@link #T0}, cheap Argon2. */
class Fixture {

    /** 2026-03-01T10:00:00Z: whole seconds, so boundaries are easy to read. */
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Argon2Parameters CHEAP = Argon2Parameters.insecureForTestsOnly(64, 1, 1);

    final MutableClock clock = new MutableClock(T0);
    final CountingStore store = new CountingStore();
    final FakeDirectory directory = new FakeDirectory().user("alice", "dev", "ops").user("bob", "dev");
    final RecordingListener listener = new RecordingListener();
    private final List<TokenService> opened = new ArrayList<>();

    /** Builds a service that {@link #closeAll()} closes. */
    TokenService open(TokenServiceBuilder builder) {
        TokenService s = builder.build();
        opened.add(s);
        return s;
    }

    /** Closes every service {@link #open} built (for an {@code @AfterEach}). */
    void closeAll() {
        opened.forEach(TokenService::close);
    }

    /** A builder over this fixture's store, directory, clock and listener, with cheap Argon2 and no background flush. */
    TokenServiceBuilder builder() {
        return builderOver(store);
    }

    /** The same, over another store (for instance the raw store, to share it with a second service). */
    TokenServiceBuilder builderOver(TokenStore tokenStore) {
        return builderOver(tokenStore, Set.of());
    }

    /**
     * The fixture's builder without the named options ({@code "clock"}, {@code "listener"}, {@code "argon2"},
     * {@code "roleResolver"}, {@code "lastUsedFlushInterval"}), so a test can set them itself (a setter takes one call).
     */
    TokenServiceBuilder builderWithout(String... options) {
        return builderOver(store, Set.of(options));
    }

    TokenServiceBuilder builderOver(TokenStore tokenStore, Set<String> without) {
        TokenServiceBuilder b = TokenService.builder().store(tokenStore);
        if (!without.contains("roleResolver")) {
            b.roleResolver(directory);
        }
        if (!without.contains("clock")) {
            b.clock(clock);
        }
        if (!without.contains("listener")) {
            b.listener(listener);
        }
        if (!without.contains("argon2")) {
            b.argon2(CHEAP);
        }
        if (!without.contains("lastUsedFlushInterval")) {
            b.lastUsedFlushInterval(Duration.ofHours(1));
        }
        return b;
    }
}
