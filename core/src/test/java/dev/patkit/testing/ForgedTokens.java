package dev.patkit.testing;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * Builds token strings from the documented format, independently of patkit's own code:
 * {@code <prefix>_<12 base62 lookup id><32 base62 secret><6 base62 checksum>}, the checksum being
 * {@code java.util.zip.CRC32} over the UTF-8 bytes of everything before it, in base62, most significant digit first,
 * left-padded to 6. Well-formed forged tokens pass the format check, so they reach the store and the hash.
 */
public final class ForgedTokens {

    /** The base62 alphabet, in digit order. */
    public static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** Characters in a lookup id. */
    public static final int LOOKUP_ID_LENGTH = 12;
    /** Characters in a secret. */
    public static final int SECRET_LENGTH = 32;
    private static final int CHECKSUM_LENGTH = 6;

    private ForgedTokens() {
    }

    /** The 6-character checksum of {@code head} (everything before the checksum). */
    public static String checksum(String head) {
        CRC32 crc = new CRC32();
        crc.update(head.getBytes(StandardCharsets.UTF_8));
        long value = crc.getValue();
        char[] digits = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            digits[i] = ALPHABET.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(digits);
    }

    /** A well-formed token (valid checksum). */
    public static String token(String prefix, String lookupId, String secret) {
        String head = prefix + "_" + lookupId + secret;
        return head + checksum(head);
    }

    /** {@code token} with its last 6 characters replaced by the correct checksum of the others. */
    public static String withChecksum(String token) {
        String head = token.substring(0, token.length() - CHECKSUM_LENGTH);
        return head + checksum(head);
    }

    /** {@code n} random base62 characters. */
    public static String random(int n) {
        StringBuilder sb = new StringBuilder(n);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < n; i++) {
            sb.append(ALPHABET.charAt(r.nextInt(62)));
        }
        return sb.toString();
    }

    /** The prefix of a token: everything before the underscore. */
    public static String prefix(String token) {
        return token.substring(0, token.indexOf('_'));
    }

    /** The 12-character lookup id of a token, after the underscore. */
    public static String lookupId(String token) {
        int start = token.indexOf('_') + 1;
        return token.substring(start, start + LOOKUP_ID_LENGTH);
    }

    /** The 32-character secret of a token. */
    public static String secret(String token) {
        int start = token.indexOf('_') + 1 + LOOKUP_ID_LENGTH;
        return token.substring(start, start + SECRET_LENGTH);
    }

    /** A well-formed token with the same prefix and lookup id as {@code token} but another random secret. */
    public static String wrongSecretFor(String token) {
        String secret;
        do {
            secret = random(SECRET_LENGTH);
        } while (secret.equals(secret(token)));
        return token(prefix(token), lookupId(token), secret);
    }

    /** A well-formed token whose lookup id (almost certainly) belongs to no token. */
    public static String unknownLookupId(String prefix) {
        return token(prefix, random(LOOKUP_ID_LENGTH), random(SECRET_LENGTH));
    }

    /** The token with its last checksum digit changed: right shape and alphabet, wrong checksum. */
    public static String badChecksum(String token) {
        char last = token.charAt(token.length() - 1);
        char other = ALPHABET.charAt((ALPHABET.indexOf(last) + 1) % 62);
        return token.substring(0, token.length() - 1) + other;
    }
}
