package dev.patkit;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A token record as a {@link TokenStore} keeps it: the fields of {@link Token} plus the public lookup id
 * and the Argon2id hash of the secret. Part of the store SPI; applications use {@link Token}.
 *
 * <p>{@link #toString()} never shows the hash.
 *
 * @param id            opaque unique id
 * @param owner         the owner's user id
 * @param name          the descriptive name
 * @param lookupId      the public lookup id (12 base62 characters), unique across all tokens
 * @param hash          the Argon2id hash of the secret, in the standard encoded form
 * @param createdAt     creation time
 * @param expiresAt     expiry, or {@code null} for none
 * @param lastUsedAt    last recorded use, or {@code null}
 * @param revokedAt     revocation time, or {@code null} while not revoked
 * @param scopes        scopes the token is narrowed to; empty for none
 * @param replacedTokenId the id of the token this one replaced by rotation, or {@code null}
 */
public record StoredToken(
        String id,
        String owner,
        String name,
        String lookupId,
        String hash,
        Instant createdAt,
        Instant expiresAt,
        Instant lastUsedAt,
        Instant revokedAt,
        Set<String> scopes,
        String replacedTokenId) {

    /** Checks the required fields and copies the scopes. */
    public StoredToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lookupId, "lookupId");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(createdAt, "createdAt");
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    }

    /** Whether the record has been revoked. */
    public boolean isRevoked() {
        return revokedAt != null;
    }

    /** A copy with {@code revokedAt} set. */
    public StoredToken withRevokedAt(Instant at) {
        return new StoredToken(id, owner, name, lookupId, hash, createdAt, expiresAt, lastUsedAt, at, scopes,
                replacedTokenId);
    }

    /** A copy with {@code lastUsedAt} set. */
    public StoredToken withLastUsedAt(Instant at) {
        return new StoredToken(id, owner, name, lookupId, hash, createdAt, expiresAt, at, revokedAt, scopes,
                replacedTokenId);
    }

    /** A copy with another hash (after a parameter upgrade). */
    public StoredToken withHash(String newHash) {
        return new StoredToken(id, owner, name, lookupId, newHash, createdAt, expiresAt, lastUsedAt, revokedAt,
                scopes, replacedTokenId);
    }

    @Override
    public String toString() {
        return "StoredToken[id=" + id + ", owner=" + owner + ", name=" + name + ", lookupId=" + lookupId
                + ", hash=<redacted>, createdAt=" + createdAt + ", expiresAt=" + expiresAt + ", lastUsedAt="
                + lastUsedAt + ", revokedAt=" + revokedAt + ", scopes=" + scopes + ", replacedTokenId="
                + replacedTokenId + "]";
    }
}
