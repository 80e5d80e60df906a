package dev.patkit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The sample as its users see it: real HTTP to embedded Tomcat on a random port, real Argon2id, H2. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:sample;DB_CLOSE_DELAY=-1")
class SampleApplicationTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String ALICE = basic("alice", "alice");
    private static final String BOB = basic("bob", "bob");

    @LocalServerPort
    int port;

    @AfterEach
    void bobIsEnabledAgain() {
        post("/api/admin/users/bob/enable", ALICE, "{}");
    }

    @Test
    void aTokenCallsTheApiAsItsUserWithTheirRolesAndItsName() {
        String name = "laptop-" + UUID.randomUUID();
        String token = field("token", create(ALICE, name));
        HttpResponse<String> me = get("/api/me", "Bearer " + token);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"user\":\"alice\"", "\"tokenName\":\"" + name + "\"",
                "\"ROLE_ADMIN\"", "\"ROLE_DEVELOPER\"");
    }

    @Test
    void theAdminPingNeedsRoleAdminAndIsForbiddenOtherwise() {
        assertThat(get("/api/admin/ping", "Bearer " + field("token", create(ALICE, name()))).statusCode())
                .isEqualTo(200);
        assertThat(get("/api/admin/ping", "Bearer " + field("token", create(BOB, name()))).statusCode())
                .isEqualTo(403);
        assertThat(get("/api/admin/ping", BOB).statusCode()).isEqualTo(403);
    }

    @Test
    void aDisabledUsersTokenIsRefusedOnTheNextCall() {
        String token = field("token", create(BOB, name()));
        assertThat(get("/api/me", "Bearer " + token).statusCode()).isEqualTo(200);

        assertThat(post("/api/admin/users/bob/disable", ALICE, "{}").statusCode()).isEqualTo(200);
        HttpResponse<String> refused = get("/api/me", "Bearer " + token);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");

        assertThat(post("/api/admin/users/bob/enable", ALICE, "{}").statusCode()).isEqualTo(200);
        assertThat(get("/api/me", "Bearer " + token).statusCode()).isEqualTo(200);
    }

    @Test
    void onlyAliceMayDisableAUser() {
        assertThat(post("/api/admin/users/alice/disable", BOB, "{}").statusCode()).isEqualTo(403);
        assertThat(get("/api/me", ALICE).statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenCannotOpenTheManagementEndpoints() {
        String token = "Bearer " + field("token", create(ALICE, name()));
        assertThat(get("/api/tokens", token).statusCode()).isEqualTo(403);
        assertThat(post("/api/tokens", token, "{\"name\":\"minted\"}").statusCode()).isEqualTo(403);
        assertThat(send(request("/api/tokens/whatever", token).DELETE().build()).statusCode()).isEqualTo(403);
    }

    @Test
    void basicLoginListsCreatesRotatesAndRevokesTokens() {
        HttpResponse<String> created = create(BOB, name());
        String id = field("id", created);
        assertThat(get("/api/tokens", BOB).body()).contains(id);

        HttpResponse<String> rotated = post("/api/tokens/" + id + "/rotate", BOB, "{}");
        assertThat(rotated.statusCode()).isEqualTo(201);
        assertThat(get("/api/me", "Bearer " + field("token", created)).statusCode()).isEqualTo(401);
        String fresh = field("token", rotated);
        assertThat(get("/api/me", "Bearer " + fresh).statusCode()).isEqualTo(200);

        assertThat(send(request("/api/tokens/" + field("id", rotated), BOB).DELETE().build()).statusCode())
                .isEqualTo(204);
        assertThat(get("/api/me", "Bearer " + fresh).statusCode()).isEqualTo(401);
    }

    @Test
    void aCrossSiteFormCannotDisableAUserNorCreateAToken() {
        for (String path : new String[] {"/api/admin/users/bob/disable", "/api/tokens"}) {
            HttpResponse<String> form = send(request(path, ALICE)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("name=evil")).build());
            assertThat(form.statusCode()).as(path).isEqualTo(415);
        }
        assertThat(get("/api/me", BOB).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> create(String login, String name) {
        HttpResponse<String> created = post("/api/tokens", login,
                "{\"name\":\"" + name + "\",\"expiresAt\":\"" + Instant.now().plus(Duration.ofDays(30)) + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return created;
    }

    private static String name() {
        return "t-" + UUID.randomUUID();
    }

    private HttpResponse<String> get(String path, String authorization) {
        return send(request(path, authorization).GET().build());
    }

    private HttpResponse<String> post(String path, String authorization, String json) {
        return send(request(path, authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private HttpRequest.Builder request(String path, String authorization) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", authorization);
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String field(String name, HttpResponse<String> response) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(response.body());
        assertThat(m.find()).as(response.body()).isTrue();
        return m.group(1);
    }
}
