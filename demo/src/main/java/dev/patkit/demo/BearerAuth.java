package dev.patkit.demo;

import dev.patkit.TokenService;
import dev.patkit.Verification;
import dev.patkit.servlet.BearerTokenFilter;
import dev.patkit.servlet.RequireRoleFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.TreeSet;

/**
 * Bearer tokens on the protected API ({@code /api/me}, {@code /api/admin/ping}): patkit's {@link BearerTokenFilter}
 * in required mode, so every request there needs a valid token and every refusal is the filter's RFC 6750 answer.
 * The servlets read the caller through {@link #identity} and refuse a role through {@link #requireRole}.
 */
final class BearerAuth {

    /** The realm in every {@code WWW-Authenticate} header. */
    static final String REALM = "patkit-demo";

    /**
     * The authenticated caller, as the servlets see it.
     *
     * @param user      the token's owner
     * @param tokenId   the token's id
     * @param tokenName the token's name
     * @param roles     the owner's roles at this request, sorted
     */
    record Identity(String user, String tokenId, String tokenName, List<String> roles) {
    }

    private BearerAuth() {
    }

    /** The filter to map on the protected API. */
    static Filter create(TokenService tokens) {
        return BearerTokenFilter.builder(tokens).realm(REALM).required(true).build();
    }

    /** The caller of a request that passed the filter. */
    static Identity identity(HttpServletRequest request) {
        Verification.Authenticated p = (Verification.Authenticated) request.getUserPrincipal();
        return new Identity(p.owner(), p.tokenId(), p.tokenName(), List.copyOf(new TreeSet<>(p.roles())));
    }

    /** Whether the caller has {@code role} now; if not, the 403 {@code insufficient_scope} answer is sent. */
    static boolean requireRole(HttpServletRequest request, HttpServletResponse response, String role)
            throws IOException {
        return RequireRoleFilter.requireRole(request, response, role);
    }
}
