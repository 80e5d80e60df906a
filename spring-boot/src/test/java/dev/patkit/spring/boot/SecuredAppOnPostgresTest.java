package dev.patkit.spring.boot;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.TestPropertySource;

/**
 * {@link SecuredAppHttpTests} on the PostgreSQL at 127.0.0.1:5432, in tables of its own (dropped first). Skipped
 * when it cannot be reached, unless {@code PATKIT_REQUIRE_DATABASES=true} (CI), which makes that a failure.
 */
@TestPropertySource(properties = {
    "spring.datasource.url=" + SecuredAppOnPostgresTest.URL,
    "spring.datasource.username=postgres",
    "patkit.store.table-name=" + SecuredAppOnPostgresTest.TABLE})
class SecuredAppOnPostgresTest extends SecuredAppHttpTests {

    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String TABLE = "patkit_spring_tokens";

    @BeforeAll
    static void database() {
        try (Connection c = DriverManager.getConnection(URL, "postgres", "");
                Statement s = c.createStatement()) {
            for (String table : new String[] {TABLE + "_away", TABLE, TABLE + "_owners", TABLE + "_changes",
                    TABLE + "_sequence", TABLE + "_nodes", TABLE + "_reminders"}) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
        } catch (SQLException e) {
            String message = "PostgreSQL at " + URL + " is not reachable (" + e.getClass().getSimpleName() + ").";
            if ("true".equalsIgnoreCase(System.getenv("PATKIT_REQUIRE_DATABASES"))) {
                fail(message + " PATKIT_REQUIRE_DATABASES=true: the Spring tests on PostgreSQL must run.");
            }
            Assumptions.abort("skipping: " + message + " (set PATKIT_REQUIRE_DATABASES=true to fail instead)");
        }
    }
}
