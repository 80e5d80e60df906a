package dev.patkit;

import java.util.Objects;

/**
 * A newly created or rotated token: its metadata and, this once, its plaintext.
 *
 * <p>The plaintext does not show itself: {@link #toString()} is redacted and there is no {@code equals}. The only way
 * to read it is the explicit, greppable {@link #revealPlaintext()}, to hand it to the user once ("copy it now").
 * patkit keeps no copy.
 */
public final class IssuedToken {

    private final Token token;
    private final String plaintext;

    IssuedToken(Token token, String plaintext) {
        this.token = Objects.requireNonNull(token, "token");
        this.plaintext = Objects.requireNonNull(plaintext, "plaintext");
    }

    /** What the user sees of the token from now on: never its secret. */
    public Token token() {
        return token;
    }

    /** The token's plaintext. Show it to its owner once; never log or store it. */
    public String revealPlaintext() {
        return plaintext;
    }

    /** The token's metadata, with the plaintext redacted. */
    @Override
    public String toString() {
        return "IssuedToken[" + token + ", plaintext=<redacted>]";
    }
}
