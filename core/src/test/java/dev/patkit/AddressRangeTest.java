package dev.patkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressRangeTest {

    @Test
    void anIpv4RangeHoldsExactlyItsAddresses() {
        AddressRange r = AddressRange.parse("192.0.2.0/24");

        assertThat(r.contains("192.0.2.0")).isTrue();
        assertThat(r.contains("192.0.2.255")).isTrue();
        assertThat(r.contains("192.0.3.0")).isFalse();
        assertThat(r.contains("192.0.1.255")).isFalse();
        assertThat(r.contains("2001:db8::1")).isFalse();
    }

    @Test
    void anIpv6RangeHoldsExactlyItsAddresses() {
        AddressRange r = AddressRange.parse("2001:db8::/32");

        assertThat(r.contains("2001:db8::1")).isTrue();
        assertThat(r.contains("2001:DB8:ffff:ffff:ffff:ffff:ffff:ffff")).isTrue();
        assertThat(r.contains("2001:db9::")).isFalse();
        assertThat(r.contains("192.0.2.1")).isFalse();
    }

    @Test
    void aSingleAddressIsAFullLengthRange() {
        assertThat(AddressRange.parse("127.0.0.1")).hasToString("127.0.0.1/32");
        assertThat(AddressRange.parse("::1")).hasToString("::1/128");
        assertThat(AddressRange.parse("127.0.0.1").contains("127.0.0.1")).isTrue();
        assertThat(AddressRange.parse("127.0.0.1").contains("127.0.0.2")).isFalse();
    }

    @Test
    void zeroPrefixHoldsEveryAddressOfItsFamilyOnly() {
        assertThat(AddressRange.parse("0.0.0.0/0").contains("203.0.113.9")).isTrue();
        assertThat(AddressRange.parse("0.0.0.0/0").contains("::1")).isFalse();
        assertThat(AddressRange.parse("::/0").contains("::1")).isTrue();
    }

    @Test
    void anIpv4MappedIpv6ClientAddressIsTheIpv4AddressItMaps() {
        assertThat(AddressRange.parse("192.0.2.0/24").contains("::ffff:192.0.2.7")).isTrue();
        assertThat(AddressRange.parse("192.0.2.0/24").contains("::ffff:c000:207")).isTrue();
        assertThat(AddressRange.canonical("::FFFF:192.0.2.7")).isEqualTo("192.0.2.7");
    }

    @Test
    void canonicalTextFollowsRfc5952AndReadsBack() {
        assertThat(AddressRange.canonical("2001:0DB8:0000:0000:0001:0000:0000:0001")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(AddressRange.canonical("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(AddressRange.canonical("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(AddressRange.canonical("::")).isEqualTo("::");
        assertThat(AddressRange.canonical("fe80::")).isEqualTo("fe80::");
        assertThat(AddressRange.canonical("::2:3:4:5:6:7:8")).isEqualTo("0:2:3:4:5:6:7:8");
        for (String cidr : new String[] {"10.0.0.0/8", "2001:db8::/32", "::/0", "fe80::/10", "1:2:3:4:5:6:7:8/128"}) {
            assertThat(AddressRange.parse(AddressRange.parse(cidr).toString())).isEqualTo(AddressRange.parse(cidr));
            assertThat(AddressRange.parse(cidr)).hasToString(cidr);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "example.com", "1.2.3", "1.2.3.4.5", "256.0.0.1", "010.0.0.1",
            "1.2.3.4/33", "1.2.3.4/-1", "1.2.3.4/", "1.2.3.4/08", "::1/129", "1:2:3:4:5:6:7:8:9", "1::2::3",
            "fe80::1%eth0", "[::1]", "12345::", "g::1", " 1.2.3.4", "1.2.3.4 ", "10.0.0.1/8", "::1:2:3:4:5:6:7:8",
            "1.2.3.4:80", "\u0661.2.3.4", "١٢٣::"})
    void anythingButAnIpLiteralRangeIsRefusedWithAMessageThatDoesNotRepeatIt(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse(text))
                .satisfies(e -> assertThat(text.isBlank() || !e.getMessage().contains(text.strip())).isTrue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0661.2.3.4", "1.2.3.\u0664", "\uff11\uff10.0.0.1", "\uff11::", "2001:db8::\u0661",
            "::ffff:192.0.2.\uff17", "::\u0661\u0662\u0663\u0664", "\uff41::1"})
    void nonAsciiDigitsAreNoAddress(String text) {
        assertThat(AddressRange.canonical(text)).isNull();
        assertThat(AddressRange.parse("0.0.0.0/0").contains(text)).isFalse();
        assertThat(AddressRange.parse("::/0").contains(text)).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse(text))
                .withMessage("not an IPv4 or IPv6 address range in CIDR notation");
        assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse("10.0.0.0/\uff18"))
                .withMessage("the prefix length of an address range must be 0 to 32");
    }

    @Test
    void aRangeWithHostBitsSetIsRefusedAndTheMessageNamesTheNetwork() {
        assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse("10.1.2.3/8"))
                .withMessageContaining("10.0.0.0/8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.com", "fe80::1%eth0", "[::1]", "unknown", "1.2.3.4:80"})
    void aClientAddressThatIsNoLiteralIsInNoRangeAndHasNoCanonicalForm(String text) {
        assertThat(AddressRange.parse("0.0.0.0/0").contains(text)).isFalse();
        assertThat(AddressRange.parse("::/0").contains(text)).isFalse();
        assertThat(AddressRange.canonical(text)).isNull();
    }
}
