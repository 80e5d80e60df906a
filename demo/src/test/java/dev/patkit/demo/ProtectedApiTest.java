package dev.patkit.demo;

import static dev.patkit.demo.TestDemo.ALICE;
import static dev.patkit.demo.TestDemo.BOB;
import static dev.patkit.demo.TestDemo.assertError;
import static dev.patkit.demo.TestDemo.bearer;
import static dev.patkit.demo.TestDemo.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patkit.testing.ForgedTokens;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Bearer-protected API and its RFC 6750 answers. */
class ProtectedApiTest {

    private static final String INVALID_TOKEN = "Bearer realm=\"patkit-demo\", error=\"invalid_token\","
            + " error_description=\"The access token is invalid, expired or revoked\"";
    /** A token is also taken as the password of HTTP Basic here, so every 401 names both schemes. */
    private static final String BASIC = "Basic realm=\"patkit-demo\", charset=\"UTF-8\"";

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
    void meShowsTheUserTheirRolesOfNowAndTheTokenName() {
        String token = demo.token(ALICE, "my laptop");
        HttpResponse<String> r = demo.get("/api/me", bearer(token));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode me = json(r);
        assertThat(me.get("user").asText()).isEqualTo("alice");
        assertThat(me.get("roles")).extracting(JsonNode::asText).containsExactly("admin", "developer");
        assertThat(me.get("tokenName").asText()).isEqualTo("my laptop");
        assertThat(me.size()).isEqualTo(3);

        JsonNode bob = json(demo.get("/api/me", "bearer  " + demo.token(BOB, "b")));
        assertThat(bob.get("user").asText()).isEqualTo("bob");
        assertThat(bob.get("roles")).extracting(JsonNode::asText).containsExactly("viewer");
    }

    @Test
    void withoutCredentialsThe401HasNoErrorCode() {
        for (String auth : new String[] {null, "Digest username=\"alice\""}) {
            HttpResponse<String> r = demo.get("/api/me", auth);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.body()).isEmpty();
            assertThat(r.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"patkit-demo\"",
                    BASIC);
        }
    }

    @Test
    void everyBadTokenGetsTheSameAnswer() {
        String valid = demo.token(ALICE, "valid");
        JsonNode toRevoke = demo.create(ALICE, "revoked");
        String revoked = toRevoke.get("token").asText();
        assertThat(demo.send("DELETE", "/api/tokens/" + toRevoke.get("id").asText(), null, ALICE).statusCode())
                .isEqualTo(204);
        String bobs = demo.token(BOB, "bob's");
        demo.post("/api/admin/users/bob/deactivate", null, ALICE);

        List<String> bad = List.of(
                "pat_tooShort",
                valid.substring(0, valid.length() - 1) + (valid.endsWith("A") ? "B" : "A"),   // checksum broken
                ForgedTokens.withChecksum(replaceAt(valid, 10)),                              // unknown lookup id
                ForgedTokens.withChecksum(replaceAt(valid, 30)),                              // wrong secret
                "xyz_" + valid.substring(4),
                revoked,
                bobs);                                                                        // owner inactive
        HttpResponse<String> first = null;
        for (String token : bad) {
            HttpResponse<String> r = demo.get("/api/me", bearer(token));
            assertError(r, 401);
            assertThat(r.headers().allValues("WWW-Authenticate")).as(token).containsExactly(INVALID_TOKEN, BASIC);
            if (first == null) {
                first = r;
            }
            assertThat(r.body()).as(token).isEqualTo(first.body());
            assertThat(r.headers().firstValue("Content-Length")).isEqualTo(first.headers().firstValue("Content-Length"));
        }
        HttpResponse<String> stillValid = demo.get("/api/me", bearer(valid));
        assertThat(stillValid.statusCode()).as(stillValid.body()).isEqualTo(200);
    }

    @Test
    void malformedRequestsAre400InvalidRequest() {
        String token = demo.token(ALICE, "t");
        List<HttpResponse<String>> answers = List.of(
                demo.get("/api/me", "Bearer " + token + " extra"),
                demo.get("/api/me", "Bearer "),
                demo.get("/api/me", "Bearer {" + token + "}"),
                demo.get("/api/me?access_token=" + token),
                demo.get("/api/me?x=1&access_token=" + token, bearer(token)),
                demo.get("/api/me", "Authorization", bearer(token), "Authorization", bearer(token)));
        for (HttpResponse<String> r : answers) {
            assertError(r, 400);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h)
                    .startsWith("Bearer realm=\"patkit-demo\", error=\"invalid_request\", error_description=\""));
            assertThat(r.body()).doesNotContain(token);
        }
    }

    @Test
    void adminPingNeedsTheAdminRole() {
        HttpResponse<String> ok = demo.get("/api/admin/ping", bearer(demo.token(ALICE, "a")));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok).get("user").asText()).isEqualTo("alice");

        HttpResponse<String> refused = demo.get("/api/admin/ping", bearer(demo.token(BOB, "b")));
        assertError(refused, 403);
        assertThat(json(refused).get("error").asText()).isEqualTo("insufficient_scope");
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue(
                "Bearer realm=\"patkit-demo\", error=\"insufficient_scope\", error_description=\"The access token"
                        + " lacks the required scope\", scope=\"admin\"");

        assertThat(demo.get("/api/admin/ping").statusCode()).isEqualTo(401);
        assertThat(demo.get("/api/admin/ping", ALICE).statusCode()).isEqualTo(401);
    }

    @Test
    void aFailingStoreIs503WithRetryAfterNot401() {
        String token = demo.token(ALICE, "t");
        demo.store.fail(true);
        HttpResponse<String> r = demo.get("/api/me", bearer(token));
        assertError(r, 503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
        demo.store.fail(false);
        assertThat(demo.meStatus(token)).isEqualTo(200);
    }

    @Test
    void onlyGetIsAllowed() {
        assertError(demo.send("POST", "/api/me", "{}", bearer(demo.token(ALICE, "t"))), 405);
    }

    /** The token with the character at {@code index} changed (staying in the base62 alphabet). */
    private static String replaceAt(String token, int index) {
        char c = token.charAt(index);
        return token.substring(0, index) + (c == 'a' ? 'b' : 'a') + token.substring(index + 1);
    }
}
