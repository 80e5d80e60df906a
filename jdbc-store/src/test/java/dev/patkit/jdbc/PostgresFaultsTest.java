package dev.patkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.patkit.Argon2Parameters;
import dev.patkit.IssuedToken;
import dev.patkit.RefusalReason;
import dev.patkit.StoredToken;
import dev.patkit.TokenService;
import dev.patkit.TokenStoreException;
import dev.patkit.Verification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database stops answering while a service uses it: connections killed by the server, connections refused,
 * the pool exhausted, statements timing out, a rotation broken midway. Verification is refused (never accepted),
 * rotation leaves exactly one of the two tokens valid, and everything works again once the database is back, with
 * the same service and pool.
 *
 * <p>The service connects as its own login role, so faults can be aimed at its connections alone.
 */
class PostgresFaultsTest {

    private static final Verification UNAVAILABLE = new Verification.Refused(RefusalReason.STORE_UNAVAILABLE);
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private static TestDatabase db;
    private static String role;

    private String table;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void open() throws SQLException {
        db = TestDatabase.open(TestDatabase.Kind.POSTGRESQL);
        role = "patkit_fault_" + TestDatabase.randomSuffix();
        db.execute("CREATE ROLE " + role + " LOGIN");
        db.onClose("DROP OWNED BY " + role);
        db.onClose("DROP ROLE IF EXISTS " + role);
    }

    @AfterAll
    static void close() {
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void newTable() throws SQLException {
        table = db.newTableName();
        JdbcTokenStore.builder(db.pool(1)).tableName(table).build().createTableIfMissing();
        db.execute("GRANT SELECT, INSERT, UPDATE ON " + table + ", " + table + "_owners TO " + role);
        db.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + table + "_sequence, " + table + "_changes, " + table
                + "_nodes TO " + role);
    }

