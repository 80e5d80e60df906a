package dev.patkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.StoredToken;
import dev.patkit.TokenStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A table made by the previous version's DDL (kept as it shipped in {@code schema-0.1/<dialect>.sql}) and filled by
 * plain SQL is upgraded in place by {@link JdbcTokenStore#createTableIfMissing()}: every row reads back as it was, with
 * the new fields empty, the new columns, indexes and reminders table are there, new writes work, and running the DDL
 * again changes nothing.
 */
class SchemaUpgradeTest {

    private static final String HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";

    private TestDatabase db;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aTableOfThePreviousVersionIsUpgradedInPlaceWithoutLosingOrChangingARow(TestDatabase.Kind kind)
            throws Exception {
        db = TestDatabase.open(kind);
        String table = db.newTableName();
        for (String sql : Ddl.statements(previousDdl(kind, table))) {
            db.execute(sql);
        }
        List<StoredToken> before = fillTheWayTheOldVersionDid(kind, table);

        JdbcTokenStore store = JdbcTokenStore.builder(db.pool(4)).tableName(table).build();
        store.createTableIfMissing();

        for (StoredToken t : before) {
            assertThat(store.findById(t.id())).as(t.id()).contains(t);
            assertThat(store.findByLookupId(t.lookupId())).as(t.id()).contains(t);
        }
        assertThat(store.find(everything())).isEqualTo(newestFirst(before));
        assertThat(store.listByOwner("alice")).containsExactlyInAnyOrder(before.get(0), before.get(1));
        assertThat(indexesOf(table)).as("the new indexes").contains(table + "_page_ix", table + "_owner_page_ix")
                .contains(table + "_lookup_uk", table + "_expires_ix");
        assertThat(count(table + "_changes")).as("the change log is kept").isEqualTo(1);

        StoredToken fresh = new StoredToken("u-fresh", "alice", "edge", "UpgFresh0001", HASH, at("2026-04-01"),
                null, null, null, Set.of("read"), null, "made after the upgrade", List.of("192.0.2.0/24"), List.of());
        assertThat(store.insert(fresh)).isTrue();
        store.recordLastUsed(Map.of("m-active", new TokenStore.LastUse(at("2026-04-02"), List.of("192.0.2.7"))));
        assertThat(store.claimReminder("m-active", "P7D", at("2026-04-02"), at("2026-04-01"))).isTrue();
        store.reminderSent("m-active", "P7D", at("2026-04-02"));
        assertThat(store.findById("u-fresh")).contains(fresh);
        assertThat(store.findById("m-active").orElseThrow())
                .isEqualTo(before.get(0).withLastUse(at("2026-04-02"), List.of("192.0.2.7")));

        List<StoredToken> upgraded = store.find(everything());
        store.createTableIfMissing();
        store.createTableIfMissing();

        assertThat(store.find(everything())).isEqualTo(upgraded).hasSize(before.size() + 1);
        assertThat(store.claimReminder("m-active", "P7D", at("2026-05-01"), at("2026-04-30"))).as("sent").isFalse();
    }

    private static TokenStore.Criteria everything() {
        return new TokenStore.Criteria(null, null, null, null, null, null, null, false, null, null, 1000);
    }

    private static List<StoredToken> newestFirst(List<StoredToken> tokens) {
        return tokens.stream().sorted(java.util.Comparator.comparing(StoredToken::createdAt)
                .thenComparing(StoredToken::id).reversed()).toList();
    }

    /** Rows as the previous version wrote them: active, used, revoked, its rotation's replacement, expired. */
    private List<StoredToken> fillTheWayTheOldVersionDid(TestDatabase.Kind kind, String table) throws SQLException {
        List<StoredToken> rows = List.of(
                new StoredToken("m-active", "alice", "ci", "MigActive001", HASH, at("2026-01-01T00:00:00.123456Z"),
                        at("2027-01-01"), null, null, Set.of("read", "write"), null),
                new StoredToken("m-used", "alice", "laptop", "MigUsed00001", HASH, at("2026-01-02"), null,
                        at("2026-02-01T12:00:00.5Z"), null, Set.of(), null),
                new StoredToken("m-revoked", "bob", "deploy", "MigRevoked01", HASH, at("2026-01-03"), null,
                        at("2026-02-02"), at("2026-03-01"), Set.of("a\"b", "c,d"), null),
                new StoredToken("m-replacement", "bob", "deploy", "MigReplace01", HASH, at("2026-03-01"), null, null,
                        null, Set.of(), "m-revoked"),
                new StoredToken("m-expired", "carol", "old", "MigExpired01", HASH, at("2026-01-04"),
                        at("2026-01-05"), null, null, Set.of(), null));
        try (Connection c = db.admin(); Statement s = c.createStatement()) {
            for (StoredToken t : rows) {
                s.executeUpdate("INSERT INTO " + table + " (id, owner_id, name, lookup_id, secret_hash, created_at,"
                        + " expires_at, last_used_at, revoked_at, scopes, replaced_token_id) VALUES ('" + t.id()
                        + "', '" + t.owner() + "', '" + t.name() + "', '" + t.lookupId() + "', '" + t.hash() + "', "
                        + literal(kind, t.createdAt()) + ", " + literal(kind, t.expiresAt()) + ", "
                        + literal(kind, t.lastUsedAt()) + ", " + literal(kind, t.revokedAt()) + ", '"
                        + text(kind, ScopesCodec.encode(t.scopes())) + "', "
                        + (t.replacedTokenId() == null ? "NULL" : "'" + t.replacedTokenId() + "'") + ")");
                s.executeUpdate("INSERT INTO " + table + "_owners (owner_id) SELECT '" + t.owner() + "' FROM "
                        + table + "_sequence WHERE NOT EXISTS (SELECT 1 FROM " + table + "_owners WHERE owner_id = '"
                        + t.owner() + "')");
            }
            s.executeUpdate("UPDATE " + table + "_sequence SET seq = 1 WHERE id = 1");
            s.executeUpdate("INSERT INTO " + table + "_changes (seq, token_id, lookup_id, changed_at) VALUES (1,"
                    + " 'm-revoked', 'MigRevoked01', " + literal(kind, at("2026-03-01")) + ")");
        }
        return rows;
    }

    /** The body of a string literal; MariaDB reads backslashes in it as escapes. */
    private static String text(TestDatabase.Kind kind, String s) {
        String quoted = s.replace("'", "''");
        return kind == TestDatabase.Kind.MARIADB ? quoted.replace("\\", "\\\\") : quoted;
    }

    /** A time literal for the column type of each database (MariaDB keeps the UTC wall-clock time). */
    private static String literal(TestDatabase.Kind kind, Instant at) {
        if (at == null) {
            return "NULL";
        }
        String utc = at.toString().replace('T', ' ').replace("Z", "");
        return switch (kind) {
            case POSTGRESQL -> "TIMESTAMPTZ '" + utc + "+00'";
            case H2 -> "TIMESTAMP WITH TIME ZONE '" + utc + "+00'";
            case MARIADB -> "'" + utc + "'";
        };
    }

    private static Instant at(String text) {
        return Instant.parse(text.length() == 10 ? text + "T00:00:00Z" : text);
    }

    private static String previousDdl(TestDatabase.Kind kind, String table) throws IOException {
        String resource = "schema-0.1/" + kind.name().toLowerCase(Locale.ROOT) + ".sql";
        try (InputStream in = SchemaUpgradeTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            String ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(ddl).as("the previous DDL has no reminders table").doesNotContain("_reminders");
            return ddl.replace("${table}", table).replace("${index}", table);
        }
    }

    private Set<String> indexesOf(String table) throws SQLException {
        Set<String> names = new HashSet<>();
        try (Connection c = db.admin()) {
            DatabaseMetaData md = c.getMetaData();
            String stored = md.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
            try (ResultSet rs = md.getIndexInfo(c.getCatalog(), null, stored, false, false)) {
                while (rs.next()) {
                    if (rs.getString("INDEX_NAME") != null) {
                        names.add(rs.getString("INDEX_NAME").toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return names;
    }

    private long count(String table) throws SQLException {
        try (Connection c = db.admin(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
