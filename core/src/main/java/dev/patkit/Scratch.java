package dev.patkit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32;

/**
 * Per-thread working memory of the verify path, so that checking and digesting a presented token allocates nothing:
 * the token's ASCII bytes (wiped after use), a CRC32 and a SHA-256 instance.
 */
final class Scratch {

    /** Longest token: a 10-character prefix, the underscore and the 50-character body. */
    static final int MAX_TOKEN_LENGTH = 10 + 1 + TokenFormat.BODY_LENGTH;

    private static final ThreadLocal<Scratch> CURRENT = ThreadLocal.withInitial(Scratch::new);

    final byte[] bytes = new byte[MAX_TOKEN_LENGTH];
    final byte[] digest = new byte[32];
    final CRC32 crc = new CRC32();
    final MessageDigest sha256;

    private Scratch() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    static Scratch current() {
        return CURRENT.get();
    }

    void wipe(int length) {
        java.util.Arrays.fill(bytes, 0, length, (byte) 0);
    }
}
