package dev.patkit.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Lets a request through only when it is authenticated and in a role; map it after {@link BearerTokenFilter}, for
 * the same dispatches. Otherwise it answers as {@link #requireRole}: 401 with a bare Bearer challenge when the
 * request is not authenticated, 403 {@code error="insufficient_scope", scope="<role>"} when the role is missing, in
 * the realm of the {@link BearerTokenFilter} the request passed through.
 *
 * <p>In code: {@code new RequireRoleFilter("admin")}, or {@link #requireRole} inside a servlet. In
 * {@code web.xml}: declare it by class name with the init-parameter {@value #PARAM_ROLE}.
 */
public final class RequireRoleFilter implements Filter {

    /** Init-parameter: the required role, a valid RFC 6749 scope-token. */
    public static final String PARAM_ROLE = "role";

    /** The challenge of a request that passed through no {@link BearerTokenFilter}. */
    private static final BearerResponses DEFAULT_RESPONSES = new BearerResponses(BearerTokenFilter.DEFAULT_REALM);

    private final boolean configuredInCode;
    private volatile String role;

    /** For {@code web.xml}: the role comes from the init-parameter {@value #PARAM_ROLE}. */
    public RequireRoleFilter() {
        this.configuredInCode = false;
    }

    /**
     * A filter requiring {@code role}.
     *
     * @param role the required role
     * @throws IllegalArgumentException if {@code role} is not a valid RFC 6749 scope-token (printable ASCII
     *                                  without space, {@code "} or {@code \})
     */
    public RequireRoleFilter(String role) {
        this.role = BearerResponses.checkScope(role);
        this.configuredInCode = true;
    }

    /**
     * Reads the init-parameter {@value #PARAM_ROLE} of a filter made with the no-argument constructor.
     *
     * @throws ServletException when it is missing or invalid, or when a filter made with a role has
     *                          init-parameters
     */
    @Override
    public void init(FilterConfig config) throws ServletException {
        List<String> names = Collections.list(config.getInitParameterNames());
        if (configuredInCode) {
            if (!names.isEmpty()) {
                throw new ServletException("this RequireRoleFilter was made with a role; remove its"
                        + " init-parameters " + names);
            }
            return;
        }
        if (!List.of(PARAM_ROLE).containsAll(names)) {
            throw new ServletException("RequireRoleFilter knows only the init-parameter " + PARAM_ROLE + "; found "
                    + names);
        }
        String value = config.getInitParameter(PARAM_ROLE);
        if (value == null) {
            throw new ServletException("RequireRoleFilter needs the init-parameter " + PARAM_ROLE);
        }
        try {
            this.role = BearerResponses.checkScope(value.trim());
        } catch (IllegalArgumentException e) {
            throw new ServletException("invalid RequireRoleFilter init-parameter: " + e.getMessage(), e);
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        String required = role;
        if (required == null) {
            throw new ServletException("RequireRoleFilter was not initialised: the container must call init()");
        }
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            throw new ServletException("RequireRoleFilter handles HTTP requests only");
        }
        if (check(request, response, required)) {
            chain.doFilter(request, response);
        }
    }

    /**
     * Requires a role (or scope): returns {@code true} when the request is authenticated and
     * {@code isUserInRole(role)}; otherwise answers and returns {@code false}: 401
     * {@code WWW-Authenticate: Bearer realm="..."} when the request is not authenticated, 403
     * {@code error="insufficient_scope", scope="<role>"} when the role is missing. The realm is that of the
     * {@link BearerTokenFilter} the request passed through, else {@value BearerTokenFilter#DEFAULT_REALM}. Any
     * authenticated principal counts, so this also serves requests authenticated by another filter. If the response
     * is already committed nothing can be answered; the result is still {@code false}.
     *
     * <pre>{@code
     * if (!RequireRoleFilter.requireRole(request, response, "admin")) {
     *     return; // answered 401 or 403
     * }
     * }</pre>
     *
     * @param request  the request, after a {@link BearerTokenFilter}
     * @param response its response, answered when the result is {@code false}
     * @param role     a role name that is also a valid RFC 6749 scope-token (printable ASCII without space,
     *                 {@code "} or {@code \})
     * @return whether the request may go on
     * @throws IOException              if the answer could not be written
     * @throws IllegalArgumentException if {@code role} is not a valid scope-token: a programming error, never a
     *                                  client's input
     */
    public static boolean requireRole(HttpServletRequest request, HttpServletResponse response, String role)
            throws IOException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
        return check(request, response, BearerResponses.checkScope(role));
    }

    private static boolean check(HttpServletRequest request, HttpServletResponse response, String role)
            throws IOException {
        boolean authenticated = request.getUserPrincipal() != null;
        if (authenticated && request.isUserInRole(role)) {
            return true;
        }
        BearerResponses found = BearerRequest.responsesOf(request);
        BearerResponses responses = found != null ? found : DEFAULT_RESPONSES;
        if (authenticated) {
            responses.insufficientScope(response, role);
        } else {
            responses.noCredentials(response);
        }
        return false;
    }

    /** The required role. */
    @Override
    public String toString() {
        String r = role;
        return r == null ? "RequireRoleFilter{not initialised}" : "RequireRoleFilter{role=" + r + "}";
    }
}
