package dev.patkit.demo;

import static dev.patkit.demo.TestDemo.ALICE;
import static dev.patkit.demo.TestDemo.bearer;
import static dev.patkit.demo.TestDemo.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tokens and client addresses over real HTTP: a token restricted to address ranges works from inside them only (the
 * filter verifies with the connection's address), the list shows the address of the last use (the service's pending
 * use, before the background flush writes it), and a use from a new address is a notice for the owner. Other clients
 * send from 127.0.0.2 and 127.0.0.3 ({@link FromAddress}).
 */
class ClientAddressTokensTest {

    private TestDemo demo;

    @BeforeEach
    void start() {
        demo = TestDemo.start();
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    private String token(String name, String... ranges) {
        StringBuilder list = new StringBuilder();
        for (String r : ranges) {
            list.append(list.length() == 0 ? "" : ", ").append('"').append(r).append('"');
        }
        HttpResponse<String> r = demo.post("/api/tokens", "{\"name\": \"" + name + "\", \"allowedAddresses\": ["
                + list + "]}", ALICE);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).get("token").asText();
    }

    private FromAddress.Answer me(int lastByte, String token) {
        return FromAddress.loopback(lastByte).send(demo.base, "GET", "/api/me", bearer(token), null);
    }

    @Test
    void aTokenRestrictedToAnotherNetworkGetsTheSame401AsAnyBadTokenFromLoopback() {
        String elsewhere = token("elsewhere", "192.0.2.0/24", "2001:db8::/32");
        String valid = token("valid");
        FromAddress.Answer refused = me(1, elsewhere);
        FromAddress.Answer wrong = me(1, valid.substring(0, 20) + (valid.charAt(20) == 'a' ? 'b' : 'a')
                + valid.substring(21));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(withoutDate(refused)).isEqualTo(withoutDate(wrong));
        assertThat(refused.body()).isEqualTo(wrong.body());
        assertThat(demo.get("/api/me", TestDemo.basic("x", elsewhere)).statusCode()).isEqualTo(401);
        assertThat(me(1, valid).status()).isEqualTo(200);
    }

    /** The answer's headers without {@code Date}, which may differ by a second. */
    private static Map<String, String> withoutDate(FromAddress.Answer a) {
        Map<String, String> headers = new LinkedHashMap<>(a.headers());
        headers.remove("date");
        return headers;
    }

    @Test
    void aTokenAllowedFrom127001WorksFromThereAndNotFromAnotherLoopbackAddress() {
        String loopback = token("loopback only", "127.0.0.1/32");
        String net = token("loopback net", "127.0.0.0/8");
        assertThat(me(1, loopback).status()).isEqualTo(200);
        assertThat(demo.meStatus(loopback)).isEqualTo(200);
        assertThat(me(2, loopback).status()).isEqualTo(401);
        assertThat(me(2, net).status()).isEqualTo(200);
        JsonNode listed = json(demo.get("/api/tokens", ALICE));
        assertThat(listed).extracting(t -> t.get("allowedAddresses").get(0).asText())
                .containsExactly("127.0.0.0/8", "127.0.0.1/32");
    }

    @Test
    void theListShowsTheAddressOfTheLastUseOverHttpBeforeItIsWritten() {
        String token = token("used");
        JsonNode before = json(demo.get("/api/tokens", ALICE)).get(0);
        assertThat(before.get("lastUsedAddress").isNull()).isTrue();

        assertThat(demo.meStatus(token)).isEqualTo(200);
        JsonNode afterLoopback = json(demo.get("/api/tokens", ALICE)).get(0);
        assertThat(afterLoopback.get("lastUsedAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(afterLoopback.get("lastUsedAt").isTextual()).isTrue();

        assertThat(me(3, token).status()).isEqualTo(200);
        assertThat(json(demo.get("/api/tokens", ALICE)).get(0).get("lastUsedAddress").asText())
                .isEqualTo("127.0.0.3");
    }

    @Test
    void aUseFromANewAddressIsANoticeForTheOwnerOnce() {
        String token = token("laptop");
        assertThat(demo.meStatus(token)).isEqualTo(200);
        assertThat(demo.meStatus(token)).isEqualTo(200);
        assertThat(me(2, token).status()).isEqualTo(200);
        assertThat(me(2, token).status()).isEqualTo(200);
        assertThat(demo.meStatus(token)).as("an address of the recent uses is not new").isEqualTo(200);

        List<Notices.Notice> notices = demo.server.notices().of("alice");
        String used = "Your token \u201claptop\u201d was used from a new address: ";
        assertThat(notices).extracting(Notices.Notice::text).containsExactly(
                used + "127.0.0.2. If that was not you, revoke it.",
                used + "127.0.0.1. If that was not you, revoke it.");
        assertThat(demo.server.notices().of("bob")).isEmpty();
    }
}
