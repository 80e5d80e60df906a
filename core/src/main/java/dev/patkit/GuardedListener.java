package dev.patkit;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The integrator's {@link TokenListener}, guarded: an exception it throws is logged and goes no further, so a broken
 * listener can neither fail a management call after the store changed nor turn a refusal into an exception. An
 * expiry reminder also tells whether the listener took it, so that one it threw on is sent again later.
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

    void usedFromNewAddress(Verification.Authenticated token, String address) {
        guard("usedFromNewAddress", () -> listener.usedFromNewAddress(token, address));
    }

    /** Whether the listener took the reminder without throwing. */
    boolean expiryReminder(Token token, Duration before) {
        return guard("expiryReminder", () -> listener.expiryReminder(token, before));
    }

    /** On the verify path: no allocation unless the listener throws. */
    void refused(RefusalReason reason, String tokenId) {
        try {
            listener.refused(reason, tokenId);
        } catch (RuntimeException e) {
            failed("refused", e);
        }
    }

    private static boolean guard(String event, Runnable call) {
        try {
            call.run();
            return true;
        } catch (RuntimeException e) {
            failed(event, e);
            return false;
        }
    }

    private static void failed(String event, RuntimeException e) {
        LOG.warn("token listener failed on {}: {}", event, LogText.of(e));
    }
}
