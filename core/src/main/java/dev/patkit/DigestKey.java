package dev.patkit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.DigestException;
import java.security.MessageDigest;

/**
 * The SHA-256 digest of a presented token, as four longs: the cache key for verified and wrong tokens, so that no
 * cache holds a plaintext. Computing one allocates only the key itself.
 */
final class DigestKey {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

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

    /** The SHA-256 of the first {@code length} bytes of {@code scratch.bytes} (a checked token). */
    static DigestKey of(Scratch scratch, int length) {
        MessageDigest sha256 = scratch.sha256;
        sha256.update(scratch.bytes, 0, length);
        byte[] o = scratch.digest;
        try {
            sha256.digest(o, 0, o.length);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 output buffer", e);
        }
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
}
