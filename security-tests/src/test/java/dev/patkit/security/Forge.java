package dev.patkit.security;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * Builds token strings from the format the README documents, independently of patkit's own code:
 * {@code <prefix>_<12 base62 lookup id><32 base62 secret><6 base62 CRC32 checksum>}.
 */
final class Forge {

    static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    static final int LOOKUP_ID_LENGTH = 12;
    static final int SECRET_LENGTH = 32;

    private Forge() {
    }

    /** The checksum of everything before it: CRC32 of the UTF-8 bytes, 6 base62 digits, most significant first. */
    static String checksum(String head) {
        CRC32 crc = new CRC32();
        crc.update(head.getBytes(StandardCharsets.UTF_8));
        long value = crc.getValue();
        char[] digits = new char[6];
        for (int i = 5; i >= 0; i--) {
            digits[i] = BASE62.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(digits);
    }

    /** A well-formed token (valid checksum). */
    static String token(String prefix, String lookupId, String secret) {
        String head = prefix + "_" + lookupId + secret;
        return head + checksum(head);
    }

    static String random(int n) {
        StringBuilder sb = new StringBuilder(n);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < n; i++) {
            sb.append(BASE62.charAt(r.nextInt(62)));
        }
        return sb.toString();
    }

    static String prefix(String token) {
        return token.substring(0, token.indexOf('_'));
    }

    static String lookupId(String token) {
        int start = token.indexOf('_') + 1;
        return token.substring(start, start + LOOKUP_ID_LENGTH);
    }

    static String secret(String token) {
        int start = token.indexOf('_') + 1 + LOOKUP_ID_LENGTH;
        return token.substring(start, start + SECRET_LENGTH);
    }

    /** Same prefix and lookup id, another random secret, a valid checksum. */
    static String wrongSecretFor(String token) {
        String secret;
        do {
            secret = random(SECRET_LENGTH);
        } while (secret.equals(secret(token)));
        return token(prefix(token), lookupId(token), secret);
    }

    /** A well-formed token whose lookup id (almost certainly) belongs to no token. */
    static String unknownLookupId(String prefix) {
        return token(prefix, random(LOOKUP_ID_LENGTH), random(SECRET_LENGTH));
    }

    /** The token with its last checksum digit changed: right shape and alphabet, wrong checksum. */
    static String badChecksum(String token) {
        char last = token.charAt(token.length() - 1);
        char other = BASE62.charAt((BASE62.indexOf(last) + 1) % 62);
        return token.substring(0, token.length() - 1) + other;
    }
}
