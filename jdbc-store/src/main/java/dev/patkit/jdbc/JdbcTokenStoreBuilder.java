package dev.patkit.jdbc;

import dev.patkit.TokenStoreException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Configures and builds a {@link JdbcTokenStore}: start at {@link JdbcTokenStore#builder(DataSource)}. Each setter
 * checks its argument at once, with a message saying what is allowed, and may be called once; {@link #build()}
 * connects only to detect the dialect when none was set. A builder builds once: it is sealed afterwards.
 */
public final class JdbcTokenStoreBuilder {

    private final DataSource dataSource;
    private TableName table;
    private JdbcDialect dialect;
    private Duration queryTimeout;
    private boolean built;

    JdbcTokenStoreBuilder(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * The table name, default {@value JdbcTokenStore#DEFAULT_TABLE_NAME}. It is pasted into SQL, so it must be a
     * plain identifier: an ASCII letter or {@code _}, then ASCII letters, digits or {@code _}, at most 48
     * characters, not a reserved word; optionally qualified by a schema of the same form ({@code schema.table}).
     * Unquoted, so the database folds its case as usual (PostgreSQL to lower, H2 to upper case). Index names are
     * the table name (without schema) plus a suffix.
     *
     * @throws IllegalArgumentException saying what is allowed, if it is not such an identifier
     * @throws IllegalStateException    if the table was set already, or the builder has built its store
     */
    public JdbcTokenStoreBuilder tableName(String tableName) {
        checkOpen();
        checkUnset(table, "table");
        this.table = TableName.of(tableName);
        return this;
    }

    /**
     * The database dialect; by default detected from the database's metadata when building.
     *
     * @throws IllegalStateException if the dialect was set already, or the builder has built its store
     */
    public JdbcTokenStoreBuilder dialect(JdbcDialect dialect) {
        checkOpen();
        checkUnset(this.dialect, "dialect");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        return this;
    }

    /**
     * How long one statement may run before the driver cancels it ({@link java.sql.Statement#setQueryTimeout}),
     * rounded up to whole seconds; {@link Duration#ZERO} for no timeout. Default
     * {@link JdbcTokenStore#DEFAULT_QUERY_TIMEOUT} (10 seconds). A statement that times out fails with a
     * {@link TokenStoreException}: verification is refused, a write is rolled back.
     *
     * @throws IllegalArgumentException if negative
     * @throws IllegalStateException    if the timeout was set already, or the builder has built its store
     */
    public JdbcTokenStoreBuilder queryTimeout(Duration timeout) {
        checkOpen();
        checkUnset(queryTimeout, "queryTimeout");
        Objects.requireNonNull(timeout, "queryTimeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("queryTimeout cannot be negative: " + timeout);
        }
        this.queryTimeout = timeout;
        return this;
    }

    /**
     * Builds the store. Without an explicit {@link #dialect(JdbcDialect)}, borrows one connection to read the
     * database's product name; if that fails, the builder is not sealed and may be given a dialect.
     *
     * @throws TokenStoreException   if the dialect must be detected and the database cannot be reached
     * @throws IllegalStateException if the database product is not supported, or the builder has built already
     */
    public JdbcTokenStore build() {
        checkOpen();
        TableName t = table != null ? table : TableName.of(JdbcTokenStore.DEFAULT_TABLE_NAME);
        JdbcDialect d = dialect != null ? dialect : detect(t);
        Duration timeout = queryTimeout != null ? queryTimeout : JdbcTokenStore.DEFAULT_QUERY_TIMEOUT;
        built = true;
        return new JdbcTokenStore(dataSource, t, d, timeout);
    }

    private JdbcDialect detect(TableName t) {
        String product;
        String version;
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            product = meta.getDatabaseProductName();
            version = meta.getDatabaseProductVersion();
        } catch (SQLException e) {
            throw Failures.translate("detecting the dialect (set dialect(...) to build without connecting)", t, e);
        }
        return JdbcDialect.forProduct(product, version);
    }

    private void checkOpen() {
        if (built) {
            throw new IllegalStateException("this builder has built its store and is sealed; use a new builder");
        }
    }

    private static void checkUnset(Object current, String what) {
        if (current != null) {
            throw new IllegalStateException(what + " was already set to " + current);
        }
    }

    /** The configuration so far; never the data source (whose own {@code toString()} may show credentials). */
    @Override
    public String toString() {
        return "JdbcTokenStoreBuilder[table=" + (table == null ? JdbcTokenStore.DEFAULT_TABLE_NAME : table)
                + ", dialect=" + (dialect == null ? "detect" : dialect) + ", queryTimeout="
                + (queryTimeout == null ? JdbcTokenStore.DEFAULT_QUERY_TIMEOUT : queryTimeout) + "]";
    }
}
