package dev.patkit.servlet;

/**
 * How a {@link BearerTokenFilter} answers, checked once when it is configured, by its builder or from its
 * init-parameters; immutable afterwards. Package-private.
 */
final class FilterOptions {

    private final BearerResponses responses;
    private final BearerTokenResolver resolver;
    private final boolean required;
    private final int retryAfterSeconds;
    private final boolean checkFormBody;

    private FilterOptions(BearerResponses responses, boolean required, int retryAfterSeconds, boolean checkFormBody) {
        this.responses = responses;
        this.resolver = new BearerTokenResolver(checkFormBody);
        this.required = required;
        this.retryAfterSeconds = retryAfterSeconds;
        this.checkFormBody = checkFormBody;
    }

    /**
     * Checks every value, in this order: the realm, then {@code Retry-After}.
     *
     * @throws NullPointerException     if {@code realm} is null
     * @throws IllegalArgumentException naming the value and what is allowed
     */
    static FilterOptions of(String realm, boolean required, int retryAfterSeconds, boolean checkFormBody) {
        BearerResponses responses = new BearerResponses(realm);
        if (retryAfterSeconds < 1 || retryAfterSeconds > BearerTokenFilter.MAX_RETRY_AFTER_SECONDS) {
            throw new IllegalArgumentException("retryAfterSeconds must be between 1 and "
                    + BearerTokenFilter.MAX_RETRY_AFTER_SECONDS + ": " + retryAfterSeconds);
        }
        return new FilterOptions(responses, required, retryAfterSeconds, checkFormBody);
    }

    /** The responses, which carry the realm of every challenge. */
    BearerResponses responses() {
        return responses;
    }

    BearerTokenResolver resolver() {
        return resolver;
    }

    /** Whether a request without bearer credentials is answered 401 rather than passed on. */
    boolean required() {
        return required;
    }

    int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The options, as the filter's {@code toString()} shows them; configuration only, never a secret. */
    @Override
    public String toString() {
        return "realm=" + responses.realm() + ", required=" + required + ", retryAfterSeconds=" + retryAfterSeconds
                + ", checkFormBody=" + checkFormBody;
    }
}
