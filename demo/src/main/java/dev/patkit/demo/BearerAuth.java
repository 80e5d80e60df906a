package dev.patkit.demo;

import dev.patkit.TokenService;
import dev.patkit.Verification;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SEAM 2 of 2: Bearer tokens on the protected API ({@code /api/me}, {@code /api/admin/ping}). The only class that
 * knows how a Bearer token is checked; the servlets read the caller through {@link #identity} and
 * {@link HttpServletRequest#isUserInRole}, and refuse a role through {@link #insufficientScope}.
 *
 * <p>TODO(swap BearerAuth to BearerTokenFilter): until the {@code servlet-filter} module is merged, this filter calls
 * {@link TokenService#verify} itself with the RFC 6750 behaviour the demo needs: 401 {@code invalid_token}, one
 * identical answer for every bad token; 401 without an error code when there are no credentials; 400
 * {@code invalid_request} for a malformed header, repeated headers or a token in the query string; 503 with
 * {@code Retry-After} when the refusal is temporary; 403 {@code insufficient_scope} from {@link #insufficientScope}.
 * At the swap: add the {@code patkit-servlet-filter} dependency, make {@link #create} return a
 * {@code BearerTokenFilter} on the service (realm {@value #REALM}), make {@link #identity} read its
 * {@code TokenPrincipal}, make {@link #insufficientScope} call its 403 helper, and delete the rest of this class.
 */
final class BearerAuth implements Filter {

    /** The realm in every {@code WWW-Authenticate} header. */
    static final String REALM = "patkit-demo";

    private static final Pattern CREDENTIALS =
            Pattern.compile("Bearer +([A-Za-z0-9\\-._~+/]+=*)", Pattern.CASE_INSENSITIVE);

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

    private final TokenService tokens;

    private BearerAuth(TokenService tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /** The filter to map on the protected API. TODO(swap BearerAuth to BearerTokenFilter): build that one here. */
    static Filter create(TokenService tokens) {
        return new BearerAuth(tokens);
    }

    /**
     * The caller of a request that passed the filter. TODO(swap BearerAuth to BearerTokenFilter): read the
     * {@code TokenPrincipal} instead.
     */
    static Identity identity(HttpServletRequest request) {
        DemoTokenPrincipal p = (DemoTokenPrincipal) request.getUserPrincipal();
        return new Identity(p.getName(), p.tokenId(), p.tokenName(), List.copyOf(new TreeSet<>(p.roles())));
    }

    /**
     * Answers 403 {@code insufficient_scope} naming the role that is missing. TODO(swap BearerAuth to
     * BearerTokenFilter): delegate to its helper.
     */
    static void insufficientScope(HttpServletResponse response, String role) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"" + REALM + "\", error=\"insufficient_scope\", scope=\""
                + role + "\"");
        Json.error(response, 403, "insufficient_scope");
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String query = request.getQueryString();
        if (query != null && (query.startsWith("access_token=") || query.contains("&access_token="))) {
            invalidRequest(response);
            return;
        }
        Enumeration<String> headers = request.getHeaders("Authorization");
        if (headers == null || !headers.hasMoreElements()) {
            noCredentials(response);
            return;
        }
        String header = headers.nextElement();
        if (headers.hasMoreElements()) {
            invalidRequest(response);
            return;
        }
        if (!header.regionMatches(true, 0, "Bearer", 0, 6) || header.length() > 6 && header.charAt(6) != ' ') {
            noCredentials(response);
            return;
        }
        Matcher m = CREDENTIALS.matcher(header);
        if (!m.matches()) {
            invalidRequest(response);
            return;
        }
        Verification v = tokens.verify(m.group(1));
        if (v instanceof Verification.Authenticated a) {
            chain.doFilter(new AuthenticatedRequest(request, new DemoTokenPrincipal(a.userId(), a.tokenId(),
                    a.tokenName(), a.roles())), response);
        } else if (((Verification.Refused) v).reason().isTemporary()) {
            response.setHeader("Retry-After", "5");
            Json.error(response, 503, "temporarily_unavailable");
        } else {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"" + REALM + "\", error=\"invalid_token\"");
            Json.error(response, 401, "invalid_token");
        }
    }

    private static void noCredentials(HttpServletResponse response) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"" + REALM + "\"");
        Json.error(response, 401, "unauthorized");
    }

    private static void invalidRequest(HttpServletResponse response) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"" + REALM + "\", error=\"invalid_request\"");
        Json.error(response, 400, "invalid_request");
    }

    /** What {@code getUserPrincipal()} returns behind this filter. */
    record DemoTokenPrincipal(String userId, String tokenId, String tokenName, Set<String> roles)
            implements Principal {

        DemoTokenPrincipal {
            roles = Set.copyOf(roles);
        }

        @Override
        public String getName() {
            return userId;
        }
    }

    private static final class AuthenticatedRequest extends HttpServletRequestWrapper {

        private final DemoTokenPrincipal principal;

        AuthenticatedRequest(HttpServletRequest request, DemoTokenPrincipal principal) {
            super(request);
            this.principal = principal;
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public String getRemoteUser() {
            return principal.getName();
        }

        @Override
        public String getAuthType() {
            return "Bearer";
        }

        @Override
        public boolean isUserInRole(String role) {
            return role != null && principal.roles().contains(role);
        }
    }
}
