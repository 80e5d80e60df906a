package dev.patkit.testing;

import dev.patkit.IssuedToken;
import dev.patkit.TokenService;
import dev.patkit.TokenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds one of a service's verification hashing permits for about a second, through behaviour only: it creates a
 * token, gives it a stored hash with a high Argon2 iteration count (so checking it is slow and matches nothing),
 * verifies that token on another thread, and returns once {@link TokenService#stats()} reports the permit in use.
 * Close it to wait for that verification to end.
 */
public final class HeldHashing implements AutoCloseable {

    /** An Argon2id hash that takes about a second to check on a 2-core machine, and that no secret matches. */
    public static final String SLOW_HASH = "$argon2id$v=19$m=1024,t=1500,p=1$c2xvd3NhbHRzbG93c2FsdA"
            + "$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    private static final AtomicInteger NAMES = new AtomicInteger();

    private final Thread verifier;

    private HeldHashing(Thread verifier) {
        this.verifier = verifier;
    }

    /**
     * Holds one more permit of {@code service}, whose store is {@code store}, with a token of {@code owner}.
     *
     * @throws AssertionError if the permit is not seen in use within 30 seconds
     */
    public static HeldHashing hold(TokenService service, TokenStore store, String owner) {
        int before = service.stats().hashingInUse();
        IssuedToken slow = service.create(owner, "held-hashing-" + NAMES.incrementAndGet());
        store.updateHash(slow.token().id(), SLOW_HASH);
        Thread t = new Thread(() -> service.verify(slow.revealPlaintext()), "held-hashing");
        t.setDaemon(true);
        t.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (service.stats().hashingInUse() <= before) {
            if (Instant.now().isAfter(deadline) || !t.isAlive()) {
                throw new AssertionError("the slow verification never held a hashing permit");
            }
            Thread.onSpinWait();
        }
        return new HeldHashing(t);
    }

    /** Waits for the held verification to end. */
    @Override
    public void close() {
        try {
            verifier.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
