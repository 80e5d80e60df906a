package dev.patkit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 digest of a presented token, as four longs: the cache key for verified and wrong tokens, so that no
 * cache holds a plaintext. Computing one allocates only the key itself.
 */
final class DigestKey {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final long a;
    private final long b;
    private final long c;
    private final long d;

    private DigestKey(long a, long b, long c, long d) {
        this.a = a;
        this.b = b;
        this.c = c;
        this.d = d;
    }

    /** The digest of a well-formed token (ASCII only). */
    static DigestKey of(String token) {
        Scratch s = SCRATCH.get();
        int n = token.length();
        byte[] in = n <= s.input.length ? s.input : new byte[n];
        for (int i = 0; i < n; i++) {
            in[i] = (byte) token.charAt(i);
        }
        s.sha256.update(in, 0, n);
        try {
            s.sha256.digest(s.output, 0, 32);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 output buffer", e);
        }
        java.util.Arrays.fill(in, 0, n, (byte) 0);
        byte[] o = s.output;
        return new DigestKey((long) LONGS.get(o, 0), (long) LONGS.get(o, 8), (long) LONGS.get(o, 16),
                (long) LONGS.get(o, 24));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DigestKey k && k.a == a && k.b == b && k.c == c && k.d == d;
    }

    @Override
    public int hashCode() {
        return (int) (a ^ (a >>> 32));
    }

    @Override
    public String toString() {
        return "DigestKey[sha256]";
    }

    private static final class Scratch {
        final MessageDigest sha256;
        final byte[] input = new byte[64];
        final byte[] output = new byte[32];

        Scratch() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-256", e);
            }
        }
    }
}
