package dev.patkit.servlet;

import dev.patkit.TokenVerifier;
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
     * The filter. The builder is sealed afterwards: every further call is an {@link IllegalStateException}.
     *
     * @return the filter, ready to be registered with a container
     * @throws IllegalArgumentException if the realm or {@code Retry-After} is outside what is allowed; nothing is
     *                                  built, and the message names the value
     * @throws IllegalStateException    if the builder has already built its filter
     */
    public BearerTokenFilter build() {
        requireOpen();
        FilterOptions options = FilterOptions.of(
                realm != null ? realm : BearerTokenFilter.DEFAULT_REALM,
                required != null && required,
                retryAfterSeconds != null ? retryAfterSeconds : BearerTokenFilter.DEFAULT_RETRY_AFTER_SECONDS,
                checkFormBody == null || checkFormBody);
        built = true;
        return new BearerTokenFilter(verifier, options);
    }

    /** The values set so far ({@code default} for the others); never the verifier. */
    @Override
    public String toString() {
        return "BearerTokenFilterBuilder{realm=" + shown(realm) + ", required=" + shown(required)
                + ", retryAfterSeconds=" + shown(retryAfterSeconds) + ", checkFormBody=" + shown(checkFormBody)
                + (built ? ", built" : "") + "}";
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
