package dev.patkit;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Configures and builds a {@link TokenService}. Every setter checks its argument at once, with a message saying
 * what is allowed; {@link #build()} checks the whole. A builder builds once: it is sealed afterwards.
 */
public final class TokenServiceBuilder {

    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9]{1,9}");

    TokenStore store;
    RoleResolver roleResolver;
    String prefix = "pat";
    Clock clock = Clock.systemUTC();
    Argon2Parameters argon2 = Argon2Parameters.owaspDefault();
    boolean requireExpiration;
    Duration maxLifetime;
    int maxActiveTokensPerOwner;
    TokenListener listener = new TokenListener() { };
    long verificationCacheSize = 100_000;
    Duration verificationCacheTtl = Duration.ofMinutes(10);
    Duration stateTtl = Duration.ZERO;
    Duration lastUsedFlushInterval = Duration.ofSeconds(60);
    int maxConcurrentHashes = Runtime.getRuntime().availableProcessors();
    Duration hashingWait = Duration.ofMillis(500);
    Duration wrongSecretMemory = Duration.ofMinutes(1);
    private boolean built;

    TokenServiceBuilder() {
    }

    /** Where tokens are kept. Required. */
    public TokenServiceBuilder store(TokenStore store) {
        checkOpen();
        this.store = Objects.requireNonNull(store, "store");
        return this;
    }

    /** Where owners' current roles come from. Required. */
    public TokenServiceBuilder roleResolver(RoleResolver roleResolver) {
        checkOpen();
        this.roleResolver = Objects.requireNonNull(roleResolver, "roleResolver");
        return this;
    }

    /**
     * The token prefix, so secret scanners can recognise your tokens: 2 to 10 characters, lowercase letters and
     * digits, starting with a letter. Default {@code pat}.
     */
    public TokenServiceBuilder prefix(String prefix) {
        checkOpen();
        Objects.requireNonNull(prefix, "prefix");
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("prefix must be 2 to 10 characters, lowercase letters and digits,"
                    + " starting with a letter: " + prefix);
        }
        this.prefix = prefix;
        return this;
    }

    /**
     * The clock for every time rule, and for the caches' time limits (a non-system clock is read on every cache
     * look-up; a system clock's caches use {@link System#nanoTime()}). Default {@link Clock#systemUTC()}.
     */
    public TokenServiceBuilder clock(Clock clock) {
        checkOpen();
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Argon2id parameters for new hashes. Default {@link Argon2Parameters#owaspDefault()}. */
    public TokenServiceBuilder argon2(Argon2Parameters parameters) {
        checkOpen();
        this.argon2 = Objects.requireNonNull(parameters, "parameters");
        return this;
    }

    /** Refuse tokens without an expiry at creation and rotation. Default off. */
    public TokenServiceBuilder requireExpiration(boolean require) {
        checkOpen();
        this.requireExpiration = require;
        return this;
    }

    /**
     * The longest lifetime a token may have. Refused at creation and rotation; tokens made before the policy stop
     * working {@code maxLifetime} after their creation. Implies {@link #requireExpiration}. Default none.
     */
    public TokenServiceBuilder maxLifetime(Duration maxLifetime) {
        checkOpen();
        this.maxLifetime = checkPositive(maxLifetime, "maxLifetime");
        return this;
    }

    /**
     * The most active (not revoked) tokens an owner may have; 0 for no limit (the default). Checked at creation;
     * concurrent creates for one owner may pass it by the number of requests racing.
     */
    public TokenServiceBuilder maxActiveTokensPerOwner(int limit) {
        checkOpen();
        if (limit < 0) {
            throw new IllegalArgumentException("maxActiveTokensPerOwner cannot be negative: " + limit);
        }
        this.maxActiveTokensPerOwner = limit;
        return this;
    }

    /** Receives created, rotated, revoked and refused events. Default: none. */
    public TokenServiceBuilder listener(TokenListener listener) {
        checkOpen();
        this.listener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** How many verified tokens are remembered, so they skip Argon2. Default 100,000. */
    public TokenServiceBuilder verificationCacheSize(long size) {
        checkOpen();
        if (size < 1) {
            throw new IllegalArgumentException("verificationCacheSize must be at least 1: " + size);
        }
        this.verificationCacheSize = size;
        return this;
    }

    /** How long a verified token skips Argon2. Default 10 minutes. */
    public TokenServiceBuilder verificationCacheTtl(Duration ttl) {
        checkOpen();
        this.verificationCacheTtl = checkPositive(ttl, "verificationCacheTtl");
        return this;
    }

    /**
     * How long a token's state (revoked, expiry) may be reused without reading the store. Default zero: strict,
     * the store is read on every verification, so a revocation on any node sharing the store is seen at once.
     * With a positive value, a revocation made on another node is seen within {@code stateTtl}; on this node it is
     * still immediate.
     */
    public TokenServiceBuilder stateTtl(Duration ttl) {
        checkOpen();
        Objects.requireNonNull(ttl, "stateTtl");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("stateTtl cannot be negative: " + ttl);
        }
        this.stateTtl = ttl;
        return this;
    }

    /** How often last-used times are written to the store in one batch. Default 60 seconds. */
    public TokenServiceBuilder lastUsedFlushInterval(Duration interval) {
        checkOpen();
        this.lastUsedFlushInterval = checkPositive(interval, "lastUsedFlushInterval");
        return this;
    }

    /** The most Argon2 verifications running at once. Default: the number of available processors. */
    public TokenServiceBuilder maxConcurrentHashes(int max) {
        checkOpen();
        if (max < 1) {
            throw new IllegalArgumentException("maxConcurrentHashes must be at least 1: " + max);
        }
        this.maxConcurrentHashes = max;
        return this;
    }

    /** How long a verification waits for a hashing slot before it is refused as {@code BUSY}. Default 500 ms. */
    public TokenServiceBuilder hashingWait(Duration wait) {
        checkOpen();
        Objects.requireNonNull(wait, "hashingWait");
        if (wait.isNegative()) {
            throw new IllegalArgumentException("hashingWait cannot be negative: " + wait);
        }
        this.hashingWait = wait;
        return this;
    }

    /** How long a wrong secret is remembered (by digest), so repeating it costs no Argon2. Default 1 minute. */
    public TokenServiceBuilder wrongSecretMemory(Duration memory) {
        checkOpen();
        this.wrongSecretMemory = checkPositive(memory, "wrongSecretMemory");
        return this;
    }

    /**
     * Builds the service, which starts one background thread for last-used times; close it when done.
     *
     * @throws IllegalStateException if the store or the role resolver is missing, or the builder was used already
     */
    public TokenService build() {
        checkOpen();
        if (store == null) {
            throw new IllegalStateException("a TokenStore is required: call store(...), for example"
                    + " store(new InMemoryTokenStore())");
        }
        if (roleResolver == null) {
            throw new IllegalStateException("a RoleResolver is required: call roleResolver(owner -> ...)");
        }
        built = true;
        return new DefaultTokenService(this);
    }

    private void checkOpen() {
        if (built) {
            throw new IllegalStateException("this builder has built its service and is sealed; use a new builder");
        }
    }

    private static Duration checkPositive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + d);
        }
        return d;
    }

    @Override
    public String toString() {
        return "TokenServiceBuilder{prefix=" + prefix + ", argon2=" + argon2 + ", requireExpiration="
                + requireExpiration + ", maxLifetime=" + maxLifetime + ", maxActiveTokensPerOwner="
                + maxActiveTokensPerOwner + ", verificationCacheSize=" + verificationCacheSize
                + ", verificationCacheTtl=" + verificationCacheTtl + ", stateTtl=" + stateTtl
                + ", lastUsedFlushInterval=" + lastUsedFlushInterval + ", maxConcurrentHashes=" + maxConcurrentHashes
                + ", hashingWait=" + hashingWait + ", wrongSecretMemory=" + wrongSecretMemory + "}";
    }
}
