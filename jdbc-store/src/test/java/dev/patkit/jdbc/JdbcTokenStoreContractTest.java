package dev.patkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariDataSource;
import dev.patkit.Argon2Parameters;
import dev.patkit.IssuedToken;
import dev.patkit.RefusalReason;
import dev.patkit.StoredToken;
import dev.patkit.TokenService;
import dev.patkit.TokenStore;
import dev.patkit.TokenStoreException;
import dev.patkit.Verification;
import dev.patkit.testing.TokenStoreContract;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The core store contract, plus what only a database can get wrong, against one real database per subclass. The
 * pool's sessions run in a non-UTC time zone, and so does the JVM (see the surefire configuration).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcTokenStoreContractTest extends TokenStoreContract {

    private TestDatabase db;
    private HikariDataSource pool;
    private String table;
    private JdbcTokenStore store;

    abstract TestDatabase.Kind kind();

    @BeforeAll
    void openDatabase() {
        db = TestDatabase.open(kind());
        pool = db.pool(10, c -> c.setConnectionInitSql(kind().nonUtcSessionZoneSql()));
        table = db.newTableName();
        JdbcTokenStore.builder(pool).tableName(table).build().createTableIfMissing();
    }

    @AfterAll
    void closeDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Override
    protected TokenStore newStore() {
        try {
            db.execute("DELETE FROM " + table);
            db.execute("DELETE FROM " + table + "_reminders");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        store = JdbcTokenStore.builder(pool).tableName(table).build();
        return store;
    }

    @Test
    void theDialectIsDetectedFromTheDatabase() {
        JdbcDialect expected = switch (kind()) {
            case H2 -> JdbcDialect.H2;
            case POSTGRESQL -> JdbcDialect.POSTGRESQL;
            case MARIADB -> JdbcDialect.MARIADB;
        };
        assertThat(store.dialect()).isEqualTo(expected);
        assertThat(store.toString()).contains(table).contains(expected.name());
    }

    @Test
    void createTableIfMissingIsIdempotent() {
        store.createTableIfMissing();
        store.createTableIfMissing();
        StoredToken t = token("alice", "after ddl");
        assertThat(store.insert(t)).isTrue();
        assertThat(store.findById(t.id())).contains(t);
    }

    @Test
    void createTableIfMissingFromSeveralNodesAtOnceSucceedsOnEveryNode() throws Exception {
        for (int round = 0; round < 3; round++) {
            createConcurrently(db.newTableName());
        }
    }

    private void createConcurrently(String fresh) throws Exception {
        int nodes = 4;
        ExecutorService threads = Executors.newFixedThreadPool(nodes);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                done.add(threads.submit(() -> {
                    start.await();
                    JdbcTokenStore.builder(pool).tableName(fresh).build().createTableIfMissing();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        JdbcTokenStore s = JdbcTokenStore.builder(pool).tableName(fresh).build();
        assertThat(s.insert(token("alice", "fresh"))).isTrue();
        assertThat(s.insert(token("alice", "fresh"))).isFalse();
    }

    @Test
    void aSchemaQualifiedTableNameWorks() throws Exception {
        String schema = "patkit_s_" + TestDatabase.randomSuffix();
        boolean mariadb = kind() == TestDatabase.Kind.MARIADB;
        db.execute((mariadb ? "CREATE DATABASE " : "CREATE SCHEMA ") + schema);
        db.onClose(mariadb ? "DROP DATABASE IF EXISTS " + schema : "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        JdbcTokenStore qualified = JdbcTokenStore.builder(pool).tableName(schema + ".tokens").build();
        qualified.createTableIfMissing();
        StoredToken t = token("alice", "qualified");

        assertThat(qualified.insert(t)).isTrue();

        assertThat(qualified.findByLookupId(t.lookupId())).contains(t);
        assertThat(store.findById(t.id())).as("not in the unqualified table").isEmpty();
    }

    @Test
    void instantsAreStoredAsUtcWithMicrosecondsWhateverTheJvmAndSessionTimeZone() throws Exception {
        assertThat(TimeZone.getDefault().getRawOffset()).as("the JVM default time zone must not be UTC here")
                .isNotZero();
        Instant created = Instant.parse("2026-03-29T01:30:00.654321Z"); // a DST change in Europe and nearby
        Instant expires = Instant.parse("2026-10-25T00:59:59.999999Z");
        StoredToken t = withTimes(token("alice", "utc"), created, expires);
        store.insert(t);

        TimeZone saved = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Chatham")); // +13:45 or +12:45
            assertThat(store.findById(t.id()).orElseThrow().createdAt()).isEqualTo(created);
            assertThat(store.findById(t.id()).orElseThrow().expiresAt()).isEqualTo(expires);
        } finally {
            TimeZone.setDefault(saved);
        }
        try (Connection c = db.admin(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + kind().utcText("created_at") + ", "
                        + kind().utcText("expires_at") + " FROM " + table + " WHERE id = '" + t.id() + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("2026-03-29 01:30:00.654321");
            assertThat(rs.getString(2)).isEqualTo("2026-10-25 00:59:59.999999");
        }
    }

    @Test
    void nanosecondsBeyondMicrosecondsAreTruncatedNotRounded() {
        Instant precise = Instant.parse("2026-01-01T00:00:00.123456999Z");
        StoredToken t = withTimes(token("alice", "nanos"), precise, null);
        store.insert(t);
        assertThat(store.findById(t.id()).orElseThrow().createdAt())
                .isEqualTo(Instant.parse("2026-01-01T00:00:00.123456Z"));
    }

    @Test
    void ownersNamesAndLookupIdsCompareExactlyNotByCollation() {
        StoredToken t = new StoredToken("id-exact", "alice", "Deploy", "AbCdEfGh1234", "h", T0, null, null, null,
                Set.of(), null);
        store.insert(t);

        assertThat(store.listByOwner("alice ")).isEmpty();
        assertThat(store.listByOwner("Alice")).isEmpty();
        assertThat(store.listByOwner("alicé")).isEmpty();
        assertThat(store.findByLookupId("AbCdEfGh1234 ")).isEmpty();
        assertThat(store.findById("ID-EXACT")).isEmpty();
        assertThat(store.insert(token("alice", "deploy"))).as("names differing in case are different").isTrue();
        assertThat(store.insert(token("alice", "Deploy "))).as("a trailing space makes another name").isTrue();
    }

    @Test
    void scopesWithQuotesBackslashesCommasAndBracketsSurvive() {
        Set<String> scopes = Set.of("a\"b", "c\\d", "e,f", "[g]", "ü \uD83D\uDE80", "");
        StoredToken t = new StoredToken("id-s", "alice", "s", "Scopes123456", "h", T0, null, null, null, scopes,
                null);
        store.insert(t);
        assertThat(store.findById("id-s").orElseThrow().scopes()).isEqualTo(scopes);
    }

    @Test
    void aTokenWhoseAddressColumnsAreCorruptIsAFailureNeverATokenWithoutRestriction() throws Exception {
        StoredToken t = new StoredToken("id-corrupt", "alice", "edge", "Corrupt00001", "h", T0, null, null, null,
                Set.of(), null, null, List.of("192.0.2.0/24"), List.of("192.0.2.1"));
        store.insert(t);

        for (String column : List.of("allowed_addresses", "recent_addresses")) {
            for (String corrupt : List.of("", "192.0.2.0/24", "[\"192.0.2.0/24\"", "{}")) {
                try (Connection c = db.admin(); PreparedStatement ps = c.prepareStatement(
                        "UPDATE " + table + " SET " + column + " = ? WHERE id = 'id-corrupt'")) {
                    ps.setString(1, corrupt);
                    ps.executeUpdate();
                }
                assertThatThrownBy(() -> store.findByLookupId("Corrupt00001")).as("%s = '%s'", column, corrupt)
                        .isInstanceOf(TokenStoreException.class).hasMessageContaining("findByLookupId");
            }
            db.execute("UPDATE " + table + " SET " + column + " = '[]' WHERE id = 'id-corrupt'");
        }
        assertThat(store.findByLookupId("Corrupt00001").orElseThrow().allowedAddresses()).isEmpty();
    }

    @Test
    void theDatabaseItselfRefusesASecondActiveNameForOneOwner() throws Exception {
        String insert = "INSERT INTO " + table + " (id, owner_id, name, lookup_id, secret_hash, created_at, scopes)"
                + " VALUES (?, 'alice', 'ci', ?, 'h', CURRENT_TIMESTAMP, '[]')";
        try (Connection c = db.admin()) {
            rawInsert(c, insert, "raw-1", "RawLookup001");
            assertThatThrownBy(() -> rawInsert(c, insert, "raw-2", "RawLookup002")).isInstanceOf(SQLException.class);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE " + table + " SET revoked_at = CURRENT_TIMESTAMP WHERE id = 'raw-1'");
            }
            rawInsert(c, insert, "raw-3", "RawLookup003");
        }
        assertThat(store.listByOwner("alice")).extracting(StoredToken::id).containsExactly("raw-3");
    }

    private static void rawInsert(Connection c, String sql, String id, String lookupId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            ps.setString(2, lookupId);
            ps.executeUpdate();
        }
    }

    @Test
    void aDuplicateIdOrLookupIdIsAFailureNotANameConflict() {
        StoredToken first = token("alice", "one");
        store.insert(first);
        StoredToken sameLookup = new StoredToken(UUID.randomUUID().toString(), "bob", "two", first.lookupId(), "h",
                T0, null, null, null, Set.of(), null);
        StoredToken sameId = new StoredToken(first.id(), "carol", "three", "Other0000001", "h", T0, null, null,
                null, Set.of(), null);

        assertThatThrownBy(() -> store.insert(sameLookup)).isInstanceOf(TokenStoreException.class)
                .hasMessageContaining("same id or lookup id");
        assertThatThrownBy(() -> store.insert(sameId)).isInstanceOf(TokenStoreException.class);
        assertThat(store.listByOwner("bob")).isEmpty();
        assertThat(store.listByOwner("carol")).isEmpty();
    }

    @Test
    void failuresCarryNeitherParameterValuesNorTheDriversMessage() {
        String marker = "Leak" + TestDatabase.randomSuffix();
        StoredToken tooLong = new StoredToken(UUID.randomUUID().toString(), marker.repeat(40), "n", "TooLong00001",
                "$argon2id$" + marker, T0, null, null, null, Set.of(marker), null);

        TokenStoreException e = catchThrowableOfType(TokenStoreException.class, () -> store.insert(tooLong));

        assertThat(e).isNotNull();
        assertThat(e.getCause()).isNull();
        assertThat(render(e)).doesNotContain(marker).contains("insert").contains(table).contains("SQLState");
    }

    @Test
    void aFailingRotationChangesNothing() {
        StoredToken old = token("alice", "ci");
        StoredToken other = token("bob", "x");
        store.insert(old);
        store.insert(other);
        // The replacement reuses another token's lookup id: its insert fails after the old token was revoked.
        StoredToken replacement = new StoredToken(UUID.randomUUID().toString(), "alice", "ci", other.lookupId(), "h",
                T0, null, null, null, Set.of(), old.id());

        assertThatThrownBy(() -> store.rotate(old.id(), T0.plusSeconds(1), replacement))
                .isInstanceOf(TokenStoreException.class);

        assertThat(store.findById(old.id())).contains(old);
        assertThat(store.findById(replacement.id())).isEmpty();
    }

    @Test
    void aRotationWhoseReplacementBelongsToAnotherOwnerChangesNothing() {
        StoredToken old = token("alice", "ci");
        store.insert(old);
        StoredToken bobs = new StoredToken(UUID.randomUUID().toString(), "bob", "ci", "BobsLookup01", "h", T0, null,
                null, null, Set.of(), old.id());

        assertThat(store.rotate(old.id(), T0.plusSeconds(1), bobs)).isFalse();

        assertThat(store.findById(old.id())).contains(old);
        assertThat(store.findById(bobs.id())).isEmpty();
    }

    @Test
    void aWriteBlockedByAnotherTransactionsRowLockTimesOutAndChangesNothing() throws Exception {
        JdbcTokenStore timed = JdbcTokenStore.builder(pool).tableName(table).queryTimeout(Duration.ofSeconds(1))
                .build();
        StoredToken t = token("alice", "locked");
        timed.insert(t);

        try (Connection lock = db.admin()) {
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.executeQuery("SELECT id FROM " + table + " WHERE id = '" + t.id() + "' FOR UPDATE").close();
            }
            long start = System.nanoTime();
            assertThatThrownBy(() -> timed.revoke(t.id(), T0.plusSeconds(1))).isInstanceOf(TokenStoreException.class)
                    .hasMessageContaining("revoke").hasMessageContaining("timed out");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            lock.rollback();
        }

        assertThat(timed.findById(t.id())).contains(t);
        assertThat(timed.revoke(t.id(), T0.plusSeconds(2))).isTrue();
    }

    @Test
    void aServiceOnThisDatabaseCreatesVerifiesRotatesAndRevokes() {
        try (TokenService service = service(store)) {
            IssuedToken issued = service.create("alice", "deploy", null, Set.of("read"));
            String plaintext = issued.revealPlaintext();
            assertThat(service.verify(plaintext)).isInstanceOf(Verification.Authenticated.class);

            IssuedToken rotated = service.rotate("alice", issued.token().id());
            assertThat(service.verify(plaintext)).isEqualTo(new Verification.Refused(RefusalReason.REVOKED));
            String next = rotated.revealPlaintext();
            Verification v = service.verify(next);
            assertThat(v).isInstanceOf(Verification.Authenticated.class);
            assertThat(((Verification.Authenticated) v).roles()).containsExactly("read");

            service.revoke("alice", rotated.token().id());
            assertThat(service.verify(next)).isEqualTo(new Verification.Refused(RefusalReason.REVOKED));
            assertThat(service.list("alice")).isEmpty();
        }
    }

    @Test
    void verificationIsRefusedAsStoreUnavailableOnceTheDataSourceIsClosed() {
        HikariDataSource own = db.pool(2);
        JdbcTokenStore s = JdbcTokenStore.builder(own).tableName(table).build();
        try (TokenService service = service(s)) {
            String plaintext = service.create("alice", "closing").revealPlaintext();
            assertThat(service.verify(plaintext).isAuthenticated()).isTrue();

            own.close();

            assertThat(service.verify(plaintext))
                    .isEqualTo(new Verification.Refused(RefusalReason.STORE_UNAVAILABLE));
        }
    }

    static TokenService service(TokenStore store) {
        return TokenService.builder()
                .store(store)
                .roleResolver(owner -> Optional.of(Set.of("read", "write")))
                .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
                .build();
    }

    static String render(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out + " " + t;
    }

    private static StoredToken withTimes(StoredToken t, Instant created, Instant expires) {
        return new StoredToken(t.id(), t.owner(), t.name(), t.lookupId(), t.hash(), created, expires, null, null,
                t.scopes(), null);
    }
}
