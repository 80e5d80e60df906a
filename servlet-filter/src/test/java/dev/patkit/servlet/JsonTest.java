package dev.patkit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict JSON reader, case by case; {@code GitHubPayloadsFuzzTest} compares it with an independent oracle. */
class JsonTest {

    @Test
    void everyValueTypeIsReadWithMembersInOrderAndNumbersAsTheirText() {
        Object value = Json.parse(bytes(
                " {\"b\": [1, -0.5e+3, true, false, null], \"a\": \"x\\u00e9\\ud83d\\ude00\\n\"}\r\n"));

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("b", Arrays.asList(new Json.Number("1"), new Json.Number("-0.5e+3"), true, false, null));
        expected.put("a", "x\u00e9\ud83d\ude00\n");
        assertThat(value).isEqualTo(expected);
        assertThat(List.<Object>copyOf(((Map<?, ?>) value).keySet())).containsExactly("b", "a");
    }

    @Test
    void sixteenLevelsOfNestingAreReadAndSeventeenAreNot() {
        assertThat(Json.parse(bytes("[".repeat(16) + "]".repeat(16)))).isInstanceOf(List.class);
        assertThatThrownBy(() -> Json.parse(bytes("[".repeat(17) + "]".repeat(17))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nested deeper than 16");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "[1,]", "[01]", "[1.]", "[.5]", "[+1]", "[1e]", "{\"a\":1,\"a\":2}", "{a:1}",
        "['a']", "[\"\\x\"]", "[\"\\u12\"]", "[\"\\ud83d\"]", "[\"\\ude00\"]", "[\"\\ud83dx\"]", "[\"a\tb\"]",
        "[\"a\nb\"]", "[NaN]", "[Infinity]", "[truex]", "[nul]", "[] []", "\ufeff[]", "\u00a0[]", "[\"\\u\uff10000\"]",
        "[\"unclosed]", "{\"a\" 1}", "{\"a\":}", "[1 2]"})
    void textThatIsNotExactlyOneStrictJsonValueIsRefusedWithAPositionOnly(String text) {
        assertThatThrownBy(() -> Json.parse(bytes(text))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching("not JSON, or nested deeper than 16 \\(at character \\d+ of \\d+\\)");
    }

    @Test
    void invalidUtf8IsRefusedOverlongFormsAndEncodedSurrogatesIncluded() {
        for (byte[] bad : List.of(new byte[] {'[', '"', (byte) 0xC3, '"', ']'},
                new byte[] {'[', '"', (byte) 0xC0, (byte) 0xAF, '"', ']'},
                new byte[] {'[', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', ']'})) {
            assertThatThrownBy(() -> Json.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("not JSON: invalid UTF-8");
        }
    }

    @Test
    void quoteWritesPrintableAsciiAsItIsAndEscapesEverythingElse() {
        String quoted = Json.quote("a\"\\/\u0001\u007f\u00e9\ud83d\ude00");

        assertThat(quoted).isEqualTo("\"a\\\"\\\\/\\u0001\\u007f\\u00e9\\ud83d\\ude00\"");
        assertThat(Json.parse(bytes(quoted))).isEqualTo("a\"\\/\u0001\u007f\u00e9\ud83d\ude00");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
