package dev.patkit;

import java.util.Objects;

/**
 * A newly created or rotated token: its metadata and, this once, its plaintext.
 *
 * @param token     what the user sees of the token
 * @param plaintext the secret value, revealed only by {@link PlaintextToken#revealPlaintext()}
 */
public record IssuedToken(Token token, PlaintextToken plaintext) {

    /** Checks for nulls. */
    public IssuedToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(plaintext, "plaintext");
    }
}
