package dev.patkit.servlet;

import dev.patkit.RefusalReason;
import dev.patkit.TokenVerifier;
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
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 6750 bearer-token authentication with a patkit {@link TokenVerifier} (a {@code TokenService} is one).
 *
 * <p>On every dispatch it is mapped for, it finds the request's bearer token, has it verified, and answers:
 * <ul>
 *   <li>no {@code Authorization} header, or another scheme (Basic, ...): passed on unauthenticated; in
 *       {@linkplain BearerTokenFilterBuilder#required required} mode answered 401
 *       {@code WWW-Authenticate: Bearer realm="..."} with no error code;</li>
 *   <li>a malformed request (repeated {@code Authorization} header, a bearer header that is not
 *       {@code Bearer 1*SP b64token}, an {@code access_token} in the query string, a token in the header and in a form
 *       body): 400 {@code error="invalid_request"};</li>
 *   <li>a refused token (malformed for patkit, unknown, wrong secret, expired, revoked, inactive owner): 401
 *       {@code error="invalid_token"}, one byte-identical response for all of them;</li>
 *   <li>a store, role-resolver or hashing-capacity failure, or a verifier that throws: 503 with
 *       {@code Retry-After}; never passed on;</li>
 *   <li>an accepted token: passed on wrapped, with the {@link Verification.Authenticated} as user principal,
 *       {@code getRemoteUser()} its owner, {@code isUserInRole} its roles and {@code getAuthType()}
 *       {@code "Bearer"} ({@code "BASIC"} for a token sent as a Basic password); a token with an expiry adds the
 *       header {@value #DEFAULT_EXPIRATION_HEADER} (configurable) to the response, with the HTTP-date when it stops
 *       working.</li>
 * </ul>
 * Options, all off by default: a token as the password of HTTP Basic credentials
 * ({@link BearerTokenFilterBuilder#acceptBasic}), and trusted proxies whose forwarding headers give the client
 * address ({@link BearerTokenFilterBuilder#trustedProxies}). The client address ({@code getRemoteAddr()} unless a
 * trusted proxy forwarded the request) goes to {@link TokenVerifier#verify(String, String)}, which refuses a token
 * restricted to address ranges outside them.
 * Every error response has {@code Cache-Control: no-store}. The filter sets no request attribute. It never logs a
 * header value or a token; at debug level it logs the kind of malformed request and why a request got 503 (patkit's
 * {@code TokenService} itself logs the {@link RefusalReason} of every refused token).
 *
 * <p>Map it for {@code REQUEST} and {@code ASYNC} dispatches: a request re-dispatched with
 * {@code AsyncContext.dispatch()} is then authenticated again, from its {@code Authorization} header, as it is now.
 * Without the {@code ASYNC} mapping the re-dispatched request carries nothing of its earlier authentication.
 *
 * <p>Configure it in code with {@link #builder(TokenVerifier)}, or in {@code web.xml} with the no-argument
 * constructor and the init-parameters {@value #PARAM_TOKEN_VERIFIER_ATTRIBUTE}, {@value #PARAM_REALM},
 * {@value #PARAM_REQUIRED}, {@value #PARAM_RETRY_AFTER_SECONDS}, {@value #PARAM_CHECK_FORM_BODY},
 * {@value #PARAM_ACCEPT_BASIC}, {@value #PARAM_EXPIRATION_HEADER} and {@value #PARAM_TRUSTED_PROXIES}. The filter
 * does not own its verifier: {@link #destroy()} does not close it.
 */
public final class BearerTokenFilter implements Filter {

    /** Init-parameter: the name of the ServletContext attribute holding the {@link TokenVerifier}. */
    public static final String PARAM_TOKEN_VERIFIER_ATTRIBUTE = "tokenVerifierAttribute";
    /** Init-parameter: the realm of the challenges, see {@link BearerTokenFilterBuilder#realm(String)}. */
    public static final String PARAM_REALM = "realm";
    /** Init-parameter: {@code true} or {@code false}, see {@link BearerTokenFilterBuilder#required(boolean)}. */
    public static final String PARAM_REQUIRED = "required";
    /** Init-parameter: seconds, see {@link BearerTokenFilterBuilder#retryAfterSeconds(int)}. */
    public static final String PARAM_RETRY_AFTER_SECONDS = "retryAfterSeconds";
    /** Init-parameter: {@code true} or {@code false}, see {@link BearerTokenFilterBuilder#checkFormBody(boolean)}. */
    public static final String PARAM_CHECK_FORM_BODY = "checkFormBody";
    /** Init-parameter: {@code true} or {@code false}, see {@link BearerTokenFilterBuilder#acceptBasic(boolean)}. */
    public static final String PARAM_ACCEPT_BASIC = "acceptBasic";
    /** Init-parameter: a header name, see {@link BearerTokenFilterBuilder#expirationHeader(String)}. */
    public static final String PARAM_EXPIRATION_HEADER = "expirationHeader";
    /**
     * Init-parameter: address ranges in CIDR notation separated by commas or whitespace, see
     * {@link BearerTokenFilterBuilder#trustedProxies(java.util.List)}.
     */
    public static final String PARAM_TRUSTED_PROXIES = "trustedProxies";

    /** Default of {@value #PARAM_TOKEN_VERIFIER_ATTRIBUTE}: the name of the {@link TokenVerifier} interface. */
    public static final String DEFAULT_TOKEN_VERIFIER_ATTRIBUTE = "dev.patkit.TokenVerifier";
    /** Default realm: {@value}. */
    public static final String DEFAULT_REALM = "api";
    /** Default {@code Retry-After} of 503 answers, in seconds: {@value}. */
    public static final int DEFAULT_RETRY_AFTER_SECONDS = 5;
    /** Default name of the header telling when an authenticated token stops working: {@value}. */
    public static final String DEFAULT_EXPIRATION_HEADER = BearerResponses.TOKEN_EXPIRATION;
    /** The most {@code Retry-After} seconds accepted: one day. */
    public static final int MAX_RETRY_AFTER_SECONDS = 86_400;

    private static final Logger LOG = LoggerFactory.getLogger(BearerTokenFilter.class);

    /** What the filter works with, published at once. */
    private record Configuration(TokenVerifier verifier, FilterOptions options) {
    }

    private final boolean configuredInCode;
    private volatile Configuration configuration;

    /**
     * For {@code web.xml} and other containers that instantiate filters themselves: the filter is configured from
     * its init-parameters in {@link #init(FilterConfig)}. In code, use {@link #builder(TokenVerifier)}.
     */
    public BearerTokenFilter() {
        this.configuredInCode = false;
    }

    BearerTokenFilter(TokenVerifier verifier, FilterOptions options) {
        this.configuredInCode = true;
        this.configuration = new Configuration(Objects.requireNonNull(verifier, "verifier"), options);
    }

    /**
     * A builder for a filter configured in code.
     *
     * @param verifier verifies the presented tokens: patkit's {@code TokenService}, or any {@link TokenVerifier}
     * @return a new builder
     */
    public static BearerTokenFilterBuilder builder(TokenVerifier verifier) {
        return new BearerTokenFilterBuilder(verifier);
    }

    /**
     * Reads the init-parameters of a filter made with the no-argument constructor, then looks up its
     * {@link TokenVerifier} in the ServletContext; a filter made by the builder accepts no init-parameters.
     *
     * @throws ServletException naming the problem, when an init-parameter is unknown or invalid, or when the
     *                          ServletContext has no {@link TokenVerifier} under the configured attribute name; the
     *                          application should then fail to start
     */
    @Override
    public void init(FilterConfig config) throws ServletException {
        if (configuredInCode) {
            InitParameters.requireNone(config);
            return;
        }
        FilterOptions options = InitParameters.options(config);
        this.configuration = new Configuration(InitParameters.verifier(config), options);
        LOG.info("patkit bearer token filter configured from init-parameters: {}", this);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        Configuration c = configuration;
        if (c == null) {
            throw new ServletException("BearerTokenFilter was not initialised: the container must call init()");
        }
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            throw new ServletException("BearerTokenFilter handles HTTP requests only");
        }
        FilterOptions options = c.options();
        BearerResponses responses = options.responses();
        BearerTokenResolver.Resolution resolution = options.resolver().resolve(request);
        switch (resolution.outcome()) {
            case TOKEN -> authenticate(c, resolution, request, response, chain);
            case ABSENT, OTHER_SCHEME -> {
                if (options.required()) {
                    LOG.debug("request without bearer credentials refused: the filter is in required mode");
                    responses.noCredentials(response);
                } else {
                    chain.doFilter(BearerRequest.unauthenticated(request, responses), response);
                }
            }
            case INVALID -> {
                LOG.debug("bearer request refused as invalid_request: {}", resolution.problem());
                responses.invalidRequest(response, resolution.problem());
            }
            default -> throw new IllegalStateException("unexpected resolution " + resolution);
        }
    }

    private static void authenticate(Configuration c, BearerTokenResolver.Resolution resolution,
                                     HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        FilterOptions options = c.options();
        Verification verification = verify(c.verifier(), resolution.token(), options.clientAddresses().of(request));
        BearerResponses responses = options.responses();
        if (verification instanceof Verification.Authenticated principal) {
            if (principal.expiresAt().isPresent()) {
                responses.expiration(response, principal.expiresAt().get());
            }
            chain.doFilter(BearerRequest.authenticated(request, responses, principal, resolution.basic()), response);
        } else if (verification instanceof Verification.Refused refused && !refused.reason().isTemporary()) {
            // The service has logged the reason (at debug); the client learns none of it.
            responses.invalidToken(response);
        } else {
            LOG.debug("bearer token not judged ({}); answering 503",
                    verification instanceof Verification.Refused refused ? refused.reason() : "no verification");
            BearerResponses.unavailable(response, c.options().retryAfterSeconds());
        }
    }

    /** The verifier's answer; {@code null} when it broke its contract by throwing or answering nothing. */
    private static Verification verify(TokenVerifier verifier, String token, String clientAddress) {
        try {
            return verifier.verify(token, clientAddress);
        } catch (RuntimeException e) {
            // patkit's TokenService never throws; another verifier might. Fail closed, and do not log the
            // exception's message, which could quote its argument.
            LOG.warn("TokenVerifier.verify threw {}; answering 503", e.getClass().getName());
            return null;
        }
    }

    /** Does nothing: the filter does not own its {@link TokenVerifier}. */
    @Override
    public void destroy() {
    }

    /** The configuration (realm, modes, Retry-After, headers, trusted proxies), never the verifier or any token. */
    @Override
    public String toString() {
        Configuration c = configuration;
        return c == null ? "BearerTokenFilter{not initialised}" : "BearerTokenFilter{" + c.options() + "}";
    }
}
