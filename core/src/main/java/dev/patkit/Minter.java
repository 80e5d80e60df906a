package dev.patkit;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Makes new tokens: a random lookup id and secret from {@link SecureRandom}, the Argon2id hash of the secret, and the
 * plaintext in the token format. The secret exists only in the plaintext handed to the caller; its working copy is
 * wiped.
 */
final class Minter {

    private final SecureRandom random = new SecureRandom();
    private final TokenFormat format;
    private final Argon2Hasher hasher;

    Minter(TokenFormat format, Argon2Hasher hasher) {
        this.format = format;
        this.hasher = hasher;
    }

    /** A new token before it is stored: its record and its plaintext. */
    record Minted(StoredToken stored, String plaintext) {

        @Override
        public String toString() {
            return "Minted[" + stored + ", plaintext=<redacted>]";
        }
    }

    /**
     * A new token with the owner, name, scopes, description and allowed addresses of {@code like} (its other fields
     * are ignored), created {@code now}, expiring at {@code expiresAt}, replacing {@code replaces} (or nothing).
     */
    Minted mint(StoredToken like, Instant now, Instant expiresAt, String replaces) {
        char[] secret = TokenFormat.randomChars(random, TokenFormat.SECRET_LENGTH);
        try {
            String lookupId = new String(TokenFormat.randomChars(random, TokenFormat.LOOKUP_ID_LENGTH));
            StoredToken stored = new StoredToken(UUID.randomUUID().toString(), like.owner(), like.name(), lookupId,
                    hasher.hash(secret), now, expiresAt, null, null, like.scopes(), replaces, like.description(),
                    like.allowedAddresses(), List.of());
            return new Minted(stored, format.format(lookupId, secret));
        } finally {
            Arrays.fill(secret, '\0');
        }
    }
}
