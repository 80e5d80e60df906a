package dev.patkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopesCodecTest {

    @Test
    void scopesAreAJsonArrayOfStringsSortedSoTheColumnIsStable() {
        assertThat(ScopesCodec.encode(Set.of())).isEqualTo("[]");
        assertThat(ScopesCodec.encode(Set.of("write", "read"))).isEqualTo("[\"read\",\"write\"]");
        assertThat(ScopesCodec.encode(Set.of("a\"b\\c\n\u0001"))).isEqualTo("[\"a\\\"b\\\\c\\n\\u0001\"]");
    }

    @Test
    void everyStringRoundTrips() {
        Set<String> scopes = Set.of("", " ", ",", "[]", "\"", "\\", "\t\r\n\b\f", "\u0000", "ü", "\uD83D\uDE80",
                "\u007f", "a,b");
        assertThat(ScopesCodec.decode(ScopesCodec.encode(scopes))).isEqualTo(scopes);
    }

    @Test
    void addressListsKeepTheirOrderAndRepeats() {
        List<String> addresses = List.of("2001:db8::1", "192.0.2.1", "2001:db8::1", "10.0.0.0/8");
        assertThat(ScopesCodec.encodeList(addresses))
                .isEqualTo("[\"2001:db8::1\",\"192.0.2.1\",\"2001:db8::1\",\"10.0.0.0/8\"]");
        assertThat(ScopesCodec.decodeList(ScopesCodec.encodeList(addresses))).isEqualTo(addresses);
        assertThat(ScopesCodec.encodeList(List.of())).isEqualTo("[]");
        assertThat(ScopesCodec.decodeList("[]")).isEmpty();
        assertThat(ScopesCodec.decodeList(null)).isEmpty();
    }

    @Test
    void anyJsonArrayOfStringsIsRead() {
        assertThat(ScopesCodec.decode(" [ \"a\" , \"b\\/c\", \"\\u00fc\" ] ")).containsExactlyInAnyOrder("a", "b/c",
                "ü");
        assertThat(ScopesCodec.decode(null)).isEmpty();
    }

    @Test
    void aCorruptColumnIsRefusedWithoutQuotingIt() {
        for (String bad : new String[] {"", "[", "[\"secret", "[\"a\",]", "{}", "[1]", "[\"a\"] x", "[\"\\uZZZZ\"]",
                "[\"\\q\"]"}) {
            assertThatThrownBy(() -> ScopesCodec.decode(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("secret").hasMessageContaining("JSON array of strings");
            assertThatThrownBy(() -> ScopesCodec.decodeList(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("secret");
        }
    }
}
