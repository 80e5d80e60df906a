package dev.patkit.servlet;

import dev.patkit.TokenVerifier;
import java.util.List;
import java.util.Objects;

/**
 * Configures a {@link BearerTokenFilter} in code; made by {@link BearerTokenFilter#builder(TokenVerifier)}. Each
 * setter may be called once (a second call is an {@link IllegalStateException} naming the value already set); what
 * is not set keeps its default. {@link #build()} checks every value, and the builder is sealed once it has built its
 * filter.
 *
 * <pre>{@code
 * Filter bearer = BearerTokenFilter.builder(tokens).realm("api").required(true).build();
 * }</pre>
 */
public final class BearerTokenFilterBuilder {

    private final TokenVerifier verifier;
    private String realm;
    private Boolean required;
    private Integer retryAfterSeconds;
    private Boolean checkFormBody;
    private Boolean acceptBasic;
    private String expirationHeader;
    private List<String> trustedProxies;
    private boolean built;

    BearerTokenFilterBuilder(TokenVerifier verifier) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /**
     * The realm of every challenge: 1 to 200 printable ASCII characters without {@code "} or {@code \} (checked
     * by {@link #build()}). Default {@value BearerTokenFilter#DEFAULT_REALM}.
     *
     * @param realm the realm
     * @return this builder
     * @throws IllegalStateException if the realm was already set, or the builder has built its filter
     */
    public BearerTokenFilterBuilder realm(String realm) {
        requireUnset("realm", this.realm);
        this.realm = Objects.requireNonNull(realm, "realm");
        return this;
    }

    /**
     * Whether a request without bearer credentials (no {@code Authorization} header, or another scheme) is
     * refused with 401 {@code WWW-Authenticate: Bearer realm="..."}. Default {@code false}: it passes on
     * unauthenticated, for public endpoints and for other authentication filters further down.
     *
     * @param required whether bearer credentials are required
     * @return this builder
     * @throws IllegalStateException if it was already set, or the builder has built its filter
     */
    public BearerTokenFilterBuilder required(boolean required) {
        requireUnset("required", this.required);
        this.required = required;
        return this;
    }

    /**
     * The {@code Retry-After} of 503 answers (store or role resolver unavailable, hashing busy): 1 to
     * {@value BearerTokenFilter#MAX_RETRY_AFTER_SECONDS} seconds (checked by {@link #build()}). Default
     * {@value BearerTokenFilter#DEFAULT_RETRY_AFTER_SECONDS}.
     *
     * @param seconds the {@code Retry-After} value
     * @return this builder
     * @throws IllegalStateException if it was already set, or the builder has built its filter
     */
    public BearerTokenFilterBuilder retryAfterSeconds(int seconds) {
        requireUnset("retryAfterSeconds", this.retryAfterSeconds);
        this.retryAfterSeconds = seconds;
        return this;
    }

    /**
     * Whether a form POST ({@code application/x-www-form-urlencoded}) carrying a bearer header is checked for an
     * {@code access_token} form parameter (answered 400 {@code invalid_request}: a token sent twice). Default
     * {@code true}. The check parses the body through {@code getParameterValues}, as the container would on the
     * first {@code getParameter} call, so on such requests the application must read the form with
     * {@code getParameter}, not from {@code getInputStream()} or {@code getReader()}. Turn it off for applications
     * that read form bodies raw; a form {@code access_token} is never accepted either way.
     *
     * @param check whether form bodies are checked
     * @return this builder
     * @throws IllegalStateException if it was already set, or the builder has built its filter
     */
    public BearerTokenFilterBuilder checkFormBody(boolean check) {
        requireUnset("checkFormBody", this.checkFormBody);
        this.checkFormBody = check;
        return this;
    }

    /**
     * Whether a token is also accepted as the password of HTTP Basic credentials (RFC 7617), for clients that speak
     * only Basic: Maven, Gradle, npm, Docker and git over HTTPS. Default {@code false}: Basic credentials pass on
     * untouched, for another authentication further down.
     *
     * <p>When on, {@code Authorization: Basic base64(<any user name>:<token>)} authenticates exactly as
     * {@code Bearer <token>} does, with the same refusals; the user name is ignored (never read into a string, never
     * logged). The password is only ever verified as a token, never tried as a password: a password that is not a
     * valid token is answered 401 like any refused token, and nothing behind the filter sees Basic credentials it
     * could check. Every 401 then also challenges with {@code Basic realm="...", charset="UTF-8"}. Turn it on only
     * for paths where Basic means a token. An authenticated request's {@code getAuthType()} is {@code "BASIC"}.
     *
     * @param accept whether Basic credentials carry a token
     * @return this builder
     * @throws IllegalStateException if it was already set, or the builder has built its filter
     */
    public BearerTokenFilterBuilder acceptBasic(boolean accept) {
        requireUnset("acceptBasic", this.acceptBasic);
        this.acceptBasic = accept;
        return this;
    }

