package dev.patkit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * What this node remembers about presented tokens, each bounded in size and time (on the service's clock):
 * <ul>
 *   <li>{@link #verified}: digest of a presented token to its successful verification, so it skips Argon2 until the
 *       entry's {@code validUntil}, {@code verificationCacheTtl} after it was made. The verify path checks that
 *       limit on the clock reading it takes anyway; in strict mode this cache is bounded in size only, so a hit reads
 *       no ticker (see the note at the constructor). {@link #dropExpired} (periodically, and before counting) removes
 *       entries past it, the way an eviction does;
 *   <li>{@link #wrongSecrets}: digest of a wrong secret for a live lookup id to the token id, until
 *       {@code wrongSecretMemory} has passed, so repeating it costs no Argon2;
 *   <li>{@link #states}: lookup id to the token's stored state, only when {@code stateTtl} is positive or in cluster
 *       mode (in strict mode, {@code null}: every verification reads the store). In cluster mode a state is used only
 *       while the {@link ClusterTrust} trusts the cache and only if it was loaded in the current epoch; otherwise
 *       the store is read and nothing is cached. Unknown lookup ids are never cached, so a new token is found.
 * </ul>
 * Keys are SHA-256 digests ({@link DigestKey}) and lookup ids, never a plaintext. {@link #forget} drops all this node
 * knows of one token; it is called before or whatever the outcome of every revocation.
 */
final class TokenCaches {

    final Cache<DigestKey, CachedVerification> verified;
    final Cache<DigestKey, WrongSecret> wrongSecrets;
    final Cache<String, CachedState> states;
    private final TokenStore store;
    private final LastUsedTracker lastUsed;
    private final Duration verifiedTtl;
    private final Duration wrongSecretMemory;
    private final Clock clock;
    private final Function<String, CachedState> loadForStateTtl = id -> load(id, 0);
    /** Set once, before the service is handed out, in cluster mode; {@code null} otherwise. */
    private ClusterTrust trust;

    /** A token's state as loaded, with the cluster epoch it was loaded in. */
    record CachedState(StoredToken state, long epoch) {
    }

    /** A wrong secret's token id, remembered until {@code until}. */
    record WrongSecret(String tokenId, Instant until) {
    }

    /*
     * All caches are one kind of Caffeine cache, so that the JIT sees one class in Caffeine's shared look-up code and
     * can inline it: with two kinds, a hit costs the allocation of its digest key (48 B, measured in cluster mode).
     * Without the state cache (strict mode) none expires by Caffeine: the verified and wrong-secret entries carry
     * their own deadline, checked on the clock, so a hit reads no ticker. With it (stateTtl, cluster mode) all expire
     * by Caffeine's ticker too, as the state cache needs.
     */
    TokenCaches(TokenServiceBuilder b, LastUsedTracker lastUsed) {
        this.store = b.store;
        this.lastUsed = lastUsed;
        this.verifiedTtl = b.verificationCacheTtl;
        this.wrongSecretMemory = b.wrongSecretMemory;
        this.clock = b.clock;
        Duration statesTtl = b.cluster != null ? b.verificationCacheTtl : b.stateTtl;
        Ticker ticker = statesTtl.isZero() ? null : Times.tickerFor(b.clock);
        this.verified = bounded(ticker, b.verificationCacheSize, b.verificationCacheTtl)
                .evictionListener((DigestKey k, CachedVerification v, RemovalCause cause) -> {
                    if (v != null) {
                        lastUsed.evicted(v);
                    }
                })
                .build();
        this.wrongSecrets = bounded(ticker, Math.max(1_000, b.verificationCacheSize / 10), b.wrongSecretMemory).build();
        this.states = ticker == null ? null : bounded(ticker, b.verificationCacheSize, statesTtl).build();
    }

    /** A cache bounded in size, and in time by Caffeine only with a {@code ticker}. */
    private static Caffeine<Object, Object> bounded(Ticker ticker, long size, Duration ttl) {
        Caffeine<Object, Object> c = Caffeine.newBuilder().maximumSize(size);
        return ticker == null ? c : c.ticker(ticker).expireAfterWrite(ttl);
    }

    /** The cached verification of this presented token, or {@code null}. */
    CachedVerification verified(DigestKey key) {
        return verified.getIfPresent(key);
    }

    /** Until when a verification made at {@code now} may skip Argon2. */
    Instant verifiedUntil(Instant now) {
        return Times.plusSaturated(now, verifiedTtl);
    }

    /** Caches a successful verification (replacing any earlier one of the same token). */
    void remember(CachedVerification v) {
        lastUsed.track(v);
        verified.put(v.key, v);
    }

    /** The token id this presented token was a wrong secret for, or {@code null}. */
    String wrongSecretFor(DigestKey key) {
        WrongSecret w = wrongSecrets.getIfPresent(key);
        return w != null && clock.instant().isBefore(w.until) ? w.tokenId : null;
    }

    void rememberWrongSecret(DigestKey key, String tokenId) {
        wrongSecrets.put(key, new WrongSecret(tokenId, Times.plusSaturated(clock.instant(), wrongSecretMemory)));
    }

    /** Cluster mode: states are used only as {@code trust} allows. */
    void trustedBy(ClusterTrust clusterTrust) {
        this.trust = clusterTrust;
    }

    /** The token's state: from the store (strict), or from the state cache; {@code null} for no such token. */
    StoredToken state(String lookupId) {
        if (states == null) {
            return read(lookupId);
        }
        if (trust == null) { // stateTtl
            CachedState s = states.get(lookupId, loadForStateTtl);
            return s == null ? null : s.state;
        }
        if (!trust.isTrusted()) {
            return read(lookupId);
        }
        long epoch = trust.epoch(); // before the load: a loss of trust during it makes the result unusable
        CachedState s = states.getIfPresent(lookupId);
        if (s == null || s.epoch != epoch) {
            s = states.asMap().compute(lookupId, (id, old) -> old != null && old.epoch == epoch ? old : load(id, epoch));
        }
        return s == null ? null : s.state;
    }

    /** Drops every cached state (cluster mode: after any loss of trust). */
    void dropStates() {
        if (states != null) {
            states.invalidateAll();
        }
    }

    private StoredToken read(String lookupId) {
        return store.findByLookupId(lookupId).orElse(null);
    }

    private CachedState load(String lookupId, long epoch) {
        StoredToken t = read(lookupId);
        return t == null ? null : new CachedState(t, epoch);
    }

    /** Drops what this node remembers of a token, so its next verification reads the store and hashes. */
    void forget(String tokenId, String lookupId) {
        CachedVerification v = lastUsed.forget(tokenId);
        if (v != null) {
            verified.invalidate(v.key);
        }
        if (states != null) {
            states.invalidate(lookupId);
        }
    }

    /**
     * Removes the verifications past their {@code validUntil}, each handed to the tracker as an eviction is, and the
     * wrong secrets past their time.
     */
    void dropExpired() {
        Instant now = clock.instant();
        wrongSecrets.asMap().values().removeIf(w -> !now.isBefore(w.until));
        for (CachedVerification v : verified.asMap().values()) {
            if (!now.isBefore(v.validUntil) && verified.asMap().remove(v.key, v)) {
                lastUsed.evicted(v);
            }
        }
    }

    /** Cached verifications, once pending evictions have run (off the verify path: for metrics). */
    long size() {
        dropExpired();
        verified.cleanUp();
        return verified.estimatedSize();
    }
}
