package dev.patkit;

/**
 * No token with this id belongs to this owner (or, for rotation, it is revoked). Another owner's token id gives
 * exactly this answer, as an unknown id does.
 */
public final class TokenNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    TokenNotFoundException() {
        super("no such token");
    }
}
