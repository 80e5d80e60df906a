package dev.patkit.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.patkit.TokenService;
import dev.patkit.Verification;
import dev.patkit.jdbc.JdbcClusterFeed;
import dev.patkit.jdbc.JdbcTokenStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Verification of a token that is already in the verified cache, over the JDBC store, side by side:
 * <ul>
 *   <li>{@link #strictVerifyOfACachedToken}: strict mode (the default): no Argon2, one
 *       {@code SELECT ... WHERE lookup_id = ?} through a HikariCP pool per verification;
 *   <li>{@link #clusterVerifyOfACachedToken}: cluster mode ({@link JdbcClusterFeed}) on the same tables, on a node
 *       whose link is healthy: no database round trip;
 *   <li>{@link #bareSelectByPrimaryKey}: the floor of strict mode, one prepared primary-key {@code SELECT} of the
 *       token row on the same pool, read into a string.
 * </ul>
 *
 * <p>{@code backend=h2}: H2 in memory, in this JVM (the floor of JDBC plus pool). {@code backend=postgresql}: the
 * server at {@code PATKIT_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code PATKIT_PG_USER}
 * or postgres, password {@code PATKIT_PG_PASSWORD}); if it cannot be reached that run fails at setup with a message
 * and the others go on; {@code -p backend=h2} leaves it out.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar 'JdbcVerifyBenchmark|\.VerifyBenchmark\.(hotVerify|jwtNimbusBaseline)$'
 *     -f 1 -wi 3 -i 5 -w 2s -r 3s -bm avgt -tu ns</pre>
 * (add {@code -bm avgt -tu us} for microseconds per verification).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JdbcVerifyBenchmark {

    @Param({"h2", "postgresql"})
    public String backend;

    private HikariDataSource pool;
    private String table;
    private TokenService service;
    private TokenService clusterNode;
    private String plaintext;
    private String tokenId;
    private String selectSql;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setPoolName("patkit-bench-" + backend);
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(2_000);
        if (backend.equals("h2")) {
            config.setJdbcUrl("jdbc:h2:mem:patkit_bench;DB_CLOSE_DELAY=-1");
            config.setUsername("sa");
            config.setPassword("");
        } else if (backend.equals("postgresql")) {
            config.setJdbcUrl(env("PATKIT_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test"));
            config.setUsername(env("PATKIT_PG_USER", "postgres"));
            config.setPassword(env("PATKIT_PG_PASSWORD", ""));
            config.setInitializationFailTimeout(-1);
        } else {
            throw new IllegalArgumentException("backend must be h2 or postgresql: " + backend);
        }
        pool = new HikariDataSource(config);
        if (backend.equals("postgresql")) {
            try (Connection c = pool.getConnection()) {
                c.isValid(2);
            } catch (SQLException e) {
                pool.close();
                throw new IllegalStateException("PostgreSQL is not reachable at " + config.getJdbcUrl() + " (SQLState "
                        + e.getSQLState() + "): skipping backend=postgresql. Start it, set PATKIT_PG_URL, or run with"
                        + " -p backend=h2.");
            }
        }
        table = "patkit_bench_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        JdbcTokenStore store = JdbcTokenStore.builder(pool).tableName(table).build();
        store.createTableIfMissing();
        Optional<Set<String>> roles = Optional.of(Set.of("dev"));
        service = TokenService.builder().store(store).roleResolver(user -> roles).build();
        var issued = service.create("bench-user", "bench");
        plaintext = issued.revealPlaintext();
        tokenId = issued.token().id();
        selectSql = "SELECT lookup_id FROM " + table + " WHERE id = ?";
        if (!service.verify(plaintext).isAuthenticated()) {
            throw new IllegalStateException("the benchmark token does not verify");
        }
        clusterNode = TokenService.builder().store(store).roleResolver(user -> roles)
                .cluster(JdbcClusterFeed.builder(store).build()).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!clusterNode.stats().cluster().orElseThrow().trusted()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the cluster node did not trust its cache within 30 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        if (!clusterNode.verify(plaintext).isAuthenticated()) {
            throw new IllegalStateException("the benchmark token does not verify on the cluster node");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        if (clusterNode != null) {
            clusterNode.close();
        }
        if (service != null) {
            service.close();
        }
        if (pool != null && !pool.isClosed()) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                for (String suffix : new String[] {"", "_owners", "_changes", "_sequence", "_nodes", "_reminders"}) {
                    s.execute("DROP TABLE IF EXISTS " + table + suffix);
                }
            } finally {
                pool.close();
            }
        }
    }

    /** One strict verification of a cached token: a primary-key-like read by lookup id, and the role resolver. */
    @Benchmark
    public Verification strictVerifyOfACachedToken() {
        return service.verify(plaintext);
    }

    /**
     * Cluster mode, healthy link: the token's state from memory (trusted while the lease lasts), the role resolver;
     * no database round trip.
     */
    @Benchmark
    public Verification clusterVerifyOfACachedToken() {
        return clusterNode.verify(plaintext);
    }

    /** The round trip strict mode cannot avoid: one prepared primary-key {@code SELECT} on the same pool. */
    @Benchmark
    public String bareSelectByPrimaryKey() throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(selectSql)) {
            ps.setString(1, tokenId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
