package dev.patkit.demo;

import static dev.patkit.demo.TestDemo.ALICE;
import static dev.patkit.demo.TestDemo.BOB;
import static dev.patkit.demo.TestDemo.assertError;
import static dev.patkit.demo.TestDemo.bearer;
import static dev.patkit.demo.TestDemo.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patkit.TokenRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Service accounts: machine identities of the administrators, their tokens, and who may manage them. */
class ServiceAccountsApiTest {

    private static final String PATH = "/api/admin/service-accounts";

    private TestDemo demo;

    @BeforeEach
    void start() {
        demo = TestDemo.start();
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    private JsonNode account(String name, String rolesJson) {
        HttpResponse<String> r = demo.post(PATH, "{\"name\": \"" + name + "\", \"roles\": " + rolesJson + "}", ALICE);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    private JsonNode accountToken(String account, String body) {
        HttpResponse<String> r = demo.post(PATH + "/" + account + "/tokens", body, ALICE);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    @Test
    void anAdministratorCreatesAnAccountWithRolesAndListsIt() {
        JsonNode created = account("ci-deploy", "[\"developer\", \"deployer\"]");
        assertThat(created.get("name").asText()).isEqualTo("ci-deploy");
        assertThat(created.get("owner").asText()).isEqualTo("svc:ci-deploy");
        assertThat(created.get("roles")).extracting(JsonNode::asText).containsExactly("deployer", "developer");
        assertThat(created.get("active").asBoolean()).isTrue();
        assertThat(created.get("tokens")).isEmpty();

        accountToken("ci-deploy", "{\"name\": \"pipeline\"}");
        HttpResponse<String> list = demo.get(PATH, ALICE);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(json(list)).hasSize(1);
        JsonNode listed = json(list).get(0);
        assertThat(listed.get("name").asText()).isEqualTo("ci-deploy");
        assertThat(listed.get("tokens")).hasSize(1);
        assertThat(listed.get("tokens").get(0).get("name").asText()).isEqualTo("pipeline");
        assertThat(listed.get("tokens").get(0).get("owner").asText()).isEqualTo("svc:ci-deploy");
        assertThat(listed.get("tokens").get(0).has("token")).isFalse();
    }

    @Test
    void anAccountsTokenAuthenticatesAsTheAccountWithItsRoles() {
        account("nightly", "[\"viewer\", \"reporter\"]");
        Instant expires = Instant.now().plus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        JsonNode issued = accountToken("nightly", "{\"name\": \"cron\", \"expiresAt\": \"" + expires
                + "\", \"description\": \"the nightly report\"}");
        assertThat(issued.get("owner").asText()).isEqualTo("svc:nightly");
        assertThat(issued.get("expiresAt").asText()).isEqualTo(expires.toString());
        assertThat(issued.get("description").asText()).isEqualTo("the nightly report");

        HttpResponse<String> me = demo.get("/api/me", bearer(issued.get("token").asText()));
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(json(me).get("user").asText()).isEqualTo("svc:nightly");
        assertThat(json(me).get("roles")).extracting(JsonNode::asText).containsExactly("reporter", "viewer");
        assertThat(json(me).get("tokenName").asText()).isEqualTo("cron");
        assertThat(demo.get("/api/admin/ping", bearer(issued.get("token").asText())).statusCode())
                .as("no admin role").isEqualTo(403);
    }

    @Test
    void deactivatingTheAccountStopsItsTokensOnTheNextCall() {
        account("builder", "[\"developer\"]");
        String token = accountToken("builder", "{\"name\": \"b\"}").get("token").asText();
        assertThat(demo.meStatus(token)).isEqualTo(200);

        HttpResponse<String> off = demo.post(PATH + "/builder/deactivate", null, ALICE);
        assertThat(off.statusCode()).isEqualTo(200);
        assertThat(json(off).get("active").asBoolean()).isFalse();
        assertThat(demo.meStatus(token)).isEqualTo(401);
        assertError(demo.post(PATH + "/builder/tokens", "{\"name\": \"another\"}", ALICE), 409);
        assertError(demo.post(PATH, "{\"name\": \"builder\", \"roles\": []}", ALICE), 409);
    }

    @Test
    void theAccountDoesNotDependOnTheAdministratorWhoMadeIt() {
        account("deployer", "[\"developer\"]");
        String token = accountToken("deployer", "{\"name\": \"d\"}").get("token").asText();

        // The administrator is off-boarded: her tokens revoked, her roles taken away.
        demo.token(ALICE, "alice's own");
        assertThat(json(demo.post("/api/admin/users/alice/revoke-all", null, ALICE)).get("revoked").asInt())
                .isEqualTo(1);
        assertThat(demo.send("PUT", "/api/admin/users/alice/roles", "[]", ALICE).statusCode()).isEqualTo(200);

        HttpResponse<String> me = demo.get("/api/me", bearer(token));
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(json(me).get("roles")).extracting(JsonNode::asText).containsExactly("developer");
    }

    @Test
    void anAccountHasNoPasswordAndCannotSignIn() {
        account("robot", "[\"developer\"]");
        for (String user : new String[] {"robot", "svc:robot"}) {
            for (String password : new String[] {"", "robot", "svc:robot"}) {
                assertError(demo.get("/api/tokens", TestDemo.basic(user, password)), 401);
            }
        }
        TestBrowser browser = new TestBrowser(demo);
        browser.get("/login");
        assertThat(browser.post("/login", "username", "svc:robot", "password", "").statusCode()).isEqualTo(401);
    }

    @Test
    void onlyTheAdministratorsPasswordManagesAccountsNeverABearerToken() {
        account("ci", "[\"developer\"]");
        String alicesToken = demo.token(ALICE, "alice's");
        String accountsToken = accountToken("ci", "{\"name\": \"t\"}").get("token").asText();
        for (String auth : new String[] {bearer(alicesToken), bearer(accountsToken)}) {
            assertError(demo.get(PATH, auth), 401);
            assertError(demo.post(PATH, "{\"name\": \"x\", \"roles\": []}", auth), 401);
            assertError(demo.post(PATH + "/ci/tokens", "{\"name\": \"y\"}", auth), 401);
            assertError(demo.post(PATH + "/ci/deactivate", null, auth), 401);
        }
        assertError(demo.get(PATH, BOB), 403);
        assertError(demo.post(PATH, "{\"name\": \"x\", \"roles\": []}", BOB), 403);
        assertError(demo.post(PATH + "/ci/tokens", "{\"name\": \"y\"}", BOB), 403);
        assertError(demo.post(PATH + "/ci/deactivate", null, BOB), 403);
        assertError(demo.get(PATH), 401);
        assertThat(json(demo.get(PATH, ALICE)).get(0).get("active").asBoolean()).isTrue();
        assertThat(json(demo.get(PATH, ALICE))).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\": \"Upper\", \"roles\": []}", "{\"name\": \"svc:x\", \"roles\": []}",
        "{\"name\": \"-x\", \"roles\": []}", "{\"name\": \"\", \"roles\": []}", "{\"name\": \"a b\", \"roles\": []}",
        "{\"name\": \"<script>\", \"roles\": []}", "{\"name\": \"x\", \"roles\": [\"Admin\"]}",
        "{\"name\": \"x\", \"roles\": \"admin\"}", "{\"name\": \"x\"}", "{\"roles\": []}",
        "{\"name\": 1, \"roles\": []}",
        "{\"name\": \"x\", \"roles\": [], \"password\": \"p\"}", "[]", "not json"})
    void badAccountsAre400(String body) {
        HttpResponse<String> r = demo.post(PATH, body, ALICE);
        assertError(r, 400);
        assertThat(r.body()).doesNotContain("<script>");
        assertThat(json(demo.get(PATH, ALICE))).isEmpty();
    }

    @Test
    void aLongNameIs400AndTheFiftyCharacterOneIsFine() {
        assertError(demo.post(PATH, "{\"name\": \"" + "a".repeat(51) + "\", \"roles\": []}", ALICE), 400);
        account("a".repeat(50), "[]");
    }

    @Test
    void unknownAccountsActionsAndMethods() {
        assertError(demo.post(PATH + "/nobody/tokens", "{\"name\": \"t\"}", ALICE), 404);
        assertError(demo.post(PATH + "/nobody/deactivate", null, ALICE), 404);
        account("ci", "[]");
        assertError(demo.post(PATH + "/ci/delete", null, ALICE), 404);
        assertError(demo.get(PATH + "/ci/tokens", ALICE), 405);
        assertError(demo.send("PUT", PATH, "{}", ALICE), 405);
        assertError(demo.post(PATH + "/ci/tokens", "{\"name\": \"t\", \"scopes\": [\"admin\"]}", ALICE), 400);
        assertError(demo.post(PATH + "/ci/tokens", "{\"name\": \"t\", \"expiresAt\": \"2001-01-01T00:00:00Z\"}",
                ALICE), 400);
    }

    @Test
    void aNewAccountDoesNotInheritTokensLeftByAnEarlierOneOfTheSameName() {
        // A token of "svc:phoenix" left in the store, as after a restart (accounts live in memory, tokens do not).
        String left = demo.server.tokens().create(TokenRequest.of("svc:phoenix", "old")).revealPlaintext();
        assertThat(demo.meStatus(left)).as("no such account: refused").isEqualTo(401);
        account("phoenix", "[\"developer\"]");
        assertThat(demo.meStatus(left)).as("revoked when the new account was made").isEqualTo(401);
        assertThat(json(demo.get(PATH, ALICE)).get(0).get("tokens")).isEmpty();
    }
}
