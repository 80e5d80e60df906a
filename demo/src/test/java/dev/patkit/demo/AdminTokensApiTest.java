package dev.patkit.demo;

import static dev.patkit.demo.TestDemo.ALICE;
import static dev.patkit.demo.TestDemo.BOB;
import static dev.patkit.demo.TestDemo.assertError;
import static dev.patkit.demo.TestDemo.bearer;
import static dev.patkit.demo.TestDemo.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patkit.testing.MutableClock;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The administrators' token API: every owner's tokens, filtered and paged; revoking any owner's token; revoking all
 * of a user's tokens. The tests of the listing ({@code GET /api/admin/tokens} with valid parameters) need
 * {@code TokenService.listAll}.
 */
class AdminTokensApiTest {

    private static final String PATH = "/api/admin/tokens";

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private TestDemo demo;

    @BeforeEach
    void start() {
        demo = TestDemo.start(clock);
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    private JsonNode list(String query) {
        HttpResponse<String> r = demo.get(PATH + query, ALICE);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("tokens").forEach(t -> names.add(t.get("owner").asText() + "/" + t.get("name").asText()));
        return names;
    }

    @Test
    void theListingShowsEveryOwnersTokensNewestFirstWithTheirOwners() {
        demo.create(ALICE, "a1");
        clock.advance(Duration.ofMinutes(1));
        demo.create(BOB, "b1");
        clock.advance(Duration.ofMinutes(1));
        demo.post("/api/admin/service-accounts", "{\"name\": \"ci\", \"roles\": [\"developer\"]}", ALICE);
        demo.post("/api/admin/service-accounts/ci/tokens", "{\"name\": \"c1\"}", ALICE);

        JsonNode page = list("");
        assertThat(names(page)).containsExactly("svc:ci/c1", "bob/b1", "alice/a1");
        assertThat(page.get("next").isNull()).isTrue();
        assertThat(page.get("tokens").get(0).has("token")).isFalse();
        assertThat(names(list("?owner=bob"))).containsExactly("bob/b1");
        assertThat(names(list("?owner=svc%3Aci"))).containsExactly("svc:ci/c1");
    }

    @Test
    void theListingFiltersByStatusExpiryAndUse() {
        String revokedId = demo.create(ALICE, "revoked").get("id").asText();
        demo.send("DELETE", "/api/tokens/" + revokedId, null, ALICE);
        demo.post("/api/tokens", "{\"name\": \"soon\", \"expiresAt\": \"2030-01-04T00:00:00Z\"}", ALICE);
        demo.post("/api/tokens", "{\"name\": \"later\", \"expiresAt\": \"2030-03-01T00:00:00Z\"}", BOB);
        String used = demo.token(BOB, "used");
        assertThat(demo.meStatus(used)).isEqualTo(200);
        demo.server.tokens().flushLastUsed();

        assertThat(names(list("?status=revoked"))).containsExactly("alice/revoked");
        assertThat(names(list("?status=active"))).containsExactlyInAnyOrder("alice/soon", "bob/later", "bob/used");
        assertThat(names(list("?expiringWithin=P7D"))).containsExactly("alice/soon");
        assertThat(names(list("?neverUsed=true&status=active"))).containsExactlyInAnyOrder("alice/soon",
                "bob/later");
        clock.advance(Duration.ofDays(10));
        assertThat(names(list("?status=expired"))).containsExactly("alice/soon");
        assertThat(names(list("?unusedSince=2030-01-05&status=all&owner=bob"))).containsExactlyInAnyOrder(
                "bob/later", "bob/used");
    }

    @Test
    void theListingPagesWithTheCursor() {
        for (int i = 0; i < 5; i++) {
            demo.create(i % 2 == 0 ? ALICE : BOB, "t" + i);
            clock.advance(Duration.ofSeconds(1));
        }
        List<String> seen = new ArrayList<>();
        String query = "?limit=2";
        for (int pages = 1; ; pages++) {
            JsonNode page = list(query);
            assertThat(page.get("tokens").size()).isLessThanOrEqualTo(2);
            seen.addAll(names(page));
            if (page.get("next").isNull()) {
                assertThat(pages).isEqualTo(3);
                break;
            }
            query = "?limit=2&cursor=" + URLEncoder.encode(page.get("next").asText(), StandardCharsets.UTF_8);
        }
        assertThat(seen).containsExactly("alice/t4", "bob/t3", "alice/t2", "bob/t1", "alice/t0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"status=bogus", "status=ACTIVE", "expiringWithin=7", "expiringWithin=P-1D",
        "expiringWithin=PT0S", "expiringWithin=P99999999999999D", "expiringWithin=P3651D", "unusedSince=yesterday",
        "unusedSince=%2B1000000000-01-01T00:00:00Z", "unusedSince=1969-12-31", "neverUsed=yes", "limit=0",
        "limit=1001", "limit=abc", "limit=99999999999", "owner=alice&owner=bob", "unknown=1", "owner=%00"})
    void badParametersAre400WithAJsonError(String query) {
        demo.create(ALICE, "t");
        HttpResponse<String> r = demo.get(PATH + "?" + query, ALICE);
        assertError(r, 400);
    }

    @Test
    void aQueryStringThatIsNoUtf8Is400() {
        assertError(demo.get(PATH + "?owner=caf%C3", ALICE), 400);
        TestBrowser alice = new TestBrowser(demo).signIn("alice", "alice");
        HttpResponse<String> page = alice.get(AdminPage.PATH + "?owner=caf%C3");
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).doesNotContain("Exception");
    }

