package dev.patkit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A presented token that was verified once: its digest, the token it matched, its latest use not yet written, and the
 * last answer given for it (reused while the owner's effective roles are the same immutable set, so that a hot
 * verification allocates no result).
 */
final class CachedVerification {

    private static final VarHandle LAST_USE;

    static {
        try {
            LAST_USE = MethodHandles.lookup().findVarHandle(CachedVerification.class, "lastUse", Instant.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final DigestKey key;
    final String tokenId;
    final String lookupId;
    /** Latest use, changed at most once per second of clock time. */
    volatile Instant lastUse;
    /** The last use written to the store; written only under the tracker's flush lock. */
    volatile Instant flushed;
    private volatile Verification.Authenticated lastAnswer;

    CachedVerification(DigestKey key, String tokenId, String lookupId) {
        this.key = key;
        this.tokenId = tokenId;
        this.lookupId = lookupId;
    }

    /**
     * Records a use if it falls in a later clock second than the last one recorded (so at most one change per
     * second, and the time never moves backwards, even when threads race), truncated to microseconds. {@code now}
     * itself is never kept.
     */
    void recordUse(Instant now) {
        Instant last = lastUse;
        if (last != null && now.getEpochSecond() <= last.getEpochSecond()) {
            return;
        }
        Instant at = Instant.ofEpochSecond(now.getEpochSecond(), now.getNano() / 1_000 * 1_000);
        while (last == null || now.getEpochSecond() > last.getEpochSecond()) {
            if (LAST_USE.compareAndSet(this, last, at)) {
                return;
            }
            last = lastUse;
        }
    }

    /** The latest use not yet written, or {@code null}. */
    Instant unflushedUse() {
        Instant at = lastUse;
        Instant done = flushed;
        return at != null && (done == null || at.isAfter(done)) ? at : null;
    }

    /** The answer for this token with these effective roles: the last one if its roles are this very set. */
    Verification.Authenticated answer(StoredToken state, Set<String> roles, TokenRules rules) {
        Verification.Authenticated a = lastAnswer;
        if (a == null || a.roles() != roles) {
            a = new Verification.Authenticated(state.owner(), state.id(), state.name(), roles,
                    Optional.ofNullable(rules.end(state)));
            lastAnswer = a;
        }
        return a;
    }
}
