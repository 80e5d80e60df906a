package dev.patkit.demo;

import static dev.patkit.demo.TestBrowser.newToken;
import static dev.patkit.demo.TestDemo.ALICE;
import static dev.patkit.demo.TestDemo.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The settings page's optional "allowed client addresses" field: CIDR ranges one per line or separated by commas,
 * read by the token service (core's {@code AddressRange}); a bad range is a 400 page with the service's fixed message
 * and the form as typed, escaped, and nothing is made. The list shows a token's ranges.
 */
class AllowedAddressesFormTest {

    private TestDemo demo;
    private TestBrowser alice;

    @BeforeEach
    void start() {
        demo = TestDemo.start();
        alice = new TestBrowser(demo).signIn("alice", "alice");
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    @Test
    void theFieldRestrictsTheTokenToRangesGivenOnePerLineOrSeparatedByCommas() {
        HttpResponse<String> created = alice.post(SettingsPage.PATH, "name", "office", "scope", "developer",
                "addresses", " 127.0.0.1\r\n10.0.0.0/8,2001:DB8::/32 ,\n\n");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String token = newToken(created);
        assertThat(json(demo.get("/api/tokens", ALICE)).get(0).get("allowedAddresses")).extracting(JsonNode::asText)
                .containsExactly("127.0.0.1/32", "10.0.0.0/8", "2001:db8::/32");
        assertThat(demo.meStatus(token)).isEqualTo(200);
        assertThat(FromAddress.loopback(2).send(demo.base, "GET", "/api/me", TestDemo.bearer(token), null).status())
                .isEqualTo(401);
        assertThat(created.body()).contains("<span class=\"ranges\">only from <span class=\"badge range\">"
                + "127.0.0.1/32</span> <span class=\"badge range\">10.0.0.0/8</span> <span class=\"badge range\">"
                + "2001:db8::/32</span></span>");

        HttpResponse<String> elsewhere = alice.post(SettingsPage.PATH, "name", "elsewhere", "scope", "developer",
                "addresses", "192.0.2.0/24");
        assertThat(demo.meStatus(newToken(elsewhere))).isEqualTo(401);
    }

    @Test
    void anEmptyFieldMeansAnyAddressAndTheFormOffersIt() {
        assertThat(alice.get(SettingsPage.PATH).body()).contains("<textarea id=\"addresses\" name=\"addresses\"");
        HttpResponse<String> created = alice.post(SettingsPage.PATH, "name", "anywhere", "scope", "developer",
                "addresses", " \n ");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(demo.get("/api/tokens", ALICE)).get(0).get("allowedAddresses")).isEmpty();
        assertThat(created.body()).doesNotContain("class=\"ranges\"");
    }

    @Test
    void aBadRangeIsA400PageWithTheFormAsTypedEscapedAndNothingMade() {
        for (String bad : new String[] {"<script>alert(1)</script>", "10.0.0.1/8", "example.com", "10.0.0.0/33",
            "127.0.0.1;10.0.0.0/8", "\"><b>x</b>"}) {
            HttpResponse<String> r = alice.post(SettingsPage.PATH, "name", "bad", "scope", "developer",
                    "addresses", bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.body()).contains("<p class=\"error\" id=\"error\">each allowed address range must be an IPv4"
                    + " or IPv6 address or CIDR range without host bits, such as 192.0.2.0/24 or 2001:db8::/32</p>")
                    .contains(">" + Html.esc(bad) + "</textarea>")
                    .doesNotContain("<script>alert", "<b>x</b>")
                    .contains("value=\"bad\"");
        }
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 51; i++) {
            many.append("10.0.").append(i).append(".0/24\n");
        }
        HttpResponse<String> tooMany = alice.post(SettingsPage.PATH, "name", "bad", "scope", "developer",
                "addresses", many.toString());
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).contains("at most 50 allowed address ranges");
        assertThat(json(demo.get("/api/tokens", ALICE))).isEmpty();
    }
}
