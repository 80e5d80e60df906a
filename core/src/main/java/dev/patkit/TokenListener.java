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
     * In cluster mode: this node stopped trusting its cached token states ({@code trusted} false: it reads the store
     * on every call until its link is healthy again) or trusts them again. Never carries a secret.
     *
     * @param trusted whether the node trusts its cached states now
     * @param reason  why, for logs
     */
    default void clusterTrustChanged(boolean trusted, String reason) {
    }
}
