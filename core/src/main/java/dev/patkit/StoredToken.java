package dev.patkit;

import java.time.Instant;
import java.util.List;
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
 * @param description   the optional description, or {@code null}
 * @param allowedAddresses the client address ranges the token may be used from, in CIDR notation as
 *                      {@link AddressRange#toString()} writes them; empty: any address
 * @param recentAddresses the client addresses it was last used from, most recent first (the first is its last-used
 *                      address), at most {@link #MAX_RECENT_ADDRESSES}; empty when never used from a known address
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
        String replacedTokenId,
        String description,
        List<String> allowedAddresses,
        List<String> recentAddresses) {

    /** The most client addresses a token's history keeps. */
    public static final int MAX_RECENT_ADDRESSES = 8;

    /** Checks the required fields and copies the collections ({@code null}: empty). */
    public StoredToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lookupId, "lookupId");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(createdAt, "createdAt");
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
        allowedAddresses = allowedAddresses == null ? List.of() : List.copyOf(allowedAddresses);
        recentAddresses = recentAddresses == null ? List.of() : List.copyOf(recentAddresses);
    }

    /** A token without description, address allow-list or address history. */
    public StoredToken(String id, String owner, String name, String lookupId, String hash, Instant createdAt,
            Instant expiresAt, Instant lastUsedAt, Instant revokedAt, Set<String> scopes, String replacedTokenId) {
        this(id, owner, name, lookupId, hash, createdAt, expiresAt, lastUsedAt, revokedAt, scopes, replacedTokenId,
                null, List.of(), List.of());
    }

    /** Whether the record has been revoked. */
    public boolean isRevoked() {
        return revokedAt != null;
    }

    /** A copy with {@code revokedAt} set. */
    public StoredToken withRevokedAt(Instant at) {
        return new StoredToken(id, owner, name, lookupId, hash, createdAt, expiresAt, lastUsedAt, at, scopes,
                replacedTokenId, description, allowedAddresses, recentAddresses);
    }

    /**
     * A copy with a later use recorded.
     *
     * @param at        the use's time
     * @param addresses the new address history, or {@code null} to keep this one
     */
    public StoredToken withLastUse(Instant at, List<String> addresses) {
        return new StoredToken(id, owner, name, lookupId, hash, createdAt, expiresAt, at, revokedAt, scopes,
                replacedTokenId, description, allowedAddresses, addresses == null ? recentAddresses : addresses);
    }

    /** A copy with another hash (after a parameter upgrade). */
    public StoredToken withHash(String newHash) {
        return new StoredToken(id, owner, name, lookupId, newHash, createdAt, expiresAt, lastUsedAt, revokedAt,
                scopes, replacedTokenId, description, allowedAddresses, recentAddresses);
    }

    @Override
    public String toString() {
        return "StoredToken[id=" + id + ", owner=" + owner + ", name=" + name + ", lookupId=" + lookupId
                + ", hash=<redacted>, createdAt=" + createdAt + ", expiresAt=" + expiresAt + ", lastUsedAt="
                + lastUsedAt + ", revokedAt=" + revokedAt + ", scopes=" + scopes + ", replacedTokenId="
                + replacedTokenId + ", description=" + description + ", allowedAddresses=" + allowedAddresses
                + ", recentAddresses=" + recentAddresses + "]";
    }
}
