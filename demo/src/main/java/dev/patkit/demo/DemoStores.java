package dev.patkit.demo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.patkit.ClusterFeed;
import dev.patkit.TokenStore;
import dev.patkit.jdbc.JdbcClusterFeed;
import dev.patkit.jdbc.JdbcTokenStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Where the demo keeps its tokens. The only class that knows which {@link TokenStore} is used.
 *
 * <p>{@code --data DIR} (an embedded H2 file database, the default in
 * {@code ./patkit-demo-data}) or {@code --jdbc-url URL} opens a pooled {@link DataSource}, so a wrong URL or a
 * missing driver fails at start-up.
 * Tokens are kept there by patkit's {@link JdbcTokenStore}, whose table is created if missing, so they survive a
 * restart. With {@code --jdbc-url} (and no {@code --strict}) the demo is one node of a cluster: a
 * {@link JdbcClusterFeed} on the same tables, with its default lease (2 s) and, on PostgreSQL, LISTEN/NOTIFY.
 */
final class DemoStores implements AutoCloseable {

    private final String jdbcUrl;
    private final HikariDataSource dataSource;
    private final JdbcTokenStore store;
    private final ClusterFeed cluster;

    private DemoStores(String jdbcUrl, HikariDataSource dataSource, JdbcTokenStore store, boolean cluster) {
        this.jdbcUrl = jdbcUrl;
        this.dataSource = dataSource;
        this.store = store;
        this.cluster = cluster ? JdbcClusterFeed.builder(store).build() : null;
    }

    /**
     * Opens the database named by the options and the token store on it.
     *
     * @throws IllegalStateException with a message for the user when the database cannot be opened
     */
    static DemoStores open(DemoOptions options) {
        String url = jdbcUrl(options);
        HikariDataSource dataSource = openDataSource(url);
        try {
            return new DemoStores(url, dataSource, createStore(dataSource), options.cluster());
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /** The token store on the database, its table created if missing. */
    private static JdbcTokenStore createStore(DataSource dataSource) {
        JdbcTokenStore store = JdbcTokenStore.builder(dataSource).build();
        store.createTableIfMissing();
        return store;
    }

    /** The JDBC URL: {@code --jdbc-url} as given, else an H2 file database in {@code --data}. */
    static String jdbcUrl(DemoOptions options) {
        if (options.jdbcUrl() != null) {
            return options.jdbcUrl();
        }
        Path dir = options.dataDir().toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir, e);
        }
        // H2 takes the path literally up to the first ';', so a directory with ';' cannot be used.
        if (dir.toString().indexOf(';') >= 0) {
            throw new IllegalArgumentException("--data must not contain ';': " + dir);
        }
        return "jdbc:h2:file:" + dir.resolve("patkit").toString().replace('\\', '/');
    }

    private static HikariDataSource openDataSource(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName("patkit-demo");
        config.setMaximumPoolSize(5); // in cluster mode on PostgreSQL, one is the feed's listening connection
        config.setConnectionTimeout(5_000);
        config.setInitializationFailTimeout(1);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open the database " + redact(url) + ": " + e.getMessage(), e);
        }
    }

    /** The token store. */
    TokenStore store() {
        return store;
    }

    /** The cluster feed for the one token service on this store, in cluster mode. */
    Optional<ClusterFeed> cluster() {
        return Optional.ofNullable(cluster);
    }

    /** One line for the start-up message: where tokens are kept, and how they are verified. */
    String description() {
        return redact(jdbcUrl) + (cluster != null ? " (cluster mode: cached tokens verified from memory, revocations"
                + " wait for every node; --strict to read the database on every call)" : "");
    }

    /** The URL without anything after '?' or ';' past the database name, where passwords may be. */
    static String redact(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return url;
        }
        int cut = url.indexOf('?');
        return cut < 0 ? url : url.substring(0, cut) + "?...";
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
