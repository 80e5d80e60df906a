package dev.patkit;

/**
 * A {@link TokenStore} could not do what was asked (database down, timeout, ...). Its message and cause never
 * carry a secret or a statement's parameter values. Verification turns it into a refusal with
 * {@link RefusalReason#STORE_UNAVAILABLE}; management calls let it through, to be answered with HTTP 503.
 */
public class TokenStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message only. */
    public TokenStoreException(String message) {
        super(message);
    }

    /** An exception with a message and the backend's exception (which must not carry secrets). */
    public TokenStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
