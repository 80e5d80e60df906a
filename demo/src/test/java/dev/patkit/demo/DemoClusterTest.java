package dev.patkit.demo;

import static dev.patkit.demo.TestDemo.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo with {@code --jdbc-url} runs in cluster mode, as several instances of one service on one database would:
 * two demos on one PostgreSQL database, a token revoked on one is refused by the other on its very next request.
 * With {@code --strict} there is no cluster feed. Skipped without PostgreSQL unless
 * {@code PATKIT_REQUIRE_DATABASES=true}.
 */
class DemoClusterTest {

    private static final String URL = System.getenv().getOrDefault("PATKIT_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test") + "?user=" + System.getenv().getOrDefault("PATKIT_PG_USER",
            "postgres");

    @TempDir
    Path dir;

    @BeforeAll
    static void postgresql() {
        try (Connection c = DriverManager.getConnection(URL)) {
            c.isValid(2);
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("PATKIT_REQUIRE_DATABASES"))) {
                throw new AssertionError("PostgreSQL is required (PATKIT_REQUIRE_DATABASES=true)", e);
            }
            Assumptions.abort("PostgreSQL is not reachable at " + DemoStores.redact(URL));
        }
    }

    @Test
    void twoDemosOnOneDatabaseAreAClusterAndATokenRevokedOnOneIsRefusedByTheOtherOnItsNextRequest() {
        DemoOptions options = DemoOptions.parse("--port", "0", "--jdbc-url", URL);
        try (TestDemo a = TestDemo.start(options); TestDemo b = TestDemo.start(options)) {
            JsonNode created = a.create(ALICE, "cluster-" + System.nanoTime());
            String token = created.get("token").asText();
            for (TestDemo demo : List.of(a, b, b)) {
                assertThat(demo.meStatus(token)).isEqualTo(200);
            }

            assertThat(a.send("DELETE", "/api/tokens/" + created.get("id").asText(), null, ALICE).statusCode())
                    .isEqualTo(204);

            assertThat(b.meStatus(token)).isEqualTo(401);
            assertThat(a.meStatus(token)).isEqualTo(401);
            assertThat(a.server.instructions()).contains("cluster mode");
        }
    }

    @Test
    void strictReadsTheDatabaseOnEveryCallWithoutAClusterFeed() {
        try (DemoStores strict = DemoStores.open(DemoOptions.parse("--jdbc-url", URL, "--strict"));
                DemoStores cluster = DemoStores.open(DemoOptions.parse("--jdbc-url", URL))) {
            assertThat(strict.cluster()).isEmpty();
            assertThat(strict.description()).doesNotContain("cluster mode");
            assertThat(cluster.cluster()).isPresent();
        }
    }
}