    @org.junit.jupiter.api.AfterEach
    void closeServices() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        toClose.clear();
        db.execute("ALTER ROLE " + role + " LOGIN");
    }

    /** A pool logged in as the fault role. */
    private HikariDataSource rolePool(int size, Duration connectionTimeout) {
        return db.pool(size, c -> {
            c.setUsername(role);
            c.setPassword("");
            c.setConnectionTimeout(connectionTimeout.toMillis());
        });
    }

    private JdbcTokenStore store(HikariDataSource pool, Duration queryTimeout) {
        return JdbcTokenStore.builder(pool).tableName(table).dialect(JdbcDialect.POSTGRESQL)
                .queryTimeout(queryTimeout).build();
    }

    private TokenService service(JdbcTokenStore store) {
        TokenService s = TokenService.builder()
                .store(store)
                .roleResolver(owner -> Optional.of(Set.of("dev")))
                .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
                .build();
        toClose.add(s);
        return s;
    }

    /** Holds an ACCESS EXCLUSIVE lock on the table (which blocks every read) until closed. */
    private Connection lockTable() throws SQLException {
        Connection c = db.admin();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
        }
        return c;
    }

    private static void release(Connection lock) throws SQLException {
        lock.rollback();
        lock.close();
    }

    /** Waits until a backend of the role waits for the given wait event type (e.g. Lock, Timeout). */
    private static void awaitRoleWaiting(String waitEventType) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        try (Connection c = db.admin(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM"
                + " pg_stat_activity WHERE usename = ? AND wait_event_type = ?")) {
            ps.setString(1, role);
            ps.setString(2, waitEventType);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
        }
        throw new AssertionError("no backend of " + role + " is waiting on " + waitEventType);
    }

    private static int killRoleConnections() throws SQLException {
        try (Connection c = db.admin(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = '" + role + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Verifies until accepted, asserting that nothing but STORE_UNAVAILABLE comes before. */
    private static Verification verifyUntilAccepted(TokenService service, String plaintext) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Verification v = service.verify(plaintext);
        while (!v.isAuthenticated() && System.nanoTime() < deadline) {
            assertThat(v).isEqualTo(UNAVAILABLE);
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            v = service.verify(plaintext);
        }
        return v;
    }

    private static <T> CompletableFuture<T> inBackground(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work);
    }

    @Test
    void aConnectionKilledByTheServerMidQueryRefusesVerificationAndTheSameServiceRecovers() throws Exception {
        TokenService service = service(store(rolePool(2, Duration.ofSeconds(2)), Duration.ofSeconds(30)));
        String plaintext = service.create("alice", "deploy").revealPlaintext();
        assertThat(service.verify(plaintext).isAuthenticated()).isTrue();

        Connection lock = lockTable();
        CompletableFuture<Verification> blocked = inBackground(() -> service.verify(plaintext));
        awaitRoleWaiting("Lock");
        assertThat(killRoleConnections()).isPositive();
        Verification duringKill = blocked.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        release(lock);

        assertThat(duringKill).isEqualTo(UNAVAILABLE);
        assertThat(verifyUntilAccepted(service, plaintext).isAuthenticated()).isTrue();
    }

    @Test
    void idleConnectionsKilledByTheServerNeverLetAVerificationThroughWrongly() throws Exception {
        TokenService service = service(store(rolePool(2, Duration.ofSeconds(2)), Duration.ofSeconds(5)));
        IssuedToken issued = service.create("alice", "idle");
        String plaintext = issued.revealPlaintext();
        assertThat(service.verify(plaintext).isAuthenticated()).isTrue();

        killRoleConnections();

        assertThat(verifyUntilAccepted(service, plaintext).isAuthenticated()).isTrue();
        service.revoke("alice", issued.token().id());
        killRoleConnections();
        Verification afterRevoke = service.verify(plaintext);
        assertThat(afterRevoke).isIn(UNAVAILABLE, new Verification.Refused(RefusalReason.REVOKED));
    }

    @Test
    void whileTheDatabaseRefusesConnectionsVerificationIsRefusedAndWorksAgainOnceItAcceptsThem() throws Exception {
        TokenService service = service(store(rolePool(2, Duration.ofMillis(500)), Duration.ofSeconds(5)));
        String plaintext = service.create("alice", "outage").revealPlaintext();
        assertThat(service.verify(plaintext).isAuthenticated()).isTrue();

        db.execute("ALTER ROLE " + role + " NOLOGIN");
        killRoleConnections();
        for (int i = 0; i < 3; i++) {
            assertThat(service.verify(plaintext)).isEqualTo(UNAVAILABLE);
        }
        assertThatThrownBy(() -> service.create("alice", "during outage")).isInstanceOf(TokenStoreException.class);

        db.execute("ALTER ROLE " + role + " LOGIN");
        assertThat(verifyUntilAccepted(service, plaintext).isAuthenticated()).isTrue();
    }

    @Test
    void anExhaustedPoolRefusesVerificationAndRecoversWhenConnectionsComeBack() throws Exception {
        HikariDataSource pool = rolePool(2, Duration.ofMillis(250));
        TokenService service = service(store(pool, Duration.ofSeconds(5)));
        String plaintext = service.create("alice", "busy").revealPlaintext();
        assertThat(service.verify(plaintext).isAuthenticated()).isTrue();

        Connection held1 = pool.getConnection();
        Connection held2 = pool.getConnection();
        long start = System.nanoTime();
        Verification exhausted = service.verify(plaintext);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        held1.close();
        held2.close();

        assertThat(exhausted).isEqualTo(UNAVAILABLE);
        assertThat(took).as("bounded by the pool's connectionTimeout").isLessThan(Duration.ofSeconds(3));
        assertThat(service.verify(plaintext).isAuthenticated()).isTrue();
    }

    @Test
    void aStatementTimeoutRefusesVerificationNeverAcceptsIt() throws Exception {
        TokenService service = service(store(rolePool(2, Duration.ofSeconds(2)), Duration.ofSeconds(1)));
        String plaintext = service.create("alice", "slow").revealPlaintext();
        assertThat(service.verify(plaintext).isAuthenticated()).isTrue();

        Connection lock = lockTable();
        long start = System.nanoTime();
        Verification timedOut = service.verify(plaintext);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        release(lock);

        assertThat(timedOut).isEqualTo(UNAVAILABLE);
        assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
        assertThat(service.verify(plaintext).isAuthenticated()).isTrue();
    }

    @Test
    void aRowLockedByAnotherTransactionTimesOutRevokeAndRotateAndChangesNothing() throws Exception {
        JdbcTokenStore store = store(rolePool(2, Duration.ofSeconds(2)), Duration.ofSeconds(1));
        TokenService service = service(store);
        IssuedToken issued = service.create("alice", "locked");
        String id = issued.token().id();
        String plaintext = issued.revealPlaintext();

        try (Connection lock = db.admin()) {
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.executeQuery("SELECT id FROM " + table + " WHERE id = '" + id + "' FOR UPDATE").close();
            }
            assertThatThrownBy(() -> service.revoke("alice", id)).isInstanceOf(TokenStoreException.class)
                    .hasMessageContaining("timed out");
            assertThatThrownBy(() -> service.rotate("alice", id)).isInstanceOf(TokenStoreException.class)
                    .hasMessageContaining("timed out");
            assertThat(service.verify(plaintext).isAuthenticated()).as("reads are not blocked by a row lock")
                    .isTrue();
            lock.rollback();
        }

        assertThat(store.listByOwner("alice")).extracting(StoredToken::id).containsExactly(id);
        service.revoke("alice", id);
        assertThat(service.verify(plaintext)).isEqualTo(new Verification.Refused(RefusalReason.REVOKED));
    }

    @Test
    void aRotationWhoseInsertFailsLeavesTheOldTokenValidAndNoNewOne() throws Exception {
        JdbcTokenStore store = store(rolePool(2, Duration.ofSeconds(2)), Duration.ofSeconds(5));
        TokenService service = service(store);
        IssuedToken issued = service.create("alice", "rotating");
        String plaintext = issued.revealPlaintext();
        String function = table + "_refuse";
        db.onClose("DROP FUNCTION IF EXISTS " + function + "() CASCADE");
        db.execute("CREATE FUNCTION " + function + "() RETURNS trigger LANGUAGE plpgsql AS"
                + " $$ BEGIN RAISE EXCEPTION 'patkit test: insert refused'; END $$");
        db.execute("CREATE TRIGGER " + table + "_refuse BEFORE INSERT ON " + table
                + " FOR EACH ROW EXECUTE FUNCTION " + function + "()");

        assertThatThrownBy(() -> service.rotate("alice", issued.token().id()))
                .isInstanceOf(TokenStoreException.class);

        assertThat(service.verify(plaintext).isAuthenticated()).isTrue();
        assertThat(store.listByOwner("alice")).extracting(StoredToken::id).containsExactly(issued.token().id());

        db.execute("DROP TRIGGER " + table + "_refuse ON " + table);
        String next = service.rotate("alice", issued.token().id()).revealPlaintext();
        assertThat(service.verify(plaintext)).isEqualTo(new Verification.Refused(RefusalReason.REVOKED));
        assertThat(service.verify(next).isAuthenticated()).isTrue();
    }

    @Test
    void aRotationWhoseConnectionIsKilledMidTransactionLeavesExactlyOneTokenValidAndNeverNone() throws Exception {
        JdbcTokenStore store = store(rolePool(2, Duration.ofSeconds(2)), Duration.ofSeconds(30));
        TokenService service = service(store);
        TokenService otherNode = service(JdbcTokenStore.builder(db.pool(2)).tableName(table).build());
        IssuedToken issued = service.create("alice", "midway");
        String plaintext = issued.revealPlaintext();
        String function = table + "_stall";
        db.onClose("DROP FUNCTION IF EXISTS " + function + "() CASCADE");
        // The insert of the replacement stalls, after the old row's revocation in the same transaction.
        db.execute("CREATE FUNCTION " + function + "() RETURNS trigger LANGUAGE plpgsql AS"
                + " $$ BEGIN PERFORM pg_sleep(60); RETURN NEW; END $$");
        db.execute("CREATE TRIGGER " + table + "_stall BEFORE INSERT ON " + table
                + " FOR EACH ROW EXECUTE FUNCTION " + function + "()");

        CompletableFuture<Throwable> rotation = inBackground(() -> {
            try {
                service.rotate("alice", issued.token().id());
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        awaitRoleWaiting("Timeout"); // pg_sleep: the revocation is done but not committed
        assertThat(otherNode.verify(plaintext).isAuthenticated()).as("midway, the old token still works").isTrue();
        killRoleConnections();
        Throwable failure = rotation.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        db.execute("DROP TRIGGER " + table + "_stall ON " + table);

        assertThat(failure).isInstanceOf(TokenStoreException.class);
        assertThat(otherNode.verify(plaintext).isAuthenticated()).isTrue();
        assertThat(verifyUntilAccepted(service, plaintext).isAuthenticated()).isTrue();
        assertThat(store.listByOwner("alice")).extracting(StoredToken::id).containsExactly(issued.token().id());
    }
}
