package dev.patkit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a user sees of a personal access token: never its secret, never its hash. An immutable snapshot; its instants
 * have microsecond precision (what SQL stores keep), so a token handed out by the service equals the one listed later
 * as long as nothing about it changed.
 *
 * @param id              the token's opaque, stable identifier (not part of its plaintext)
 * @param owner           the id of the user it belongs to, as given to {@link TokenService#create}
 * @param name            the descriptive name, unique among the owner's tokens that are not revoked
 * @param createdAt       when it was created
 * @param expiresAt       when it stops working; empty for a token without expiry
 * @param lastUsedAt      its last successful verification, accurate to about a second; empty if never used
 * @param revokedAt       when it was revoked; empty while it is not revoked
 * @param scopes          the scopes it is narrowed to; empty means not narrowed: it carries all of its owner's current
 *                        roles, otherwise those of them that are also in this set
 * @param replacedTokenId the id of the token it replaced by {@link TokenService#rotate rotation}, if any
 * @param description     the optional description
 * @param allowedAddresses the client address ranges it may be used from, in CIDR notation; empty: any address
 * @param lastUsedAddress the client address (canonical, see {@link AddressRange#canonical}) of its last use that gave
 *                        one, with this node's newer unwritten use if any; empty if never used from a known address.
 *                        The store keeps the {@value StoredToken#MAX_RECENT_ADDRESSES} most recent distinct addresses
 *                        of each token ({@link StoredToken#recentAddresses()}); a node keeps its copy with the token's
 *                        cached verification and writes it with the last-used time
 */
public record Token(String id, String owner, String name, Instant createdAt, Optional<Instant> expiresAt,
        Optional<Instant> lastUsedAt, Optional<Instant> revokedAt, Set<String> scopes,
        Optional<String> replacedTokenId, Optional<String> description, List<String> allowedAddresses,
        Optional<String> lastUsedAddress) {

    /** Checks for nulls and copies the scopes. */
    public Token {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(replacedTokenId, "replacedTokenId");
        Objects.requireNonNull(description, "description");
        allowedAddresses = List.copyOf(allowedAddresses);
        Objects.requireNonNull(lastUsedAddress, "lastUsedAddress");
    }

    /** What a stored token shows, with its last use (time and address) as this node knows it. */
    static Token of(StoredToken t, Instant lastUsedAt, String lastUsedAddress) {
        return new Token(t.id(), t.owner(), t.name(), t.createdAt(), Optional.ofNullable(t.expiresAt()),
                Optional.ofNullable(lastUsedAt), Optional.ofNullable(t.revokedAt()), t.scopes(),
                Optional.ofNullable(t.replacedTokenId()), Optional.ofNullable(t.description()),
                t.allowedAddresses(), Optional.ofNullable(lastUsedAddress));
    }
}
