package dev.patkit.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;

/**
 * A real database for tests: H2 in memory, or the PostgreSQL and MariaDB servers named by environment variables
 * (defaults: 127.0.0.1, database {@code test}). Each test class makes its own randomly named tables and drops them
 * when it closes, so parallel runs on one server do not collide.
 *
 * <p>A server that cannot be reached skips the tests with a message, unless {@code PATKIT_REQUIRE_DATABASES=true}
 * (as in CI), which makes it a failure.
 */
final class TestDatabase implements AutoCloseable {

    enum Kind {
        H2("H2", null, null, null, "", "", ""),
        POSTGRESQL("PostgreSQL", "PATKIT_PG_URL", "PATKIT_PG_USER", "PATKIT_PG_PASSWORD",
                "jdbc:postgresql://127.0.0.1:5432/test", "postgres", ""),
        MARIADB("MariaDB", "PATKIT_MARIADB_URL", "PATKIT_MARIADB_USER", "PATKIT_MARIADB_PASSWORD",
                "jdbc:mariadb://127.0.0.1:3306/test", "root", "");

        final String label;
        final String urlVar;
        final String userVar;
        final String passwordVar;
        final String defaultUrl;
        final String defaultUser;
        final String defaultPassword;

        Kind(String label, String urlVar, String userVar, String passwordVar, String defaultUrl, String defaultUser,
                String defaultPassword) {
            this.label = label;
            this.urlVar = urlVar;
            this.userVar = userVar;
            this.passwordVar = passwordVar;
            this.defaultUrl = defaultUrl;
            this.defaultUser = defaultUser;
            this.defaultPassword = defaultPassword;
        }

        /** A session time zone that is not UTC, set on every pooled connection. */
        String nonUtcSessionZoneSql() {
            return switch (this) {
                case H2 -> "SET TIME ZONE 'America/New_York'";
                case POSTGRESQL -> "SET TIME ZONE 'America/New_York'";
                case MARIADB -> "SET time_zone = '-05:00'";
            };
        }

        /** SQL that returns the current session's id, a number. */
        String sessionIdSql() {
            return switch (this) {
                case H2 -> "SELECT SESSION_ID()";
                case POSTGRESQL -> "SELECT pg_backend_pid()";
                case MARIADB -> "SELECT CONNECTION_ID()";
            };
        }

        /** SQL that counts 1 if the session whose id is its parameter waits for a lock another session holds. */
        String waitsForLockSql() {
            return switch (this) {
                case H2 -> "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID = ?"
                        + " AND BLOCKER_ID IS NOT NULL";
                case POSTGRESQL -> "SELECT COUNT(*) FROM pg_stat_activity WHERE pid = ?"
                        + " AND cardinality(pg_blocking_pids(pid)) > 0";
                case MARIADB -> "SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id = ?"
                        + " AND trx_state = 'LOCK WAIT'";
            };
        }

        /**
         * How long to wait between two {@link #waitsForLockSql()} queries. InnoDB refreshes the cache behind
         * {@code information_schema.INNODB_TRX} only when it was not read in the last 0.1 s, so polling MariaDB faster
         * would read the same stale answer for ever.
         */
        Duration lockWaitPollInterval() {
            return this == MARIADB ? Duration.ofMillis(200) : Duration.ofMillis(5);
        }

        /** SQL text of a timestamp column as the UTC wall-clock time, 'yyyy-MM-dd HH:mm:ss.SSSSSS'. */
        String utcText(String column) {
            return switch (this) {
                case H2 -> "FORMATDATETIME(" + column + ", 'yyyy-MM-dd HH:mm:ss.SSSSSS', 'en', 'UTC')";
                case POSTGRESQL -> "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')";
                case MARIADB -> "DATE_FORMAT(" + column + ", '%Y-%m-%d %H:%i:%s.%f')";
            };
        }
    }

    /** Per server: "" if reachable, otherwise why not. Checked once per JVM. */
    private static final Map<Kind, String> UNREACHABLE = new ConcurrentHashMap<>();
    private static final AtomicInteger POOLS = new AtomicInteger();

    final Kind kind;
    final String url;
    final String user;
    final String password;
    private final List<String> tables = new ArrayList<>();
    private final List<String> cleanups = new ArrayList<>();
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final Connection keepAlive;

    private TestDatabase(Kind kind, String url, String user, String password, Connection keepAlive) {
        this.kind = kind;
        this.url = url;
        this.user = user;
        this.password = password;
        this.keepAlive = keepAlive;
    }

    static boolean databasesRequired() {
        return "true".equalsIgnoreCase(System.getenv("PATKIT_REQUIRE_DATABASES"));
    }

