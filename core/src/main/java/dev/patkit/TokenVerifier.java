package dev.patkit;

/**
 * The one call an API edge needs: is this presented token good, and as whom? {@link TokenService} is one; a servlet
 * filter or a Spring integration takes this interface, so a test double is a lambda.
 */
@FunctionalInterface
public interface TokenVerifier {

    /**
     * Verifies a presented token. Never throws: every failure, including a failing store or resolver, is a
     * {@link Verification.Refused}.
     *
     * @param presented the token as the client sent it; {@code null} is refused as malformed
     * @return {@link Verification.Authenticated} with the owner's roles of this moment, or {@link Verification.Refused}
     */
    Verification verify(String presented);
}
