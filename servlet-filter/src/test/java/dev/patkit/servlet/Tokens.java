package dev.patkit.servlet;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * Builds well-formed tokens that the service has never issued: {@code <prefix>_<lookupId 12><secret 32><checksum 6>}
 * in base62, the checksum being the CRC32 of everything before it (patkit's documented format). They pass the
 * format check, so they reach the store and the hash: what a real attacker's guesses would do.
 */
final class Tokens {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int PREFIX_LENGTH = "pat_".length();
    private static final int LOOKUP = 12;
    private static final int SECRET = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    /** The same lookup id with another secret, and a correct checksum: refused as a wrong secret. */
    static String withWrongSecret(String token) {
        String lookup = token.substring(PREFIX_LENGTH, PREFIX_LENGTH + LOOKUP);
        return format(lookup, random(SECRET));
    }

    /** A random lookup id and secret with a correct checksum: refused as unknown. */
    static String unknown() {
        return format(random(LOOKUP), random(SECRET));
    }

    private static String format(String lookup, String secret) {
        String body = "pat_" + lookup + secret;
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] digits = new char[6];
        for (int i = 5; i >= 0; i--) {
            digits[i] = ALPHABET.charAt((int) (value % 62));
            value /= 62;
        }
        return body + new String(digits);
    }

    private static String random(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
