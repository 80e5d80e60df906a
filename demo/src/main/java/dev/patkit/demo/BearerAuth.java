package dev.patkit.demo;

import dev.patkit.TokenService;
import dev.patkit.Verification;
import dev.patkit.servlet.BearerTokenFilter;
import dev.patkit.servlet.RequireRoleFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;

/**
 * Tokens on the protected API ({@code /api/me}, {@code /api/admin/ping}): patkit's {@link BearerTokenFilter} in
 * required mode, so every request there needs a valid token and every refusal is the filter's RFC 6750 answer. A
 * token is taken as {@code Authorization: Bearer <token>} or as the password of HTTP Basic under any user name
 * ({@code curl -u anyone:<token>}, for clients that speak only Basic); on these paths a Basic password is only ever
 * checked as a token, never as a user's password (the management API's HTTP Basic, on its own paths, is the users'
 * password login). Every answer to a token with an expiry carries {@code Token-Expiration}, the filter's default.
 * The client address the filter verifies with is the connection's: the demo listens on 127.0.0.1 with no proxy in
 * front, so no forwarding header is believed. The servlets read the caller through {@link #caller} and refuse a role
 * through {@link #requireRole}.
 */
final class BearerAuth {

    /** The realm in every {@code WWW-Authenticate} header. */
    static final String REALM = "patkit-demo";

    private BearerAuth() {
    }

    /** The filter to map on the protected API. */
    static Filter create(TokenService tokens) {
        return BearerTokenFilter.builder(tokens).realm(REALM).required(true).acceptBasic(true).build();
    }

    /**
     * The caller of a request that passed the filter: its {@link HttpServletRequest#getUserPrincipal() principal},
     * the token's owner, id, name and the owner's roles at this request.
     *
     * @throws IllegalStateException if the request did not pass the filter (a wiring mistake: answered 500)
     */
    static Verification.Authenticated caller(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        if (principal instanceof Verification.Authenticated caller) {
            return caller;
        }
        throw new IllegalStateException("no token principal: the bearer filter is not mapped on this path");
    }

    /** Whether the caller has {@code role} now; if not, the 403 {@code insufficient_scope} answer is sent. */
    static boolean requireRole(HttpServletRequest request, HttpServletResponse response, String role)
            throws IOException {
        return RequireRoleFilter.requireRole(request, response, role);
    }
}
