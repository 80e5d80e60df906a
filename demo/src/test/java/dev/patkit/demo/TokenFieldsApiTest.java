package dev.patkit.demo;

import static dev.patkit.demo.TestDemo.ALICE;
import static dev.patkit.demo.TestDemo.BOB;
import static dev.patkit.demo.TestDemo.assertError;
import static dev.patkit.demo.TestDemo.bearer;
import static dev.patkit.demo.TestDemo.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patkit.TokenStore;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The management API's token fields: description, scopes, allowed address ranges, last use and its address. */
class TokenFieldsApiTest {

    private TestDemo demo;

    @BeforeEach
    void start() {
        demo = TestDemo.start();
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    @Test
    void createTakesDescriptionScopesAndAddressRangesAndListShowsThem() {
        HttpResponse<String> r = demo.post("/api/tokens", "{\"name\": \"deploy\", \"description\": \"  CI for"
                + " <app>  \", \"scopes\": [\"developer\"], \"allowedAddresses\": [\"127.0.0.1\", \"10.0.0.0/8\","
                + " \"2001:DB8::/32\"]}", ALICE);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode created = json(r);
        assertThat(created.get("description").asText()).isEqualTo("CI for <app>");
        assertThat(created.get("scopes")).extracting(JsonNode::asText).containsExactly("developer");
        assertThat(created.get("allowedAddresses")).extracting(JsonNode::asText)
                .containsExactly("127.0.0.1/32", "10.0.0.0/8", "2001:db8::/32");

        JsonNode listed = json(demo.get("/api/tokens", ALICE)).get(0);
        assertThat(listed.get("owner").asText()).isEqualTo("alice");
        assertThat(listed.get("description").asText()).isEqualTo("CI for <app>");
        assertThat(listed.get("scopes")).extracting(JsonNode::asText).containsExactly("developer");
        assertThat(listed.get("allowedAddresses")).extracting(JsonNode::asText)
                .containsExactly("127.0.0.1/32", "10.0.0.0/8", "2001:db8::/32");
        assertThat(listed.get("lastUsedAt").isNull()).isTrue();
        assertThat(listed.get("lastUsedAddress").isNull()).isTrue();
        assertThat(listed.get("revokedAt").isNull()).isTrue();
        assertThat(listed.has("token")).isFalse();
    }

    @Test
    void withoutTheNewFieldsATokenHasNoneOfThem() {
        JsonNode created = demo.create(ALICE, "plain");
        assertThat(created.get("description").isNull()).isTrue();
        assertThat(created.get("scopes")).isEmpty();
        assertThat(created.get("allowedAddresses")).isEmpty();
        assertThat(json(demo.post("/api/tokens", "{\"name\": \"nulls\", \"description\": null, \"scopes\": null,"
                + " \"allowedAddresses\": null, \"expiresAt\": null}", ALICE)).get("scopes")).isEmpty();
    }

    @Test
    void aScopedTokenCarriesOnlyItsScopesOfTheOwnersRoles() {
        String token = json(demo.post("/api/tokens", "{\"name\": \"narrow\", \"scopes\": [\"developer\"]}", ALICE))
                .get("token").asText();
        HttpResponse<String> me = demo.get("/api/me", bearer(token));
        assertThat(json(me).get("roles")).extracting(JsonNode::asText).containsExactly("developer");
        assertThat(demo.get("/api/admin/ping", bearer(token)).statusCode()).isEqualTo(403);
    }

    @Test
    void aScopeMustBeOneOfTheCallersRoles() {
        assertError(demo.post("/api/tokens", "{\"name\": \"x\", \"scopes\": [\"admin\"]}", BOB), 400);
        assertError(demo.post("/api/tokens", "{\"name\": \"x\", \"scopes\": [\"viewer\", \"root\"]}", BOB), 400);
        assertThat(json(demo.get("/api/tokens", BOB))).isEmpty();
    }

    @Test
    void theLastUseAndItsAddressAreShown() {
        JsonNode created = demo.create(ALICE, "used");
        Instant at = Instant.parse("2029-12-24T10:00:00Z");
        TokenStore store = demo.store;
        store.recordLastUsed(Map.of(created.get("id").asText(), new TokenStore.LastUse(at, List.of("203.0.113.7"))));
        JsonNode listed = json(demo.get("/api/tokens", ALICE)).get(0);
        assertThat(listed.get("lastUsedAt").asText()).isEqualTo("2029-12-24T10:00:00Z");
        assertThat(listed.get("lastUsedAddress").asText()).isEqualTo("203.0.113.7");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"name\": \"x\", \"description\": 5}",
        "{\"name\": \"x\", \"description\": \"a\\nb\"}",
        "{\"name\": \"x\", \"description\": \"a\\u0000b\"}",
        "{\"name\": \"x\", \"scopes\": \"developer\"}",
        "{\"name\": \"x\", \"scopes\": [1]}",
        "{\"name\": \"x\", \"scopes\": [null]}",
        "{\"name\": \"x\", \"scopes\": [\"root\"]}",
        "{\"name\": \"x\", \"allowedAddresses\": \"127.0.0.1\"}",
        "{\"name\": \"x\", \"allowedAddresses\": [\"example.com\"]}",
        "{\"name\": \"x\", \"allowedAddresses\": [\"10.0.0.1/8\"]}",
        "{\"name\": \"x\", \"allowedAddresses\": [\"10.0.0.0/33\"]}",
        "{\"name\": \"x\", \"allowedAddresses\": [null]}",
        "{\"name\": \"x\", \"owner\": \"bob\"}",
    })
    void badFieldsAre400(String body) {
        assertError(demo.post("/api/tokens", body, ALICE), 400);
        assertThat(json(demo.get("/api/tokens", ALICE))).isEmpty();
    }

    @Test
    void theDescriptionAndAddressLimitsAreTheCores() {
        String longest = "d".repeat(500);
        assertThat(demo.post("/api/tokens", "{\"name\": \"a\", \"description\": \"" + longest + "\"}", ALICE)
                .statusCode()).isEqualTo(201);
        assertError(demo.post("/api/tokens", "{\"name\": \"b\", \"description\": \"" + longest + "d\"}", ALICE), 400);
        StringBuilder ranges = new StringBuilder();
        for (int i = 0; i < 51; i++) {
            ranges.append(i == 0 ? "" : ", ").append("\"2001:db8:aaaa:").append(Integer.toHexString(i))
                    .append("::/64\"");
        }
        assertError(demo.post("/api/tokens", "{\"name\": \"c\", \"allowedAddresses\": [" + ranges + "]}", ALICE),
                400);
        String fifty = ranges.substring(0, ranges.lastIndexOf(", "));
        assertThat(demo.post("/api/tokens", "{\"name\": \"d\", \"description\": \"" + longest
                + "\", \"allowedAddresses\": [" + fifty + "]}", ALICE).statusCode()).as("fits in the body limit")
                .isEqualTo(201);
    }
}
