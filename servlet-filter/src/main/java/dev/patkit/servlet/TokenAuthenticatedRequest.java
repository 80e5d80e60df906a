package dev.patkit.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;

/** The request as the application sees it after a token was accepted. Package-private. */
final class TokenAuthenticatedRequest extends HttpServletRequestWrapper {

    /** The value of {@link #getAuthType()}. */
    static final String AUTH_TYPE = "Bearer";

    private final TokenPrincipal principal;

    TokenAuthenticatedRequest(HttpServletRequest request, TokenPrincipal principal) {
        super(request);
        this.principal = principal;
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public String getRemoteUser() {
        return principal.userId();
    }

    @Override
    public String getAuthType() {
        return AUTH_TYPE;
    }

    /**
     * Whether the effective roles contain {@code role}. {@code "**"} means "any authenticated user", as in the
     * Servlet specification, and is therefore always true here.
     */
    @Override
    public boolean isUserInRole(String role) {
        return "**".equals(role) || principal.hasRole(role);
    }
}
