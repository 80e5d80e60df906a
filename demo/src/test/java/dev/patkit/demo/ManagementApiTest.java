package dev.patkit.demo;

import static dev.patkit.demo.TestDemo.ALICE;
import static dev.patkit.demo.TestDemo.BOB;
import static dev.patkit.demo.TestDemo.assertError;
import static dev.patkit.demo.TestDemo.bearer;
import static dev.patkit.demo.TestDemo.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON management API: HTTP Basic only, create, list, revoke, rotate, and every error answer. */
class ManagementApiTest {

    private static final String ISO_UTC = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z";

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
    void withoutLoginTheApiAsksForBasic() {
        HttpResponse<String> r = demo.get("/api/tokens");
        assertError(r, 401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue(BasicAuth.CHALLENGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice:wrong", "alice:", "carol:carol", "alice:alice ", "ALICE:alice"})
    void wrongCredentialsAre401(String credentials) {
        String[] parts = credentials.split(":", 2);
        assertError(demo.get("/api/tokens", TestDemo.basic(parts[0], parts[1])), 401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic !!!notbase64", "Basic YWxpY2U=", "Basic", "Digest abc", "alice:alice"})
    void malformedAuthorizationIs401(String header) {
        assertError(demo.get("/api/tokens", header), 401);
    }

    @Test
    void aBearerTokenNeverOpensTheManagementApi() {
        JsonNode created = demo.create(ALICE, "ci");
        String token = bearer(created.get("token").asText());
        String id = created.get("id").asText();
        List<HttpResponse<String>> answers = new ArrayList<>();
        answers.add(demo.get("/api/tokens", token));
        answers.add(demo.post("/api/tokens", "{\"name\": \"made by a token\"}", token));
        answers.add(demo.post("/api/tokens/" + id + "/rotate", null, token));
        answers.add(demo.send("DELETE", "/api/tokens/" + id, null, token));
        answers.add(demo.post("/api/admin/users/bob/deactivate", null, token));
        for (HttpResponse<String> r : answers) {
            assertError(r, 401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue(BasicAuth.CHALLENGE);
            assertThat(json(r).get("error").asText()).contains("Bearer token cannot manage");
        }
        assertThat(demo.meStatus(created.get("token").asText())).isEqualTo(200);
        assertThat(json(demo.get("/api/tokens", ALICE))).hasSize(1);
    }

    @Test
    void createReturnsTheTokenOnceAndListShowsMetadataOnly() {
        HttpResponse<String> r = demo.post("/api/tokens", "{\"name\": \"  laptop  \"}", ALICE);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode created = json(r);
        assertThat(created.get("name").asText()).isEqualTo("laptop");
        assertThat(created.get("token").asText()).matches("pat_[0-9A-Za-z]{50}");
        assertThat(created.get("createdAt").asText()).matches(ISO_UTC);
        assertThat(created.get("expiresAt").isNull()).isTrue();
        assertThat(r.headers().firstValue("Location")).hasValue("/api/tokens/" + created.get("id").asText());

        HttpResponse<String> list = demo.get("/api/tokens", ALICE);
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode tokens = json(list);
        assertThat(tokens).hasSize(1);
        JsonNode t = tokens.get(0);
        assertThat(t.get("id").asText()).isEqualTo(created.get("id").asText());
        assertThat(t.get("name").asText()).isEqualTo("laptop");
        assertThat(t.get("createdAt").asText()).isEqualTo(created.get("createdAt").asText());
        assertThat(t.has("expiresAt")).isTrue();
        assertThat(t.get("lastUsedAt").isNull()).isTrue();
        assertThat(t.has("token")).isFalse();
        assertThat(list.body()).doesNotContain(created.get("token").asText());

        assertThat(demo.meStatus(created.get("token").asText())).isEqualTo(200);
        JsonNode used = json(demo.get("/api/tokens", ALICE)).get(0);
        assertThat(used.get("lastUsedAt").asText()).matches(ISO_UTC);

        assertThat(json(demo.get("/api/tokens", BOB))).isEmpty();
    }

    @Test
    void createWithAnExpiry() {
        Instant expires = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
        HttpResponse<String> r = demo.post("/api/tokens",
                "{\"name\": \"ci\", \"expiresAt\": \"" + expires + "\"}", ALICE);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(json(r).get("expiresAt").asText()).isEqualTo(expires.toString());
        assertThat(json(demo.get("/api/tokens", ALICE)).get(0).get("expiresAt").asText())
                .isEqualTo(expires.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not JSON                 | {name: 'x'}",
        "truncated JSON           | {\"name\": \"x\"",
        "trailing garbage         | {\"name\": \"x\"} {}",
        "duplicate field          | {\"name\": \"x\", \"name\": \"y\"}",
        "an array                 | [\"x\"]",
        "a string                 | \"x\"",
        "no name                  | {}",
        "null name                | {\"name\": null}",
        "numeric name             | {\"name\": 42}",
        "blank name               | {\"name\": \"   \"}",
        "name too long            | {\"name\": \"" + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}",
        "control character        | {\"name\": \"a\\u0000b\"}",
        "unknown field            | {\"name\": \"x\", \"expires_at\": \"2030-01-01T00:00:00Z\"}",
        "expiry not a date        | {\"name\": \"x\", \"expiresAt\": \"next week\"}",
        "expiry a number          | {\"name\": \"x\", \"expiresAt\": 1893456000}",
        "expiry in the past       | {\"name\": \"x\", \"expiresAt\": \"2001-01-01T00:00:00Z\"}",
    })
    void badInputIs400(String what, String body) {
        assertError(demo.post("/api/tokens", body, ALICE), 400);
        assertThat(json(demo.get("/api/tokens", ALICE))).isEmpty();
    }

    @Test
    void anEmptyBodyIs400() {
        assertError(demo.post("/api/tokens", "", ALICE), 400);
    }

    @Test
    void aBodyThatIsNotJsonByTypeIs415() {
        assertError(demo.send("POST", "/api/tokens", "name=x", ALICE,
                "Content-Type", "application/x-www-form-urlencoded"), 415);
    }

    @Test
    void aHugeBodyIs413() {
        String body = "{\"name\": \"" + "x".repeat(TokensApi.MAX_BODY) + "\"}";
        assertError(demo.post("/api/tokens", body, ALICE), 413);
    }

    @Test
    void aDuplicateNameIs409() {
        demo.create(ALICE, "deploy");
        assertError(demo.post("/api/tokens", "{\"name\": \"deploy\"}", ALICE), 409);
        demo.create(BOB, "deploy");
    }

    @Test
    void deleteRevokesAtOnce() {
        JsonNode created = demo.create(ALICE, "old");
        String token = created.get("token").asText();
        assertThat(demo.meStatus(token)).isEqualTo(200);

        HttpResponse<String> r = demo.send("DELETE", "/api/tokens/" + created.get("id").asText(), null, ALICE);
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertThat(demo.meStatus(token)).isEqualTo(401);
        assertThat(json(demo.get("/api/tokens", ALICE))).isEmpty();
        demo.create(ALICE, "old");
    }

    @Test
    void deletingAnUnknownOrSomeoneElsesTokenIs404() {
        JsonNode bobs = demo.create(BOB, "bob's");
        assertError(demo.send("DELETE", "/api/tokens/" + bobs.get("id").asText(), null, ALICE), 404);
        assertError(demo.send("DELETE", "/api/tokens/00000000-0000-0000-0000-000000000000", null, ALICE), 404);
        assertError(demo.send("DELETE", "/api/tokens/%3Cscript%3E", null, ALICE), 404);
        assertThat(demo.meStatus(bobs.get("token").asText())).isEqualTo(200);
    }

    @Test
    void rotateIssuesANewTokenAndRefusesTheOldOne() {
        Instant expires = Instant.now().plus(Duration.ofDays(7));
        JsonNode created = json(demo.post("/api/tokens", "{\"name\": \"ci\", \"expiresAt\": \"" + expires + "\"}",
                ALICE));
        HttpResponse<String> r = demo.post("/api/tokens/" + created.get("id").asText() + "/rotate", null, ALICE);
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode rotated = json(r);
        assertThat(rotated.get("name").asText()).isEqualTo("ci");
        assertThat(rotated.get("id").asText()).isNotEqualTo(created.get("id").asText());
        assertThat(rotated.get("token").asText()).matches("pat_[0-9A-Za-z]{50}");
        assertThat(rotated.get("createdAt").asText()).matches(ISO_UTC);
        assertThat(rotated.get("expiresAt").asText()).matches(ISO_UTC);

        assertThat(demo.meStatus(created.get("token").asText())).isEqualTo(401);
        assertThat(demo.meStatus(rotated.get("token").asText())).isEqualTo(200);
        assertThat(json(demo.get("/api/tokens", ALICE))).hasSize(1);
    }

    @Test
    void rotatingAnUnknownRevokedOrSomeoneElsesTokenIs404() {
        JsonNode bobs = demo.create(BOB, "bob's");
        assertError(demo.post("/api/tokens/" + bobs.get("id").asText() + "/rotate", null, ALICE), 404);
        JsonNode mine = demo.create(ALICE, "mine");
        demo.send("DELETE", "/api/tokens/" + mine.get("id").asText(), null, ALICE);
        assertError(demo.post("/api/tokens/" + mine.get("id").asText() + "/rotate", null, ALICE), 404);
        assertThat(demo.meStatus(bobs.get("token").asText())).isEqualTo(200);
    }

    @Test
    void wrongMethodsAndPathsAnswerJson() {
        assertError(demo.send("PUT", "/api/tokens", "{}", ALICE), 405);
        assertError(demo.get("/api/tokens/some-id", ALICE), 405);
        assertError(demo.get("/api/tokens/some-id/rotate", ALICE), 405);
        assertError(demo.get("/api/tokens/a/b/c", ALICE), 404);
        assertError(demo.get("/api/nothing-here"), 404);
    }

    @Test
    void aCrossSiteBrowserRequestIsRefusedEvenWithCredentials() {
        assertError(demo.send("POST", "/api/tokens", "{\"name\": \"x\"}", ALICE, "Origin", "http://evil.example"),
                403);
        assertError(demo.send("POST", "/api/tokens", "{\"name\": \"x\"}", ALICE, "Sec-Fetch-Site", "cross-site"),
                403);
        assertThat(json(demo.get("/api/tokens", ALICE))).isEmpty();
        HttpResponse<String> sameOrigin = demo.send("POST", "/api/tokens", "{\"name\": \"x\"}", ALICE,
                "Origin", demo.base.toString());
        assertThat(sameOrigin.statusCode()).isEqualTo(201);
    }

    @Test
    void aFailingStoreIs503WithRetryAfter() {
        demo.store.fail(true);
        HttpResponse<String> r = demo.get("/api/tokens", ALICE);
        assertError(r, 503);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertError(demo.post("/api/tokens", "{\"name\": \"x\"}", ALICE), 503);
        demo.store.fail(false);
        assertThat(demo.get("/api/tokens", ALICE).statusCode()).isEqualTo(200);
    }
}
