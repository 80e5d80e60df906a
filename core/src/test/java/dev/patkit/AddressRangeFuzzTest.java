package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Coverage-guided fuzzing of {@link AddressRange}, which reads outside text: the ranges a token is created with, and
 * on the verify path the client address an API edge hands over (a forwarded header's value behind a trusted proxy).
 * Regression mode (every build) runs the inputs under
 * {@code src/test/resources/dev/patkit/AddressRangeFuzzTestInputs/}; FUZZING.md says how to fuzz for real.
 */
class AddressRangeFuzzTest {

    /**
     * Oracle, for the input read as UTF-8 text:
     * <ul>
     *   <li>{@code parse} answers a range or throws {@link IllegalArgumentException}, nothing else; {@code canonical}
     *       answers text or {@code null}; {@code contains} answers, never throws;</li>
     *   <li>for text of hex digits and colons only, with at most four digits a group (where the JDK's literal parser
     *       never asks DNS), {@code canonical} accepts exactly what {@link InetAddress#getByName} accepts as an IPv6
     *       literal, as the same address;</li>
     *   <li>an accepted range reads back from its canonical text as itself, which is its own canonical text, and holds
     *       its network address; an accepted address's canonical text is a fixed point, and the single-address range
     *       of it holds the input;</li>
     *   <li>the first 4 or 16 bytes of the input, written by the JDK ({@link InetAddress#getHostAddress}) and in the
     *       full eight-group form with leading zeros and upper case, read back as the same address.</li>
     * </ul>
     */
    @FuzzTest
    void parsingAgreesWithTheJdkOnIpv6LiteralsAndEveryAcceptedRangeRoundTrips(byte[] input) throws Exception {
        String text = new String(input, StandardCharsets.UTF_8);

        String canonical = AddressRange.canonical(text);
        if (isSafeForTheJdk(text)) {
            byte[] jdk = jdkBytes(text);
            assertThat(canonical != null).as("accepted as the JDK accepts %s", text).isEqualTo(jdk != null);
            if (jdk != null) {
                assertThat(AddressRange.canonical(InetAddress.getByAddress(jdk).getHostAddress()))
                        .as("the same address as the JDK's").isEqualTo(canonical);
            }
        }
        if (canonical != null) {
            assertThat(AddressRange.canonical(canonical)).isEqualTo(canonical);
            assertThat(AddressRange.parse(canonical).contains(text)).isTrue();
        }

        AddressRange range = null;
        try {
            range = AddressRange.parse(text);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
        if (range != null) {
            String written = range.toString();
            assertThat(AddressRange.parse(written)).isEqualTo(range).hasToString(written);
            assertThat(range.contains(written.substring(0, written.indexOf('/')))).isTrue();
        }
        assertThatCode(() -> AddressRange.parse("0.0.0.0/0").contains(text)).doesNotThrowAnyException();

        byte[] raw = Arrays.copyOf(input, input.length >= 16 ? 16 : 4);
        InetAddress address = InetAddress.getByAddress(raw);
        String jdkText = address.getHostAddress();
        assertThat(AddressRange.canonical(jdkText)).isNotNull();
        assertThat(AddressRange.parse(AddressRange.canonical(jdkText)).contains(jdkText)).isTrue();
        if (raw.length == 16) {
            StringBuilder full = new StringBuilder();
            for (int i = 0; i < 16; i += 2) {
                full.append(i == 0 ? "" : ":").append(String.format(Locale.ROOT, "%02X%02X", raw[i], raw[i + 1]));
            }
            assertThat(AddressRange.canonical(full.toString())).isEqualTo(AddressRange.canonical(jdkText));
        } else {
            assertThat(AddressRange.canonical(jdkText)).isEqualTo(jdkText);
        }
    }

    /** Hex digits and colons, at most four digits a group and 45 characters: the JDK reads it as a literal. */
    private static boolean isSafeForTheJdk(String text) {
        if (text.isEmpty() || text.length() > 45 || text.indexOf(':') < 0) {
            return false;
        }
        for (String group : text.split(":", -1)) {
            if (group.length() > 4) {
                return false;
            }
        }
        return text.chars().allMatch(c -> c == ':' || (c < 128 && Character.digit(c, 16) >= 0));
    }

    /** The JDK's reading of an IPv6 literal (an IPv4-mapped one as its 4 bytes), or {@code null}. */
    private static byte[] jdkBytes(String text) {
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
