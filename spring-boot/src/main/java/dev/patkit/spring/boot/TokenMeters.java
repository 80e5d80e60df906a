package dev.patkit.spring.boot;

import dev.patkit.ClusterStatus;
import dev.patkit.RefusalReason;
import dev.patkit.RevocationCause;
import dev.patkit.Token;
import dev.patkit.TokenListener;
import dev.patkit.TokenService;
import dev.patkit.Verification;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.EnumMap;
import org.springframework.beans.factory.ObjectProvider;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * patkit's meters. Tags are only ever an outcome or a cause, from fixed enums: never a user, token id or name.
 *
 * <ul>
 *   <li>{@code patkit.verifications} (timer), tag {@code result}: {@code success} or the refusal reason in lower
 *       case ({@code revoked}, {@code wrong_secret}, {@code store_unavailable}, ...);</li>
 *   <li>{@code patkit.tokens.created}, {@code patkit.tokens.rotated}, {@code patkit.tokens.revoked} (tag
 *       {@code cause}) counters;</li>
 *   <li>{@code patkit.argon2.verifications}, {@code patkit.argon2.hashes}: Argon2 runs;</li>
 *   <li>{@code patkit.cache.verifications}, {@code patkit.hashing.in.use}, {@code patkit.last.used.pending}
 *       gauges;</li>
 *   <li>in cluster mode, {@code patkit.cluster.trusted} (1 or 0), {@code patkit.cluster.lease.remaining} and
 *       {@code patkit.cluster.lag} (seconds) gauges.</li>
 * </ul>
 */
final class TokenMeters implements MeterBinder, TokenListener, VerificationObserver {

    private final ObjectProvider<TokenService> services;
    private volatile Timer success;
    private final Map<RefusalReason, Timer> refused = new EnumMap<>(RefusalReason.class);
    private final Map<RevocationCause, Counter> revoked = new EnumMap<>(RevocationCause.class);
    private volatile Counter created;
    private volatile Counter rotated;

    /** Takes a provider: the service's own listener is this, so the service exists only once meters are bound. */
    TokenMeters(ObjectProvider<TokenService> services) {
        this.services = services;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        TokenService service = services.getObject();
        String timer = "patkit.verifications";
        String description = "Token verifications by the Spring Security path, by result";
        for (RefusalReason reason : RefusalReason.values()) {
            refused.put(reason, Timer.builder(timer).description(description)
                    .tag("result", reason.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        for (RevocationCause cause : RevocationCause.values()) {
            revoked.put(cause, Counter.builder("patkit.tokens.revoked").description("Tokens revoked, by cause")
                    .tag("cause", cause.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        created = Counter.builder("patkit.tokens.created").description("Tokens created").register(registry);
        rotated = Counter.builder("patkit.tokens.rotated").description("Tokens rotated").register(registry);
        FunctionCounter.builder("patkit.argon2.verifications", service, s -> s.stats().argon2Verifications())
                .description("Argon2 verifications run").register(registry);
        FunctionCounter.builder("patkit.argon2.hashes", service, s -> s.stats().argon2Hashes())
                .description("Argon2 hashes computed (new tokens and re-hashes)").register(registry);
        Gauge.builder("patkit.cache.verifications", service, s -> s.stats().cachedVerifications())
                .description("Verified tokens cached (they skip Argon2)").register(registry);
        Gauge.builder("patkit.hashing.in.use", service, s -> s.stats().hashingInUse())
                .description("Verification hashing permits in use").register(registry);
        Gauge.builder("patkit.last.used.pending", service, s -> s.stats().pendingLastUsed())
                .description("Tokens whose last-used time waits for the next batch write").register(registry);
        if (service.stats().cluster().isPresent()) {
            Gauge.builder("patkit.cluster.trusted", service, s -> cluster(s).trusted() ? 1 : 0)
                    .description("Whether this node trusts its cached token states (its cluster link is healthy)")
                    .register(registry);
            Gauge.builder("patkit.cluster.lease.remaining", service, s -> seconds(cluster(s).leaseRemaining()))
                    .description("How long this node's trust lasts without another renewal").baseUnit("seconds")
                    .register(registry);
            Gauge.builder("patkit.cluster.lag", service, s -> seconds(cluster(s).lag()))
                    .description("How long ago this node last confirmed it had applied every change")
                    .baseUnit("seconds").register(registry);
        }
        success = Timer.builder(timer).description(description).tag("result", "success").register(registry);
    }

    private static ClusterStatus cluster(TokenService service) {
        return service.stats().cluster().orElseThrow();
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    @Override
    public void observed(Verification verification, long nanos) {
        Timer timer = verification instanceof Verification.Refused r ? refused.get(r.reason()) : success;
        if (timer != null) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void created(Token token) {
        increment(created);
    }

    @Override
    public void rotated(Token previous, Token replacement) {
        increment(rotated);
    }

    @Override
    public void revoked(Token token, RevocationCause cause) {
        increment(revoked.get(cause));
    }

    private static void increment(Counter counter) {
        if (counter != null) {
            counter.increment();
        }
    }

    @Override
    public String toString() {
        return "TokenMeters";
    }
}
