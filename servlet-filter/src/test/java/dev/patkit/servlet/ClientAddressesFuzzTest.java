package dev.patkit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.patkit.AddressRange;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Coverage-guided fuzzing of the forwarding header parsers ({@link ForwardedHeaders}: {@code X-Forwarded-For} and
 * RFC 7239 {@code Forwarded}) and of the walk of {@link ClientAddresses}, which read what any client can send once a
 * trusted proxy passes it on. Regression
 * mode (every build) runs the inputs under
 * {@code src/test/resources/dev/patkit/servlet/ClientAddressesFuzzTestInputs/}; FUZZING.md says how to fuzz for real.
 */
class ClientAddressesFuzzTest {

    /** An {@code X-Forwarded-For} element: host[:port], [IPv6][:port], or a bare IPv6 address (two colons or more). */
    private static final Pattern XFF_ELEMENT = Pattern.compile("(?<host>[^:\\[\\]]+)(?::[0-9]{1,5})?"
            + "|\\[(?<bracketed>[^\\]]*:[^\\]]*)\\](?::[0-9]{1,5})?|(?<bare>[^\\[\\]]*:[^\\[\\]]*:[^\\[\\]]*)");
    /** CASE_INSENSITIVE alone folds US-ASCII only. */
    private static final Pattern UNKNOWN = Pattern.compile("unknown", Pattern.CASE_INSENSITIVE);
    private static final List<AddressRange> TRUSTED =
            List.of(AddressRange.parse("10.0.0.0/8"), AddressRange.parse("fd00::/8"));

    /**
     * Oracle, for the bytes as one header value (ISO-8859-1 and UTF-8): {@code X-Forwarded-For} gives exactly the
     * hops its grammar gives (elements split at commas, optional whitespace trimmed, empty ones skipped, each
     * {@code unknown} or an address as a regular expression here reads it, canonical by {@link AddressRange}), and
     * {@code null} when an element is none of these, when no element is left, or over 4096 characters.
     * {@code Forwarded} gives {@code null} or hops that are canonical addresses or unknown, at most one per element.
     * Nothing throws.
     *
     * <p>Round trip: a chain of hops built from the bytes (IPv4, IPv6, IPv4-mapped IPv6, some in trusted ranges,
     * {@code unknown}, obfuscated names), written as each header with spellings chosen by the bytes (ports, quotes,
     * case, whitespace, other parameters), reads back exactly; the client found in it is the rightmost hop outside
     * the trusted ranges, unknown when an unknown hop comes first, the leftmost when all are trusted. With one
     * malformed element added, either header gives {@code null}.
     */
    @FuzzTest
    void aForwardingHeaderGivesOnlyTheHopsItsGrammarGivesAndTheClientIsTheRightmostUntrustedHop(byte[] input) {
        for (String value : List.of(new String(input, StandardCharsets.ISO_8859_1),
                new String(input, StandardCharsets.UTF_8))) {
            assertThat(ForwardedHeaders.xForwardedForHops(value)).isEqualTo(xForwardedForOracle(value));
            List<String> forwarded = ForwardedHeaders.forwardedHops(value);
            if (forwarded != null) {
                assertThat(forwarded).isNotEmpty().hasSizeLessThanOrEqualTo(value.split(",", -1).length)
                        .allSatisfy(hop -> assertThat(hop == null || hop.equals(AddressRange.canonical(hop))).isTrue());
            }
        }

        List<String> hops = new ArrayList<>();
        StringBuilder xff = new StringBuilder();
        StringBuilder fwd = new StringBuilder();
        for (int i = 0; i < input.length && hops.size() < 12; i++) {
            int b = input[i] & 0xff;
            byte[] bytes = Arrays.copyOfRange(input, i, Math.min(input.length, i + 17));
            String sep = hops.isEmpty() ? "" : ((b & 16) == 0 ? "," : " ,\t");
            String port = (b & 32) == 0 ? "" : ":" + (b * 257 % 65536);
            switch (b % 5) {
                case 0, 1 -> {
                    String v4 = ((b & 8) == 0 ? 203 : 10) + "." + at(bytes, 1) + "." + at(bytes, 2) + "."
                            + at(bytes, 3);
                    hops.add(AddressRange.canonical(v4));
                    xff.append(sep).append(v4).append(port);
                    fwd.append(sep).append((b & 64) == 0 ? "for=" : "For=")
                            .append(port.isEmpty() && (b & 128) == 0 ? v4 : "\"" + v4 + port + "\"");
                }
                case 2 -> {
                    String v6 = ipv6(bytes, (b & 8) != 0);
                    hops.add(AddressRange.canonical(v6));
                    xff.append(sep).append(port.isEmpty() && (b & 64) == 0 ? v6 : "[" + v6 + "]" + port);
                    fwd.append(sep).append("proto=https;for=\"[").append(v6).append("]").append(port).append('"')
                            .append((b & 128) == 0 ? "" : "; by=_proxy");
                }
                case 3 -> {
                    hops.add(AddressRange.canonical("::ffff:198.51.100." + at(bytes, 1)));
                    xff.append(sep).append("::FFFF:198.51.100.").append(at(bytes, 1));
                    fwd.append(sep).append("for=\"[::ffff:198.51.100.").append(at(bytes, 1)).append("]\"");
                }
                default -> {
                    hops.add(null);
                    xff.append(sep).append((b & 8) == 0 ? "unknown" : "UNKNOWN");
                    fwd.append(sep).append((b & 8) == 0 ? "for=unknown" : "for=\"_hidden-" + at(bytes, 1) + port
                            + "\"").append((b & 64) == 0 ? "" : ";host=\"a.example, \\\"quoted\\\"\"");
                }
            }
        }
        if (hops.isEmpty()) {
            return;
        }
        assertThat(ForwardedHeaders.xForwardedForHops(xff.toString())).as(xff.toString()).isEqualTo(hops);
        assertThat(ForwardedHeaders.forwardedHops(fwd.toString())).as(fwd.toString()).isEqualTo(hops);
        assertThat(new ClientAddresses(TRUSTED).client(hops)).isEqualTo(expectedClient(hops));
        assertThat(ForwardedHeaders.xForwardedForHops(xff + ", 203.0.113.7 x")).isNull();
        assertThat(ForwardedHeaders.forwardedHops(fwd + ", for=\"203.0.113.7")).isNull();
        assertThat(ForwardedHeaders.forwardedHops(fwd + ";for=203.0.113.7")).isNull();
    }

