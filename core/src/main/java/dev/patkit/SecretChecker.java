package dev.patkit;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks presented secrets with Argon2id inside a hashing budget: at most {@code permits} at once, and one waiting
 * rule for every caller: a caller that gets no permit within {@code wait} is refused as {@link RefusalReason#BUSY}
 * (an interrupted wait is {@code BUSY} too, with the interrupt kept). Verification and leak reports each have a
 * checker of their own, so that neither can starve the other.
 *
 * <p>Every method that takes a {@code char[] secret} owns it from then on and wipes it: at once, or, when a matched
 * hash needs re-hashing with the current parameters, once the re-hash has run in the background.
 */
final class SecretChecker {

    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);

    private final Argon2Hasher hasher;
    private final Semaphore permits;
    private final int size;
    private final long waitNanos;
    /** Where re-hashes run and are written; {@code null}: this checker never re-hashes. */
    private final Executor background;
    private final TokenStore store;
    private volatile String dummyHash;

    SecretChecker(Argon2Hasher hasher, int permits, Duration wait, Executor background, TokenStore store) {
        this.hasher = hasher;
        this.permits = new Semaphore(permits);
        this.size = permits;
        this.waitNanos = Times.saturatedNanos(wait);
        this.background = background;
        this.store = store;
    }

    /** {@code null} when the secret matches the token's hash; otherwise {@code WRONG_SECRET} or {@code BUSY}. */
    RefusalReason check(StoredToken token, char[] secret) {
        boolean handedOff = false;
        try {
            RefusalReason refused = verify(token.hash(), secret);
            if (refused == null && background != null && hasher.needsRehash(token.hash())) {
                handedOff = rehashLater(token.id(), secret);
            }
            return refused;
        } finally {
            if (!handedOff) {
                Arrays.fill(secret, '\0');
            }
        }
    }

    /**
     * Like {@link #check}, and for no token ({@code null}) the same work against a dummy hash, so that the answer
     * and the time taken do not tell whether the token exists: {@code WRONG_SECRET} for no token.
     */
    RefusalReason checkEvenWithout(StoredToken tokenOrNull, char[] secret) {
        if (tokenOrNull != null) {
            return check(tokenOrNull, secret);
        }
        try {
            RefusalReason refused = verify(dummyHash(), secret);
            return refused == RefusalReason.BUSY ? refused : RefusalReason.WRONG_SECRET;
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    /**
     * Passes the budget's gate without hashing: {@code BUSY} exactly when a hash would have been refused as busy now.
     * Refusals that need no hash go through it, so that a saturated budget answers {@code BUSY} for every lookup id,
     * live or not, and the answer does not tell them apart.
     */
    RefusalReason gate() {
        if (!acquire()) {
            return RefusalReason.BUSY;
        }
        permits.release();
        return null;
    }

    /** Permits in use now. */
    int inUse() {
        return size - permits.availablePermits();
    }

    private RefusalReason verify(String encoded, char[] secret) {
        if (!acquire()) {
            return RefusalReason.BUSY;
        }
        try {
            return hasher.verify(encoded, secret) ? null : RefusalReason.WRONG_SECRET;
        } finally {
            permits.release();
        }
    }

    private boolean acquire() {
        try {
            return permits.tryAcquire(waitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean rehashLater(String tokenId, char[] secret) {
        try {
            background.execute(() -> {
                try {
                    store.updateHash(tokenId, hasher.hash(secret));
                    LOG.info("token {} re-hashed with the current Argon2 parameters", tokenId);
                } catch (RuntimeException e) {
                    LOG.warn("re-hashing token {} failed; will retry after its next verification: {}", tokenId,
                            LogText.of(e));
                } finally {
                    Arrays.fill(secret, '\0');
                }
            });
            return true;
        } catch (RejectedExecutionException closing) {
            return false; // the service is closing: the next verification retries; never throw
        }
    }

    private String dummyHash() {
        String h = dummyHash;
        if (h == null) {
            char[] dummy = TokenFormat.randomChars(new SecureRandom(), TokenFormat.SECRET_LENGTH);
            h = hasher.hash(dummy);
            Arrays.fill(dummy, '\0');
            dummyHash = h;
        }
        return h;
    }
}
