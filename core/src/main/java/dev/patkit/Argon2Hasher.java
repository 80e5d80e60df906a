package dev.patkit;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

/**
 * Argon2id in its standard encoded form ({@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}), 16-byte salts. Counts its
 * runs (a {@link LongAdder} add, next to milliseconds of hashing), so tests can prove which paths hash.
 */
final class Argon2Hasher {

    private static final Argon2 ARGON2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id);

    private final Argon2Parameters parameters;
    private final LongAdder hashes = new LongAdder();
    private final LongAdder verifications = new LongAdder();

    Argon2Hasher(Argon2Parameters parameters) {
        this.parameters = parameters;
    }

    String hash(char[] secret) {
        hashes.increment();
        return ARGON2.hash(parameters.iterations(), parameters.memoryKiB(), parameters.parallelism(), secret,
                StandardCharsets.UTF_8);
    }

    /** Constant-time in the secret (libargon2 compares in constant time); a corrupt hash verifies nothing. */
    boolean verify(String encoded, char[] secret) {
        verifications.increment();
        try {
            return ARGON2.verify(encoded, secret, StandardCharsets.UTF_8);
        } catch (RuntimeException corrupt) {
            return false;
        }
    }

    boolean needsRehash(String encoded) {
        try {
            return ARGON2.needsRehash(encoded, parameters.iterations(), parameters.memoryKiB(),
                    parameters.parallelism());
        } catch (RuntimeException corrupt) {
            return false;
        }
    }

    /** How many hashes this hasher has computed (new tokens and re-hashes). */
    long hashes() {
        return hashes.sum();
    }

    /** How many Argon2 verifications this hasher has run. */
    long verifications() {
        return verifications.sum();
    }
}
