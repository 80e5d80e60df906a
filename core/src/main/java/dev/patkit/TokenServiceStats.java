package dev.patkit;

import java.util.Optional;

/**
 * A snapshot of what a {@link TokenService} is doing, for metrics and health checks. Never carries a user, token or
 * secret.
 *
 * @param cachedVerifications verified tokens currently cached (they skip Argon2)
 * @param argon2Verifications Argon2 verifications run since the service was built
 * @param argon2Hashes        Argon2 hashes computed since the service was built (new tokens and re-hashes)
 * @param hashingInUse        verification hashing permits in use now, of {@code maxConcurrentHashes}
 * @param pendingLastUsed     tokens whose last-used time waits for the next batch write
 * @param cluster             this node's cluster link, in cluster mode
 */
public record TokenServiceStats(long cachedVerifications, long argon2Verifications, long argon2Hashes,
        int hashingInUse, int pendingLastUsed, Optional<ClusterStatus> cluster) {
}