    /** The database, or a skipped (locally) or failed (CI) test if it cannot be reached. */
    static TestDatabase open(Kind kind) {
        if (kind == Kind.H2) {
            // Lives while keepAlive is open, that is until close().
            String url = "jdbc:h2:mem:patkit_" + randomSuffix();
            try {
                return new TestDatabase(kind, url, "sa", "", DriverManager.getConnection(url, "sa", ""));
            } catch (SQLException e) {
                throw new IllegalStateException("cannot open H2 in memory", e);
            }
        }
        String url = env(kind.urlVar, kind.defaultUrl);
        String user = env(kind.userVar, kind.defaultUser);
        String password = env(kind.passwordVar, kind.defaultPassword);
        String problem = UNREACHABLE.get(kind);
        if (problem == null) {
            try (Connection c = connect(kind, url, user, password)) {
                c.isValid(2);
                problem = "";
                UNREACHABLE.put(kind, problem);
            } catch (SQLException e) {
                problem = "SQLState " + e.getSQLState() + ", " + e.getClass().getSimpleName();
                UNREACHABLE.put(kind, problem);
            }
        }
        if (!problem.isEmpty()) {
            String shownUrl = url.contains("?") ? url.substring(0, url.indexOf('?')) + "?..." : url;
            String message = kind.label + " is not reachable at " + shownUrl + " as '" + user + "' (" + problem + ")."
                    + " Start it or point " + kind.urlVar + ", " + kind.userVar + " and " + kind.passwordVar
                    + " at one.";
            if (databasesRequired()) {
                fail(message + " PATKIT_REQUIRE_DATABASES=true: the " + kind.label + " tests must run, not skip.");
            }
            String skip = "skipping the " + kind.label + " tests: " + message
                    + " (set PATKIT_REQUIRE_DATABASES=true to make this a failure)";
            // Surefire counts a class aborted in @BeforeAll as 0 tests run; say why on the console as well.
            System.err.println("[patkit] " + skip);
            Assumptions.abort(skip);
        }
        return new TestDatabase(kind, url, user, password, null);
    }

    private static Connection connect(Kind kind, String url, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        // PostgreSQL counts seconds, MariaDB milliseconds.
        p.setProperty("connectTimeout", kind == Kind.MARIADB ? "3000" : "3");
        return DriverManager.getConnection(url, p);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    static String randomSuffix() {
        byte[] b = new byte[6];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A fresh table name; the table and its owners table are dropped on {@link #close()}. */
    String newTableName() {
        String name = "patkit_t_" + randomSuffix();
        synchronized (tables) {
            tables.add(name);
        }
        return name;
    }

    /** SQL run by an admin connection on {@link #close()}, before the tables are dropped. */
    void onClose(String sql) {
        synchronized (cleanups) {
            cleanups.add(sql);
        }
    }

    /** A HikariCP pool on this database, closed on {@link #close()}. */
    HikariDataSource pool(int size, Consumer<HikariConfig> tweak) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("patkit-test-" + kind.name().toLowerCase() + "-" + POOLS.incrementAndGet());
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(5_000);
        tweak.accept(config);
        HikariDataSource ds = new HikariDataSource(config);
        synchronized (pools) {
            pools.add(ds);
        }
        return ds;
    }

    HikariDataSource pool(int size) {
        return pool(size, c -> { });
    }

    /** A connection outside any pool, for setting up faults and reading raw rows. */
    Connection admin() throws SQLException {
        return kind == Kind.H2 ? DriverManager.getConnection(url, "sa", "") : connect(kind, url, user, password);
    }

    /**
     * Waits until one of these sessions waits for a lock held by another session. Polls the database's own view of
     * its lock waits: a wait inside the server cannot be signalled to the test otherwise.
     *
     * @param work the call expected to wait; if it ends first, the test fails with its outcome
     * @throws AssertionError if none does within 30 seconds, or the work ends without having waited
     */
    void awaitLockWait(ObservedDataSource sessions, Future<?> work) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Connection c = admin(); PreparedStatement ps = c.prepareStatement(kind.waitsForLockSql())) {
            while (System.nanoTime() < deadline && !work.isDone()) {
                for (long session : sessions.sessionIds()) {
                    ps.setLong(1, session);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            return;
                        }
                    }
                }
                LockSupport.parkNanos(kind.lockWaitPollInterval().toNanos());
            }
        }
        if (work.isDone()) {
            try {
                throw new AssertionError("the call ended without waiting for a lock on " + kind.label + ": "
                        + work.get());
            } catch (ExecutionException e) {
                throw new AssertionError("the call failed without waiting for a lock on " + kind.label, e.getCause());
            }
        }
        throw new AssertionError("no session of " + sessions + " came to wait for a lock on " + kind.label);
    }

    void execute(String sql) throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() {
        List<HikariDataSource> toClose;
        synchronized (pools) {
            toClose = new ArrayList<>(pools);
        }
        toClose.forEach(HikariDataSource::close);
        try (Connection c = admin(); Statement s = c.createStatement()) {
            for (String sql : cleanups) {
                try {
                    s.execute(sql);
                } catch (SQLException e) {
                    System.err.println("test cleanup failed (" + e.getSQLState() + "): " + sql);
                }
            }
            for (String table : tables) {
                for (String suffix : List.of("", "_owners", "_changes", "_sequence", "_nodes", "_reminders")) {
                    s.execute("DROP TABLE IF EXISTS " + table + suffix);
                }
            }
        } catch (SQLException e) {
            System.err.println("could not drop the test tables " + tables + ": " + e);
        }
        if (keepAlive != null) {
            try {
                keepAlive.close();
            } catch (SQLException e) {
                // in-memory database goes away with the JVM
            }
        }
    }
}
