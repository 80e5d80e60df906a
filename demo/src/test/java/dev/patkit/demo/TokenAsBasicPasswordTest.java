package dev.patkit.demo;

import static dev.patkit.demo.TestDemo.ALICE;
import static dev.patkit.demo.TestDemo.BOB;
import static dev.patkit.demo.TestDemo.basic;
import static dev.patkit.demo.TestDemo.bearer;
import static dev.patkit.demo.TestDemo.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What clients get at the protected API's edge: a token as the password of HTTP Basic ({@code curl -u x:TOKEN}) on
 * {@code /api/me} and {@code /api/admin/ping}, while the management API keeps its users' password Basic; and the
 * {@code Token-Expiration} header on every authenticated answer of a token with an expiry.
 */
class TokenAsBasicPasswordTest {

    private static final String BEARER_CHALLENGE = "Bearer realm=\"patkit-demo\"";
    private static final String BASIC_CHALLENGE = "Basic realm=\"patkit-demo\", charset=\"UTF-8\"";
    private static final String INVALID_TOKEN = BEARER_CHALLENGE + ", error=\"invalid_token\","
            + " error_description=\"The access token is invalid, expired or revoked\"";

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
    void aTokenAsTheBasicPasswordWorksUnderAnyUserNameAsTheBearerTokenDoes() {
        String token = demo.token(ALICE, "for curl -u");
        HttpResponse<String> asBearer = demo.get("/api/me", bearer(token));
        for (String user : List.of("anyone", "alice", "bob", "", "x-access-token")) {
            HttpResponse<String> me = demo.get("/api/me", basic(user, token));
            assertThat(me.statusCode()).as(user).isEqualTo(200);
            assertThat(me.body()).isEqualTo(asBearer.body());
            assertThat(json(demo.get("/api/admin/ping", basic(user, token))).get("user").asText()).isEqualTo("alice");
        }
        HttpResponse<String> bobs = demo.get("/api/admin/ping", basic("alice", demo.token(BOB, "bob's")));
        assertThat(bobs.statusCode()).as("the token's owner counts, never the user name").isEqualTo(403);
    }

    @Test
    void onTheProtectedApiABasicPasswordIsOnlyEverCheckedAsAToken() {
        String token = demo.token(ALICE, "t");
        HttpResponse<String> wrongToken = demo.get("/api/me", basic("alice", token.substring(0, token.length() - 1)
                + (token.endsWith("A") ? "B" : "A")));
        for (String auth : List.of(ALICE, BOB, basic("alice", "wrong"), basic("anyone", token + " "))) {
            HttpResponse<String> r = demo.get("/api/me", auth);
            TestDemo.assertError(r, 401);
            assertThat(r.headers().allValues("WWW-Authenticate")).containsExactly(INVALID_TOKEN, BASIC_CHALLENGE);
            assertThat(r.body()).isEqualTo(wrongToken.body());
            assertThat(demo.get("/api/admin/ping", auth).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> none = demo.get("/api/me");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().allValues("WWW-Authenticate")).containsExactly(BEARER_CHALLENGE, BASIC_CHALLENGE);
    }

    @Test
    void theManagementApiKeepsItsPasswordBasicAndTakesNoTokenAsPassword() {
        String token = demo.token(ALICE, "t");
        assertThat(demo.get("/api/tokens", ALICE).statusCode()).isEqualTo(200);
        for (String auth : List.of(basic("alice", token), bearer(token))) {
            HttpResponse<String> r = demo.get("/api/tokens", auth);
            TestDemo.assertError(r, 401);
            assertThat(r.headers().allValues("WWW-Authenticate")).containsExactly(BasicAuth.CHALLENGE);
        }
        assertThat(demo.get("/api/admin/users", basic("alice", token)).statusCode()).isEqualTo(401);
    }

    @Test
    void everyAuthenticatedAnswerOfATokenWithAnExpiryCarriesTokenExpirationAsAnImfFixdate() {
        Instant expiry = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MICROS).plusNanos(999_000);
        JsonNode alices = json(demo.post("/api/tokens", "{\"name\": \"expiring\", \"expiresAt\": \"" + expiry
                + "\"}", ALICE));
        String aliceToken = alices.get("token").asText();
        String bobsToken = json(demo.post("/api/tokens", "{\"name\": \"expiring\", \"expiresAt\": \"" + expiry
                + "\"}", BOB)).get("token").asText();
        String imfFixdate = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT)
                .format(ZonedDateTime.ofInstant(expiry.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC));
        List<HttpResponse<String>> answers = List.of(
                demo.get("/api/me", bearer(aliceToken)),
                demo.get("/api/me", basic("x", aliceToken)),
                demo.get("/api/admin/ping", bearer(aliceToken)),
                demo.get("/api/admin/ping", basic("x", bobsToken)));
        for (HttpResponse<String> r : answers) {
            assertThat(r.statusCode()).isIn(200, 403);
            assertThat(r.headers().allValues("Token-Expiration")).containsExactly(imfFixdate);
        }
        assertThat(answers.get(3).statusCode()).as("bob is no admin").isEqualTo(403);

        String forever = demo.token(ALICE, "no expiry");
        HttpResponse<String> withoutExpiry = demo.get("/api/me", bearer(forever));
        assertThat(withoutExpiry.statusCode()).isEqualTo(200);
        assertThat(withoutExpiry.headers().firstValue("Token-Expiration")).isEmpty();
        demo.send("DELETE", "/api/tokens/" + alices.get("id").asText(), null, ALICE);
        HttpResponse<String> refused = demo.get("/api/me", bearer(aliceToken));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Token-Expiration")).isEmpty();
    }
}
