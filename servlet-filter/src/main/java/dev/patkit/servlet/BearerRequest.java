package dev.patkit.servlet;

import dev.patkit.Verification;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;

/**
 * A request as the application sees it behind a {@link BearerTokenFilter}. It carries the filter's responses, so
 * that a role check further down ({@link RequireRoleFilter}) challenges with the filter's realm, and, when the
 * token was accepted, the {@link Verification.Authenticated} that is the request's principal. It sets no request
 * attribute: whatever an attribute holds, only this wrapper makes a request authenticated. Package-private.
 */
final class BearerRequest extends HttpServletRequestWrapper {

    /** The value of {@link #getAuthType()} on a request authenticated by a bearer token. */
    static final String AUTH_TYPE = "Bearer";

    private final BearerResponses responses;
    private final Verification.Authenticated principal;
    private final boolean basic;

    private BearerRequest(HttpServletRequest request, BearerResponses responses,
                          Verification.Authenticated principal, boolean basic) {
        super(request);
        this.responses = responses;
        this.principal = principal;
        this.basic = basic;
    }

    /**
     * The request authenticated as {@code principal}, by a bearer token or, when {@code basic}, by a token sent as
     * the password of Basic credentials.
     */
    static BearerRequest authenticated(HttpServletRequest request, BearerResponses responses,
                                       Verification.Authenticated principal, boolean basic) {
        return new BearerRequest(request, responses, principal, basic);
    }

    /** The request passed on without bearer credentials: everything is the wrapped request's own. */
    static BearerRequest unauthenticated(HttpServletRequest request, BearerResponses responses) {
        return new BearerRequest(request, responses, null, false);
    }

    /**
     * The responses of the nearest {@link BearerTokenFilter} the request passed through, found among its wrappers;
     * {@code null} if it passed through none.
     */
    static BearerResponses responsesOf(ServletRequest request) {
        ServletRequest current = request;
        while (current != null) {
            if (current instanceof BearerRequest bearer) {
                return bearer.responses;
            }
            current = current instanceof ServletRequestWrapper wrapper ? wrapper.getRequest() : null;
        }
        return null;
    }

    @Override
    public Principal getUserPrincipal() {
        return principal != null ? principal : super.getUserPrincipal();
    }

    /** The token's owner. */
    @Override
    public String getRemoteUser() {
        return principal != null ? principal.owner() : super.getRemoteUser();
    }

    /** {@code "Bearer"}, or {@code "BASIC"} ({@link HttpServletRequest#BASIC_AUTH}) for a token sent with Basic. */
    @Override
    public String getAuthType() {
        if (principal == null) {
            return super.getAuthType();
        }
        return basic ? HttpServletRequest.BASIC_AUTH : AUTH_TYPE;
    }

    /**
     * Whether the effective roles contain {@code role}. {@code "**"} means "any authenticated user", as in the
     * Servlet specification, and is therefore always true on an authenticated request; {@code null} is never a role.
     */
    @Override
    public boolean isUserInRole(String role) {
        if (principal == null) {
            return super.isUserInRole(role);
        }
        return role != null && ("**".equals(role) || principal.roles().contains(role));
    }
}
