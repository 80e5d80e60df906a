package dev.patkit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The integrator's {@link TokenListener}, guarded: an exception it throws is logged and goes no further, so a broken
 * listener can neither fail a management call after the store changed nor turn a refusal into an exception.
 */
final class GuardedListener {

    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);

    private final TokenListener listener;

    GuardedListener(TokenListener listener) {
        this.listener = listener;
    }

    void created(Token token) {
        guard("created", () -> listener.created(token));
    }

    void rotated(Token previous, Token replacement) {
        guard("rotated", () -> listener.rotated(previous, replacement));
    }

    void revoked(Token token, RevocationCause cause) {
        guard("revoked", () -> listener.revoked(token, cause));
    }

    void clusterTrustChanged(boolean trusted, String reason) {
        guard("clusterTrustChanged", () -> listener.clusterTrustChanged(trusted, reason));
    }

    /** On the verify path: no allocation unless the listener throws. */
    void refused(RefusalReason reason, String tokenId) {
        try {
            listener.refused(reason, tokenId);
        } catch (RuntimeException e) {
            failed("refused", e);
        }
    }

    private static void guard(String event, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            failed(event, e);
        }
    }

    private static void failed(String event, RuntimeException e) {
        LOG.warn("token listener failed on {}: {}", event, LogText.of(e));
    }
}
