package dev.patkit;

import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * The token format {@code <prefix>_<lookupId><secret><checksum>} in base62 ({@code 0-9A-Za-z}): a 12-character
 * lookup id, a 32-character secret, and the CRC32 of everything before the checksum (prefix and underscore
 * included) as an unsigned number in 6 base62 digits, most significant first.
 *
 * <p>{@link #isWellFormed} allocates nothing and touches neither store nor hash; the CRC32 is {@link CRC32}'s
 * (intrinsic on common CPUs).
 */
final class TokenFormat {

    static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    static final int LOOKUP_ID_LENGTH = 12;
    static final int SECRET_LENGTH = 32;
    static final int CHECKSUM_LENGTH = 6;
    static final int BODY_LENGTH = LOOKUP_ID_LENGTH + SECRET_LENGTH + CHECKSUM_LENGTH;

    /** Digit value of each ASCII character, or -1. */
    private static final byte[] DIGITS = new byte[128];

    static {
        java.util.Arrays.fill(DIGITS, (byte) -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            DIGITS[ALPHABET.charAt(i)] = (byte) i;
        }
    }

    private final String prefix;
    private final int bodyStart;
    private final int length;

    TokenFormat(String prefix) {
        this.prefix = prefix;
        this.bodyStart = prefix.length() + 1;
        this.length = bodyStart + BODY_LENGTH;
    }

    /** Whether {@code s} has this format: prefix, underscore, length, alphabet and checksum. */
    boolean isWellFormed(String s) {
        if (!hasShape(s)) {
            return false;
        }
        Scratch scratch = Scratch.current();
        boolean wellFormed = check(s, scratch);
        scratch.wipe(length);
        return wellFormed;
    }

    /** The cheap part of the check: length, prefix and underscore. */
    boolean hasShape(String s) {
        return s.length() == length && s.startsWith(prefix) && s.charAt(bodyStart - 1) == '_';
    }

    /**
     * The rest of the check for a string that {@link #hasShape has the shape}: alphabet and checksum. Leaves the
     * token's bytes in {@code scratch.bytes} (the caller wipes them).
     */
    boolean check(String s, Scratch scratch) {
        byte[] b = scratch.bytes;
        for (int i = 0; i < bodyStart; i++) { // the prefix and underscore, which hasShape compared
            b[i] = (byte) s.charAt(i);
        }
        int bad = 0; // gets a bit at 0x80 or above from a character outside ASCII or outside the alphabet
        for (int i = bodyStart; i < length; i++) { // no branch in the loop: every character costs the same
            char c = s.charAt(i);
            bad |= c | DIGITS[c & 0x7F] & 0x80;
            b[i] = (byte) c;
        }
        if (bad >= 0x80) {
            return false;
        }
        int checksumStart = length - CHECKSUM_LENGTH;
        CRC32 crc = scratch.crc;
        crc.reset();
        crc.update(b, 0, checksumStart);
        long checksum = 0;
        for (int i = checksumStart; i < length; i++) {
            checksum = checksum * 62 + DIGITS[b[i]];
        }
        return checksum == crc.getValue();
    }

    /** The lookup id of a well-formed token. */
    String lookupId(String token) {
        return token.substring(bodyStart, bodyStart + LOOKUP_ID_LENGTH);
    }

    /** Copies the secret of a well-formed token into {@code into} (length {@link #SECRET_LENGTH}). */
    void copySecret(String token, char[] into) {
        int start = bodyStart + LOOKUP_ID_LENGTH;
        token.getChars(start, start + SECRET_LENGTH, into, 0);
    }

    /** The plaintext token for a lookup id and secret. */
    String format(String lookupId, char[] secret) {
        StringBuilder sb = new StringBuilder(length);
        sb.append(prefix).append('_').append(lookupId).append(secret);
        CRC32 crc32 = new CRC32();
        crc32.update(sb.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        long crc = crc32.getValue();
        char[] digits = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            digits[i] = ALPHABET.charAt((int) (crc % 62));
            crc /= 62;
        }
        return sb.append(digits).toString();
    }

    /** {@code n} uniformly random base62 characters (rejection sampling, no modulo bias). */
    static char[] randomChars(SecureRandom random, int n) {
        char[] out = new char[n];
        byte[] bytes = new byte[n + 16];
        int filled = 0;
        while (filled < n) {
            random.nextBytes(bytes);
            for (int i = 0; i < bytes.length && filled < n; i++) {
                int v = bytes[i] & 0x3F;
                if (v < 62) {
                    out[filled++] = ALPHABET.charAt(v);
                }
            }
        }
        java.util.Arrays.fill(bytes, (byte) 0);
        return out;
    }

    /** The regular expression every token of this format matches (a necessary condition; the checksum is extra). */
    String regex() {
        return prefix + "_[0-9A-Za-z]{" + BODY_LENGTH + "}";
    }
}
