package dev.patkit.spring.boot;

import dev.patkit.Argon2Parameters;
import dev.patkit.TokenServiceBuilder;
import java.time.Duration;
import java.util.function.Consumer;

/** Sets on a builder every option that has a property, and no other (so each builder setter runs at most once). */
final class BuilderOptions {

    private BuilderOptions() {
    }

    static void apply(PatkitProperties p, TokenServiceBuilder b) {
        set(p.prefix(), b::prefix);
        set(p.requireExpiration(), b::requireExpiration);
        set(p.maxLifetime(), b::maxLifetime);
        set(p.maxActiveTokensPerOwner(), b::maxActiveTokensPerOwner);
        set(p.verificationCacheSize(), b::verificationCacheSize);
        set(p.verificationCacheTtl(), b::verificationCacheTtl);
        set(p.stateTtl(), b::stateTtl);
        set(p.lastUsedFlushInterval(), b::lastUsedFlushInterval);
        set(p.maxConcurrentHashes(), b::maxConcurrentHashes);
        set(p.hashingWait(), b::hashingWait);
        set(p.wrongSecretMemory(), b::wrongSecretMemory);
        set(p.maxConcurrentLeakChecks(), b::maxConcurrentLeakChecks);
        set(p.expiryReminders(), d -> b.expiryReminders(d.toArray(Duration[]::new)));
        PatkitProperties.Argon2 a = p.argon2();
        int given = count(a.memoryKib()) + count(a.iterations()) + count(a.parallelism());
        if (given == 3) {
            b.argon2(Argon2Parameters.of(a.memoryKib(), a.iterations(), a.parallelism()));
        } else if (given != 0) {
            throw new IllegalArgumentException("patkit.argon2: set memory-kib, iterations and parallelism together,"
                    + " or none of them for the default (m=19456 KiB, t=2, p=1)");
        }
    }

    private static <T> void set(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    private static int count(Integer value) {
        return value == null ? 0 : 1;
    }
}
