package dev.patkit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Configures and builds a {@link TokenService}. Every setter checks its argument at once, with a message saying
 * what is allowed, and may be called once ("maxLifetime was already set to PT2160H"); {@link #build()} checks the
 * whole. A builder builds once: it is sealed afterwards.
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
    int maxConcurrentLeakChecks = 1;
    ClusterFeed cluster;
    List<Duration> expiryReminders = List.of(Duration.ofDays(7), Duration.ofDays(1));
    /** Each option set so far, with the value it was set to (for the message of a second call). */
    private final Map<String, Object> set = new HashMap<>();
    private boolean built;

    TokenServiceBuilder() {
    }

    /** Where tokens are kept. Required. */
    public TokenServiceBuilder store(TokenStore store) {
        this.store = accept("store", Objects.requireNonNull(store, "store"));
        return this;
    }

    /** Where owners' current roles come from. Required. */
    public TokenServiceBuilder roleResolver(RoleResolver roleResolver) {
        this.roleResolver = accept("roleResolver", Objects.requireNonNull(roleResolver, "roleResolver"));
        return this;
    }

    /**
     * The token prefix, so secret scanners can recognise your tokens: 2 to 10 characters, lowercase letters and
     * digits, starting with a letter. Default {@code pat}.
     */
    public TokenServiceBuilder prefix(String prefix) {
        if (!PREFIX.matcher(Objects.requireNonNull(prefix, "prefix")).matches()) {
            throw new IllegalArgumentException("prefix must be 2 to 10 characters, lowercase letters and digits,"
                    + " starting with a letter: " + prefix);
        }
        this.prefix = accept("prefix", prefix);
        return this;
    }

    /**
     * The clock for every time rule and for the caches' time limits, so that tests can drive them all (a system
     * clock's state cache uses {@link System#nanoTime()} instead). Default {@link Clock#systemUTC()}.
     */
    public TokenServiceBuilder clock(Clock clock) {
        this.clock = accept("clock", Objects.requireNonNull(clock, "clock"));
        return this;
    }

    /** Argon2id parameters for new hashes. Default {@link Argon2Parameters#owaspDefault()}. */
    public TokenServiceBuilder argon2(Argon2Parameters parameters) {
        this.argon2 = accept("argon2", Objects.requireNonNull(parameters, "parameters"));
        return this;
    }

    /** Refuse tokens without an expiry at creation and rotation. Default off. */
    public TokenServiceBuilder requireExpiration(boolean require) {
        this.requireExpiration = accept("requireExpiration", require);
        return this;
    }

    /**
     * The longest lifetime a token may have. Refused at creation and rotation; tokens made before the policy stop
     * working {@code maxLifetime} after their creation. Implies {@link #requireExpiration}. Default none.
     */
    public TokenServiceBuilder maxLifetime(Duration maxLifetime) {
        this.maxLifetime = accept("maxLifetime", positive(maxLifetime, "maxLifetime"));
        return this;
    }

    /**
     * The most active (not revoked) tokens an owner may have; 0 for no limit (the default). Checked at creation;
     * concurrent creates for one owner may pass it by the number of requests racing.
     */
    public TokenServiceBuilder maxActiveTokensPerOwner(int limit) {
        this.maxActiveTokensPerOwner = accept("maxActiveTokensPerOwner", (int) atLeast(0, limit, "maxActiveTokensPerOwner"));
        return this;
    }

    /** Receives created, rotated, revoked and refused events. Default: none. */
    public TokenServiceBuilder listener(TokenListener listener) {
        this.listener = accept("listener", Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** How many verified tokens are remembered, so they skip Argon2. Default 100,000. */
    public TokenServiceBuilder verificationCacheSize(long size) {
        this.verificationCacheSize = accept("verificationCacheSize", atLeast(1, size, "verificationCacheSize"));
        return this;
    }

    /** How long a verified token skips Argon2. Default 10 minutes. */
    public TokenServiceBuilder verificationCacheTtl(Duration ttl) {
        this.verificationCacheTtl = accept("verificationCacheTtl", positive(ttl, "verificationCacheTtl"));
        return this;
    }

    /**
     * How long a token's state (revoked, expiry) may be reused without reading the store. Default zero: strict,
     * the store is read on every verification, so a revocation on any node sharing the store is seen at once.
     * With a positive value, a revocation made on another node is seen within {@code stateTtl}; on this node it is
     * still immediate.
     */
    public TokenServiceBuilder stateTtl(Duration ttl) {
        this.stateTtl = accept("stateTtl", notNegative(ttl, "stateTtl"));
        return this;
    }

    /** How often last-used times are written to the store in one batch. Default 60 seconds. */
    public TokenServiceBuilder lastUsedFlushInterval(Duration interval) {
        this.lastUsedFlushInterval = accept("lastUsedFlushInterval", positive(interval, "lastUsedFlushInterval"));
        return this;
    }

    /** The most Argon2 verifications running at once. Default: the number of available processors. */
    public TokenServiceBuilder maxConcurrentHashes(int max) {
        this.maxConcurrentHashes = accept("maxConcurrentHashes", (int) atLeast(1, max, "maxConcurrentHashes"));
        return this;
    }

    /** How long a verification waits for a hashing slot before it is refused as {@code BUSY}. Default 500 ms. */
    public TokenServiceBuilder hashingWait(Duration wait) {
        this.hashingWait = accept("hashingWait", notNegative(wait, "hashingWait"));
        return this;
    }

    /** How long a wrong secret is remembered (by digest), so repeating it costs no Argon2. Default 1 minute. */
    public TokenServiceBuilder wrongSecretMemory(Duration memory) {
        this.wrongSecretMemory = accept("wrongSecretMemory", positive(memory, "wrongSecretMemory"));
        return this;
    }

    /**
     * The most Argon2 checks of leak reports ({@link TokenService#revokeLeaked}) running at once, in a budget of
     * their own beside verification's, with the same {@link #hashingWait}. Default 1.
     */
    public TokenServiceBuilder maxConcurrentLeakChecks(int max) {
        this.maxConcurrentLeakChecks = accept("maxConcurrentLeakChecks",
                (int) atLeast(1, max, "maxConcurrentLeakChecks"));
        return this;
    }

    /**
     * Cluster mode: several services share one store, each verifies cached tokens from memory while its link to
     * the store's change feed is healthy, and a revocation holds on every node once it returns (it waits for every
     * live node, at most about {@link ClusterFeed#leaseDuration()}). Without a healthy link a node reads the store on
     * every call, as in strict mode. Excludes {@link #stateTtl}. The service starts the feed and closes it.
     */
    public TokenServiceBuilder cluster(ClusterFeed feed) {
        this.cluster = accept("cluster", Objects.requireNonNull(feed, "feed"));
        return this;
    }

    /**
     * How long before a token stops working {@link TokenService#sendExpiryReminders} reminds of it: one
     * {@link TokenListener#expiryReminder} per threshold. Default 7 days and 1 day.
     *
     * @param before one to ten positive durations, none repeated
     */
    public TokenServiceBuilder expiryReminders(Duration... before) {
        if (Objects.requireNonNull(before, "expiryReminders").length < 1 || before.length > 10) {
            throw new IllegalArgumentException("expiryReminders takes 1 to 10 thresholds: " + before.length);
        }
        List<Duration> thresholds = new ArrayList<>();
        for (Duration d : before) {
            if (thresholds.contains(positive(d, "an expiry reminder threshold"))) {
                throw new IllegalArgumentException("expiryReminders repeats " + d);
            }
            thresholds.add(d);
        }
        this.expiryReminders = accept("expiryReminders", List.copyOf(thresholds));
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
        if (cluster != null && !stateTtl.isZero()) {
            throw new IllegalStateException("stateTtl and cluster mode exclude each other: in cluster mode token states"
                    + " are cached until the feed reports a change; remove stateTtl(" + stateTtl + ")");
        }
        built = true;
        return new DefaultTokenService(this);
    }

    /** Refuses a second call of a setter, and any call once built. */
    /** Records a setting, refusing a second call and any call once built; answers the value. */
    private <T> T accept(String option, T value) {
        checkOpen();
        if (set.containsKey(option)) {
            throw new IllegalStateException(option + " was already set to " + set.get(option));
        }
        set.put(option, value);
        return value;
    }

    private void checkOpen() {
        if (built) {
            throw new IllegalStateException("this builder has built its service and is sealed; use a new builder");
        }
    }

    private static long atLeast(long min, long value, String what) {
        if (value < min) {
            throw new IllegalArgumentException(what + (min == 0 ? " cannot be negative: " : " must be at least "
                    + min + ": ") + value);
        }
        return value;
    }

    private static Duration notNegative(Duration d, String what) {
        if (Objects.requireNonNull(d, what).isNegative()) {
            throw new IllegalArgumentException(what + " cannot be negative: " + d);
        }
        return d;
    }

    private static Duration positive(Duration d, String what) {
        if (Objects.requireNonNull(d, what).isNegative() || d.isZero()) {
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
                + ", hashingWait=" + hashingWait + ", wrongSecretMemory=" + wrongSecretMemory
                + ", maxConcurrentLeakChecks=" + maxConcurrentLeakChecks + ", cluster=" + (cluster != null)
                + ", expiryReminders=" + expiryReminders + "}";
    }
}