    /**
     * The name of the header that tells a client when its token stops working. Every response to a request
     * authenticated by a token that has an expiry (its own, or the end of its maximum lifetime under the service's
     * policy) carries it, with an RFC 9110 HTTP-date in IMF-fixdate form ({@code Sun, 06 Nov 2044 08:49:37 GMT});
     * tokens without expiry get none. An HTTP header name (checked by {@link #build()}). Default
     * {@value BearerTokenFilter#DEFAULT_EXPIRATION_HEADER}.
     *
     * @param name the header name
     * @return this builder
     * @throws IllegalStateException if it was already set, or the builder has built its filter
     */
    public BearerTokenFilterBuilder expirationHeader(String name) {
        requireUnset("expirationHeader", this.expirationHeader);
        this.expirationHeader = Objects.requireNonNull(name, "expirationHeader");
        return this;
    }

    /**
     * The reverse proxies whose forwarding headers are believed, as IP address ranges in CIDR notation
     * ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, or one address; at most
     * {@value FilterOptions#MAX_TRUSTED_PROXIES}, checked by {@link #build()}). The client address checked against a
     * token's address allow-list is {@code getRemoteAddr()}; only when that peer lies in one of these ranges are
     * {@code Forwarded} (RFC 7239) and {@code X-Forwarded-For} read, from the right, skipping trusted proxies, and the
     * first hop that is not one is the client. A malformed, oversized or contradictory header, or an {@code unknown}
     * or obfuscated hop, makes the address unknown, which a token restricted to addresses is refused for. Default:
     * none, and forwarding headers are never read: anyone can send them.
     *
     * @param ranges the trusted proxies' address ranges
     * @return this builder
     * @throws IllegalStateException if they were already set, or the builder has built its filter
     */
    public BearerTokenFilterBuilder trustedProxies(List<String> ranges) {
        requireUnset("trustedProxies", this.trustedProxies);
        this.trustedProxies = List.copyOf(Objects.requireNonNull(ranges, "trustedProxies"));
        return this;
    }

    /**
     * The filter. The builder is sealed afterwards: every further call is an {@link IllegalStateException}.
     *
     * @return the filter, ready to be registered with a container
     * @throws IllegalArgumentException if the realm, the expiration header, {@code Retry-After} or a trusted proxy
     *                                  range is outside what is allowed; nothing is built, and the message names the
     *                                  value
     * @throws IllegalStateException    if the builder has already built its filter
     */
    public BearerTokenFilter build() {
        requireOpen();
        FilterOptions options = FilterOptions.of(
                realm != null ? realm : BearerTokenFilter.DEFAULT_REALM,
                required != null && required,
                retryAfterSeconds != null ? retryAfterSeconds : BearerTokenFilter.DEFAULT_RETRY_AFTER_SECONDS,
                checkFormBody == null || checkFormBody,
                acceptBasic != null && acceptBasic,
                expirationHeader != null ? expirationHeader : BearerTokenFilter.DEFAULT_EXPIRATION_HEADER,
                trustedProxies != null ? trustedProxies : List.of());
        built = true;
        return new BearerTokenFilter(verifier, options);
    }

    /** The values set so far ({@code default} for the others); never the verifier. */
    @Override
    public String toString() {
        return "BearerTokenFilterBuilder{realm=" + shown(realm) + ", required=" + shown(required)
                + ", retryAfterSeconds=" + shown(retryAfterSeconds) + ", checkFormBody=" + shown(checkFormBody)
                + ", acceptBasic=" + shown(acceptBasic) + ", expirationHeader=" + shown(expirationHeader)
                + ", trustedProxies=" + shown(trustedProxies) + (built ? ", built" : "") + "}";
    }

    private void requireUnset(String name, Object current) {
        requireOpen();
        if (current != null) {
            throw new IllegalStateException(name + " was already set to " + shown(current));
        }
    }

    private void requireOpen() {
        if (built) {
            throw new IllegalStateException("this builder has built its filter and is sealed; use a new builder");
        }
    }

    /** A value for a message: strings quoted with control characters escaped, {@code default} for unset. */
    private static String shown(Object value) {
        if (value == null) {
            return "default";
        }
        return value instanceof String s ? BearerResponses.quoted(s) : value.toString();
    }
}
