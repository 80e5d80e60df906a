package dev.patkit;

import java.util.concurrent.Semaphore;

/**
 * The security tests' window into a {@link TokenService} built by {@link TokenService#builder()}: the package-private
 * probes {@code DefaultTokenService} keeps for tests (no reflection, no change to main code). This class sits in
 * package {@code dev.patkit} of the test class path for that reason only.
 */
public final class Internals {

    private Internals() {
    }

    private static DefaultTokenService of(TokenService service) {
        if (!(service instanceof DefaultTokenService d)) {
            throw new IllegalArgumentException("not a service made by TokenService.builder(): " + service.getClass());
        }
        return d;
    }

    /** The number of cached verifications, after Caffeine's pending evictions have run. */
    public static long verifiedCacheSize(TokenService service) {
        return of(service).verifiedCacheSize();
    }

    /** How many Argon2 verifications the service has run since it was built. */
    public static long argon2Verifications(TokenService service) {
        return of(service).argon2Verifications();
    }

    /** The semaphore that bounds concurrent Argon2 verifications ({@code maxConcurrentHashes}). */
    public static Semaphore hashingSlots(TokenService service) {
        return of(service).hashingSlots();
    }
}
