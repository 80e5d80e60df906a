package dev.patkit.servlet;

import dev.patkit.AddressRange;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
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
 */
final class ClientAddresses {

    /** The longest forwarding header read (all its fields together); a longer one makes the address unknown. */
    static final int MAX_HEADER_LENGTH = 4096;
    static final String FORWARDED = "Forwarded";
    static final String X_FORWARDED_FOR = "X-Forwarded-For";

    /** The RFC 7239 name of a hop that is not disclosed; also seen in {@code X-Forwarded-For}. */
    private static final String UNKNOWN = "unknown";

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
        String byForwarded = forwarded == null ? null : client(forwardedHops(forwarded));
        String byXForwardedFor = xForwardedFor == null ? null : client(xForwardedForHops(xForwardedFor));
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

    /**
     * The hops of an {@code X-Forwarded-For} value, leftmost first, each canonical or {@code null} for
     * {@code unknown}; {@code null} when the value is malformed. Each element is an IPv4 address, an IPv6 address
     * (bare or in brackets), either with a port, or {@code unknown}; empty elements are skipped, as RFC 9110 lists
     * allow, but at least one hop must remain.
     */
    static List<String> xForwardedForHops(String value) {
        if (value.length() > MAX_HEADER_LENGTH) {
            return null;
        }
        List<String> hops = new ArrayList<>();
        for (String element : value.split(",", -1)) {
            String hop = trimOws(element);
            if (hop.isEmpty()) {
                continue;
            }
            if (equalsAsciiIgnoringCase(hop, UNKNOWN)) {
                hops.add(null);
                continue;
            }
            String address = node(hop, true);
            if (address == null) {
                return null;
            }
            hops.add(address);
        }
        return hops.isEmpty() ? null : hops;
    }

    /**
     * The {@code for} hops of an RFC 7239 {@code Forwarded} value, leftmost first, each canonical or {@code null} for
     * an unknown hop; {@code null} when the value is malformed. Grammar: elements separated by commas (empty ones
     * skipped), each {@code [ pair ] *( ";" [ pair ] )} with {@code pair = token "=" ( token / quoted-string )};
     * optional whitespace is allowed around commas and semicolons. An element without {@code for}, or whose
     * {@code for} is {@code unknown} or obfuscated ({@code _hidden}), is an unknown hop; two {@code for} in one
     * element are malformed.
     */
    static List<String> forwardedHops(String value) {
        if (value.length() > MAX_HEADER_LENGTH) {
            return null;
        }
        List<String> hops = new ArrayList<>();
        Rfc7239Reader reader = new Rfc7239Reader(value);
        while (true) {
            reader.skipOws();
            boolean hasPair = false;
            String forValue = null;
            while (!reader.atEnd() && reader.peek() != ',') {
                if (reader.peek() == ';') {
                    reader.next();
                    reader.skipOws();
                    continue;
                }
                String name = reader.token();
                if (name == null || reader.atEnd() || reader.next() != '=') {
                    return null;
                }
                String pairValue = reader.value();
                if (pairValue == null) {
                    return null;
                }
                if (equalsAsciiIgnoringCase(name, "for")) {
                    if (forValue != null) {
                        return null;
                    }
                    forValue = pairValue;
                }
                hasPair = true;
                reader.skipOws();
                if (!reader.atEnd() && reader.peek() != ';' && reader.peek() != ',') {
                    return null;
                }
            }
            if (hasPair && forValue == null) {
                hops.add(null);
            } else if (hasPair) {
                String hop = forNode(forValue);
                if (hop == null) {
                    return null;
                }
                hops.add(hop.isEmpty() ? null : hop);
            }
            if (reader.atEnd()) {
                break;
            }
            reader.next(); // the comma
        }
        return hops.isEmpty() ? null : hops;
    }

    /**
     * An RFC 7239 {@code node}: an IPv4 address or a bracketed IPv6 address, canonical; the empty string for
     * {@code unknown} or an obfuscated identifier ({@code _} and ALPHA / DIGIT / "." / "_" / "-"); either with an
     * optional port (digits or obfuscated); {@code null} when it is none of these.
     */
    private static String forNode(String node) {
        int close = node.startsWith("[") ? node.indexOf(']') : -1;
        int colon = node.indexOf(':', Math.max(close, 0));
        String name = colon < 0 ? node : node.substring(0, colon);
        if (colon >= 0 && !isPort(node.substring(colon + 1), true)) {
            return null;
        }
        if (equalsAsciiIgnoringCase(name, UNKNOWN)) {
            return "";
        }
        if (name.startsWith("_")) {
            return isObfuscated(name) ? "" : null;
        }
        return node(node, false);
    }

