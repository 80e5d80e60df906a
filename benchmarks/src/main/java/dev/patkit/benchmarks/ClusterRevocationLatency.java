package dev.patkit.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.patkit.Argon2Parameters;
import dev.patkit.IssuedToken;
import dev.patkit.TokenService;
import dev.patkit.jdbc.JdbcClusterFeed;
import dev.patkit.jdbc.JdbcTokenStore;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * Cluster mode on three nodes (three services in this JVM, each with its own HikariCP pool and feed): how long
 * {@code revoke()} takes, how long until the last node refuses the token (checked right after {@code revoke()}
 * returns, so by the guarantee it equals the first), and how many statements an idle cluster sends the database per
 * second (leases and, where there is no {@code LISTEN}, polling). Each revocation comes after a random pause of up
 * to 150 ms, so that it falls anywhere in the nodes' poll cycles. Not a JMH benchmark: a latency distribution over
 * rounds, printed as p50, p99 and maximum.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.patkit.benchmarks.ClusterRevocationLatency postgresql 500
 * java -cp benchmarks/target/benchmarks.jar dev.patkit.benchmarks.ClusterRevocationLatency mariadb 200</pre>
 * Arguments: backend ({@code postgresql}, {@code mariadb} or {@code h2}), rounds (default 300). The servers as for
 * {@link JdbcVerifyBenchmark} ({@code PATKIT_PG_URL}, {@code PATKIT_MARIADB_URL}, defaults on 127.0.0.1).
 */
public final class ClusterRevocationLatency {

    private ClusterRevocationLatency() {
    }

    public static void main(String[] args) throws Exception {
        String backend = args.length > 0 ? args[0] : "postgresql";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        String table = "patkit_lat_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        AtomicLong statements = new AtomicLong();
        List<HikariDataSource> pools = new ArrayList<>();
        List<TokenService> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                pools.add(pool(backend, "patkit-lat-" + i));
            }
            JdbcTokenStore first = JdbcTokenStore.builder(pools.get(0)).tableName(table).build();
            first.createTableIfMissing();
            for (HikariDataSource pool : pools) {
                JdbcTokenStore store = JdbcTokenStore.builder(counting(pool, statements)).tableName(table).build();
                nodes.add(TokenService.builder().store(store)
                        .roleResolver(owner -> Optional.of(Set.of("dev")))
                        .argon2(Argon2Parameters.insecureForTestsOnly(64, 1, 1))
                        .cluster(JdbcClusterFeed.builder(store).build())
                        .build());
            }
            for (TokenService n : nodes) {
                awaitTrusted(n);
            }

            long before = statements.get();
            long idleStart = System.nanoTime();
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(10));
            double idleSeconds = (System.nanoTime() - idleStart) / 1e9;
            double idleQps = (statements.get() - before) / idleSeconds;

            long[] revoke = new long[rounds];
            long[] lastRefusal = new long[rounds];
            int wrong = 0;
            for (int r = 0; r < rounds; r++) {
                TokenService actor = nodes.get(r % 3);
                IssuedToken t = actor.create("owner" + r, "t");
                String plaintext = t.revealPlaintext();
                for (TokenService n : nodes) {
                    if (!n.verify(plaintext).isAuthenticated()) {
                        throw new IllegalStateException("a fresh token was refused");
                    }
                }
                // A revocation comes at any moment of the nodes' poll cycles, not right after their last poll.
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(TimeUnit.MILLISECONDS.toNanos(150)));
                long start = System.nanoTime();
                actor.revoke("owner" + r, t.token().id());
                long returned = System.nanoTime();
                for (TokenService n : nodes) {
                    if (n.verify(plaintext).isAuthenticated()) {
                        wrong++;
                    }
                }
                revoke[r] = returned - start;
                lastRefusal[r] = System.nanoTime() - start;
            }
            System.out.printf(Locale.ROOT, "backend=%s rounds=%d nodes=3 wrong answers=%d%n", backend, rounds, wrong);
            System.out.println("revoke() returns:       " + percentiles(revoke));
            System.out.println("last node refuses after: " + percentiles(lastRefusal));
            System.out.printf(Locale.ROOT, "idle cluster of 3 nodes: %.1f statements per second (over %.1f s)%n",
                    idleQps, idleSeconds);
        } finally {
            nodes.forEach(TokenService::close);
            if (!pools.isEmpty()) {
                try (Connection c = pools.get(0).getConnection(); Statement s = c.createStatement()) {
                    for (String suffix : new String[] {"", "_owners", "_changes", "_sequence", "_nodes", "_reminders"}) {
                        s.execute("DROP TABLE IF EXISTS " + table + suffix);
                    }
                } catch (SQLException e) {
                    System.err.println("could not drop " + table + ": SQLState " + e.getSQLState());
                }
            }
            pools.forEach(HikariDataSource::close);
        }
    }

    private static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                sorted[(int) (sorted.length * 0.50)] / 1e6,
                sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)] / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }

    private static void awaitTrusted(TokenService n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!n.stats().cluster().orElseThrow().trusted()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("a node did not trust its cache within 30 s");
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    private static HikariDataSource pool(String backend, String name) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(5_000);
        switch (backend) {
            case "postgresql" -> {
                config.setJdbcUrl(env("PATKIT_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test"));
                config.setUsername(env("PATKIT_PG_USER", "postgres"));
                config.setPassword(env("PATKIT_PG_PASSWORD", ""));
            }
            case "mariadb" -> {
                config.setJdbcUrl(env("PATKIT_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test"));
                config.setUsername(env("PATKIT_MARIADB_USER", "root"));
                config.setPassword(env("PATKIT_MARIADB_PASSWORD", ""));
            }
            case "h2" -> {
                config.setJdbcUrl("jdbc:h2:mem:patkit_lat;DB_CLOSE_DELAY=-1");
                config.setUsername("sa");
                config.setPassword("");
            }
            default -> throw new IllegalArgumentException("backend must be postgresql, mariadb or h2: " + backend);
        }
        return new HikariDataSource(config);
    }

    /** The pool, counting every statement prepared or created on its connections. */
    private static DataSource counting(HikariDataSource pool, AtomicLong statements) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(pool, method, args);
                    if (method.getName().equals("getConnection") && result instanceof Connection c) {
                        return Proxy.newProxyInstance(Connection.class.getClassLoader(),
                                new Class<?>[] {Connection.class}, (p, m, a) -> {
                                    if (m.getName().equals("prepareStatement") || m.getName().equals("isValid")) {
                                        statements.incrementAndGet();
                                    }
                                    return invoke(c, m, a);
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
