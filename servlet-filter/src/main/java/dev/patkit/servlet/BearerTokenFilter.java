package dev.patkit.servlet;

import dev.patkit.RefusalReason;
import dev.patkit.TokenService;
import dev.patkit.Verification;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 6750 bearer-token authentication with a patkit {@link TokenService}.
 *
 * <p>Per request:
 * <ul>
 *   <li>no {@code Authorization} header, or another scheme (Basic, ...): passed on untouched and unauthenticated;
 *       in {@linkplain Builder#required required} mode answered 401 {@code WWW-Authenticate: Bearer realm="..."}
 *       with no error code;</li>
 *   <li>a malformed request (repeated {@code Authorization} header, a bearer header that is not
 *       {@code Bearer 1*SP b64token}, an {@code access_token} in the query string, a token in the header and in a form
 *       body): 400 {@code error="invalid_request"};</li>
 *   <li>a refused token (malformed for patkit, unknown, wrong secret, expired, revoked, inactive owner): 401
 *       {@code error="invalid_token"}, one byte-identical response for all of them;</li>
 *   <li>a store, role-resolver or hashing-capacity failure: 503 with {@code Retry-After}; never passed on;</li>
 *   <li>an accepted token: passed on wrapped, with {@link TokenPrincipal} as user principal and as the request
 *       attribute {@link TokenPrincipal#REQUEST_ATTRIBUTE}, {@code getRemoteUser()} the user id,
 *       {@code isUserInRole} the effective roles and {@code getAuthType()} {@code "Bearer"}.</li>
 * </ul>
 * Every error response has {@code Cache-Control: no-store}. The filter never logs a header value or a token; at
 * debug level it logs the kind of malformed request and why a request got 503 (the {@link TokenService} itself
 * logs the {@link RefusalReason} of every refused token).
 *
 * <p>Configure it in code with {@link #builder(TokenService)}, or in {@code web.xml} with the no-argument constructor
 * and the init-parameters {@value #PARAM_TOKEN_SERVICE_ATTRIBUTE}, {@value #PARAM_REALM}, {@value #PARAM_REQUIRED},
 * {@value #PARAM_RETRY_AFTER_SECONDS} and {@value #PARAM_CHECK_FORM_BODY}. The filter does not own the
 * {@link TokenService}: {@link #destroy()} does not close it.
 */
public final class BearerTokenFilter implements Filter {

    /** Init-parameter: the name of the ServletContext attribute holding the {@link TokenService}. */
    public static final String PARAM_TOKEN_SERVICE_ATTRIBUTE = "tokenServiceAttribute";
    /** Init-parameter: the realm of the challenges. */
    public static final String PARAM_REALM = "realm";
    /** Init-parameter: {@code true} or {@code false}, see {@link Builder#required(boolean)}. */
    public static final String PARAM_REQUIRED = "required";
    /** Init-parameter: seconds, see {@link Builder#retryAfterSeconds(int)}. */
    public static final String PARAM_RETRY_AFTER_SECONDS = "retryAfterSeconds";
    /** Init-parameter: {@code true} or {@code false}, see {@link Builder#checkFormBody(boolean)}. */
    public static final String PARAM_CHECK_FORM_BODY = "checkFormBody";

    /** Default of {@value #PARAM_TOKEN_SERVICE_ATTRIBUTE}: the name of the {@link TokenService} interface. */
    public static final String DEFAULT_TOKEN_SERVICE_ATTRIBUTE = "dev.patkit.TokenService";
    /** Default realm: {@value}. */
    public static final String DEFAULT_REALM = "api";
    /** Default {@code Retry-After} of 503 answers, in seconds: {@value}. */
    public static final int DEFAULT_RETRY_AFTER_SECONDS = 5;
    /** The most {@code Retry-After} seconds accepted: one day. */
    public static final int MAX_RETRY_AFTER_SECONDS = 86_400;

    /**
     * The request attribute under which the filter publishes its realm (a String) on every request it passes on, so
     * that {@link #requireRole} and {@link RequireRoleFilter} challenge with the same realm: {@value}.
     */
    public static final String REALM_ATTRIBUTE = "dev.patkit.servlet.realm";

    private static final Logger LOG = LoggerFactory.getLogger(BearerTokenFilter.class);
    private static final Set<String> PARAMS = Set.of(PARAM_TOKEN_SERVICE_ATTRIBUTE, PARAM_REALM, PARAM_REQUIRED,
            PARAM_RETRY_AFTER_SECONDS, PARAM_CHECK_FORM_BODY);

    /** Everything the filter needs, fixed once configured. */
    private record Settings(TokenService service, BearerResponses responses, boolean required, int retryAfterSeconds,
                            boolean checkFormBody, BearerTokenResolver resolver) {
    }

    private final boolean configuredInCode;
    private volatile Settings settings;

    /**
     * For {@code web.xml} and other containers that instantiate filters themselves: the filter is configured from
     * its init-parameters in {@link #init(FilterConfig)}. In code, use {@link #builder(TokenService)}.
     */
    public BearerTokenFilter() {
        this.configuredInCode = false;
    }

    private BearerTokenFilter(Settings settings) {
        this.configuredInCode = true;
        this.settings = settings;
    }

    /** A builder for a filter configured in code. */
    public static Builder builder(TokenService service) {
        return new Builder(service);
    }

    /**
     * Reads the init-parameters of a filter made with the no-argument constructor, and looks up its
     * {@link TokenService} in the ServletContext; a filter made by the builder accepts no init-parameters.
     *
     * @throws ServletException naming the problem, when an init-parameter is unknown or invalid, or when the
     *                          ServletContext has no {@link TokenService} under the configured attribute name; the
     *                          application should then fail to start
     */
    @Override
    public void init(FilterConfig config) throws ServletException {
        List<String> names = Collections.list(config.getInitParameterNames());
        if (configuredInCode) {
            if (!names.isEmpty()) {
                throw new ServletException("this BearerTokenFilter was configured with BearerTokenFilter.builder();"
                        + " remove its init-parameters " + names + ", or declare it by class name instead");
            }
            return;
        }
        List<String> unknown = new ArrayList<>(names);
        unknown.removeAll(PARAMS);
        if (!unknown.isEmpty()) {
            throw new ServletException("unknown BearerTokenFilter init-parameters " + unknown + "; known are "
                    + List.of(PARAM_TOKEN_SERVICE_ATTRIBUTE, PARAM_REALM, PARAM_REQUIRED, PARAM_RETRY_AFTER_SECONDS,
                    PARAM_CHECK_FORM_BODY));
        }
        // Every parameter is checked before the ServletContext is consulted.
        String attribute = param(config, PARAM_TOKEN_SERVICE_ATTRIBUTE, DEFAULT_TOKEN_SERVICE_ATTRIBUTE);
        String realm = param(config, PARAM_REALM, DEFAULT_REALM);
        boolean required;
        int retryAfterSeconds;
        boolean checkFormBody;
        try {
            BearerResponses.checkRealm(realm);
            required = booleanParam(config, PARAM_REQUIRED, false);
            retryAfterSeconds = checkRetryAfter(intParam(config, PARAM_RETRY_AFTER_SECONDS,
                    DEFAULT_RETRY_AFTER_SECONDS));
            checkFormBody = booleanParam(config, PARAM_CHECK_FORM_BODY, true);
        } catch (IllegalArgumentException e) {
            throw new ServletException("invalid BearerTokenFilter init-parameter: " + e.getMessage(), e);
        }
        if (attribute.isEmpty()) {
            throw new ServletException("invalid BearerTokenFilter init-parameter: " + PARAM_TOKEN_SERVICE_ATTRIBUTE
                    + " must not be empty");
        }
        Object found = config.getServletContext().getAttribute(attribute);
        if (!(found instanceof TokenService service)) {
            throw new ServletException("BearerTokenFilter needs a dev.patkit.TokenService in the ServletContext"
                    + " attribute \"" + attribute + "\" but found " + (found == null ? "nothing"
                    : "a " + found.getClass().getName()) + "; set it from a ServletContextListener"
                    + " (contextInitialized runs before filters are initialised), or name another attribute with"
                    + " the init-parameter " + PARAM_TOKEN_SERVICE_ATTRIBUTE);
        }
        Builder builder = new Builder(service).realm(realm).required(required).retryAfterSeconds(retryAfterSeconds)
                .checkFormBody(checkFormBody);
        this.settings = builder.settings();
        LOG.info("patkit bearer token filter configured from init-parameters: {}", this);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        Settings s = settings;
        if (s == null) {
            throw new ServletException("BearerTokenFilter was not initialised: the container must call init()");
        }
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            throw new ServletException("BearerTokenFilter handles HTTP requests only");
        }
        // Only this filter may set the principal attribute: whatever an earlier component put there is dropped.
        request.removeAttribute(TokenPrincipal.REQUEST_ATTRIBUTE);
        BearerTokenResolver.Resolution resolution = s.resolver().resolve(request);
        switch (resolution.outcome()) {
            case INVALID -> {
                LOG.debug("bearer request refused as invalid_request: {}", resolution.problem());
                s.responses().invalidRequest(response, resolution.problem());
            }
            case ABSENT, OTHER_SCHEME -> {
                if (s.required()) {
                    LOG.debug("request without bearer credentials refused: the filter is in required mode");
                    s.responses().noCredentials(response);
                } else {
                    request.setAttribute(REALM_ATTRIBUTE, s.responses().realm());
                    chain.doFilter(request, response);
                }
            }
            case TOKEN -> authenticate(s, resolution.token(), request, response, chain);
            default -> throw new IllegalStateException("unexpected resolution " + resolution);
        }
    }

    private static void authenticate(Settings s, String token, HttpServletRequest request,
                                     HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Verification verification;
        try {
            verification = s.service().verify(token);
        } catch (RuntimeException e) {
            // TokenService.verify never throws; another implementation might. Fail closed, and do not log the
            // exception's message, which could quote its argument.
            LOG.warn("TokenService.verify threw {}; answering 503", e.getClass().getName());
            verification = null;
        }
        if (verification instanceof Verification.Authenticated a) {
            TokenPrincipal principal = new TokenPrincipal(a.owner(), a.tokenId(), a.tokenName(), a.roles());
            request.setAttribute(TokenPrincipal.REQUEST_ATTRIBUTE, principal);
            request.setAttribute(REALM_ATTRIBUTE, s.responses().realm());
            chain.doFilter(new TokenAuthenticatedRequest(request, principal), response);
        } else if (verification instanceof Verification.Refused r && !r.reason().isTemporary()) {
            // The service has logged the reason (at debug); the client learns none of it.
            s.responses().invalidToken(response);
        } else {
            LOG.debug("bearer token not judged ({}); answering 503",
                    verification instanceof Verification.Refused r ? r.reason() : "no verification");
            BearerResponses.unavailable(response, s.retryAfterSeconds());
        }
    }

    /**
     * Requires a role (or scope) for a request that went through a {@link BearerTokenFilter}: returns {@code true}
     * when the request is authenticated and {@code isUserInRole(role)}; otherwise answers and returns
     * {@code false}: 401 {@code WWW-Authenticate: Bearer realm="..."} when the request is not authenticated,
     * 403 {@code error="insufficient_scope", scope="<role>"} when the role is missing. The realm is the one the
     * filter published in {@link #REALM_ATTRIBUTE}, else {@value #DEFAULT_REALM}. If the response is already
     * committed nothing can be answered; the result is still {@code false}.
     *
     * <pre>{@code
     * if (!BearerTokenFilter.requireRole(request, response, "admin")) {
     *     return; // answered
     * }
     * }</pre>
     *
     * @param role a role name that is also a valid RFC 6749 scope-token (printable ASCII without space,
     *             {@code "} or {@code \})
     * @throws IllegalArgumentException if {@code role} is not a valid scope-token
     */
    public static boolean requireRole(HttpServletRequest request, HttpServletResponse response, String role)
            throws IOException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
        BearerResponses.checkScope(role);
        boolean authenticated = request.getUserPrincipal() != null;
        if (authenticated && request.isUserInRole(role)) {
            return true;
        }
        if (response.isCommitted()) {
            LOG.warn("role check failed after the response was committed; nothing could be answered");
            return false;
        }
        BearerResponses responses = new BearerResponses(realmOf(request));
        if (authenticated) {
            responses.insufficientScope(response, role);
        } else {
            responses.noCredentials(response);
        }
        return false;
    }

    private static String realmOf(HttpServletRequest request) {
        Object realm = request.getAttribute(REALM_ATTRIBUTE);
        return realm instanceof String r && !r.isEmpty() && r.length() <= 200 && BearerResponses.isQuotable(r)
                ? r : DEFAULT_REALM;
    }

    /** Does nothing: the filter does not own its {@link TokenService}. */
    @Override
    public void destroy() {
    }

    /** The configuration (realm, required, Retry-After, form checking), never the service or any token. */
    @Override
    public String toString() {
        Settings s = settings;
        if (s == null) {
            return "BearerTokenFilter{not initialised}";
        }
        return "BearerTokenFilter{realm=" + s.responses().realm() + ", required=" + s.required()
                + ", retryAfterSeconds=" + s.retryAfterSeconds() + ", checkFormBody=" + s.checkFormBody() + "}";
    }

    private static int checkRetryAfter(int seconds) {
        if (seconds < 1 || seconds > MAX_RETRY_AFTER_SECONDS) {
            throw new IllegalArgumentException("retryAfterSeconds must be between 1 and " + MAX_RETRY_AFTER_SECONDS
                    + ": " + seconds);
        }
        return seconds;
    }

    private static String param(FilterConfig config, String name, String defaultValue) {
        String value = config.getInitParameter(name);
        return value == null ? defaultValue : value.trim();
    }

    private static boolean booleanParam(FilterConfig config, String name, boolean defaultValue) {
        String value = config.getInitParameter(name);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false: \"" + value.trim() + "\"");
        };
    }

    private static int intParam(FilterConfig config, String name, int defaultValue) {
        String value = config.getInitParameter(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number of seconds: \"" + value.trim()
                    + "\"", e);
        }
    }

    /**
     * Configures a {@link BearerTokenFilter} in code. Every setter checks its argument at once; a builder builds
     * once.
     */
    public static final class Builder {

        private final TokenService service;
        private String realm = DEFAULT_REALM;
        private boolean required;
        private int retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS;
        private boolean checkFormBody = true;
        private boolean built;

        private Builder(TokenService service) {
            this.service = Objects.requireNonNull(service, "service");
        }

        /**
         * The realm of every challenge: 1 to 200 printable ASCII characters without {@code "} or {@code \}.
         * Default {@value BearerTokenFilter#DEFAULT_REALM}.
         */
        public Builder realm(String realm) {
            checkOpen();
            this.realm = BearerResponses.checkRealm(realm);
            return this;
        }

        /**
         * Whether a request without bearer credentials (no {@code Authorization} header, or another scheme) is
         * refused with 401 {@code WWW-Authenticate: Bearer realm="..."}. Default {@code false}: it passes on
         * unauthenticated, for public endpoints and for other authentication filters further down.
         */
        public Builder required(boolean required) {
            checkOpen();
            this.required = required;
            return this;
        }

        /**
         * The {@code Retry-After} of 503 answers (store or role resolver unavailable, hashing busy): 1 to
         * {@value BearerTokenFilter#MAX_RETRY_AFTER_SECONDS} seconds. Default
         * {@value BearerTokenFilter#DEFAULT_RETRY_AFTER_SECONDS}.
         */
        public Builder retryAfterSeconds(int seconds) {
            checkOpen();
            this.retryAfterSeconds = checkRetryAfter(seconds);
            return this;
        }

        /**
         * Whether a form POST ({@code application/x-www-form-urlencoded}) carrying a bearer header is checked for
         * an {@code access_token} form parameter (answered 400 {@code invalid_request}: a token sent twice).
         * Default {@code true}. The check parses the body through {@code getParameterValues}, as the container
         * would on the first {@code getParameter} call, so on such requests the application must read the form
         * with {@code getParameter}, not from {@code getInputStream()} or {@code getReader()}. Turn it off for
         * applications that read form bodies raw; a form {@code access_token} is never accepted either way.
         */
        public Builder checkFormBody(boolean check) {
            checkOpen();
            this.checkFormBody = check;
            return this;
        }

        /** The filter. */
        public BearerTokenFilter build() {
            checkOpen();
            built = true;
            return new BearerTokenFilter(settings());
        }

        private Settings settings() {
            return new Settings(service, new BearerResponses(realm), required, retryAfterSeconds, checkFormBody,
                    new BearerTokenResolver(checkFormBody));
        }

        private void checkOpen() {
            if (built) {
                throw new IllegalStateException("this builder has built its filter and is sealed; use a new builder");
            }
        }

        @Override
        public String toString() {
            return "BearerTokenFilter.Builder{realm=" + realm + ", required=" + required + ", retryAfterSeconds="
                    + retryAfterSeconds + ", checkFormBody=" + checkFormBody + "}";
        }
    }
}
