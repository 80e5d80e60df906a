package dev.patkit;

import java.security.SecureRandom;

/**
 * The token format {@code <prefix>_<lookupId><secret><checksum>} in base62 ({@code 0-9A-Za-z}): a 12-character
 * lookup id, a 32-character secret, and the CRC32 of everything before the checksum (prefix and underscore
 * included) as an unsigned number in 6 base62 digits, most significant first.
 *
 * <p>{@link #isWellFormed} allocates nothing and touches neither store nor hash.
 */
final class TokenFormat {

    static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    static final int LOOKUP_ID_LENGTH = 12;
    static final int SECRET_LENGTH = 32;
    static final int CHECKSUM_LENGTH = 6;
    static final int BODY_LENGTH = LOOKUP_ID_LENGTH + SECRET_LENGTH + CHECKSUM_LENGTH;

    /** Digit value of each ASCII character, or -1. */
    private static final byte[] DIGITS = new byte[128];
    private static final int[] CRC_TABLE = new int[256];

    static {
        java.util.Arrays.fill(DIGITS, (byte) -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            DIGITS[ALPHABET.charAt(i)] = (byte) i;
        }
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
            }
            CRC_TABLE[n] = c;
        }
    }

    private final String prefix;
    private final int bodyStart;
    private final int length;
    /** CRC32 register after "prefix_", so checking a token only runs over its body. */
    private final int crcAfterPrefix;

    TokenFormat(String prefix) {
        this.prefix = prefix;
        this.bodyStart = prefix.length() + 1;
        this.length = bodyStart + BODY_LENGTH;
        this.crcAfterPrefix = update(0xFFFFFFFF, prefix + "_", 0, bodyStart);
    }

    /** Whether {@code s} has this format: prefix, underscore, length, alphabet and checksum. */
    boolean isWellFormed(String s) {
        if (s.length() != length || !s.startsWith(prefix) || s.charAt(bodyStart - 1) != '_') {
            return false;
        }
        int checksumStart = length - CHECKSUM_LENGTH;
        int crc = crcAfterPrefix;
        for (int i = bodyStart; i < checksumStart; i++) {
            char c = s.charAt(i);
            if (c >= 128 || DIGITS[c] < 0) {
                return false;
            }
            crc = CRC_TABLE[(crc ^ c) & 0xFF] ^ (crc >>> 8);
        }
        long checksum = 0;
        for (int i = checksumStart; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 128 || DIGITS[c] < 0) {
                return false;
            }
            checksum = checksum * 62 + DIGITS[c];
        }
        return checksum == (~crc & 0xFFFFFFFFL);
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
        long crc = ~update(0xFFFFFFFF, sb, 0, sb.length()) & 0xFFFFFFFFL;
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

    private static int update(int crc, CharSequence s, int from, int to) {
        for (int i = from; i < to; i++) {
            crc = CRC_TABLE[(crc ^ s.charAt(i)) & 0xFF] ^ (crc >>> 8);
        }
        return crc;
    }
}
