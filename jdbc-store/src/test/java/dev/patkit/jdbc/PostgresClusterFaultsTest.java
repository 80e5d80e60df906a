package dev.patkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patkit.Argon2Parameters;
import dev.patkit.IssuedToken;
import dev.patkit.RefusalReason;
import dev.patkit.TokenListener;
import dev.patkit.TokenService;
import dev.patkit.TokenStoreException;
import dev.patkit.Verification;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cluster mode on PostgreSQL under faults: the listening connection terminated, all of a node's connections
 * terminated, lease renewals failing, a node process stopped ({@code kill -STOP}) past its lease, and the database
 * restarted. In each, a token revoked during the fault is refused by every node once the revocation returned, and the
 * nodes trust their caches again without a restart. Each node's connections carry its name as
 * {@code application_name}, so the faults hit exactly one node.
 */
class PostgresClusterFaultsTest {

    private static final Duration LEASE = Duration.ofSeconds(1);
    private static final Verification REVOKED = new Verification.Refused(RefusalReason.REVOKED);

    private static TestDatabase db;
    private static String table;

    private final List<TokenService> services = new ArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void open() {
        db = TestDatabase.open(TestDatabase.Kind.POSTGRESQL);
        table = db.newTableName();
        JdbcTokenStore.builder(db.pool(1)).tableName(table).build().createTableIfMissing();
    }

    @AfterAll
    static void close() {
        if (db != null) {
            db.close();
        }
    }

