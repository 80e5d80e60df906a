package dev.patkit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token service. Verification path, in order of cost:
 * <ol>
 *   <li>format and checksum: no allocation, no store, no hash;
 *   <li>SHA-256 of the presented token, looked up in the verified cache (a hit skips Argon2) and in the
 *       wrong-secret memory (a hit is refused without Argon2);
 *   <li>token state from the store (strict) or from the state cache ({@code stateTtl});
 *   <li>on a miss only: Argon2id, at most {@code maxConcurrentHashes} at once;
 *   <li>the owner's roles from the {@link RoleResolver}, every time.
 * </ol>
 * Last-used times are recorded on the cache entry and written in batches by the background thread.
 *
 * <p>Every instant that reaches the store (created, expires, revoked, last used) is truncated to microseconds, the
 * precision SQL stores keep, so a {@link Token} returned here equals the one a store gives back later. The caches'
 * time limits run on the injected {@link Clock} (as a Caffeine {@link Ticker}); with a system clock they run on
 * {@link System#nanoTime()}.
 */
final class DefaultTokenService implements TokenService {

    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);
    private static final int MAX_OWNER_LENGTH = 255;
    private static final int MAX_NAME_LENGTH = 100;
    private static final int MAX_SCOPES = 50;
    private static final Verification.Refused[] REFUSALS = Arrays.stream(RefusalReason.values())
            .map(Verification.Refused::new).toArray(Verification.Refused[]::new);
    private static final Comparator<Token> NEWEST_FIRST = Comparator.comparing(Token::createdAt).reversed()
            .thenComparing(Token::id);

    private final TokenStore store;
    private final RoleResolver roleResolver;
    private final Clock clock;
    private final TokenFormat format;
    private final Argon2Hasher hasher;
    private final SecureRandom random = new SecureRandom();
    private final boolean requireExpiration;
    private final Duration maxLifetime;
    private final int maxActiveTokensPerOwner;
    private final TokenListener listener;
    private final Semaphore hashing;
    private final long hashingWaitNanos;

    /** Presented-token digest to the token it was verified against. */
    private final Cache<DigestKey, Verified> verified;
    /** The same entries by token id, for invalidation and pending last-used times. */
    private final Map<String, Verified> verifiedByTokenId = new ConcurrentHashMap<>();
    /** Presented-token digest of a wrong secret for an existing lookup id, to the token id. */
    private final Cache<DigestKey, String> wrongSecrets;
    /** Lookup id to token state; {@code null} in strict mode. */
    private final Cache<String, StoredToken> states;
    /** Last-used times not yet written whose cache entry is gone (evicted, invalidated, or a failed flush). */
    private final Map<String, Instant> orphanLastUsed = new ConcurrentHashMap<>();
    private final Object flushLock = new Object();
    private final ScheduledExecutorService background;
    private volatile String dummyHash;
    private volatile boolean closed;

    DefaultTokenService(TokenServiceBuilder b) {
        this.store = b.store;
        this.roleResolver = b.roleResolver;
        this.clock = b.clock;
        this.format = new TokenFormat(b.prefix);
        this.hasher = new Argon2Hasher(b.argon2);
        this.requireExpiration = b.requireExpiration || b.maxLifetime != null;
        this.maxLifetime = b.maxLifetime;
        this.maxActiveTokensPerOwner = b.maxActiveTokensPerOwner;
        this.listener = b.listener;
        this.hashing = new Semaphore(b.maxConcurrentHashes);
        this.hashingWaitNanos = saturatedNanos(b.hashingWait);
        Ticker ticker = tickerFor(clock);
        this.verified = Caffeine.newBuilder()
                .ticker(ticker)
                .maximumSize(b.verificationCacheSize)
                .expireAfterWrite(b.verificationCacheTtl)
                .evictionListener((DigestKey k, Verified v, RemovalCause cause) -> {
                    if (v != null) {
                        // Pending use first, removal second: a flush that no longer finds the entry finds its time
                        // among the orphans (flush reads the entries before the orphans).
                        keepPendingUse(v);
                        verifiedByTokenId.remove(v.tokenId, v);
                    }
                })
                .build();
        this.wrongSecrets = Caffeine.newBuilder()
                .ticker(ticker)
                .maximumSize(Math.max(1_000, b.verificationCacheSize / 10))
                .expireAfterWrite(b.wrongSecretMemory)
                .build();
        this.states = b.stateTtl.isZero() ? null : Caffeine.newBuilder()
                .ticker(ticker)
                .maximumSize(b.verificationCacheSize)
                .expireAfterWrite(b.stateTtl)
                .build();
        this.background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "patkit-background");
            t.setDaemon(true);
            return t;
        });
        long interval = saturatedNanos(b.lastUsedFlushInterval);
        background.scheduleWithFixedDelay(this::flushQuietly, interval, interval, TimeUnit.NANOSECONDS);
        LOG.info("patkit token service started: {}", b);
    }

    // ------------------------------------------------------------------ verify

    @Override
    public Verification verify(String presented) {
        if (presented == null || !format.hasShape(presented)) {
            return refuse(RefusalReason.MALFORMED, null);
        }
        Scratch scratch = Scratch.current();
        int length = presented.length();
        boolean wellFormed = format.check(presented, scratch);
        DigestKey key = wellFormed ? DigestKey.of(scratch, length) : null;
        scratch.wipe(length);
        if (!wellFormed) {
            return refuse(RefusalReason.MALFORMED, null);
        }
        Verified entry = verified.getIfPresent(key);
        StoredToken state;
        if (entry != null) {
            try {
                state = readState(entry.lookupId);
            } catch (RuntimeException e) {
                return storeUnavailable(e, entry.tokenId);
            }
            if (state == null || !state.id().equals(entry.tokenId)) {
                forget(entry.tokenId, entry.lookupId);
                return refuse(RefusalReason.UNKNOWN, null);
            }
        } else {
            String wrongFor = wrongSecrets.getIfPresent(key);
            if (wrongFor != null) {
                return refuse(RefusalReason.WRONG_SECRET, wrongFor);
            }
            String lookupId = format.lookupId(presented);
            try {
                state = readState(lookupId);
            } catch (RuntimeException e) {
                return storeUnavailable(e, null);
            }
            if (state == null) {
                return refuse(RefusalReason.UNKNOWN, null);
            }
            RefusalReason early = stateProblem(state, clock.instant());
            if (early != null) {
                return refuse(early, state.id());
            }
            RefusalReason hashProblem = checkSecret(presented, state);
            if (hashProblem != null) {
                if (hashProblem == RefusalReason.WRONG_SECRET) {
                    wrongSecrets.put(key, state.id());
                }
                return refuse(hashProblem, state.id());
            }
            Verified fresh = new Verified(key, state.id(), lookupId);
            // A replaced entry leaves its pending use among the orphans before it leaves the map, atomically, so
            // that no flush misses that time.
            verifiedByTokenId.compute(state.id(), (id, previous) -> {
                if (previous != null) {
                    keepPendingUse(previous);
                }
                return fresh;
            });
            verified.put(key, fresh);
            entry = fresh;
        }
        Instant now = clock.instant();
        RefusalReason problem = stateProblem(state, now);
        if (problem != null) {
            return refuse(problem, state.id());
        }
        Set<String> effective;
        try {
            Optional<Set<String>> roles = roleResolver.currentRoles(state.owner());
            if (roles == null || roles.isEmpty()) {
                return refuse(RefusalReason.OWNER_INACTIVE, state.id());
            }
            // Inside the try: a broken answer (a null role, a failing set) refuses like a failing resolver.
            effective = narrow(roles.get(), state.scopes());
        } catch (RuntimeException e) {
            LOG.warn("role resolver failed for token {}; refusing: {}", state.id(), e.toString());
            return refuse(RefusalReason.RESOLVER_UNAVAILABLE, state.id());
        }
        entry.recordUse(now);
        return new Verification.Authenticated(state.owner(), state.id(), state.name(), effective);
    }

    /** Argon2 under the hashing bound; {@code null} when the secret matches. */
    private RefusalReason checkSecret(String presented, StoredToken state) {
        char[] secret = new char[TokenFormat.SECRET_LENGTH];
        format.copySecret(presented, secret);
        boolean handedOff = false;
        try {
            if (!hashing.tryAcquire(hashingWaitNanos, TimeUnit.NANOSECONDS)) {
                return RefusalReason.BUSY;
            }
            boolean matches;
            try {
                matches = hasher.verify(state.hash(), secret);
            } finally {
                hashing.release();
            }
            if (!matches) {
                return RefusalReason.WRONG_SECRET;
            }
            if (hasher.needsRehash(state.hash())) {
                handedOff = rehashLater(state.id(), secret);
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RefusalReason.BUSY;
        } finally {
            if (!handedOff) {
                Arrays.fill(secret, '\0');
            }
        }
    }

    private boolean rehashLater(String tokenId, char[] secret) {
        if (closed) {
            return false;
        }
        try {
            background.execute(() -> {
                try {
                    store.updateHash(tokenId, hasher.hash(secret));
                    LOG.info("token {} re-hashed with the current Argon2 parameters", tokenId);
                } catch (RuntimeException e) {
                    LOG.warn("re-hashing token {} failed; will retry after its next verification: {}", tokenId,
                            e.toString());
                } finally {
                    Arrays.fill(secret, '\0');
                }
            });
            return true;
        } catch (RejectedExecutionException closing) {
            // close() raced this verification: skip the re-hash (the next verification retries); never throw.
            return false;
        }
    }

    private StoredToken readState(String lookupId) {
        if (states == null) {
            return store.findByLookupId(lookupId).orElse(null);
        }
        return states.get(lookupId, id -> store.findByLookupId(id).orElse(null));
    }

    /** Revoked or expired (including by the current lifetime policy); {@code null} if neither. */
    private RefusalReason stateProblem(StoredToken t, Instant now) {
        if (t.revokedAt() != null) {
            return RefusalReason.REVOKED;
        }
        if (t.expiresAt() != null && !now.isBefore(t.expiresAt())) {
            return RefusalReason.EXPIRED;
        }
        if (maxLifetime != null && !now.isBefore(t.createdAt().plus(maxLifetime))) {
            return RefusalReason.EXPIRED;
        }
        return null;
    }

    private static Set<String> narrow(Set<String> roles, Set<String> scopes) {
        if (scopes.isEmpty()) {
            return Set.copyOf(roles);
        }
        Set<String> effective = new HashSet<>(roles);
        effective.retainAll(scopes);
        return Set.copyOf(effective);
    }

    private Verification storeUnavailable(RuntimeException e, String tokenId) {
        LOG.warn("token store failed during verification; refusing: {}", e.toString());
        return refuse(RefusalReason.STORE_UNAVAILABLE, tokenId);
    }

    private Verification refuse(RefusalReason reason, String tokenId) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("token refused: reason={} tokenId={}", reason, tokenId);
        }
        try {
            listener.refused(reason, tokenId);
        } catch (RuntimeException e) {
            LOG.warn("token listener failed on refused: {}", e.toString());
        }
        return REFUSALS[reason.ordinal()];
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public IssuedToken create(String owner, String name, Instant expiresAt, Set<String> scopes) {
        checkOwner(owner);
        String cleanName = checkName(name);
        Set<String> cleanScopes = checkScopes(scopes);
        checkOpen();
        Instant now = micros(clock.instant());
        Instant expiry = micros(expiresAt);
        checkExpiry(now, expiry);
        if (maxActiveTokensPerOwner > 0 && store.listByOwner(owner).size() >= maxActiveTokensPerOwner) {
            throw new TokenRequestException(TokenRequestException.Problem.TOO_MANY_TOKENS,
                    "this account already has the maximum of " + maxActiveTokensPerOwner
                            + " active tokens; revoke one first");
        }
        Minted minted = mint(owner, cleanName, now, expiry, cleanScopes, null);
        if (!store.insert(minted.stored)) {
            throw nameTaken();
        }
        Token token = view(minted.stored);
        LOG.info("token created: id={} owner={} name={}", token.id(), owner, cleanName);
        tell(() -> listener.created(token));
        return new IssuedToken(token, minted.plaintext);
    }

    @Override
    public List<Token> list(String owner) {
        Objects.requireNonNull(owner, "owner");
        List<Token> out = views(store.listByOwner(owner));
        out.sort(NEWEST_FIRST);
        return out;
    }

    @Override
    public void revoke(String owner, String tokenId) {
        StoredToken t = findOwned(owner, tokenId);
        Instant now = micros(clock.instant());
        boolean revokedNow = store.revoke(t.id(), now);
        forget(t.id(), t.lookupId());
        if (revokedNow) {
            Token token = view(t.withRevokedAt(now));
            LOG.info("token revoked: id={} owner={} name={} cause={}", t.id(), owner, t.name(),
                    RevocationCause.OWNER);
            tell(() -> listener.revoked(token, RevocationCause.OWNER));
        }
    }

    @Override
    public int revokeAll(String owner) {
        checkOwner(owner);
        Instant now = micros(clock.instant());
        List<StoredToken> revoked = store.revokeAll(owner, now);
        for (StoredToken t : revoked) {
            forget(t.id(), t.lookupId());
            Token token = view(t.withRevokedAt(now));
            tell(() -> listener.revoked(token, RevocationCause.ALL_OF_OWNER));
        }
        LOG.info("all tokens of owner {} revoked: {}", owner, revoked.size());
        return revoked.size();
    }

    @Override
    public IssuedToken rotate(String owner, String tokenId) {
        StoredToken old = findOwned(owner, tokenId);
        Instant now = micros(clock.instant());
        Instant expiresAt = old.expiresAt() == null ? null
                : now.plus(Duration.between(old.createdAt(), old.expiresAt()));
        return rotate(old, now, expiresAt);
    }

    @Override
    public IssuedToken rotate(String owner, String tokenId, Instant expiresAt) {
        return rotate(findOwned(owner, tokenId), micros(clock.instant()), micros(expiresAt));
    }

    private IssuedToken rotate(StoredToken old, Instant now, Instant expiresAt) {
        checkOpen();
        if (old.isRevoked()) {
            throw new TokenNotFoundException();
        }
        checkExpiry(now, expiresAt);
        Minted minted = mint(old.owner(), old.name(), now, expiresAt, old.scopes(), old.id());
        if (!store.rotate(old.id(), now, minted.stored)) {
            throw new TokenNotFoundException();
        }
        forget(old.id(), old.lookupId());
        Token previous = view(old.withRevokedAt(now));
        Token replacement = view(minted.stored);
        LOG.info("token rotated: id={} replaced by id={} owner={} name={}", old.id(), replacement.id(), old.owner(),
                old.name());
        tell(() -> listener.rotated(previous, replacement));
        return new IssuedToken(replacement, minted.plaintext);
    }

    @Override
    public void revokeLeaked(String plaintext) {
        if (plaintext == null || !format.isWellFormed(plaintext)) {
            return;
        }
        checkOpen();
        StoredToken t = store.findByLookupId(format.lookupId(plaintext)).orElse(null);
        char[] secret = new char[TokenFormat.SECRET_LENGTH];
        format.copySecret(plaintext, secret);
        boolean matches;
        try {
            hashing.acquireUninterruptibly();
            try {
                matches = hasher.verify(t == null ? dummyHash() : t.hash(), secret) && t != null;
            } finally {
                hashing.release();
            }
        } finally {
            Arrays.fill(secret, '\0');
        }
        if (!matches) {
            return;
        }
        Instant now = micros(clock.instant());
        boolean revokedNow = store.revoke(t.id(), now);
        forget(t.id(), t.lookupId());
        if (revokedNow) {
            Token token = view(t.withRevokedAt(now));
            LOG.warn("token revoked after a leak report: id={} owner={} name={}", t.id(), t.owner(), t.name());
            tell(() -> listener.revoked(token, RevocationCause.LEAKED));
        }
    }

    @Override
    public List<Token> unusedSince(String owner, Instant since) {
        Objects.requireNonNull(since, "since");
        List<Token> out = new ArrayList<>();
        for (Token t : list(owner)) {
            if (t.lastUsedAt().map(u -> u.isBefore(since)).orElse(true)) {
                out.add(t);
            }
        }
        out.sort(Comparator.comparing((Token t) -> t.lastUsedAt().orElse(Instant.MIN)).thenComparing(Token::id));
        return out;
    }

    @Override
    public List<Token> expiringWithin(Duration within) {
        Objects.requireNonNull(within, "within");
        if (within.isNegative()) {
            throw new IllegalArgumentException("within cannot be negative: " + within);
        }
        Instant now = clock.instant();
        Instant to = within.compareTo(Duration.between(now, Instant.MAX)) >= 0 ? Instant.MAX : now.plus(within);
        List<Token> out = new ArrayList<>();
        for (StoredToken t : store.findExpiringBetween(now, to)) {
            // The store's range includes "now", but a token is expired at exactly its expiry; and the lifetime
            // policy may have ended an older token already.
            if (stateProblem(t, now) == null) {
                out.add(view(t));
            }
        }
        out.sort(Comparator.comparing((Token t) -> t.expiresAt().orElseThrow()).thenComparing(Token::id));
        return out;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        background.shutdown();
        try {
            if (!background.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("background tasks did not finish within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushQuietly();
        LOG.info("patkit token service closed");
    }

    // ------------------------------------------------------------------ last used

    /** Writes pending last-used times in one batch; on failure they stay pending. Package-private for tests. */
    @Override
    public void flushLastUsed() {
        flush();
    }

    @Override
    public TokenServiceStats stats() {
        return new TokenServiceStats(verified.estimatedSize(), hasher.verifications(), hasher.hashes(),
                0, verifiedByTokenId.size());
    }

    void flush() {
        synchronized (flushLock) {
            Map<String, Instant> batch = new HashMap<>();
            List<Verified> marks = new ArrayList<>();
            List<Instant> marked = new ArrayList<>();
            // Entries first, orphans second. Whatever moves a pending use from an entry to the orphans (eviction,
            // forget, replacement) adds the orphan before it removes the entry, so an entry this loop no longer finds
            // has left its time among the orphans, which are read after it.
            for (Verified v : verifiedByTokenId.values()) {
                Instant at = v.unflushedUse();
                if (at != null) {
                    batch.merge(v.tokenId, at, DefaultTokenService::later);
                    marks.add(v);
                    marked.add(at);
                }
            }
            Map<String, Instant> fromOrphans = new HashMap<>();
            for (String id : orphanLastUsed.keySet()) {
                Instant at = orphanLastUsed.remove(id);
                if (at != null) {
                    fromOrphans.merge(id, at, DefaultTokenService::later);
                    batch.merge(id, at, DefaultTokenService::later);
                }
            }
            if (batch.isEmpty()) {
                return;
            }
            try {
                store.recordLastUsed(batch);
            } catch (RuntimeException e) {
                fromOrphans.forEach((id, at) -> orphanLastUsed.merge(id, at, DefaultTokenService::later));
                throw e;
            }
            for (int i = 0; i < marks.size(); i++) {
                marks.get(i).flushed = marked.get(i);
            }
            LOG.debug("recorded last-used times of {} tokens", batch.size());
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("writing last-used times failed; they are kept for the next attempt: {}", e.toString());
        }
    }

    private void keepPendingUse(Verified v) {
        Instant at = v.unflushedUse();
        if (at != null) {
            orphanLastUsed.merge(v.tokenId, at, DefaultTokenService::later);
        }
    }

    private Instant lastUsed(StoredToken t) {
        Instant at = t.lastUsedAt();
        Verified v = verifiedByTokenId.get(t.id());
        if (v != null) {
            at = later(at, v.lastUse);
        }
        return later(at, orphanLastUsed.get(t.id()));
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || !b.isAfter(a) ? a : b;
    }

    // ------------------------------------------------------------------ helpers

    /** Drops what this node remembers of a token, so its next verification reads the store. */
    private void forget(String tokenId, String lookupId) {
        for (Verified v = verifiedByTokenId.get(tokenId); v != null; v = verifiedByTokenId.get(tokenId)) {
            keepPendingUse(v); // before the removal, so that no flush misses its time
            if (verifiedByTokenId.remove(tokenId, v)) {
                verified.invalidate(v.key);
                break;
            }
        }
        if (states != null) {
            states.invalidate(lookupId);
        }
    }

    private Minted mint(String owner, String name, Instant now, Instant expiresAt, Set<String> scopes,
            String replaces) {
        char[] lookupId = TokenFormat.randomChars(random, TokenFormat.LOOKUP_ID_LENGTH);
        char[] secret = TokenFormat.randomChars(random, TokenFormat.SECRET_LENGTH);
        try {
            String lookup = new String(lookupId);
            String hash = hasher.hash(secret);
            StoredToken stored = new StoredToken(UUID.randomUUID().toString(), owner, name, lookup, hash, now,
                    expiresAt, null, null, scopes, replaces);
            return new Minted(stored, format.format(lookup, secret));
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    private StoredToken findOwned(String owner, String tokenId) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(tokenId, "tokenId");
        return store.findById(tokenId).filter(t -> t.owner().equals(owner)).orElseThrow(TokenNotFoundException::new);
    }

    private void checkExpiry(Instant now, Instant expiresAt) {
        if (expiresAt == null) {
            if (requireExpiration) {
                throw new TokenRequestException(TokenRequestException.Problem.EXPIRY_REQUIRED,
                        maxLifetime == null ? "an expiration date is required"
                                : "an expiration date is required, at most " + maxLifetime + " from now");
            }
            return;
        }
        if (!expiresAt.isAfter(now)) {
            throw new TokenRequestException(TokenRequestException.Problem.EXPIRY_NOT_IN_FUTURE,
                    "the expiration date must lie in the future");
        }
        if (maxLifetime != null && expiresAt.isAfter(now.plus(maxLifetime))) {
            throw new TokenRequestException(TokenRequestException.Problem.LIFETIME_TOO_LONG,
                    "the expiration date lies beyond the maximum token lifetime of " + maxLifetime);
        }
    }

    private static void checkOwner(String owner) {
        Objects.requireNonNull(owner, "owner");
        if (owner.isBlank() || owner.length() > MAX_OWNER_LENGTH) {
            throw new TokenRequestException(TokenRequestException.Problem.INVALID_OWNER,
                    "the owner id must be 1 to " + MAX_OWNER_LENGTH + " characters and not blank");
        }
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        String trimmed = name.strip();
        if (!isCleanText(trimmed)) {
            throw new TokenRequestException(TokenRequestException.Problem.INVALID_NAME,
                    "the name must be 1 to " + MAX_NAME_LENGTH + " characters after trimming, without control"
                            + " characters or unpaired surrogates");
        }
        return trimmed;
    }

    private static Set<String> checkScopes(Set<String> scopes) {
        if (scopes == null || scopes.isEmpty()) {
            return Set.of();
        }
        if (scopes.size() > MAX_SCOPES) {
            throw new TokenRequestException(TokenRequestException.Problem.INVALID_SCOPES,
                    "a token may have at most " + MAX_SCOPES + " scopes");
        }
        for (String s : scopes) {
            if (s == null || !isCleanText(s) || !s.equals(s.strip())) {
                throw new TokenRequestException(TokenRequestException.Problem.INVALID_SCOPES,
                        "each scope must be 1 to " + MAX_NAME_LENGTH + " characters, without surrounding spaces or"
                                + " control characters");
            }
        }
        return Set.copyOf(scopes);
    }

    /** 1 to 100 code points, no control character and no unpaired surrogate (which no UTF-8 store can keep). */
    private static boolean isCleanText(String s) {
        int length = s.codePointCount(0, s.length());
        return length >= 1 && length <= MAX_NAME_LENGTH
                && s.codePoints().noneMatch(cp -> Character.isISOControl(cp)
                        || Character.getType(cp) == Character.SURROGATE);
    }

    /** {@code at} truncated to microseconds, the precision SQL stores keep; {@code null} stays {@code null}. */
    static Instant micros(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.MICROS);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * The caches' time source: {@link System#nanoTime()} for a system clock (no allocation on the hot path), otherwise
     * the injected clock, so that tests drive every time limit with their clock.
     */
    static Ticker tickerFor(Clock clock) {
        if (clock.equals(Clock.system(clock.getZone()))) {
            return Ticker.systemTicker();
        }
        return () -> {
            Instant now = clock.instant();
            long seconds = now.getEpochSecond();
            if (seconds >= Long.MAX_VALUE / 1_000_000_000L) {
                return Long.MAX_VALUE;
            }
            if (seconds <= Long.MIN_VALUE / 1_000_000_000L) {
                return Long.MIN_VALUE;
            }
            return seconds * 1_000_000_000L + now.getNano();
        };
    }

    private static TokenRequestException nameTaken() {
        return new TokenRequestException(TokenRequestException.Problem.NAME_TAKEN,
                "you already have an active token with this name");
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this token service is closed");
        }
    }

    private String dummyHash() {
        String h = dummyHash;
        if (h == null) {
            char[] dummy = TokenFormat.randomChars(random, TokenFormat.SECRET_LENGTH);
            h = hasher.hash(dummy);
            Arrays.fill(dummy, '\0');
            dummyHash = h;
        }
        return h;
    }

    private Token view(StoredToken t) {
        return new TokenView(t, lastUsed(t));
    }

    private List<Token> views(List<StoredToken> stored) {
        List<Token> out = new ArrayList<>(stored.size());
        for (StoredToken t : stored) {
            out.add(view(t));
        }
        return out;
    }

    private static void tell(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            LOG.warn("token listener failed: {}", e.toString());
        }
    }

    // ------------------------------------------------------------------ for tests (package-private, off the hot path)

    /** How many Argon2 verifications this service has run. */
    long argon2Verifications() {
        return hasher.verifications();
    }

    /** How many Argon2 hashes this service has computed (new tokens and re-hashes). */
    long argon2Hashes() {
        return hasher.hashes();
    }

    /** Every key of every cache and map this service keeps about presented tokens. */
    List<Object> cacheKeys() {
        List<Object> keys = new ArrayList<>(verified.asMap().keySet());
        keys.addAll(wrongSecrets.asMap().keySet());
        if (states != null) {
            keys.addAll(states.asMap().keySet());
        }
        keys.addAll(verifiedByTokenId.keySet());
        keys.addAll(orphanLastUsed.keySet());
        return keys;
    }

    /** Whether a successful verification of this token is cached (so its next one skips Argon2). */
    boolean hasCachedVerification(String tokenId) {
        return verifiedByTokenId.containsKey(tokenId)
                || verified.asMap().values().stream().anyMatch(v -> v.tokenId.equals(tokenId));
    }

    /** The number of cached verifications after pending evictions ran. */
    long verifiedCacheSize() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    /** The hashing bound, so a test can hold its permits and prove {@link RefusalReason#BUSY} deterministically. */
    Semaphore hashingSlots() {
        return hashing;
    }

    @Override
    public String toString() {
        return "TokenService[prefix=" + format.regex() + ", cached=" + verified.estimatedSize() + "]";
    }

    /** A new token before it is stored. */
    private record Minted(StoredToken stored, String plaintext) {
    }

    /** A verified presented token. */
    static final class Verified {
        private static final VarHandle LAST_USE;

        static {
            try {
                LAST_USE = MethodHandles.lookup().findVarHandle(Verified.class, "lastUse", Instant.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final DigestKey key;
        final String tokenId;
        final String lookupId;
        /** Latest use, written at most once per second of clock time per token. */
        volatile Instant lastUse;
        /** The last use written to the store; guarded by the flush lock. */
        volatile Instant flushed;

        Verified(DigestKey key, String tokenId, String lookupId) {
            this.key = key;
            this.tokenId = tokenId;
            this.lookupId = lookupId;
        }

        /**
         * Records a use if it falls in a later clock second than the last one recorded (so at most one write per
         * second, and the time never moves backwards, even when threads race), truncated to microseconds.
         */
        void recordUse(Instant now) {
            Instant last = lastUse;
            if (last != null && now.getEpochSecond() <= last.getEpochSecond()) {
                return;
            }
            Instant at = micros(now);
            while (last == null || now.getEpochSecond() > last.getEpochSecond()) {
                if (LAST_USE.compareAndSet(this, last, at)) {
                    return;
                }
                last = lastUse;
            }
        }

        Instant unflushedUse() {
            Instant at = lastUse;
            Instant done = flushed;
            return at != null && (done == null || at.isAfter(done)) ? at : null;
        }
    }
}
