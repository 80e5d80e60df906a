package dev.patkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.Argon2Parameters;
import dev.patkit.ClusterStatus;
import dev.patkit.IssuedToken;
import dev.patkit.RefusalReason;
import dev.patkit.TokenListener;
import dev.patkit.TokenService;
import dev.patkit.Verification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cluster mode on a real database: three token services ("nodes"), each with its own pool, store and
 * {@link JdbcClusterFeed}, share one set of tables. Subclasses name the database.
 */
abstract class JdbcClusterContract {

    static final Duration LEASE = Duration.ofSeconds(1);
    static final Verification REVOKED = new Verification.Refused(RefusalReason.REVOKED);

    static TestDatabase db;
    static String table;

    final List<TokenService> services = new ArrayList<>();
    final List<String> trustEvents = new CopyOnWriteArrayList<>();

    static void openDatabase(TestDatabase.Kind kind) {
        db = TestDatabase.open(kind);
        table = db.newTableName();
        JdbcTokenStore.builder(db.pool(1)).tableName(table).build().createTableIfMissing();
    }

    @AfterAll
    static void closeDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @AfterEach
    void closeServices() {
        services.forEach(TokenService::close);
    }

    /** A node in cluster mode, its token table reads counted, once it trusts its cache. */
    Node node(String name) {
        return node(name, b -> { });
    }

    Node node(String name, java.util.function.Consumer<JdbcClusterFeedBuilder> feedTweak) {
        return node(name, feedTweak, b -> { });
    }

    Node node(String name, java.util.function.Consumer<JdbcClusterFeedBuilder> feedTweak,
            java.util.function.Consumer<dev.patkit.TokenServiceBuilder> serviceTweak) {
        CountingDataSource ds = new CountingDataSource(db.pool(4), table);
        JdbcTokenStore store = JdbcTokenStore.builder(ds).tableName(table).build();
        JdbcClusterFeedBuilder feed = JdbcClusterFeed.builder(store).leaseDuration(LEASE)
                .pollInterval(Duration.ofMillis(10)).nodeId(name + "-" + TestDatabase.randomSuffix());
        feedTweak.accept(feed);
        TokenListener events = new TokenListener() {
            @Override
            public void clusterTrustChanged(boolean trusted, String reason) {
                trustEvents.add(name + " " + trusted);
            }
        };
        dev.patkit.TokenServiceBuilder builder = TokenService.builder()
                .store(store)
                .roleResolver(owner -> Optional.of(Set.of("dev")))
                .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
                .listener(events)
                .cluster(feed.build());
        serviceTweak.accept(builder);
        TokenService s = builder.build();
        services.add(s);
        awaitTrusted(s);
        return new Node(s, ds);
    }

    record Node(TokenService service, CountingDataSource reads) {
        ClusterStatus status() {
            return service.stats().cluster().orElseThrow();
        }
    }