    /**
     * The canonical address of {@code IPv4[:port]}, {@code [IPv6][:port]} or, when {@code bareIpv6}, a bare IPv6
     * address; {@code null} for anything else.
     */
    private static String node(String node, boolean bareIpv6) {
        String host;
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            if (close < 0 || (close + 1 < node.length()
                    && (node.charAt(close + 1) != ':' || !isPort(node.substring(close + 2), !bareIpv6)))) {
                return null;
            }
            host = node.substring(1, close);
            if (host.indexOf(':') < 0) {
                return null; // brackets hold only IPv6
            }
        } else {
            int colon = node.indexOf(':');
            boolean ipv6 = colon >= 0 && node.indexOf(':', colon + 1) >= 0;
            if (ipv6 && !bareIpv6) {
                return null;
            }
            if (colon >= 0 && !ipv6 && !isPort(node.substring(colon + 1), !bareIpv6)) {
                return null;
            }
            host = colon >= 0 && !ipv6 ? node.substring(0, colon) : node;
        }
        return AddressRange.canonical(host);
    }

    /**
     * Whether {@code s} is {@code lower} (lower case) in any ASCII case; no Unicode case folding, which would take the
     * Kelvin sign for a k.
     */
    private static boolean equalsAsciiIgnoringCase(String s, String lower) {
        if (s.length() != lower.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** {@code 1*5DIGIT}, or, when {@code obfuscatedAllowed}, an obfuscated port. */
    private static boolean isPort(String port, boolean obfuscatedAllowed) {
        if (obfuscatedAllowed && port.startsWith("_")) {
            return isObfuscated(port);
        }
        if (port.isEmpty() || port.length() > 5) {
            return false;
        }
        for (int i = 0; i < port.length(); i++) {
            if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@code "_" 1*( ALPHA / DIGIT / "." / "_" / "-" )}. */
    private static boolean isObfuscated(String s) {
        if (s.length() < 2 || s.charAt(0) != '_') {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isAlphaNum(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlphaNum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** Without the brackets Jetty puts around an IPv6 peer; as it is otherwise (no allocation). */
    static String unbracketed(String address) {
        if (address != null && address.length() > 2 && address.charAt(0) == '['
                && address.charAt(address.length() - 1) == ']') {
            return address.substring(1, address.length() - 1);
        }
        return address;
    }

    private static String trimOws(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(start, end);
    }

    /** Reads RFC 7239 tokens and quoted strings from one header value. */
    private static final class Rfc7239Reader {
        private final String s;
        private int i;

        Rfc7239Reader(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return i >= s.length();
        }

        char peek() {
            return s.charAt(i);
        }

        char next() {
            return s.charAt(i++);
        }

        void skipOws() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
                i++;
            }
        }

        /** {@code 1*tchar} (RFC 9110), or {@code null}. */
        String token() {
            int start = i;
            while (!atEnd() && isTchar(peek())) {
                i++;
            }
            return i > start ? s.substring(start, i) : null;
        }

        /** A token or a quoted string (its escapes undone), or {@code null}. */
        String value() {
            if (atEnd() || peek() != '"') {
                return token();
            }
            i++;
            StringBuilder out = new StringBuilder();
            while (!atEnd()) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    if (atEnd() || !isQuotedTextOrVisible(peek())) {
                        return null;
                    }
                    c = next();
                } else if (!isQuotedTextOrVisible(c)) {
                    return null;
                }
                out.append(c);
            }
            return null; // no closing quote
        }

        /** HTAB, SP and visible ASCII: what a quoted string may hold (obs-text, bytes over 0x7F, is refused). */
        private static boolean isQuotedTextOrVisible(char c) {
            return c == '\t' || (c >= 0x20 && c <= 0x7E);
        }

        private static boolean isTchar(char c) {
            return isAlphaNum(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }
    }
}
