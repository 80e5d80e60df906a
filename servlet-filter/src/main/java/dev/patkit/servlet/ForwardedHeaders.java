package dev.patkit.servlet;

import dev.patkit.AddressRange;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the two forwarding headers, {@code X-Forwarded-For} (de facto) and {@code Forwarded} (RFC 7239), into their
 * hops, leftmost first: each a canonical IP literal ({@link AddressRange#canonical}), or {@code null} for a hop that
 * is not disclosed ({@code unknown}, or an obfuscated RFC 7239 identifier). A value that is malformed, or longer than
 * {@value ClientAddresses#MAX_HEADER_LENGTH} characters, gives {@code null} as a whole. Package-private; used by
 * {@link ClientAddresses}, which decides whether to read them at all.
 */
final class ForwardedHeaders {

    /** The RFC 7239 name of a hop that is not disclosed; also seen in {@code X-Forwarded-For}. */
    private static final String UNKNOWN = "unknown";

    private ForwardedHeaders() {
    }

    /**
     * The hops of an {@code X-Forwarded-For} value, leftmost first, each canonical or {@code null} for
     * {@code unknown}; {@code null} when the value is malformed. Each element is an IPv4 address, an IPv6 address
     * (bare or in brackets), either with a port, or {@code unknown}; empty elements are skipped, as RFC 9110 lists
     * allow, but at least one hop must remain.
     */
    static List<String> xForwardedForHops(String value) {
        if (value.length() > ClientAddresses.MAX_HEADER_LENGTH) {
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
        if (value.length() > ClientAddresses.MAX_HEADER_LENGTH) {
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