    @AfterEach
    void closeNodes() throws Exception {
        services.forEach(TokenService::close);
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private TokenService node(String name) {
        String app = name + "-" + TestDatabase.randomSuffix();
        JdbcTokenStore store = JdbcTokenStore.builder(db.pool(4, c -> c.addDataSourceProperty("ApplicationName", app)))
                .tableName(table).build();
        JdbcClusterFeed feed = JdbcClusterFeed.builder(store).leaseDuration(LEASE).nodeId(app)
                .listenConnections(db.pool(1, c -> c.addDataSourceProperty("ApplicationName", app + "-listen")))
                .build();
        TokenService s = TokenService.builder()
                .store(store)
                .roleResolver(owner -> Optional.of(Set.of("dev")))
                .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
                .listener(new TokenListener() {
                    @Override
                    public void clusterTrustChanged(boolean trusted, String reason) {
                        events.add(name + " " + trusted);
                    }
                })
                .cluster(feed)
                .build();
        services.add(s);
        JdbcClusterContract.awaitTrusted(s);
        nodeIds.put(s, app);
        return s;
    }

    private final java.util.Map<TokenService, String> nodeIds = new java.util.HashMap<>();

    /** Terminates the backends whose application_name matches the pattern; how many. */
    private static int terminate(String likePattern) throws Exception {
        try (Connection c = db.admin(); PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pid)"
                + " FROM pg_stat_activity WHERE application_name LIKE ? AND pid <> pg_backend_pid()")) {
            ps.setString(1, likePattern);
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    n++;
                }
            }
            return n;
        }
    }

    private void awaitEvent(String event) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!events.contains(event)) {
            assertThat(System.nanoTime() - deadline).as("event '%s' within 30 s; got %s", event, events).isNegative();
            LockSupport.parkNanos(1_000_000);
        }
    }

    @Test
    void aNodeWhoseListeningConnectionIsTerminatedStopsTrustingAtOnceRefusesWhatWasRevokedAndRecovers()
            throws Exception {
        TokenService a = node("a");
        TokenService b = node("b");
        IssuedToken issued = a.create("alice", "listen");
        assertThat(b.verify(issued.revealPlaintext()).isAuthenticated()).isTrue();

        assertThat(terminate(nodeIds.get(b) + "-listen")).isEqualTo(1);
        awaitEvent("b false");
        a.revoke("alice", issued.token().id());

        assertThat(b.verify(issued.revealPlaintext())).isEqualTo(REVOKED);
        JdbcClusterContract.awaitTrusted(b);
        assertThat(b.verify(issued.revealPlaintext())).isEqualTo(REVOKED);
        assertThat(events).containsSubsequence("b true", "b false", "b true");
    }

    @Test
    void aNodeAllOfWhoseConnectionsAreTerminatedRefusesATokenRevokedMeanwhileAndRecovers() throws Exception {
        TokenService a = node("a");
        TokenService b = node("b");
        TokenService c = node("c");
        IssuedToken issued = a.create("bob", "all-connections");
        for (TokenService s : List.of(a, b, c)) {
            assertThat(s.verify(issued.revealPlaintext()).isAuthenticated()).isTrue();
        }

        assertThat(terminate(nodeIds.get(b) + "%")).isGreaterThanOrEqualTo(1);
        a.revoke("bob", issued.token().id());

        for (TokenService s : List.of(a, b, c)) {
            assertThat(s.verify(issued.revealPlaintext())).isEqualTo(REVOKED);
        }
        JdbcClusterContract.awaitTrusted(b);
        assertThat(b.verify(issued.revealPlaintext())).isEqualTo(REVOKED);
    }

    @Test
    void aNodeWhoseLeaseRenewalsFailReadsStrictlyAndARevocationWaitsOnlyUntilItsLeaseLapsed() throws Exception {
        TokenService a = node("a");
        TokenService b = node("b");
        IssuedToken issued = a.create("carol", "renewals");
        assertThat(b.verify(issued.revealPlaintext()).isAuthenticated()).isTrue();
        String fn = table + "_deny";
        db.execute("CREATE FUNCTION " + fn + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF NEW.node_id = '" + nodeIds.get(b) + "' THEN RAISE EXCEPTION 'test: renewal refused'; END IF;"
                + " RETURN NEW; END $$");
        db.execute("CREATE TRIGGER " + fn + " BEFORE INSERT OR UPDATE ON " + table + "_nodes FOR EACH ROW EXECUTE"
                + " FUNCTION " + fn + "()");
        try {
            awaitEvent("b false");
            a.revoke("carol", issued.token().id());
            assertThat(b.verify(issued.revealPlaintext())).isEqualTo(REVOKED);
            assertThat(b.stats().cluster().orElseThrow().trusted()).isFalse();
        } finally {
            db.execute("DROP TRIGGER " + fn + " ON " + table + "_nodes");
            db.execute("DROP FUNCTION " + fn + "()");
        }
        JdbcClusterContract.awaitTrusted(b);
        assertThat(b.verify(issued.revealPlaintext())).isEqualTo(REVOKED);
    }

    @Test
    void aNodeProcessStoppedPastItsLeaseDelaysARevocationAtMostItsLeaseAndRefusesTheTokenWhenItResumes()
            throws Exception {
        TokenService a = node("a");
        IssuedToken issued = a.create("dave", "stopped");
        String id = "p-" + TestDatabase.randomSuffix();
        NodeProcess p = start(id);
        assertThat(p.ask("verify " + issued.revealPlaintext())).isEqualTo("OK dave");
        assertThat(p.ask("status")).isEqualTo("TRUSTED");

        signal("STOP", p.process);
        try {
            a.revoke("dave", issued.token().id());
            try (Connection c = db.admin(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table
                    + "_nodes WHERE node_id = ? AND lease_until > clock_timestamp()")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("the stopped node's lease had lapsed when revoke returned").isZero();
                }
            }
        } finally {
            signal("CONT", p.process);
        }

        assertThat(p.ask("verify " + issued.revealPlaintext())).isEqualTo("REFUSED REVOKED");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!p.ask("status").equals("TRUSTED")) {
            assertThat(System.nanoTime() - deadline).as("the resumed node trusts again").isNegative();
            LockSupport.parkNanos(5_000_000);
        }
        assertThat(p.ask("verify " + issued.revealPlaintext())).isEqualTo("REFUSED REVOKED");
    }

    @Test
    void afterTheDatabaseRestartsATokenRevokedThenIsRefusedByEveryNodeAndEveryNodeTrustsAgain() throws Exception {
        TokenService a = node("a");
        TokenService b = node("b");
        TokenService c = node("c");
        IssuedToken issued = a.create("erin", "restart");
        for (TokenService s : List.of(a, b, c)) {
            assertThat(s.verify(issued.revealPlaintext()).isAuthenticated()).isTrue();
        }

        try {
            pgCtl("restart");
        } finally {
            pgCtl("start"); // whatever happened: the server is up for the tests after this one
        }
        awaitEvent("b false");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) { // the first statements after the restart may meet connections the server closed
            try {
                a.revoke("erin", issued.token().id());
                break;
            } catch (TokenStoreException e) {
                assertThat(System.nanoTime() - deadline).as("revoke works again after the restart").isNegative();
                LockSupport.parkNanos(50_000_000);
            }
        }

        for (TokenService s : List.of(a, b, c)) {
            assertThat(s.verify(issued.revealPlaintext())).isEqualTo(REVOKED);
        }
        for (TokenService s : List.of(a, b, c)) {
            JdbcClusterContract.awaitTrusted(s);
            assertThat(s.verify(issued.revealPlaintext())).isEqualTo(REVOKED);
        }
    }

    private static void pgCtl(String action) throws Exception {
        String version;
        try (var versions = Files.list(Path.of("/etc/postgresql"))) {
            version = versions.map(v -> v.getFileName().toString()).findFirst().orElseThrow();
        }
        Process p = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action)
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("pg_ctlcluster %s ended", action).isTrue();
        if (!action.equals("start")) { // start exits 2 when the server is up already
            assertThat(p.exitValue()).as("pg_ctlcluster %s: %s", action, output).isZero();
        }
    }

    private static void signal(String signal, Process p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
        assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    private NodeProcess start(String id) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ClusterNodeProcess.class.getName(), db.url, db.user, db.password, table, id,
                Long.toString(LEASE.toMillis()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        processes.add(p);
        NodeProcess node = new NodeProcess(p);
        assertThat(node.next()).isEqualTo("READY");
        return node;
    }

    /** A node process and its answers, each awaited for at most 30 seconds. */
    private static final class NodeProcess {
        final Process process;
        final Writer in;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        NodeProcess(Process process) {
            this.process = process;
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        lines.add(line);
                    }
                } catch (java.io.IOException e) {
                    lines.add("EOF " + e.getClass().getSimpleName());
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        String next() throws InterruptedException {
            String line = lines.poll(30, TimeUnit.SECONDS);
            assertThat(line).as("an answer from the node process").isNotNull();
            return line;
        }

        String ask(String command) throws Exception {
            in.write(command + "\n");
            in.flush();
            return next();
        }
    }
}
