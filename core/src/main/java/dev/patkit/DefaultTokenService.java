package dev.patkit;

import static dev.patkit.Times.micros;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token service: it wires the parts and carries out the management operations. Its parts, one job each:
 * <ul>
 *   <li>{@link VerifyPipeline}: the verify path; {@link Revocations}: every way a token stops working;
 *   <li>{@link TokenCaches}: what this node remembers about presented tokens, and {@code forget};
 *   <li>{@link LastUsedTracker}: last uses (time and client address), coalesced in memory and written in batches;
 *   <li>{@link TokenQueries}: the reads across owners (administrators' view, expiring tokens);
 *   <li>{@link ExpiryReminders}: expiry reminders, claimed in the store so each is sent once;
 *   <li>{@link SecretChecker}: Argon2id within a hashing budget (one for verification, one for leak reports);
 *   <li>{@link TokenRules}: owner, name, scope, description, address and expiry rules; {@link Minter}: new tokens;
 *   <li>{@link GuardedListener}: the integrator's listener, guarded; {@link ClusterTrust}: cluster mode's trust.
 * </ul>
 * Every instant that reaches the store is truncated to microseconds, the precision SQL stores keep, so a
 * {@link Token} returned here equals the one a store gives back later.
 */
final class DefaultTokenService implements TokenService {

    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);
    private static final Comparator<Token> NEWEST_FIRST = Comparator.comparing(Token::createdAt).reversed()
            .thenComparing(Token::id);

    private final TokenStore store;
    private final Clock clock;
    private final TokenFormat format;
    private final TokenRules rules;
    private final int maxActiveTokensPerOwner;
    private final GuardedListener listener;
    private final Argon2Hasher hasher;
    private final Minter minter;
    private final LastUsedTracker lastUsed;
    private final TokenCaches caches;
    private final SecretChecker verifyChecks;
    private final SecretChecker leakChecks;
    private final VerifyPipeline pipeline;
    private final Revocations revocations;
    private final TokenQueries queries;
    private final ExpiryReminders reminders;
    private final ScheduledExecutorService background;
    /** Cluster mode only, else {@code null}. */
    private final ClusterFeed cluster;
    private final ClusterTrust trust;
    private volatile boolean closed;

    DefaultTokenService(TokenServiceBuilder b) {
        this.store = b.store;
        this.clock = b.clock;
        this.format = new TokenFormat(b.prefix);
        this.rules = new TokenRules(b.requireExpiration, b.maxLifetime);
        this.maxActiveTokensPerOwner = b.maxActiveTokensPerOwner;
        this.listener = new GuardedListener(b.listener);
        this.hasher = new Argon2Hasher(b.argon2);
        this.minter = new Minter(format, hasher);
        this.lastUsed = new LastUsedTracker(store);
        this.caches = new TokenCaches(b, lastUsed);
        this.background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "patkit-background");
            t.setDaemon(true);
            return t;
        });
        this.verifyChecks = new SecretChecker(hasher, b.maxConcurrentHashes, b.hashingWait, background, store);
        this.leakChecks = new SecretChecker(hasher, b.maxConcurrentLeakChecks, b.hashingWait, null, null);
        this.pipeline = new VerifyPipeline(format, caches, rules, verifyChecks, b.roleResolver, listener, clock);
        long interval = Times.saturatedNanos(b.lastUsedFlushInterval);
        background.scheduleWithFixedDelay(() -> {
            caches.dropExpired();
            lastUsed.flushQuietly();
        }, interval, interval, TimeUnit.NANOSECONDS);
        this.cluster = b.cluster;
        this.trust = cluster == null ? null : new ClusterTrust(caches, listener);
        this.revocations = new Revocations(store, clock, caches, cluster, listener, lastUsed::view);
        this.queries = new TokenQueries(store, clock, b.maxLifetime, rules, b.prefix, lastUsed::view);
        this.reminders = new ExpiryReminders(store, clock, queries, b.expiryReminders, listener, lastUsed::view);
        if (cluster != null) {
            caches.trustedBy(trust);
            cluster.start(trust);
        }
        LOG.info("patkit token service started: {}", b);
    }

    @Override
    public Verification verify(String presented) {
        return pipeline.verify(presented);
    }

    @Override
    public Verification verify(String presented, String clientAddress) {
        return pipeline.verify(presented, clientAddress);
    }

    @Override
    public IssuedToken create(TokenRequest request) {
        Objects.requireNonNull(request, "request");
        String owner = TokenRules.checkOwner(request.owner());
        String cleanName = TokenRules.checkName(request.name());
        StoredToken like = new StoredToken("-", owner, cleanName, "-", "-", Instant.EPOCH, null, null, null,
                TokenRules.checkScopes(request.scopes()), null, TokenRules.checkDescription(request.description()),
                TokenRules.checkAddresses(request.allowedAddresses()), List.of());
        checkOpen();
        Instant now = micros(clock.instant());
        Instant expiry = micros(request.expiresAt());
        rules.checkExpiry(now, expiry);
        if (maxActiveTokensPerOwner > 0 && store.listByOwner(owner).size() >= maxActiveTokensPerOwner) {
            throw new TokenRequestException(TokenRequestException.Problem.TOO_MANY_TOKENS,
                    "this account already has the maximum of " + maxActiveTokensPerOwner
                            + " active tokens; revoke one first");
        }
        Minter.Minted minted = minter.mint(like, now, expiry, null);
        if (!store.insert(minted.stored())) {
            throw new TokenRequestException(TokenRequestException.Problem.NAME_TAKEN,
                    "you already have an active token with this name");
        }
        Token token = lastUsed.view(minted.stored());
        LOG.info("token created: id={} owner={} name={}", token.id(), owner, cleanName);
        listener.created(token);
        return new IssuedToken(token, minted.plaintext());
    }

    @Override
    public List<Token> list(String owner) {
        return store.listByOwner(TokenRules.checkOwner(owner)).stream().map(lastUsed::view).sorted(NEWEST_FIRST)
                .toList();
    }

    @Override
    public void revoke(String owner, String tokenId) {
        revocations.revoke(findOwned(owner, tokenId), RevocationCause.OWNER);
    }

    @Override
    public int revokeAll(String owner) {
        return revocations.revokeAll(TokenRules.checkOwner(owner));
    }

    @Override
    public IssuedToken rotate(String owner, String tokenId) {
        StoredToken old = findOwned(owner, tokenId);
        Instant now = micros(clock.instant());
        Instant expiresAt = old.expiresAt() == null ? null // the same lifetime; beyond Instant.MAX, Instant.MAX
                : micros(Times.plusSaturated(now, Duration.between(old.createdAt(), old.expiresAt())));
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
        rules.checkExpiry(now, expiresAt);
        Minter.Minted minted = minter.mint(old, now, expiresAt, old.id());
        if (!revocations.rotate(old, now, minted.stored())) {
            throw new TokenNotFoundException();
        }
        Token previous = lastUsed.view(old.withRevokedAt(now));
        Token replacement = lastUsed.view(minted.stored());
        LOG.info("token rotated: id={} replaced by id={} owner={} name={}", old.id(), replacement.id(), old.owner(),
                old.name());
        listener.rotated(previous, replacement);
        return new IssuedToken(replacement, minted.plaintext());
    }

    @Override
    public LeakCheck revokeLeaked(String plaintext) {
        if (plaintext == null || !format.isWellFormed(plaintext)) {
            return LeakCheck.NOT_A_TOKEN;
        }
        checkOpen();
        StoredToken t = store.findByLookupId(format.lookupId(plaintext)).orElse(null);
        char[] secret = new char[TokenFormat.SECRET_LENGTH];
        format.copySecret(plaintext, secret);
        RefusalReason refused = leakChecks.checkEvenWithout(t, secret); // wipes the secret
        if (refused == RefusalReason.BUSY) {
            LOG.warn("a leak report could not be checked: the leak-report hashing budget is busy");
            return LeakCheck.BUSY;
        }
        if (refused != null) {
            return LeakCheck.NOT_A_TOKEN;
        }
        revocations.revoke(t, RevocationCause.LEAKED);
        return LeakCheck.REVOKED;
    }

    @Override
    public List<Token> unusedSince(String owner, Instant since) {
        Objects.requireNonNull(since, "since");
        return list(owner).stream().filter(t -> t.lastUsedAt().map(u -> u.isBefore(since)).orElse(true))
                .sorted(Comparator.comparing((Token t) -> t.lastUsedAt().orElse(Instant.MIN)).thenComparing(Token::id))
                .toList();
    }

    @Override
    public List<Token> expiringWithin(Duration within) {
        return queries.expiringWithin(within);
    }

    @Override
    public TokenPage listAll(TokenQuery query) {
        return queries.listAll(query);
    }

    @Override
    public int sendExpiryReminders() {
        checkOpen();
        return reminders.send();
    }

    @Override
    public void flushLastUsed() {
        lastUsed.flush();
    }

    @Override
    public TokenServiceStats stats() {
        return new TokenServiceStats(caches.size(), hasher.verifications(), hasher.hashes(), verifyChecks.inUse(),
                lastUsed.pending(), trust == null ? Optional.empty() : Optional.of(trust.status()));
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
        lastUsed.flushQuietly();
        if (cluster != null) {
            cluster.close();
        }
        LOG.info("patkit token service closed");
    }

    private StoredToken findOwned(String owner, String tokenId) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(tokenId, "tokenId");
        return store.findById(tokenId).filter(t -> t.owner().equals(owner)).orElseThrow(TokenNotFoundException::new);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this token service is closed");
        }
    }

    @Override
    public String toString() {
        return "TokenService[prefix=" + format.regex() + ", cached=" + caches.size() + "]";
    }
}
