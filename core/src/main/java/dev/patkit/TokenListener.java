package dev.patkit;

/**
 * Receives token events, for audit trails and notifications (for example, e-mail the owner when a leaked token
 * was revoked). Calls are synchronous on the calling thread and must be quick; an exception thrown here is logged
 * and otherwise ignored. Events never carry a secret.
 */
public interface TokenListener {

    /** A token was created. */
    default void created(Token token) {
    }

    /** {@code previous} was revoked and replaced by {@code replacement}. */
    default void rotated(Token previous, Token replacement) {
    }

    /** A token was revoked (not called for rotation, which has {@link #rotated}). */
    default void revoked(Token token, RevocationCause cause) {
    }

    /**
     * A presented token was refused.
     *
     * @param reason  why
     * @param tokenId the id of the token whose lookup id was presented, or {@code null} when none was found
     */
    default void refused(RefusalReason reason, String tokenId) {
    }

    /**
     * A token was used from a client address not among the addresses of its recent uses: for warning its owner. Also
     * logged (INFO, "token used from a new address"). The history is the {@value StoredToken#MAX_RECENT_ADDRESSES} most
     * recent distinct addresses of the token: in the store ({@link StoredToken#recentAddresses()}), and on each node
     * with the token's cached verification, written with the last-used time at the next
     * {@linkplain TokenServiceBuilder#lastUsedFlushInterval flush}. Called on the verifying thread, once per node for
     * each new address; another node may report the same address once more before the history is written. A
     * verification without an address, or with text that is no IP literal, records and reports nothing.
     *
     * @param token   the verification that succeeded
     * @param address the client address, canonical ({@link AddressRange#canonical})
     */
    default void usedFromNewAddress(Verification.Authenticated token, String address) {
    }

    /**
     * A token stops working within {@code before}: sent by {@link TokenService#sendExpiryReminders}, once per token
     * and threshold. An exception thrown here leaves the reminder unsent, for a later run.
     *
     * @param token  the token
     * @param before the reminder threshold reached, for example 7 days
     */
    default void expiryReminder(Token token, java.time.Duration before) {
    }

    /**
     * In cluster mode: this node stopped trusting its cached token states ({@code trusted} false: it reads the store
     * on every call until its link is healthy again) or trusts them again. Never carries a secret.
     *
     * @param trusted whether the node trusts its cached states now
     * @param reason  why, for logs
     */
    default void clusterTrustChanged(boolean trusted, String reason) {
    }
}
