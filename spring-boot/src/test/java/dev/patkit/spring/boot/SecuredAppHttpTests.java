package dev.patkit.spring.boot;

import static dev.patkit.spring.boot.Http.basic;
import static dev.patkit.spring.boot.Http.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * Spring Security with patkit tokens, over real HTTP to embedded Tomcat, on a real database (the subclasses pick it).
 */
@SpringBootTest(classes = SecuredApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "patkit.endpoints.enabled=true")
abstract class SecuredAppHttpTests {

    static final String INVALID_TOKEN = "Bearer realm=\"patkit\", error=\"invalid_token\","
            + " error_description=\"The access token is invalid, expired or revoked\"";

    @LocalServerPort
    int port;

    @Autowired
    InMemoryUserDetailsManager users;

    @Autowired
    DataSource dataSource;

    @Value("${patkit.store.table-name:patkit_tokens}")
    String table;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
        users.updateUser(User.withUsername("bob").password("{noop}bob").roles("VIEWER").build());
    }

    /** Creates a token for the user through the management endpoints, signed in with Basic. */
    String tokenOf(String user) {
        HttpResponse<String> created = http.postJson("/api/tokens", basic(user, user),
                "{\"name\":\"t-" + UUID.randomUUID() + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Http.token(created);
    }

    @Test
    void aTokenAuthenticatesAsItsOwnerWithRolesAsAuthoritiesAndThePrincipalNamesTheToken() {
        HttpResponse<String> created = http.postJson("/api/tokens", basic("alice", "alice"),
                "{\"name\":\"laptop-" + port + "-" + UUID.randomUUID() + "\"}");
        HttpResponse<String> me = http.get("/me", bearer(Http.token(created)));

        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"user\":\"alice\"", "\"owner\":\"alice\"",
                "\"tokenId\":\"" + Http.id(created) + "\"", "\"tokenName\":\"laptop-")
                .contains("\"ROLE_ADMIN\"", "\"ROLE_DEVELOPER\"", "\"SCOPE_ADMIN\"", "\"SCOPE_DEVELOPER\"");
    }

    @Test
    void rolesDecideAccessAViewersTokenIsForbiddenFromTheAdminPage() {
        assertThat(http.get("/admin/ping", bearer(tokenOf("alice"))).statusCode()).isEqualTo(200);
        assertThat(http.get("/admin/ping", bearer(tokenOf("bob"))).statusCode()).isEqualTo(403);
    }

    @Test
    void aRevokedTokenIsRefusedOnTheNextCallWithRfc6750InvalidToken() {
        HttpResponse<String> created = http.postJson("/api/tokens", basic("alice", "alice"),
                "{\"name\":\"revoke-me-" + UUID.randomUUID() + "\"}");
        String token = Http.token(created);
        assertThat(http.get("/me", bearer(token)).statusCode()).isEqualTo(200);

        assertThat(http.delete("/api/tokens/" + Http.id(created), basic("alice", "alice")).statusCode())
                .isEqualTo(204);

        HttpResponse<String> refused = http.get("/me", bearer(token));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue(INVALID_TOKEN);
        assertThat(refused.body()).doesNotContain(token);
    }

    @Test
    void everyRefusedTokenGetsTheSameAnswerSoItIsNoOracle() {
        String token = tokenOf("alice");
        String wrongSecret = token.substring(0, token.length() - 8) + "AAAAAAAA";
        HttpResponse<String> garbage = http.get("/me", bearer("pat_not-a-token"));
        HttpResponse<String> wrong = http.get("/me", bearer(wrongSecret));

        for (HttpResponse<String> r : java.util.List.of(garbage, wrong)) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue(INVALID_TOKEN);
        }
        assertThat(garbage.body()).isEqualTo(wrong.body());
    }

    @Test
    void aDisabledUsersTokenIsRefusedOnTheNextCallAndWorksAgainOnceEnabled() {
        String token = tokenOf("bob");
        assertThat(http.get("/me", bearer(token)).statusCode()).isEqualTo(200);

        users.updateUser(User.withUsername("bob").password("{noop}bob").roles("VIEWER").disabled(true).build());
        assertThat(http.get("/me", bearer(token)).statusCode()).isEqualTo(401);

        users.updateUser(User.withUsername("bob").password("{noop}bob").roles("VIEWER").build());
        assertThat(http.get("/me", bearer(token)).statusCode()).isEqualTo(200);
    }

    @Test
    void aStoreOutageIsA503WithRetryAfterNeverALetInNorA401() {
        String token = tokenOf("alice");
        assertThat(http.get("/me", bearer(token)).statusCode()).isEqualTo(200);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("ALTER TABLE " + table + " RENAME TO " + table + "_away");
        try {
            HttpResponse<String> down = http.get("/me", bearer(token));
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(down.body()).contains("temporarily_unavailable").doesNotContain(token);
        } finally {
            jdbc.execute("ALTER TABLE " + table + "_away RENAME TO " + table);
        }
        assertThat(http.get("/me", bearer(token)).statusCode()).isEqualTo(200);
    }

    @Test
    void aMalformedBearerHeaderGetsTheSameInvalidTokenAnswerAsAnyRefusedToken() {
        // Spring Security's resolver calls a malformed header an invalid token (the servlet filter says 400).
        HttpResponse<String> r = http.get("/me", "Bearer two tokens");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue(INVALID_TOKEN);
    }

    @Test
    void requestsWithoutATokenPassThroughToTheApplicationsOwnLoginAndRules() {
        assertThat(http.get("/public", null).statusCode()).isEqualTo(200);
        assertThat(http.get("/me", basic("alice", "alice")).body()).contains("\"user\":\"alice\"")
                .doesNotContain("tokenName");
        assertThat(http.get("/me", null).statusCode()).isEqualTo(401);
    }

    @Test
    void aTokenCannotOpenTheManagementEndpoints() {
        String token = tokenOf("alice");
        assertThat(http.get("/api/tokens", bearer(token)).statusCode()).isEqualTo(403);
        assertThat(http.postJson("/api/tokens", bearer(token), "{\"name\":\"minted\"}").statusCode())
                .isEqualTo(403);
        assertThat(http.get("/api/tokens", basic("alice", "alice")).body()).doesNotContain("\"minted\"");
    }

    @Test
    void theSignedInUserListsCreatesRotatesAndRevokesOnlyTheirOwnTokens() {
        HttpResponse<String> created = http.postJson("/api/tokens", basic("bob", "bob"),
                "{\"name\":\"ci-" + UUID.randomUUID() + "\",\"expiresAt\":\"2999-01-01T00:00:00Z\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
        String id = Http.id(created);
        assertThat(http.get("/api/tokens", basic("bob", "bob")).body()).contains(id);
        assertThat(http.get("/api/tokens", basic("alice", "alice")).body()).doesNotContain(id);
        assertThat(http.delete("/api/tokens/" + id, basic("alice", "alice")).statusCode()).isEqualTo(404);

        HttpResponse<String> rotated = http.postJson("/api/tokens/" + id + "/rotate", basic("bob", "bob"), "{}");
        assertThat(rotated.statusCode()).isEqualTo(201);
        assertThat(http.get("/me", bearer(Http.token(created))).statusCode()).isEqualTo(401);
        assertThat(http.get("/me", bearer(Http.token(rotated))).statusCode()).isEqualTo(200);
        assertThat(http.delete("/api/tokens/" + Http.id(rotated), basic("bob", "bob")).statusCode())
                .isEqualTo(204);
        assertThat(http.get("/me", bearer(Http.token(rotated))).statusCode()).isEqualTo(401);
    }

    @Test
    void badInputToTheEndpointsIsAClearErrorNeverA500() {
        HttpResponse<String> blank = http.postJson("/api/tokens", basic("bob", "bob"), "{\"name\":\" \"}");
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(blank.body()).contains("invalid_name");
        HttpResponse<String> broken = http.postJson("/api/tokens", basic("bob", "bob"), "{\"name\":");
        assertThat(broken.statusCode()).isEqualTo(400);
        HttpResponse<String> past = http.postJson("/api/tokens", basic("bob", "bob"),
                "{\"name\":\"old\",\"expiresAt\":\"2000-01-01T00:00:00Z\"}");
        assertThat(past.statusCode()).isEqualTo(400);
        assertThat(past.body()).contains("expiry_not_in_future").doesNotContain("Exception");
    }

    @Test
    void theEndpointsAreCsrfSafeWithoutSpringsCsrfProtection() {
        HttpResponse<String> form = http.send(http.request("/api/tokens", basic("bob", "bob"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=evil")).build());
        assertThat(form.statusCode()).isEqualTo(415);
        HttpResponse<String> crossSite = http.send(http.request("/api/tokens", basic("bob", "bob"))
                .header("Content-Type", "application/json").header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"evil\"}")).build());
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(http.get("/api/tokens", basic("bob", "bob")).body()).doesNotContain("\"evil\"");
    }
}
