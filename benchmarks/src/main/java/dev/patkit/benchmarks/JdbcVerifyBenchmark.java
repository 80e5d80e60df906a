package dev.patkit.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.patkit.TokenService;
import dev.patkit.Verification;
import dev.patkit.jdbc.JdbcTokenStore;
import java.sql.Connection;
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
 * Strict verification (the default, {@code stateTtl} zero) of a token that is already in the verified cache, over
 * the JDBC store: no Argon2, one {@code SELECT ... WHERE lookup_id = ?} through a HikariCP pool per verification. This
 * is the cost of seeing another node's revocation at once.
 *
 * <p>{@code backend=h2}: H2 in memory, in this JVM (the floor of JDBC plus pool). {@code backend=postgresql}: the
 * server at {@code PATKIT_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code PATKIT_PG_USER}
 * or postgres, password {@code PATKIT_PG_PASSWORD}); if it cannot be reached that run fails at setup with a message
 * and the others go on; {@code -p backend=h2} leaves it out.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar JdbcVerifyBenchmark -f 1 -wi 2 -i 3 -w 2s -r 3s</pre>
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
    private String plaintext;

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
        plaintext = service.create("bench-user", "bench").revealPlaintext();
        if (!service.verify(plaintext).isAuthenticated()) {
            throw new IllegalStateException("the benchmark token does not verify");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        if (service != null) {
            service.close();
        }
        if (pool != null && !pool.isClosed()) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + table);
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

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
