package dev.patkit;

/**
 * A token's plaintext, as returned once by {@link TokenService#create} and {@link TokenService#rotate}.
 *
 * <p>It does not show itself: {@link #toString()} is redacted, and there is no {@code equals}. The only way to read
 * it is the explicit, greppable {@link #revealPlaintext()}, to hand it to the user once ("copy it now"). patkit keeps
 * no copy.
 */
public final class PlaintextToken {

    private final String value;

    PlaintextToken(String value) {
        this.value = value;
    }

    /** The token's plaintext. Show it to its owner once; never log or store it. */
    public String revealPlaintext() {
        return value;
    }

    /** Always {@code "PlaintextToken[redacted]"}. */
    @Override
    public String toString() {
        return "PlaintextToken[redacted]";
    }
}
