package dev.patkit.demo;

import static dev.patkit.demo.TestDemo.ALICE;
import static dev.patkit.demo.TestDemo.BOB;
import static dev.patkit.demo.TestDemo.assertError;
import static dev.patkit.demo.TestDemo.bearer;
import static dev.patkit.demo.TestDemo.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The admin API, and patkit's rules seen live: deactivation refuses tokens at once, role changes apply at once. */
class AdminUsersApiTest {

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
    void onlyAliceAdministers() {
        assertError(demo.post("/api/admin/users/bob/deactivate", null), 401);
        assertError(demo.post("/api/admin/users/alice/deactivate", null, BOB), 403);
        assertError(demo.send("PUT", "/api/admin/users/bob/roles", "[\"admin\"]", BOB), 403);
        assertError(demo.get("/api/admin/users", BOB), 403);
        assertError(demo.post("/api/admin/users/bob/deactivate", null, bearer(demo.token(ALICE, "t"))), 401);

        HttpResponse<String> list = demo.get("/api/admin/users", ALICE);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(json(list).findValuesAsText("user")).containsExactly("alice", "bob");
    }

    @Test
    void deactivationRefusesTokensAtOnceAndActivationRestoresThem() {
        String token = demo.token(BOB, "bob's");
        assertThat(demo.meStatus(token)).isEqualTo(200);

        HttpResponse<String> off = demo.post("/api/admin/users/bob/deactivate", null, ALICE);
        assertThat(off.statusCode()).isEqualTo(200);
        assertThat(json(off).get("active").asBoolean()).isFalse();
        assertThat(demo.meStatus(token)).isEqualTo(401);
        assertError(demo.get("/api/tokens", BOB), 401);

        HttpResponse<String> on = demo.post("/api/admin/users/bob/activate", null, ALICE);
        assertThat(on.statusCode()).isEqualTo(200);
        assertThat(json(on).get("active").asBoolean()).isTrue();
        assertThat(demo.meStatus(token)).isEqualTo(200);
        assertThat(demo.get("/api/tokens", BOB).statusCode()).isEqualTo(200);
    }

    @Test
    void roleChangesFlipAdminPingOnTheNextRequest() {
        String bobs = demo.token(BOB, "b");
        String alices = demo.token(ALICE, "a");
        assertThat(demo.get("/api/admin/ping", bearer(bobs)).statusCode()).isEqualTo(403);
        assertThat(demo.get("/api/admin/ping", bearer(alices)).statusCode()).isEqualTo(200);

        HttpResponse<String> r = demo.send("PUT", "/api/admin/users/bob/roles", "[\"viewer\", \"admin\"]", ALICE);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("roles")).extracting(JsonNode::asText).containsExactly("admin", "viewer");
        assertThat(demo.get("/api/admin/ping", bearer(bobs)).statusCode()).isEqualTo(200);

        demo.send("PUT", "/api/admin/users/alice/roles", "[\"developer\"]", ALICE);
        assertError(demo.get("/api/admin/ping", bearer(alices)), 403);
        assertThat(json(demo.get("/api/me", bearer(alices))).get("roles"))
                .extracting(JsonNode::asText).containsExactly("developer");
        // Alice administers by name, so she can give herself the role back.
        assertThat(demo.send("PUT", "/api/admin/users/alice/roles", "[\"admin\"]", ALICE).statusCode())
                .isEqualTo(200);
        assertThat(demo.get("/api/admin/ping", bearer(alices)).statusCode()).isEqualTo(200);

        assertThat(demo.send("PUT", "/api/admin/users/bob/roles", "[]", ALICE).statusCode()).isEqualTo(200);
        assertThat(json(demo.get("/api/me", bearer(bobs))).get("roles")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"roles\": [\"admin\"]}", "\"admin\"", "[1]", "[null]", "[\"Admin\"]", "[\"\"]",
        "[\"a b\"]", "[\"<script>\"]", "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\",\"l\",\"m\","
            + "\"n\",\"o\",\"p\",\"q\",\"r\",\"s\",\"t\",\"u\"]", "[", "not json"})
    void badRolesAre400(String body) {
        HttpResponse<String> r = demo.send("PUT", "/api/admin/users/bob/roles", body, ALICE);
        assertError(r, 400);
        assertThat(r.body()).doesNotContain("<script>");
        assertThat(json(demo.get("/api/admin/users", ALICE)).get(1).get("roles"))
                .extracting(JsonNode::asText).containsExactly("viewer");
    }

    @Test
    void unknownUsersActionsAndMethods() {
        assertError(demo.post("/api/admin/users/carol/deactivate", null, ALICE), 404);
        assertError(demo.send("PUT", "/api/admin/users/carol/roles", "[]", ALICE), 404);
        assertError(demo.post("/api/admin/users/bob/delete", null, ALICE), 404);
        assertError(demo.post("/api/admin/users/bob", null, ALICE), 404);
        assertError(demo.get("/api/admin/users/bob/deactivate", ALICE), 405);
        assertError(demo.post("/api/admin/users/bob/roles", "[]", ALICE), 405);
    }

    @Test
    void aliceCannotLockHerselfOut() {
        assertError(demo.post("/api/admin/users/alice/deactivate", null, ALICE), 400);
        assertThat(demo.get("/api/tokens", ALICE).statusCode()).isEqualTo(200);
    }
}
