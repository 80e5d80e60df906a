package dev.patkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.patkit.RefusalReason;
import dev.patkit.TokenService;
import dev.patkit.TokenStoreException;
import dev.patkit.Verification;
import dev.patkit.testing.ForgedTokens;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class JdbcTokenStoreBuilderTest {

    private static final HikariDataSource UNREACHABLE = unreachablePool();

    /** A real pool and driver pointed at a port where nothing listens. */
    private static HikariDataSource unreachablePool() {
        HikariConfig c = new HikariConfig();
        c.setPoolName("patkit-test-unreachable");
        c.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/test?connectTimeout=2");
        c.setUsername("nobody");
        c.setPassword("pw-SECRET");
        c.setInitializationFailTimeout(-1);
        c.setConnectionTimeout(500);
        return new HikariDataSource(c);
    }

    private static DataSource unreachable() {
        return UNREACHABLE;
    }

    @AfterAll
    static void closePool() {
        UNREACHABLE.close();
    }

    @Test
    void tableNamesMustBePlainIdentifiersAndTheMessageSaysWhatIsAllowed() {
        JdbcTokenStoreBuilder b = JdbcTokenStore.builder(unreachable());
        for (String bad : new String[] {"", "1tokens", "tokens;drop table users", "to-kens", "\"tokens\"",
                "schema.", ".tokens", "a.b.c", "tökens", "tokens ", "x".repeat(49)}) {
            assertThatThrownBy(() -> b.tableName(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("plain SQL identifier").hasMessageContaining("at most 48 characters");
        }
        assertThatThrownBy(() -> b.tableName(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("tableName");
    }

    @Test
    void reservedWordsAreRefusedAsTableOrSchemaNames() {
        JdbcTokenStoreBuilder b = JdbcTokenStore.builder(unreachable());
        assertThatThrownBy(() -> b.tableName("user")).hasMessageContaining("reserved SQL word");
        assertThatThrownBy(() -> b.tableName("ORDER")).hasMessageContaining("reserved SQL word");
        assertThatThrownBy(() -> b.tableName("select.tokens")).hasMessageContaining("schema name 'select'");
    }

    @Test
    void plainAndSchemaQualifiedIdentifiersAreAccepted() {
        for (String good : new String[] {"patkit_tokens", "_t", "T2", "auth.patkit_tokens", "x".repeat(48)}) {
            JdbcTokenStore store = JdbcTokenStore.builder(unreachable()).tableName(good)
                    .dialect(JdbcDialect.POSTGRESQL).build();
            assertThat(store.tableName()).isEqualTo(good);
        }
    }

    @Test
    void anExplicitDialectBuildsWithoutConnecting() {
        JdbcTokenStore store = JdbcTokenStore.builder(unreachable()).dialect(JdbcDialect.MARIADB).build();

        assertThat(store.dialect()).isEqualTo(JdbcDialect.MARIADB);
        assertThat(store.tableName()).isEqualTo("patkit_tokens");
        assertThat(store.dialect().ddl(store.tableName())).contains("CREATE TABLE IF NOT EXISTS patkit_tokens");
    }

    @Test
    void detectingTheDialectOfAnUnreachableDatabaseFailsSayingHowToAvoidIt() {
        assertThatThrownBy(() -> JdbcTokenStore.builder(unreachable()).build())
                .isInstanceOf(TokenStoreException.class)
                .hasMessageContaining("set dialect(...)")
                .hasMessageContaining("no connection available")
                .hasMessageNotContaining("SECRET");
    }

    @Test
    void unsupportedProductsAreNamedInTheMessage() {
        assertThat(JdbcDialect.forProduct("PostgreSQL", "15.2")).isEqualTo(JdbcDialect.POSTGRESQL);
        assertThat(JdbcDialect.forProduct("MariaDB", "10.11.6-MariaDB")).isEqualTo(JdbcDialect.MARIADB);
        assertThat(JdbcDialect.forProduct("MySQL", "5.5.5-10.11.6-MariaDB")).isEqualTo(JdbcDialect.MARIADB);
        assertThat(JdbcDialect.forProduct("MySQL", "8.0.36")).isEqualTo(JdbcDialect.MYSQL);
        assertThat(JdbcDialect.forProduct("H2", "2.3.232")).isEqualTo(JdbcDialect.H2);
        assertThatThrownBy(() -> JdbcDialect.forProduct("Oracle", "23"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'Oracle'").hasMessageContaining("dialect(...)");
    }

    @Test
    void queryTimeoutIsCheckedAtOnceAndShownRoundedUpToWholeSeconds() {
        assertThatThrownBy(() -> h2Builder().queryTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("queryTimeout cannot be negative: PT-0.001S");
        assertThat(h2Builder().build().toString()).contains("queryTimeout=PT10S");
        assertThat(h2Builder().queryTimeout(Duration.ofMillis(1500)).build().toString()).contains("queryTimeout=PT2S");
        assertThat(h2Builder().queryTimeout(Duration.ZERO).build().toString()).contains("queryTimeout=none");
    }

    private static JdbcTokenStoreBuilder h2Builder() {
        return JdbcTokenStore.builder(unreachable()).dialect(JdbcDialect.H2);
    }

    @Test
    void eachSetterRefusesASecondCallNamingTheValueAlreadySet() {
        JdbcTokenStoreBuilder b = JdbcTokenStore.builder(unreachable()).tableName("auth.tokens")
                .dialect(JdbcDialect.MARIADB).queryTimeout(Duration.ofSeconds(3));

        assertThatThrownBy(() -> b.tableName("other")).isInstanceOf(IllegalStateException.class)
                .hasMessage("table was already set to auth.tokens");
        assertThatThrownBy(() -> b.dialect(JdbcDialect.H2)).isInstanceOf(IllegalStateException.class)
                .hasMessage("dialect was already set to MARIADB");
        assertThatThrownBy(() -> b.queryTimeout(Duration.ZERO)).isInstanceOf(IllegalStateException.class)
                .hasMessage("queryTimeout was already set to PT3S");
        assertThat(b.build().toString()).isEqualTo("JdbcTokenStore[table=auth.tokens, dialect=MARIADB,"
                + " queryTimeout=PT3S]");
    }

    @Test
    void aBuilderBuildsOneStoreAndIsSealedAfterwards() {
        JdbcTokenStoreBuilder b = h2Builder();
        b.build();

        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("sealed");
        assertThatThrownBy(() -> b.tableName("t")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sealed");
        assertThatThrownBy(() -> b.queryTimeout(Duration.ZERO)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sealed");
        assertThatThrownBy(() -> b.dialect(JdbcDialect.H2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sealed");
    }

    @Test
    void aBuildThatCannotDetectTheDialectLeavesTheBuilderUsable() {
        JdbcTokenStoreBuilder b = JdbcTokenStore.builder(unreachable());
        assertThatThrownBy(b::build).isInstanceOf(TokenStoreException.class);

        assertThat(b.dialect(JdbcDialect.POSTGRESQL).build().dialect()).isEqualTo(JdbcDialect.POSTGRESQL);
    }

    @Test
    void toStringShowsConfigurationButNotTheDataSource() {
        JdbcTokenStore store = JdbcTokenStore.builder(unreachable()).dialect(JdbcDialect.POSTGRESQL).build();
        assertThat(store.toString())
                .isEqualTo("JdbcTokenStore[table=patkit_tokens, dialect=POSTGRESQL, queryTimeout=PT10S]");
        assertThat(JdbcTokenStore.builder(unreachable()).toString()).doesNotContain("SECRET").contains("detect");
    }

    @Test
    void verifyAgainstAnUnreachableDatabaseIsRefusedAsStoreUnavailableNeverAccepted() {
        JdbcTokenStore store = JdbcTokenStore.builder(unreachable()).dialect(JdbcDialect.POSTGRESQL).build();
        try (TokenService service = JdbcTokenStoreContractTest.service(store)) {
            String wellFormed = "pat_" + "AbCdEfGh1234" + "s".repeat(32);
            wellFormed = wellFormed + ForgedTokens.checksum(wellFormed);

            Verification v = service.verify(wellFormed);

            assertThat(v).isEqualTo(new Verification.Refused(RefusalReason.STORE_UNAVAILABLE));
            assertThatThrownBy(() -> service.create("alice", "x")).isInstanceOf(TokenStoreException.class)
                    .hasMessageNotContaining("SECRET");
        }
    }
}