    static void awaitTrusted(TokenService s) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!s.stats().cluster().orElseThrow().trusted()) {
            assertThat(System.nanoTime() - deadline).as("node trusted its cache within 30 s").isNegative();
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    static void awaitDistrusted(TokenService s) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (s.stats().cluster().orElseThrow().trusted()) {
            assertThat(System.nanoTime() - deadline).as("node stopped trusting within 30 s").isNegative();
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    @Test
    void aHealthyNodeVerifiesACachedTokenWithoutReadingTheTokenTable() {
        Node a = node("a");
        Node b = node("b");
        String token = a.service().create("alice", "ci").revealPlaintext();
        assertThat(b.service().verify(token).isAuthenticated()).isTrue();
        long before = b.reads().tokenTableStatements();

        for (int i = 0; i < 1_000; i++) {
            assertThat(b.service().verify(token).isAuthenticated()).isTrue();
        }

        assertThat(b.reads().tokenTableStatements()).as("token table statements for 1000 verifications")
                .isEqualTo(before);
        assertThat(b.status().trusted()).isTrue();
    }

    @Test
    void onceARevocationReturnsOnOneNodeNoNodeAcceptsTheTokenTwoHundredTimesInARowUnderLoad() throws Exception {
        List<Node> nodes = List.of(node("a"), node("b"), node("c"));
        String steady = nodes.get(0).service().create("steady", "load").revealPlaintext();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong wrong = new AtomicLong();
        AtomicLong verified = new AtomicLong();
        ExecutorService loops = Executors.newFixedThreadPool(3);
        List<Future<?>> running = new ArrayList<>();
        for (Node n : nodes) {
            running.add(loops.submit(() -> {
                for (int i = 0; i < 10_000_000 && !stop.get(); i++) {
                    // A wrong answer refuses the valid token as invalid; a temporary refusal (a store read
                    // timing out while a node reads strictly under load) fails closed and is not one.
                    if (n.service().verify(steady) instanceof Verification.Refused r && !r.reason().isTemporary()) {
                        wrong.incrementAndGet();
                    }
                    verified.incrementAndGet();
                }
            }));
        }
        try {
            for (int round = 0; round < 200; round++) {
                Node actor = nodes.get(round % 3);
                String owner = "owner" + round;
                IssuedToken issued = actor.service().create(owner, "t");
                String plaintext = issued.revealPlaintext();
                for (Node n : nodes) {
                    assertThat(n.service().verify(plaintext).isAuthenticated()).as("round %d: fresh token", round)
                            .isTrue();
                }
                String replacement = null;
                switch (round % 4) {
                    case 0 -> actor.service().revoke(owner, issued.token().id());
                    case 1 -> assertThat(actor.service().revokeAll(owner)).isEqualTo(1);
                    case 2 -> replacement = actor.service().rotate(owner, issued.token().id()).revealPlaintext();
                    default -> assertThat(actor.service().revokeLeaked(plaintext))
                            .isEqualTo(TokenService.LeakCheck.REVOKED);
                }
                for (Node n : nodes) {
                    assertThat(n.service().verify(plaintext)).as("round %d, kind %d", round, round % 4)
                            .isEqualTo(REVOKED);
                    if (replacement != null) {
                        assertThat(n.service().verify(replacement).isAuthenticated()).isTrue();
                    }
                }
            }
        } finally {
            stop.set(true);
            for (Future<?> f : running) {
                f.get(30, TimeUnit.SECONDS);
            }
            loops.shutdown();
        }
        assertThat(wrong.get()).as("wrong answers among %d verifications", verified.get()).isZero();
        for (Node n : nodes) {
            assertThat(n.status().trusted()).isTrue();
            assertThat(n.status().appliedSequence()).isGreaterThanOrEqualTo(200);
        }
    }

    @Test
    void revocationsHoldOnEveryNodeWhileItsVerificationAndStateCachesAreFullAndEvicting() {
        List<Node> nodes = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            nodes.add(node(name, f -> { }, b -> b.verificationCacheSize(8)));
        }
        String owner = "evicting-" + TestDatabase.randomSuffix();
        List<IssuedToken> tokens = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tokens.add(nodes.get(i % 3).service().create(owner, "t" + i));
        }
        for (int pass = 0; pass < 2; pass++) {
            for (IssuedToken t : tokens) {
                for (Node n : nodes) {
                    assertThat(n.service().verify(t.revealPlaintext()).isAuthenticated()).isTrue();
                }
            }
        }
        Set<IssuedToken> revoked = new java.util.HashSet<>();
        for (int i = 0; i < tokens.size(); i += 4) {
            IssuedToken t = tokens.get(i);
            nodes.get(i % 3).service().revoke(owner, t.token().id());
            revoked.add(t);
            for (Node n : nodes) {
                assertThat(n.service().verify(t.revealPlaintext())).isEqualTo(REVOKED);
            }
        }

        for (IssuedToken t : tokens) {
            for (Node n : nodes) {
                Verification v = n.service().verify(t.revealPlaintext());
                if (revoked.contains(t)) {
                    assertThat(v).isEqualTo(REVOKED);
                } else {
                    assertThat(v.isAuthenticated()).isTrue();
                }
            }
        }
    }

    @Test
    void aStoppedNodeDelaysARevocationOnlyUntilItsLeaseHasLapsed() throws Exception {
        Node a = node("a");
        String owner = "stopped-" + TestDatabase.randomSuffix();
        IssuedToken issued = a.service().create(owner, "t");
        // A node that stopped: its lease is live and it acknowledged nothing since.
        String ghost = "ghost-" + TestDatabase.randomSuffix();
        try (Connection c = db.admin(); PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                + "_nodes (node_id, lease_until, applied_seq) VALUES (?, " + DbClock.nowPlusMicros(dialect()) + ", 0)")) {
            ps.setString(1, ghost);
            ps.setLong(2, LEASE.toNanos() / 1_000);
            ps.executeUpdate();
        }

        a.service().revoke(owner, issued.token().id());

        try (Connection c = db.admin(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table
                + "_nodes WHERE node_id = ? AND lease_until > " + DbClock.now(dialect()))) {
            ps.setString(1, ghost);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).as("the stopped node's lease had lapsed when revoke returned").isZero();
            }
        }
        assertThat(a.service().verify(issued.revealPlaintext())).isEqualTo(REVOKED);
    }

    @Test
    void aNodeDistrustsItsCacheWhileTheChangeLogCannotBeReadAndTrustsItAgainAfterwards() throws Exception {
        Node a = node("a");
        Node b = node("b");
        String owner = "broken-" + TestDatabase.randomSuffix();
        IssuedToken issued = a.service().create(owner, "t");
        assertThat(b.service().verify(issued.revealPlaintext()).isAuthenticated()).isTrue();
        String hidden = table + "_changes_hidden";
        db.execute(renameSql(table + "_changes", hidden));
        try {
            awaitDistrusted(b.service());
            long before = b.reads().tokenTableStatements();
            assertThat(b.service().verify(issued.revealPlaintext()).isAuthenticated()).isTrue();
            assertThat(b.reads().tokenTableStatements()).as("a distrusting node reads the store").isGreaterThan(before);
        } finally {
            db.execute(renameSql(hidden, table + "_changes"));
        }
        awaitTrusted(b.service());
        a.service().revoke(owner, issued.token().id());
        assertThat(b.service().verify(issued.revealPlaintext())).isEqualTo(REVOKED);
        assertThat(trustEvents).containsSubsequence("b true", "b false", "b true");
    }

    @Test
    void changesNoLiveNodeNeedsAndLongDeadNodesArePruned() throws Exception {
        Node a = node("a");
        for (int i = 0; i < 3; i++) {
            IssuedToken t = a.service().create("pruned", "t" + i);
            a.service().revoke("pruned", t.token().id());
        }
        String dead = "dead-" + TestDatabase.randomSuffix();
        try (Connection c = db.admin(); PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                + "_nodes (node_id, lease_until, applied_seq) VALUES (?, " + DbClock.nowPlusMicros(dialect()) + ", 0)")) {
            ps.setString(1, dead);
            ps.setLong(2, -1_000_000);
            ps.executeUpdate();
        }
        long applied = a.status().appliedSequence();
        ClusterTables tables = new ClusterTables(db.pool(1), TableName.of(table), dialect(), 5);

        tables.prune(0);

        try (Connection c = db.admin(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table + "_nodes WHERE node_id = '" + dead
                    + "'")) {
                rs.next();
                assertThat(rs.getLong(1)).as("the dead node's row").isZero();
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(seq) FROM " + table + "_changes")) {
                rs.next();
                assertThat(rs.getLong(2)).as("changes below every live node's acknowledgement are gone")
                        .isGreaterThanOrEqualTo(Math.min(applied, tables.currentSequence("test")));
            }
        }
    }

    abstract JdbcDialect dialect();

    private String renameSql(String from, String to) {
        return switch (dialect()) {
            case POSTGRESQL, H2 -> "ALTER TABLE " + from + " RENAME TO " + to;
            case MARIADB, MYSQL -> "RENAME TABLE " + from + " TO " + to;
        };
    }
}
