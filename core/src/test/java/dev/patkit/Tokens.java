package dev.patkit;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * Builds tokens for tests independently of {@link TokenFormat}: {@code java.util.zip.CRC32} over the UTF-8 bytes,
 * written in base62, most significant digit first, left-padded to 6.
 */
final class Tokens {

    static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private Tokens() {
    }

    /** The 6-character checksum of {@code head} (everything before the checksum). */
    static String checksum(String head) {
        CRC32 crc = new CRC32();
        crc.update(head.getBytes(StandardCharsets.UTF_8));
        long value = crc.getValue();
        char[] digits = new char[6];
        for (int i = 5; i >= 0; i--) {
            digits[i] = ALPHABET.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(digits);
    }

    /** A well-formed token (valid checksum). */
    static String token(String prefix, String lookupId, String secret) {
        String head = prefix + "_" + lookupId + secret;
        return head + checksum(head);
    }

    /** {@code n} random base62 characters. */
    static String random(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ALPHABET.charAt(ThreadLocalRandom.current().nextInt(62)));
        }
        return sb.toString();
    }

    /** The lookup id of a default-prefix ("pat") token or any prefix: the 12 characters after the underscore. */
    static String lookupId(String token) {
        int start = token.indexOf('_') + 1;
        return token.substring(start, start + 12);
    }

    /** The 32-character secret of a token. */
    static String secret(String token) {
        int start = token.indexOf('_') + 13;
        return token.substring(start, start + 32);
    }

    /** A well-formed token with the same prefix and lookup id as {@code token} but another random secret. */
    static String wrongSecretFor(String token) {
        String prefix = token.substring(0, token.indexOf('_'));
        String secret;
        do {
            secret = random(32);
        } while (secret.equals(secret(token)));
        return token(prefix, lookupId(token), secret);
    }
}
