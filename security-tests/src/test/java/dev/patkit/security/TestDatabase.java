package dev.patkit.security;

import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * A real database for the security tests: H2 in memory, or the PostgreSQL server named by {@code PATKIT_PG_URL},
 * {@code PATKIT_PG_USER}, {@code PATKIT_PG_PASSWORD} (default {@code jdbc:postgresql://127.0.0.1:5432/test} as
 * {@code postgres}). Every test makes its own randomly named table, dropped on {@link #close()}.
 *
 * <p>An unreachable PostgreSQL skips the test with a message, unless {@code PATKIT_REQUIRE_DATABASES=true} (CI), which
 * makes it a failure.
 */
final class TestDatabase implements AutoCloseable {

    enum Kind { H2, POSTGRESQL }

    private static final AtomicInteger POOLS = new AtomicInteger();

    final Kind kind;
    final String url;
    final String user;
    final String password;
    private final Connection keepAlive;
    private final List<String> tables = new ArrayList<>();
    private final List<HikariDataSource> pools = new ArrayList<>();

    private TestDatabase(Kind kind, String url, String user, String password, Connection keepAlive) {
        this.kind = kind;
        this.url = url;
        this.user = user;
        this.password = password;
        this.keepAlive = keepAlive;
    }

    static TestDatabase open(Kind kind) {
        return kind == Kind.H2 ? h2() : postgres();
    }

    /**
     * H2 in memory. {@code TRACE_LEVEL_FILE=4} sends H2's own trace (every JDBC call with its arguments, at debug) to
     * SLF4J, so the secret-hygiene test sees it too.
     */
    static TestDatabase h2() {
        String url = "jdbc:h2:mem:patkit_sec_" + suffix() + ";TRACE_LEVEL_FILE=4";
        try {
            return new TestDatabase(Kind.H2, url, "sa", "", DriverManager.getConnection(url, "sa", ""));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open H2 in memory", e);
        }
    }

    static TestDatabase postgres() {
        String url = env("PATKIT_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        String user = env("PATKIT_PG_USER", "postgres");
        String password = env("PATKIT_PG_PASSWORD", "");
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("connectTimeout", "3");
        try (Connection c = DriverManager.getConnection(url, p)) {
            c.isValid(2);
        } catch (SQLException e) {
            String shown = url.contains("?") ? url.substring(0, url.indexOf('?')) + "?..." : url;
            String message = "PostgreSQL is not reachable at " + shown + " as '" + user + "' (SQLState "
                    + e.getSQLState() + "). Start it or point PATKIT_PG_URL, PATKIT_PG_USER and PATKIT_PG_PASSWORD"
                    + " at one.";
            if ("true".equalsIgnoreCase(System.getenv("PATKIT_REQUIRE_DATABASES"))) {
                fail(message + " PATKIT_REQUIRE_DATABASES=true: the PostgreSQL security tests must run, not skip.");
            }
            System.err.println("[patkit] skipping a PostgreSQL security test: " + message);
            Assumptions.abort("skipping: " + message + " (set PATKIT_REQUIRE_DATABASES=true to make this a failure)");
        }
        return new TestDatabase(Kind.POSTGRESQL, url, user, password, null);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    static String suffix() {
        byte[] b = new byte[6];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A fresh table name, dropped on {@link #close()}. */
    String newTableName() {
        String name = "patkit_sec_" + suffix();
        tables.add(name);
        return name;
    }

    /** A HikariCP pool on this database, closed on {@link #close()}. */
    HikariDataSource pool(int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("patkit-sec-" + kind.name().toLowerCase() + "-" + POOLS.incrementAndGet());
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(5_000);
        HikariDataSource ds = new HikariDataSource(config);
        pools.add(ds);
        return ds;
    }

    /** A plain JDBC connection outside any pool. */
    Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return DriverManager.getConnection(url, p);
    }

    /** Every column of every row of the table, as text ({@code column=value}), read with plain JDBC. */
    List<String> dump(String table) throws SQLException {
        List<String> cells = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    cells.add(meta.getColumnName(i) + "=" + rs.getString(i));
                }
            }
        }
        return cells;
    }

    @Override
    public void close() {
        pools.forEach(HikariDataSource::close);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String table : tables) { // the store's companion tables first, then the token table
                for (String suffix : new String[] {"_owners", "_changes", "_sequence", "_nodes", "_reminders", ""}) {
                    s.execute("DROP TABLE IF EXISTS " + table + suffix);
                }
            }
        } catch (SQLException e) {
            System.err.println("could not drop the test tables " + tables + ": SQLState " + e.getSQLState());
        }
        if (keepAlive != null) {
            try {
                keepAlive.close();
            } catch (SQLException e) {
                // the in-memory database goes away with the JVM
            }
        }
    }
}
