package dev.patkit.servlet;

import dev.patkit.AddressRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link BearerTokenFilter} answers, checked once when it is configured, by its builder or from its
 * init-parameters; immutable afterwards. Package-private.
 */
final class FilterOptions {

    /** The most trusted proxy ranges a filter takes. */
    static final int MAX_TRUSTED_PROXIES = 100;

    private final BearerResponses responses;
    private final BearerTokenResolver resolver;
    private final ClientAddresses clientAddresses;
    private final boolean required;
    private final int retryAfterSeconds;
    private final boolean checkFormBody;

    private FilterOptions(BearerResponses responses, boolean required, int retryAfterSeconds, boolean checkFormBody,
                          ClientAddresses clientAddresses) {
        this.responses = responses;
        this.resolver = new BearerTokenResolver(checkFormBody, responses.acceptsBasic());
        this.clientAddresses = clientAddresses;
        this.required = required;
        this.retryAfterSeconds = retryAfterSeconds;
        this.checkFormBody = checkFormBody;
    }

    /**
     * Checks every value, in this order: the realm, the expiration header, {@code Retry-After}, then the trusted
     * proxies.
     *
     * @param trustedProxies address ranges in CIDR notation; empty: forwarding headers are never read
     * @throws NullPointerException     if {@code realm}, {@code expirationHeader} or a proxy range is null
     * @throws IllegalArgumentException naming the value and what is allowed
     */
    static FilterOptions of(String realm, boolean required, int retryAfterSeconds, boolean checkFormBody,
                            boolean acceptBasic, String expirationHeader, List<String> trustedProxies) {
        BearerResponses responses = new BearerResponses(realm, acceptBasic, expirationHeader);
        if (retryAfterSeconds < 1 || retryAfterSeconds > BearerTokenFilter.MAX_RETRY_AFTER_SECONDS) {
            throw new IllegalArgumentException("retryAfterSeconds must be between 1 and "
                    + BearerTokenFilter.MAX_RETRY_AFTER_SECONDS + ": " + retryAfterSeconds);
        }
        return new FilterOptions(responses, required, retryAfterSeconds, checkFormBody,
                new ClientAddresses(ranges(trustedProxies)));
    }

    private static List<AddressRange> ranges(List<String> cidrs) {
        if (cidrs.size() > MAX_TRUSTED_PROXIES) {
            throw new IllegalArgumentException("trustedProxies takes at most " + MAX_TRUSTED_PROXIES
                    + " address ranges: " + cidrs.size());
        }
        List<AddressRange> ranges = new ArrayList<>(cidrs.size());
        for (String cidr : cidrs) {
            Objects.requireNonNull(cidr, "trusted proxy range");
            try {
                ranges.add(AddressRange.parse(cidr.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("trustedProxies must be IP address ranges in CIDR notation"
                        + " (192.0.2.0/24, 2001:db8::/32, 10.0.0.7): " + BearerResponses.quoted(cidr) + ": "
                        + e.getMessage(), e);
            }
        }
        return ranges;
    }

    /** The responses, which carry the realm of every challenge. */
    BearerResponses responses() {
        return responses;
    }

    BearerTokenResolver resolver() {
        return resolver;
    }

    /** Finds the client address of a request. */
    ClientAddresses clientAddresses() {
        return clientAddresses;
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
                + ", checkFormBody=" + checkFormBody + ", acceptBasic=" + responses.acceptsBasic()
                + ", expirationHeader=" + responses.expirationHeader()
                + ", trustedProxies=" + clientAddresses.trustedProxies();
    }
}
