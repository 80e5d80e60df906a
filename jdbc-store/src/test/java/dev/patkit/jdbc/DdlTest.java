package dev.patkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DdlTest {

    @Test
    void eachDatabaseHasItsDdlFileInTheJar() throws Exception {
        for (JdbcDialect d : JdbcDialect.values()) {
            assertThat(JdbcDialect.class.getResource(d.resourceName())).as(d.name()).isNotNull();
            assertThat(d.resourceName()).isEqualTo(d.name().toLowerCase() + ".sql");
        }
    }

    @Test
    void theTableNameReplacesEveryPlaceholder() {
        for (JdbcDialect d : JdbcDialect.values()) {
            String ddl = d.ddl("auth.my_tokens");
            assertThat(ddl).as(d.name()).doesNotContain("${")
                    .contains("CREATE TABLE IF NOT EXISTS auth.my_tokens (")
                    .contains("CREATE TABLE IF NOT EXISTS auth.my_tokens_owners (")
                    .contains("my_tokens_lookup_uk").contains("my_tokens_owner_ix")
                    .contains("my_tokens_active_name_uk");
            assertThat(ddl).as(d.name()).contains("CREATE TABLE IF NOT EXISTS auth.my_tokens_reminders (");
            for (String index : List.of("_lookup_uk", "_owner_ix", "_active_name_uk", "_expires_ix", "_page_ix",
                    "_owner_page_ix")) {
                assertThat(ddl).as(d + ": index names are not schema-qualified").contains("my_tokens" + index)
                        .doesNotContain("auth.my_tokens" + index);
            }
        }
    }

    @Test
    void everyDdlHasTheClusterTablesAndTheirOneSequenceRow() {
        for (JdbcDialect d : JdbcDialect.values()) {
            String ddl = d.ddl("auth.my_tokens");
            assertThat(ddl).as(d.name())
                    .contains("CREATE TABLE IF NOT EXISTS auth.my_tokens_sequence (")
                    .contains("CREATE TABLE IF NOT EXISTS auth.my_tokens_changes (")
                    .contains("CREATE TABLE IF NOT EXISTS auth.my_tokens_nodes (")
                    .containsPattern("INSERT (IGNORE )?INTO auth.my_tokens_sequence \\(id, seq\\)");
            for (String column : List.of("seq", "token_id", "lookup_id", "changed_at", "node_id", "lease_until",
                    "applied_seq")) {
                assertThat(ddl).as(d + " " + column).containsPattern("(?m)^\\s+" + column + "\\s");
            }
        }
    }

    @Test
    void everyDdlHasAColumnForEveryFieldTheUniqueIndexesAndTheOwnerIndex() {
        for (JdbcDialect d : JdbcDialect.values()) {
            String ddl = d.ddl("t");
            for (String column : List.of("id", "owner_id", "name", "lookup_id", "secret_hash", "created_at",
                    "expires_at", "last_used_at", "revoked_at", "scopes", "replaced_token_id", "description",
                    "allowed_addresses", "recent_addresses", "token_id", "reminder", "claimed_at", "sent_at")) {
                assertThat(ddl).as(d + " " + column)
                        .containsPattern("(?m)(^\\s+|ADD COLUMN IF NOT EXISTS )" + column + "\\s");
            }
            assertThat(ddl).as(d.name()).containsPattern("(?i)unique (index|key) (if not exists )?t_lookup_uk");
            assertThat(ddl).as(d.name()).containsPattern("(?i)unique (index|key) (if not exists )?t_active_name_uk");
            assertThat(ddl).as(d.name()).containsPattern("(?i)(index|key) (if not exists )?t_owner_ix");
        }
        assertThat(JdbcDialect.POSTGRESQL.ddl("t")).contains("TIMESTAMPTZ")
                .contains("(owner_id, name) WHERE revoked_at IS NULL");
        assertThat(JdbcDialect.H2.ddl("t")).contains("TIMESTAMP(6) WITH TIME ZONE")
                .contains("GENERATED ALWAYS AS (CASE WHEN revoked_at IS NULL THEN name END)");
        assertThat(JdbcDialect.MARIADB.ddl("t")).contains("DATETIME(6)").contains("utf8mb4_nopad_bin")
                .contains("PERSISTENT");
        assertThat(JdbcDialect.MYSQL.ddl("t")).contains("DATETIME(6)").contains("utf8mb4_0900_bin")
                .contains("STORED");
    }

    @Test
    void everyDdlHasTheOwnersTableKeyedByTheOwnerWithTheTokenTablesComparison() {
        for (JdbcDialect d : JdbcDialect.values()) {
            String owners = d.ddl("t").substring(d.ddl("t").indexOf("CREATE TABLE IF NOT EXISTS t_owners ("));
            assertThat(owners).as(d.name()).containsPattern("owner_id\\s+VARCHAR\\(255\\) NOT NULL")
                    .containsPattern("PRIMARY KEY( \\(owner_id\\))?");
        }
        assertThat(JdbcDialect.MARIADB.ddl("t")).containsPattern("(?s)t_owners .*utf8mb4_nopad_bin");
        assertThat(JdbcDialect.MYSQL.ddl("t")).containsPattern("(?s)t_owners .*utf8mb4_0900_bin");
    }

    @Test
    void statementsAreSplitAtLineEndingSemicolonsAndCommentsDropped() {
        assertThat(Ddl.statements("-- c\nCREATE A (x);\n\nCREATE B\n  ON t;\n"))
                .containsExactly("CREATE A (x)", "CREATE B\n  ON t");
        assertThat(Ddl.statements(JdbcDialect.POSTGRESQL.ddl("t"))).hasSize(14);
        assertThat(Ddl.statements(JdbcDialect.MARIADB.ddl("t"))).hasSize(10);
    }

    @Test
    void everyDdlButMysqlsAddsTheNewColumnsToAnOlderTableBeforeItTouchesAnIndex() {
        for (JdbcDialect d : List.of(JdbcDialect.POSTGRESQL, JdbcDialect.MARIADB, JdbcDialect.H2)) {
            List<String> statements = Ddl.statements(d.ddl("t"));
            int firstAlter = -1;
            int firstIndex = -1;
            for (int i = statements.size() - 1; i >= 0; i--) {
                if (statements.get(i).startsWith("ALTER TABLE t ADD COLUMN IF NOT EXISTS")) {
                    firstAlter = i;
                }
                if (statements.get(i).matches("(?s)CREATE (UNIQUE )?INDEX.*")) {
                    firstIndex = i;
                }
            }
            // A node holding a weaker lock on the table from an index statement would deadlock with another
            // node's ALTER when it came to its own.
            assertThat(firstAlter).as(d.name()).isEqualTo(1);
            assertThat(firstIndex).as(d.name()).isGreaterThan(firstAlter);
            String columns = String.join("\n", statements.subList(firstAlter, firstIndex));
            for (String column : List.of("description", "allowed_addresses", "recent_addresses")) {
                assertThat(columns).as(d + " " + column).contains("ADD COLUMN IF NOT EXISTS " + column + " ");
            }
        }
        assertThat(JdbcDialect.MYSQL.ddl("t")).doesNotContain("IF NOT EXISTS description")
                .contains("allowed_addresses TEXT         NOT NULL DEFAULT ('[]')");
    }

    @Test
    void postgresqlOrdersIdsInTheFindIndexesByCodePointWhateverTheDatabasesCollation() {
        assertThat(JdbcDialect.POSTGRESQL.ddl("t")).contains("t_page_ix ON t (created_at, id COLLATE \"C\")")
                .contains("t_owner_page_ix ON t (owner_id, created_at, id COLLATE \"C\")");
    }

    @Test
    void theReadmeShowsEachDatabasesDdlExactlyAsShipped() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        for (JdbcDialect d : JdbcDialect.values()) {
            assertThat(readme).as("README.md must show " + d.resourceName() + " for the default table")
                    .contains(d.ddl(JdbcTokenStore.DEFAULT_TABLE_NAME).strip());
        }
    }
}
