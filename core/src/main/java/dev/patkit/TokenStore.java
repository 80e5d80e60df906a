package dev.patkit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Storage SPI: what a backend implements so that {@link TokenService} can keep tokens in it.
 *
 * <p>Implementations must be thread-safe. Any failure of the backend is reported as a
 * {@link TokenStoreException} (never carrying a secret or a statement's parameter values); the service
 * then refuses the caller. Every store should pass the contract test {@code dev.patkit.testing.TokenStoreContract}
 * shipped in the {@code patkit-core} test-jar.
 */
public interface TokenStore {

    /**
     * Inserts a new token.
     *
     * @return {@code false}, inserting nothing, when the owner already has a token of the same name that is
     *     not revoked; {@code true} otherwise. Concurrent inserts of one name for one owner: exactly one wins.
     */
    boolean insert(StoredToken token);

    /** The token with this lookup id, revoked or not. */
    Optional<StoredToken> findByLookupId(String lookupId);

    /** The token with this id, revoked or not. */
    Optional<StoredToken> findById(String id);

    /** The owner's tokens that are not revoked, in any order. */
    List<StoredToken> listByOwner(String owner);

    /**
     * Revokes a token if it is not revoked yet (one conditional update).
     *
     * @return {@code true} if this call revoked it; {@code false} if it was already revoked or does not exist
     */
    boolean revoke(String id, Instant at);

    /**
     * Revokes every token of the owner that is not revoked yet, atomically.
     *
     * @return the tokens this call revoked, as they were before
     */
    List<StoredToken> revokeAll(String owner, Instant at);

    /**
     * Atomically revokes the token {@code oldId} and inserts {@code replacement} (which has the same name). If the old
     * token does not exist or is already revoked, nothing changes. There is no moment at which both tokens work, or
     * neither.
     *
     * @return whether the rotation happened
     */
    boolean rotate(String oldId, Instant revokedAt, StoredToken replacement);

    /** Replaces a token's hash, after the service re-hashed it with stronger parameters. */
    void updateHash(String id, String hash);

    /**
     * Records last-used times in one batch. A stored time never moves backwards; unknown ids are ignored.
     *
     * @param lastUsedById token id to the time of its latest use
     */
    void recordLastUsed(Map<String, Instant> lastUsedById);

    /** Tokens not revoked whose expiry lies in {@code [from, to)}, in any order. */
    List<StoredToken> findExpiringBetween(Instant from, Instant to);
}