    @Test
    void aCursorLongerThanAnyTheServiceHandsOutIs400() {
        assertError(demo.get(PATH + "?cursor=" + "x".repeat(AdminQuery.MAX_CURSOR_LENGTH + 1), ALICE), 400);
    }

    @Test
    void aCursorTheServiceDidNotHandOutIs400() {
        demo.create(ALICE, "t");
        assertError(demo.get(PATH + "?cursor=c", ALICE), 400);
    }

    @Test
    void onlyAliceWithHerPasswordMaySeeOrRevokeOthersTokens() {
        String bobs = demo.token(BOB, "bob's");
        String bobsId = json(demo.get("/api/tokens", BOB)).get(0).get("id").asText();
        String alices = demo.token(ALICE, "alice's");
        assertError(demo.get(PATH, BOB), 403);
        assertError(demo.post(PATH + "/" + bobsId + "/revoke", null, BOB), 403);
        assertError(demo.post("/api/admin/users/bob/revoke-all", null, BOB), 403);
        for (String auth : new String[] {bearer(alices), bearer(bobs), null}) {
            assertError(demo.get(PATH, auth), 401);
            assertError(demo.post(PATH + "/" + bobsId + "/revoke", null, auth), 401);
            assertError(demo.post("/api/admin/users/bob/revoke-all", null, auth), 401);
        }
        assertThat(demo.meStatus(bobs)).isEqualTo(200);
    }

    @Test
    void aliceRevokesAnyOwnersTokenAtOnce() {
        String bobs = demo.token(BOB, "bob's");
        String bobsId = json(demo.get("/api/tokens", BOB)).get(0).get("id").asText();
        HttpResponse<String> r = demo.post(PATH + "/" + bobsId + "/revoke", null, ALICE);
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(demo.meStatus(bobs)).isEqualTo(401);
        assertThat(demo.post(PATH + "/" + bobsId + "/revoke", null, ALICE).statusCode()).as("idempotent")
                .isEqualTo(204);
        assertError(demo.post(PATH + "/00000000-0000-0000-0000-000000000000/revoke", null, ALICE), 404);
        assertError(demo.post(PATH + "/%3Cscript%3E/revoke", null, ALICE), 404);
        assertError(demo.get(PATH + "/" + bobsId + "/revoke", ALICE), 405);
        assertError(demo.post(PATH, null, ALICE), 405);
    }

    @Test
    void revokeAllRevokesEveryTokenOfTheUserAndSaysHowMany() {
        String b1 = demo.token(BOB, "b1");
        String b2 = demo.token(BOB, "b2");
        String a1 = demo.token(ALICE, "a1");
        HttpResponse<String> r = demo.post("/api/admin/users/bob/revoke-all", null, ALICE);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("revoked").asInt()).isEqualTo(2);
        assertThat(json(r).size()).isEqualTo(1);
        assertThat(demo.meStatus(b1)).isEqualTo(401);
        assertThat(demo.meStatus(b2)).isEqualTo(401);
        assertThat(demo.meStatus(a1)).isEqualTo(200);
        assertThat(json(demo.post("/api/admin/users/bob/revoke-all", null, ALICE)).get("revoked").asInt())
                .isZero();
        assertError(demo.post("/api/admin/users/carol/revoke-all", null, ALICE), 404);
        assertError(demo.get("/api/admin/users/bob/revoke-all", ALICE), 405);
    }

    @Test
    void aFailingStoreIs503() {
        String id = demo.create(BOB, "b").get("id").asText();
        demo.store.fail(true);
        assertError(demo.post(PATH + "/" + id + "/revoke", null, ALICE), 503);
        assertError(demo.post("/api/admin/users/bob/revoke-all", null, ALICE), 503);
        demo.store.fail(false);
    }
}
