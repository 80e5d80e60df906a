package dev.patkit.servlet;

import dev.patkit.Argon2Parameters;
import dev.patkit.InMemoryTokenStore;
import dev.patkit.TokenRequest;
import dev.patkit.TokenService;
import dev.patkit.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real token service for the HTTP tests: the in-memory store, real Argon2 with cheap test parameters, a role
 * directory in memory and a test clock; it remembers every plaintext it issued, for the log checks.
 */
final class TestTokens implements AutoCloseable {

    final MutableClock clock = new MutableClock(Instant.now());
    final Directory directory = new Directory();
    final TokenService service = TokenService.builder()
            .store(new InMemoryTokenStore())
            .roleResolver(directory)
            .clock(clock)
            .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
            .hashingWait(Duration.ofSeconds(30))
            .lastUsedFlushInterval(Duration.ofHours(1))
            .build();
    final Set<String> plaintexts = ConcurrentHashMap.newKeySet();
    private final AtomicInteger users = new AtomicInteger();
    private final String userPrefix;

    TestTokens(String userPrefix) {
        this.userPrefix = userPrefix.replace(' ', '-');
    }

    /** A new active user with these roles. */
    String newUser(String... roles) {
        String user = userPrefix + "-user-" + users.incrementAndGet();
        directory.put(user, roles);
        return user;
    }

    /** The plaintext of a new token of a new user with the role {@code read}. */
    String token() {
        return token(TokenRequest.of(newUser("read"), "t"));
    }

    /** The plaintext of a new token as requested. */
    String token(TokenRequest request) {
        String plaintext = service.create(request).revealPlaintext();
        plaintexts.add(plaintext);
        return plaintext;
    }

    @Override
    public void close() {
        service.close();
    }
}
