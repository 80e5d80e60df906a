package dev.patkit;

/**
 * The one call an API edge needs: is this presented token good, and as whom? {@link TokenService} is one; a servlet
 * filter or a Spring integration takes this interface, so a test double is a lambda.
 */
@FunctionalInterface
public interface TokenVerifier {

    /**
     * Verifies a presented token without knowing the client's address. Never throws: every failure, including a
     * failing store or resolver, is a {@link Verification.Refused}. A token restricted to client addresses is refused
     * here, since the address is unknown; an API edge calls {@link #verify(String, String)}.
     *
     * @param presented the token as the client sent it; {@code null} is refused as malformed
     * @return {@link Verification.Authenticated} with the owner's roles of this moment, or {@link Verification.Refused}
     */
    Verification verify(String presented);

    /**
     * Verifies a presented token sent from a client address, which a token's address allow-list is checked against
     * and which is remembered as its last-used address. The default ignores the address: a verifier that keeps no
     * allow-lists (a test double) needs only {@link #verify(String)}; {@link TokenService} overrides it.
     *
     * @param presented     the token as the client sent it; {@code null} is refused as malformed
     * @param clientAddress the client's IP address as a literal ({@code 192.0.2.7}, {@code 2001:db8::7}), never a
     *                      host name; {@code null} when unknown, which a token with an allow-list is refused for
     * @return as {@link #verify(String)}
     */
    default Verification verify(String presented, String clientAddress) {
        return verify(presented);
    }
}
