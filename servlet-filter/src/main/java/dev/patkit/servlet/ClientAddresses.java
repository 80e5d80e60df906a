package dev.patkit.servlet;

import dev.patkit.AddressRange;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.List;

/**
 * Finds the client address that a {@link BearerTokenFilter} passes to {@code TokenVerifier.verify(token, address)},
 * against which a token's address allow-list is checked. Package-private.
 *
 * <p>Design note. The immediate peer ({@code getRemoteAddr()}) is the only address nobody can forge. Forwarding
 * headers are written by whoever sent the request, so they are read only when the peer is a configured trusted
 * proxy, and then only as far as the chain of trusted proxies reaches: the hops are walked from the right (the hop
 * the peer saw last), trusted proxies skipped, and the first hop that is not a trusted proxy is the client. Anything
 * doubtful makes the address unknown ({@code null}), which a token restricted to addresses is refused for (fail
 * closed) and which changes nothing for other tokens: a header that is malformed or over {@value #MAX_HEADER_LENGTH}
 * characters, an {@code unknown} or obfuscated RFC 7239 node reached by the walk, and a request carrying both
 * {@code Forwarded} and {@code X-Forwarded-For} that name different clients (a proxy that appends to one header may
 * pass a client's forged copy of the other through). With no trusted proxy configured, the headers are never read.
 *
 * <p>Jetty writes an IPv6 peer in brackets ({@code [::1]}); they are removed, so the verifier gets a plain literal.
 * The headers' grammar is {@link ForwardedHeaders}'.
 */
final class ClientAddresses {

    /** The longest forwarding header read (all its fields together); a longer one makes the address unknown. */
    static final int MAX_HEADER_LENGTH = 4096;
    static final String FORWARDED = "Forwarded";
    static final String X_FORWARDED_FOR = "X-Forwarded-For";

    private final List<AddressRange> trustedProxies;

    ClientAddresses(List<AddressRange> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /** The trusted proxies, as configured. */
    List<AddressRange> trustedProxies() {
        return trustedProxies;
    }

    /** The client's address, or {@code null} when it is unknown. */
    String of(HttpServletRequest request) {
        String peer = unbracketed(request.getRemoteAddr());
        if (trustedProxies.isEmpty() || !isTrusted(peer)) {
            return peer;
        }
        String forwarded = joined(request.getHeaders(FORWARDED));
        String xForwardedFor = joined(request.getHeaders(X_FORWARDED_FOR));
        if (forwarded == null && xForwardedFor == null) {
            return peer; // the trusted proxy is itself the client
        }
        String byForwarded = forwarded == null ? null : client(ForwardedHeaders.forwardedHops(forwarded));
        String byXForwardedFor =
                xForwardedFor == null ? null : client(ForwardedHeaders.xForwardedForHops(xForwardedFor));
        if (forwarded != null && xForwardedFor != null) {
            return byForwarded != null && byForwarded.equals(byXForwardedFor) ? byForwarded : null;
        }
        return forwarded != null ? byForwarded : byXForwardedFor;
    }

    /**
     * The client among the hops (leftmost first, each canonical, {@code null} for an unknown hop): the rightmost hop
     * that is not a trusted proxy, or the leftmost hop when all are trusted proxies; {@code null} when the walk meets
     * an unknown hop first, or when there are no hops (a malformed header).
     */
    String client(List<String> hops) {
        if (hops == null) {
            return null;
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (hop == null || !isTrusted(hop) || i == 0) {
                return hop;
            }
        }
        return null;
    }

    private boolean isTrusted(String address) {
        for (AddressRange range : trustedProxies) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * All fields of one header joined with commas, as RFC 9110 combines a list header; {@code null} without a field.
     * Joining stops once the text is longer than {@value #MAX_HEADER_LENGTH} characters, which the parsers refuse.
     */
    private static String joined(Enumeration<String> fields) {
        if (fields == null || !fields.hasMoreElements()) {
            return null;
        }
        String first = fields.nextElement();
        if (!fields.hasMoreElements()) {
            return first;
        }
        StringBuilder all = new StringBuilder(first);
        while (fields.hasMoreElements() && all.length() <= MAX_HEADER_LENGTH) {
            all.append(',').append(fields.nextElement());
        }
        return all.toString();
    }

    /** Without the brackets Jetty puts around an IPv6 peer; as it is otherwise (no allocation). */
    static String unbracketed(String address) {
        if (address != null && address.length() > 2 && address.charAt(0) == '['
                && address.charAt(address.length() - 1) == ']') {
            return address.substring(1, address.length() - 1);
        }
        return address;
    }
}