    /** The grammar of {@code X-Forwarded-For}, as stated in the target's Javadoc. */
    private static List<String> xForwardedForOracle(String value) {
        if (value.length() > ClientAddresses.MAX_HEADER_LENGTH) {
            return null;
        }
        List<String> hops = new ArrayList<>();
        for (String element : value.split(",", -1)) {
            String hop = element.replaceAll("^[ \\t]+|[ \\t]+\\z", "");
            if (hop.isEmpty()) {
                continue;
            }
            if (UNKNOWN.matcher(hop).matches()) {
                hops.add(null);
                continue;
            }
            Matcher m = XFF_ELEMENT.matcher(hop);
            if (!m.matches()) {
                return null;
            }
            String address = m.group("host") != null ? m.group("host")
                    : m.group("bracketed") != null ? m.group("bracketed") : m.group("bare");
            String canonical = AddressRange.canonical(address);
            if (canonical == null) {
                return null;
            }
            hops.add(canonical);
        }
        return hops.isEmpty() ? null : hops;
    }

    /** The rightmost hop outside the trusted ranges; unknown when an unknown hop comes first; else the leftmost. */
    private static String expectedClient(List<String> hops) {
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (hop == null) {
                return null;
            }
            boolean trusted = TRUSTED.stream().anyMatch(r -> r.contains(hop));
            if (!trusted) {
                return hop;
            }
        }
        return hops.get(0);
    }

    private static int at(byte[] bytes, int i) {
        return i < bytes.length ? bytes[i] & 0xff : i;
    }

    /** An IPv6 address of the bytes, in fd00::/8 when {@code trusted}, written by the JDK (never a host name). */
    private static String ipv6(byte[] bytes, boolean trusted) {
        byte[] address = new byte[16];
        for (int i = 0; i < 16; i++) {
            address[i] = (byte) at(bytes, i + 1);
        }
        address[0] = (byte) (trusted ? 0xfd : 0x20);
        address[1] = trusted ? address[1] : 0x01;
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
