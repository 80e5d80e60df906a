package dev.patkit.spring.boot;

import dev.patkit.jdbc.JdbcDialect;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code patkit.*} properties. Each option of the token service's builder has one; an option left unset keeps
 * the builder's default (named below), so a {@link PatkitTokenServiceCustomizer} may still set it.
 *
 * @param enabled                 whether patkit configures anything at all; default {@code true}
 * @param prefix                  the token prefix: 2 to 10 lowercase letters and digits, starting with a letter;
 *                                default {@code pat}
 * @param requireExpiration       refuse tokens without an expiry at creation and rotation; default {@code false}
 * @param maxLifetime             the longest lifetime a token may have (implies require-expiration); default none
 * @param maxActiveTokensPerOwner the most active tokens an owner may have, 0 for no limit; default 0
 * @param verificationCacheSize   how many verified tokens are remembered, so they skip Argon2; default 100000
 * @param verificationCacheTtl    how long a verified token skips Argon2; default 10m
 * @param stateTtl                how long a token's state (revoked, expiry) may be reused without reading the store;
 *                                default 0, strict: a revocation on any node is seen at once
 * @param lastUsedFlushInterval   how often last-used times are written to the store in one batch; default 60s
 * @param maxConcurrentHashes     the most Argon2 verifications running at once; default: available processors
 * @param hashingWait             how long a verification waits for a hashing slot before it is refused as busy
 *                                (503); default 500ms
 * @param wrongSecretMemory       how long a wrong secret is remembered, so repeating it costs no Argon2; default 1m
 * @param maxConcurrentLeakChecks the most Argon2 checks of leak reports running at once; default 1
 * @param expiryReminders         how long before a token stops working the expiry reminders are sent (a list, for
 *                                example {@code 30d,7d,1d}); default 7d and 1d
 * @param argon2                  the Argon2id parameters for new hashes
 * @param store                   the JDBC token store on the application's {@code DataSource}
 * @param security                how a verified token becomes a Spring Security authentication
 * @param endpoints               the REST endpoints for the signed-in user's own tokens
 */
@ConfigurationProperties("patkit")
public record PatkitProperties(
        @DefaultValue("true") boolean enabled,
        String prefix,
        Boolean requireExpiration,
        Duration maxLifetime,
        Integer maxActiveTokensPerOwner,
        Long verificationCacheSize,
        Duration verificationCacheTtl,
        Duration stateTtl,
        Duration lastUsedFlushInterval,
        Integer maxConcurrentHashes,
        Duration hashingWait,
        Duration wrongSecretMemory,
        Integer maxConcurrentLeakChecks,
        List<Duration> expiryReminders,
        @DefaultValue Argon2 argon2,
        @DefaultValue Store store,
        @DefaultValue Security security,
        @DefaultValue Endpoints endpoints) {

    /**
     * Argon2id parameters for new hashes, checked against OWASP's minimums. Set all three or none; default
     * m=19456 KiB, t=2, p=1.
     *
     * @param memoryKib   memory cost in KiB
     * @param iterations  time cost (passes over memory)
     * @param parallelism lanes
     */
    public record Argon2(Integer memoryKib, Integer iterations, Integer parallelism) {
    }

    /**
     * The JDBC token store built on the application's {@code DataSource} when there is no {@code TokenStore} bean.
     *
     * @param tableName    the table name; default {@code patkit_tokens}
     * @param dialect      the database dialect; default: detected from the database
     * @param queryTimeout the per-statement timeout; default 10s
     * @param createTable  create the table and its indexes at startup when missing; default {@code true}
     */
    public record Store(String tableName, JdbcDialect dialect, Duration queryTimeout,
            @DefaultValue("true") boolean createTable) {
    }

    /**
     * How a verified token becomes a Spring Security authentication.
     *
     * @param rolePrefix        what each of the token's effective roles is prefixed with to make its authority;
     *                          default {@code ROLE_}
     * @param scopePrefix       what each effective role is also prefixed with as a scope authority, the resource
     *                          server's convention; empty for none; default {@code SCOPE_}
     * @param realm             the realm of the {@code WWW-Authenticate} challenge; default {@code patkit}
     * @param retryAfterSeconds the {@code Retry-After} of a 503 when the store or role resolver failed; default 1
     */
    public record Security(@DefaultValue("ROLE_") String rolePrefix, @DefaultValue("SCOPE_") String scopePrefix,
            @DefaultValue("patkit") String realm, @DefaultValue("1") int retryAfterSeconds) {
    }

    /**
     * REST endpoints for the signed-in user's own tokens (list, create, revoke, rotate).
     *
     * @param enabled whether they are on; default {@code false}
     * @param path    where they are; default {@code /api/tokens}
     */
    public record Endpoints(boolean enabled, @DefaultValue("/api/tokens") String path) {
    }
}
