package dev.patkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Coverage-guided fuzzing of {@link ScopesCodec}, which decodes the scopes column: text that anyone with write
 * access to the database can change. Regression mode (every build) runs the inputs under
 * {@code src/test/resources/dev/patkit/jdbc/ScopesCodecFuzzTestInputs/}; FUZZING.md says how to fuzz for real.
 */
class ScopesCodecFuzzTest {

    private static final String ERROR =
            "the column does not hold a JSON array of strings \\(at character \\d+ of \\d+\\)";

    /**
     * Oracle, for the input read as UTF-8: {@code decode} returns exactly the strings of the JSON array of strings
     * (RFC 8259, checked here by a validator written independently of the codec) when the text is one, and
     * otherwise throws {@link IllegalArgumentException} with the documented message, which never quotes the text;
     * nothing else comes out. Round trips: what it decodes encodes and decodes back to the same set, and so do the
     * set holding the whole text as one scope and the set of its pieces split at {@code |}; what {@code encode}
     * writes is a JSON array of exactly those strings, without a raw control character. The same for the address
     * columns' lists: {@code decodeList} returns the strings in their order, repeats kept, and lists round-trip in
     * order.
     */
    @FuzzTest
    void theScopesColumnDecodesOnlyAJsonArrayOfStringsAndEveryScopeSetRoundTrips(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);

        List<String> expected = JsonStringArray.parse(text);
        if (expected == null) {
            assertThatThrownBy(() -> ScopesCodec.decode(text)).isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessageMatching(ERROR);
            assertThatThrownBy(() -> ScopesCodec.decodeList(text))
                    .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageMatching(ERROR);
        } else {
            Set<String> decoded = ScopesCodec.decode(text);
            assertThat(decoded).isEqualTo(Set.copyOf(expected));
            roundTrips(decoded);
            assertThat(ScopesCodec.decodeList(text)).isEqualTo(expected);
            listRoundTrips(expected);
        }
        List<String> pieces = Arrays.asList(text.split("\\|", -1));
        roundTrips(Set.of(text));
        roundTrips(Set.copyOf(pieces));
        listRoundTrips(List.of(text));
        listRoundTrips(pieces);
    }

    private static void listRoundTrips(List<String> strings) {
        String encoded = ScopesCodec.encodeList(strings);
        assertThat(encoded.chars().noneMatch(c -> c < 0x20 || c == 0x7f)).as("no raw control character").isTrue();
        assertThat(JsonStringArray.parse(encoded)).as("in order, repeats kept").isEqualTo(strings);
        assertThat(ScopesCodec.decodeList(encoded)).isEqualTo(strings);
    }

    private static void roundTrips(Set<String> scopes) {
        String encoded = ScopesCodec.encode(scopes);
        assertThat(encoded.chars().noneMatch(c -> c < 0x20 || c == 0x7f)).as("no raw control character").isTrue();
        List<String> written = JsonStringArray.parse(encoded);
        assertThat(written).as("encode writes a JSON array of strings").isNotNull();
        assertThat(written).containsExactlyInAnyOrderElementsOf(scopes);
        List<String> sorted = new ArrayList<>(scopes);
        sorted.sort(null);
        assertThat(written).as("sorted by code unit").isEqualTo(sorted);
        assertThat(ScopesCodec.decode(encoded)).isEqualTo(scopes);
    }

    /** A strict RFC 8259 reader of one array of strings (insignificant whitespace: space, tab, CR, LF). */
    private static final class JsonStringArray {
        private final String s;
        private int i;

        private JsonStringArray(String s) {
            this.s = s;
        }

        /** The strings, in order, or {@code null} if {@code s} is not exactly a JSON array of strings. */
        static List<String> parse(String s) {
            return new JsonStringArray(s).array();
        }

        private List<String> array() {
            List<String> out = new ArrayList<>();
            space();
            if (!take('[')) {
                return null;
            }
            space();
            if (!take(']')) {
                while (true) {
                    space();
                    String string = string();
                    if (string == null) {
                        return null;
                    }
                    out.add(string);
                    space();
                    if (take(']')) {
                        break;
                    }
                    if (!take(',')) {
                        return null;
                    }
                }
            }
            space();
            return i == s.length() ? out : null;
        }

        private String string() {
            if (!take('"')) {
                return null;
            }
            StringBuilder out = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    return null;
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (i >= s.length()) {
                    return null;
                }
                char e = s.charAt(i++);
                int simple = "\"\\/bfnrt".indexOf(e);
                if (simple >= 0) {
                    out.append("\"\\/\b\f\n\r\t".charAt(simple));
                } else if (e == 'u' && i + 4 <= s.length()) {
                    int value = 0;
                    for (int k = 0; k < 4; k++) {
                        int digit = "0123456789abcdef".indexOf(Character.toLowerCase(s.charAt(i++)));
                        if (digit < 0 || s.charAt(i - 1) > 0x7f) {
                            return null;
                        }
                        value = value * 16 + digit;
                    }
                    out.append((char) value);
                } else {
                    return null;
                }
            }
            return null;
        }

        private void space() {
            while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
        }

        private boolean take(char c) {
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }
    }
}
