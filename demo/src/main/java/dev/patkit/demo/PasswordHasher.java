package dev.patkit.demo;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import dev.patkit.Argon2Parameters;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The demo's password hash: Argon2id in its encoded form ({@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}, a
 * random 16-byte salt from libargon2's CSPRNG), at OWASP's parameters unless tests choose cheaper ones. At most
 * {@value #CONCURRENT} hashes run at once, so that a flood of sign-ins cannot take all memory (each hash takes the
 * parameters' memory); an attempt that waits longer than {@link #WAIT_MILLIS} ms is refused as busy.
 */
final class PasswordHasher {

    static final int CONCURRENT = 4;
    static final long WAIT_MILLIS = 5_000;

    private static final Argon2 ARGON2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id);

    /** The hasher was busy for too long: refuse with 503, neither letting in nor calling it a wrong password. */
    static final class BusyException extends Exception {
        private static final long serialVersionUID = 1L;

        BusyException() {
            super("password hashing is busy", null, false, false);
        }
    }

    private final Argon2Parameters parameters;
    private final Semaphore running = new Semaphore(CONCURRENT, true);

    PasswordHasher(Argon2Parameters parameters) {
        this.parameters = parameters;
    }

    /** A new hash of the password, with a new random salt. */
    String hash(String password) throws BusyException {
        char[] chars = password.toCharArray();
        acquire();
        try {
            return ARGON2.hash(parameters.iterations(), parameters.memoryKiB(), parameters.parallelism(), chars,
                    StandardCharsets.UTF_8);
        } finally {
            running.release();
            ARGON2.wipeArray(chars);
        }
    }

    /** Whether the password matches the hash; libargon2 compares in constant time. */
    boolean verify(String encoded, String password) throws BusyException {
        char[] chars = password.toCharArray();
        acquire();
        try {
            return ARGON2.verify(encoded, chars, StandardCharsets.UTF_8);
        } catch (RuntimeException corrupt) {
            return false;
        } finally {
            running.release();
            ARGON2.wipeArray(chars);
        }
    }

    private void acquire() throws BusyException {
        try {
            if (!running.tryAcquire(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new BusyException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusyException();
        }
    }
}
