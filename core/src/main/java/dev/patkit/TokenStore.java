package dev.patkit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
     * Records last uses in one batch. A use is written only when it is later than the stored one (a stored time never
     * moves backwards), and then its address history with it; unknown ids are ignored.
     *
     * @param usesById token id to its latest use
     */
    void recordLastUsed(Map<String, LastUse> usesById);

    /**
     * The tokens that meet every given condition of {@code criteria}, newest first ({@code created_at} descending, then
     * {@code id} descending), at most {@link Criteria#limit()} of them: the administrators' view and the expiry
     * reminders read through this. A SQL store backs each condition with an index.
     */
    List<StoredToken> find(Criteria criteria);

    /**
     * Claims the sending of one reminder of one token, so that of several nodes (or re-runs) one sends it.
     *
     * @param tokenId     the token
     * @param reminder    which reminder: the service uses its threshold as {@link java.time.Duration#toString()}, for
     *                    example {@code "PT168H"}
     * @param now         the claim's time
     * @param staleBefore a claim made before this that was never {@linkplain #reminderSent completed} is taken over
     *                    (its sender died before it could record the sending)
     * @return {@code true} when the caller is to send it: nobody had claimed it, or the claim was stale
     */
    boolean claimReminder(String tokenId, String reminder, Instant now, Instant staleBefore);

    /** Records that a claimed reminder was sent: it is never claimed again. */
    void reminderSent(String tokenId, String reminder, Instant at);

    /**
     * A token's latest use, as {@link #recordLastUsed} writes it.
     *
     * @param at              when
     * @param recentAddresses the new address history (see {@link StoredToken#recentAddresses()}), or {@code null} to
     *                        keep the stored one
     */
    record LastUse(Instant at, List<String> recentAddresses) {

        /** Checks {@code at} and copies the addresses. */
        public LastUse {
            Objects.requireNonNull(at, "at");
            recentAddresses = recentAddresses == null ? null : List.copyOf(recentAddresses);
        }
    }

    /**
     * What {@link #find} looks for: every non-null condition must hold (and {@code neverUsed} when true).
     *
     * @param owner          {@code owner_id = owner}
     * @param revoked        {@code revoked_at IS NOT NULL} when true, {@code IS NULL} when false
     * @param endsAfter      {@code expires_at IS NULL OR expires_at > endsAfter}
     * @param createdAfter   {@code created_at > createdAfter}
     * @param expiresBy      with {@code createdBy}: {@code expires_at <= expiresBy OR created_at <= createdBy}, a
     *                       null bound making its half false (a token that ends by then, by expiry or by lifetime)
     * @param createdBy      see {@code expiresBy}
     * @param lastUsedBefore {@code last_used_at IS NULL OR last_used_at < lastUsedBefore}
     * @param neverUsed      when true, {@code last_used_at IS NULL}
     * @param afterCreatedAt with {@code afterId}, the keyset position to continue after: {@code created_at <
     *                       afterCreatedAt OR (created_at = afterCreatedAt AND id < afterId)}; both or neither
     * @param afterId        see {@code afterCreatedAt}
     * @param limit          the most tokens to answer, at least 1
     */
    record Criteria(String owner, Boolean revoked, Instant endsAfter, Instant createdAfter, Instant expiresBy,
            Instant createdBy, Instant lastUsedBefore, boolean neverUsed, Instant afterCreatedAt, String afterId,
            int limit) {

        /** Checks the keyset position and the limit. */
        public Criteria {
            if ((afterCreatedAt == null) != (afterId == null)) {
                throw new IllegalArgumentException("afterCreatedAt and afterId go together");
            }
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be at least 1: " + limit);
            }
        }

        /** Whether a token meets the criteria (what a store's query must answer, for stores that filter in memory). */
        public boolean matches(StoredToken t) {
            return (owner == null || owner.equals(t.owner()))
                    && (revoked == null || revoked == t.isRevoked())
                    && (endsAfter == null || t.expiresAt() == null || t.expiresAt().isAfter(endsAfter))
                    && (createdAfter == null || t.createdAt().isAfter(createdAfter))
                    && (expiresBy == null && createdBy == null
                        || expiresBy != null && t.expiresAt() != null && !t.expiresAt().isAfter(expiresBy)
                        || createdBy != null && !t.createdAt().isAfter(createdBy))
                    && (lastUsedBefore == null || t.lastUsedAt() == null || t.lastUsedAt().isBefore(lastUsedBefore))
                    && (!neverUsed || t.lastUsedAt() == null)
                    && (afterCreatedAt == null || t.createdAt().isBefore(afterCreatedAt)
                        || t.createdAt().equals(afterCreatedAt) && t.id().compareTo(afterId) < 0);
        }
    }
}
