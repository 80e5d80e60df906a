package dev.patkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.patkit.Argon2Parameters;
import dev.patkit.IssuedToken;
import dev.patkit.RefusalReason;
import dev.patkit.TokenService;
import dev.patkit.TokenStore;
import dev.patkit.Verification;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.tomcat.jdbc.pool.PoolProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A node whose pool hands out connections in manual-commit mode and takes them back without rolling them back
 * (Tomcat JDBC's pool with {@code defaultAutoCommit=false}, its {@code rollbackOnReturn} left at the default
 * {@code false}). Every store call must end the transaction it ran in; one left open keeps its snapshot (at
 * REPEATABLE READ, MariaDB's default) and its table locks into the next call on that connection.
 */
class ReadsEndTheirTransactionTest {

    private static final Verification REVOKED = new Verification.Refused(RefusalReason.REVOKED);

    private TestDatabase db;
    private String table;
    private final List<org.apache.tomcat.jdbc.pool.DataSource> tomcatPools = new ArrayList<>();
    private final List<TokenService> services = new ArrayList<>();

    @AfterEach
    void close() {
        services.forEach(TokenService::close);
        tomcatPools.forEach(p -> p.close(true));
        if (db != null) {
            db.close();
        }
    }

    private void open(TestDatabase.Kind kind) {
        db = TestDatabase.open(kind);
        table = db.newTableName();
        JdbcTokenStore.builder(db.pool(1)).tableName(table).build().createTableIfMissing();
    }

    /** One connection, manual commit, never rolled back by the pool, at the given isolation level. */
    private DataSource manualCommitPool(int isolation) {
        PoolProperties p = new PoolProperties();
        p.setUrl(db.url);
        p.setUsername(db.user);
        p.setPassword(db.password);
        p.setDriverClassName(switch (db.kind) {
            case H2 -> "org.h2.Driver";
            case POSTGRESQL -> "org.postgresql.Driver";
            case MARIADB -> "org.mariadb.jdbc.Driver";
        });
        p.setDefaultAutoCommit(false);
        p.setDefaultTransactionIsolation(isolation);
        p.setMaxActive(1);
        p.setMaxIdle(1);
        p.setInitialSize(0);
        assertThat(p.getRollbackOnReturn()).as("the pool's default: connections come back as they are").isFalse();
        assertThat(p.getCommitOnReturn()).isFalse();
        org.apache.tomcat.jdbc.pool.DataSource pool = new org.apache.tomcat.jdbc.pool.DataSource(p);
        tomcatPools.add(pool);
        return pool;
    }

    private TokenService node(DataSource dataSource) {
        TokenService s = TokenService.builder()
                .store(JdbcTokenStore.builder(dataSource).tableName(table).build())
                .roleResolver(owner -> Optional.of(Set.of("dev")))
                .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
                .build();
        services.add(s);
        return s;
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aTokenRevokedOnAnotherNodeIsRefusedAtOnceByANodeWhosePoolNeitherAutoCommitsNorRollsBack(
            TestDatabase.Kind kind) {
        open(kind);
        TokenService manualCommitNode = node(manualCommitPool(Connection.TRANSACTION_REPEATABLE_READ));
        TokenService otherNode = node(db.pool(2));
        IssuedToken issued = otherNode.create("alice", "deploy");
        String plaintext = issued.revealPlaintext();
        assertThat(manualCommitNode.verify(plaintext).isAuthenticated()).isTrue();

        otherNode.revoke("alice", issued.token().id());

        assertThat(manualCommitNode.verify(plaintext)).isEqualTo(REVOKED);
        assertThat(manualCommitNode.list("alice")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void findOnAConnectionThatIsNeverRolledBackSeesAnotherNodesRevocationAtOnce(TestDatabase.Kind kind) {
        open(kind);
        JdbcTokenStore manualCommitStore = JdbcTokenStore.builder(
                manualCommitPool(Connection.TRANSACTION_REPEATABLE_READ)).tableName(table).build();
        TokenService otherNode = node(db.pool(2));
        IssuedToken issued = otherNode.create("alice", "deploy");
        TokenStore.Criteria active = new TokenStore.Criteria("alice", false, null, null, null, null, null, false,
                null, null, 10);
        assertThat(manualCommitStore.find(active)).hasSize(1);

        otherNode.revoke("alice", issued.token().id());

        assertThat(manualCommitStore.find(active)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"POSTGRESQL", "MARIADB"})
    void betweenCallsANodeHoldsNoLockOnTheTableSoAMigrationNeedNotWaitForIt(TestDatabase.Kind kind)
            throws Exception {
        open(kind);
        TokenService manualCommitNode = node(manualCommitPool(Connection.TRANSACTION_READ_COMMITTED));
        String plaintext = manualCommitNode.create("alice", "deploy").revealPlaintext();
        assertThat(manualCommitNode.verify(plaintext).isAuthenticated()).isTrue();
        assertThat(manualCommitNode.list("alice")).hasSize(1);

        try (Connection migration = db.admin(); Statement s = migration.createStatement()) {
            migration.setAutoCommit(false);
            if (kind == TestDatabase.Kind.POSTGRESQL) {
                assertThatCode(() -> s.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE NOWAIT"))
                        .as("no transaction of the node holds a lock on the table").doesNotThrowAnyException();
            } else {
                s.execute("SET SESSION lock_wait_timeout = 1");
                assertThatCode(() -> s.execute("LOCK TABLES " + table + " WRITE"))
                        .as("no transaction of the node holds a metadata lock on the table")
                        .doesNotThrowAnyException();
                s.execute("UNLOCK TABLES");
            }
            migration.rollback();
        }
        assertThat(manualCommitNode.verify(plaintext).isAuthenticated()).isTrue();
    }
}
