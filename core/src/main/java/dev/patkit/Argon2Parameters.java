package dev.patkit;

/**
 * Argon2id cost parameters for new hashes. Stored hashes carry their own parameters, so raising these later keeps
 * old tokens working; each is re-hashed with the new parameters after its next successful verification.
 *
 * <p>{@link #of} refuses anything weaker than the weakest set OWASP recommends for Argon2id (one of: m=47104 KiB
 * t=1, m=19456 t=2, m=12288 t=3, m=9216 t=4, m=7168 t=5; p=1). Tests that need cheap hashing use
 * {@link #insecureForTestsOnly}, whose name says what it is.
 */
public final class Argon2Parameters {

    /** OWASP's recommended minimum sets for Argon2id, as {memory KiB, iterations}. */
    private static final int[][] OWASP_MINIMUMS = {{47104, 1}, {19456, 2}, {12288, 3}, {9216, 4}, {7168, 5}};

    private static final Argon2Parameters OWASP_DEFAULT = new Argon2Parameters(19456, 2, 1);

    private final int memoryKiB;
    private final int iterations;
    private final int parallelism;

    private Argon2Parameters(int memoryKiB, int iterations, int parallelism) {
        this.memoryKiB = memoryKiB;
        this.iterations = iterations;
        this.parallelism = parallelism;
    }

    /** The default: m=19456 KiB (19 MiB), t=2, p=1, OWASP's recommendation. */
    public static Argon2Parameters owaspDefault() {
        return OWASP_DEFAULT;
    }

    /**
     * Parameters at least as strong as one of OWASP's recommended sets.
     *
     * @throws IllegalArgumentException naming the weakest acceptable sets, if they are weaker
     */
    public static Argon2Parameters of(int memoryKiB, int iterations, int parallelism) {
        checkBasic(memoryKiB, iterations, parallelism);
        for (int[] minimum : OWASP_MINIMUMS) {
            if (memoryKiB >= minimum[0] && iterations >= minimum[1]) {
                return new Argon2Parameters(memoryKiB, iterations, parallelism);
            }
        }
        throw new IllegalArgumentException("Argon2id parameters m=" + memoryKiB + " KiB, t=" + iterations
                + " are weaker than OWASP's weakest recommended set; use at least one of m=47104 t=1, m=19456 t=2,"
                + " m=12288 t=3, m=9216 t=4, m=7168 t=5 (m in KiB), or Argon2Parameters.insecureForTestsOnly in tests");
    }

    /**
     * Any parameters Argon2 accepts, however weak. For tests only: tokens hashed this way are cheap to brute-force
     * if the store leaks.
     */
    public static Argon2Parameters insecureForTestsOnly(int memoryKiB, int iterations, int parallelism) {
        checkBasic(memoryKiB, iterations, parallelism);
        return new Argon2Parameters(memoryKiB, iterations, parallelism);
    }

    private static void checkBasic(int memoryKiB, int iterations, int parallelism) {
        if (parallelism < 1 || parallelism > 255) {
            throw new IllegalArgumentException("parallelism must be between 1 and 255: " + parallelism);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1: " + iterations);
        }
        if (memoryKiB < 8 * parallelism) {
            throw new IllegalArgumentException("memory must be at least 8 KiB per lane (" + 8 * parallelism
                    + " KiB): " + memoryKiB);
        }
    }

    /** Memory cost in KiB. */
    public int memoryKiB() {
        return memoryKiB;
    }

    /** Time cost (passes over memory). */
    public int iterations() {
        return iterations;
    }

    /** Lanes. */
    public int parallelism() {
        return parallelism;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Argon2Parameters p
                && p.memoryKiB == memoryKiB && p.iterations == iterations && p.parallelism == parallelism;
    }

    @Override
    public int hashCode() {
        return (memoryKiB * 31 + iterations) * 31 + parallelism;
    }

    @Override
    public String toString() {
        return "Argon2id(m=" + memoryKiB + " KiB, t=" + iterations + ", p=" + parallelism + ")";
    }
}
