package dev.patkit;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What a user sees of a personal access token: never its secret, never its hash.
 *
 * <p>Instances are immutable snapshots. Their instants have microsecond precision (what SQL stores keep), and two
 * tokens handed out by the service are equal when every field shown here is equal.
 */
public interface Token {

    /** The token's opaque, stable identifier (not part of the token's plaintext). */
    String id();

    /** The user id of the owner, as given to {@link TokenService#create}. */
    String owner();

    /** The descriptive name, unique among the owner's tokens that are not revoked. */
    String name();

    /** When the token was created. */
    Instant createdAt();

    /** When the token stops working; empty for a token without expiry. */
    Optional<Instant> expiresAt();

    /** The last successful verification, accurate to about a second; empty if never used. */
    Optional<Instant> lastUsedAt();

    /** When the token was revoked; empty while it is not revoked. */
    Optional<Instant> revokedAt();

    /**
     * The scopes the token is narrowed to. Empty means "not narrowed": the token carries all of its
     * owner's current roles. Otherwise it carries the owner's current roles that are also in this set.
     */
    Set<String> scopes();

    /** The id of the token this one replaced by {@link TokenService#rotate rotation}, if any. */
    Optional<String> replacedTokenId();
}
