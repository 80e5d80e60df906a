package dev.patkit.jdbc;

import dev.patkit.StoredToken;
import dev.patkit.TokenStore;
import dev.patkit.TokenStoreException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * A {@link TokenStore} in one table of a relational database (PostgreSQL, MariaDB, MySQL or H2), reached through a
 * {@link DataSource} (any pool). Plain JDBC with prepared statements; thread-safe; every connection is returned to the
 * data source before a method returns.
 *
 * <pre>{@code
 * JdbcTokenStore store = JdbcTokenStore.builder(dataSource)   // e.g. a HikariDataSource
 *         .tableName("patkit_tokens")                          // the default
 *         .build();                                            // detects the dialect from the database
 * store.createTableIfMissing();                                // or run store.ddl() with your migration tool
 * TokenService tokens = TokenService.builder().store(store).roleResolver(...).build();
 * }</pre>
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>The database enforces that an owner's tokens that are not revoked have distinct names (a partial unique index
 *       on PostgreSQL, a unique index on a generated column elsewhere), so of two concurrent inserts of one name
 *       exactly one succeeds, on any number of nodes.
 *   <li>{@link #revoke} is one conditional {@code UPDATE}. {@link #revokeAll} locks the owner's active rows and revokes
 *       exactly those, in one transaction. {@link #rotate} revokes the old row and inserts its replacement in one
 *       transaction: no reader ever sees both active, or neither.
 *   <li>{@link #recordLastUsed} is one JDBC batch in one transaction, in id order (so concurrent flushes from several
 *       nodes cannot deadlock); a time is only ever moved forwards.
 *   <li>Instants are kept in UTC with microsecond precision (finer parts are truncated), whatever the time zone of
 *       the JVM or of the database session.
 * </ul>
 *
 * <h2>Errors</h2>
 * Every failure is a {@link TokenStoreException} whose message names the operation, the table, a fixed description,
 * the SQLState and the vendor code. It never carries the driver's message nor the {@link SQLException} (drivers quote
 * parameter values in their messages), so no secret, hash or user data can leak into logs through it. The token
 * service refuses verification with {@code STORE_UNAVAILABLE} when the store throws: it fails closed.
 */
public final class JdbcTokenStore implements TokenStore {

    /** The default table name. */
    public static final String DEFAULT_TABLE_NAME = "patkit_tokens";

    /** The default per-statement timeout. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(10);

    private static final String COLUMNS = "id, owner_id, name, lookup_id, secret_hash, created_at, expires_at,"
            + " last_used_at, revoked_at, scopes, replaced_token_id";

    private final DataSource dataSource;
    private final TableName table;
    private final JdbcDialect dialect;
    private final int queryTimeoutSeconds;

    private final String insertSql;
    private final String byLookupIdSql;
    private final String byIdSql;
    private final String byOwnerSql;
    private final String revokeSql;
    private final String activeOfOwnerForUpdateSql;
    private final String updateHashSql;
    private final String touchSql;
    private final String expiringSql;
    private final String countIdOrLookupIdSql;

    private JdbcTokenStore(Builder b, JdbcDialect dialect) {
        this.dataSource = b.dataSource;
        this.table = b.table;
        this.dialect = dialect;
        this.queryTimeoutSeconds = (int) Math.min(Integer.MAX_VALUE,
                b.queryTimeout.getSeconds() + (b.queryTimeout.getNano() > 0 ? 1 : 0));
        String t = table.qualified();
        // On PostgreSQL a conflict inserts nothing instead of failing: no aborted transaction, no server error log
        // line quoting the key. Elsewhere it fails with a unique violation. Both end in afterConflict.
        this.insertSql = "INSERT INTO " + t + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + (dialect == JdbcDialect.POSTGRESQL ? " ON CONFLICT DO NOTHING" : "");
        this.byLookupIdSql = "SELECT " + COLUMNS + " FROM " + t + " WHERE lookup_id = ?";
        this.byIdSql = "SELECT " + COLUMNS + " FROM " + t + " WHERE id = ?";
        this.byOwnerSql = "SELECT " + COLUMNS + " FROM " + t + " WHERE owner_id = ? AND revoked_at IS NULL";
        this.revokeSql = "UPDATE " + t + " SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL";
        this.activeOfOwnerForUpdateSql = "SELECT " + COLUMNS + " FROM " + t
                + " WHERE owner_id = ? AND revoked_at IS NULL ORDER BY id FOR UPDATE";
        this.updateHashSql = "UPDATE " + t + " SET secret_hash = ? WHERE id = ?";
        this.touchSql = "UPDATE " + t + " SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at"
                + " < ?)";
        this.expiringSql = "SELECT " + COLUMNS + " FROM " + t
                + " WHERE revoked_at IS NULL AND expires_at >= ? AND expires_at < ?";
        this.countIdOrLookupIdSql = "SELECT COUNT(*) FROM " + t + " WHERE id = ? OR lookup_id = ?";
    }

    /**
     * A builder for a store on this data source.
     *
     * @param dataSource where connections come from; a pool in production. Connections are expected in auto-commit
     *                   mode; if they are not, every write still commits its own transaction.
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** The table this store uses, as configured. */
    public String tableName() {
        return table.qualified();
    }

    /** The database dialect in use, detected or configured. */
    public JdbcDialect dialect() {
        return dialect;
    }

    /** The DDL of this store's table for its dialect: what {@link #createTableIfMissing()} runs. */
    public String ddl() {
        return dialect.ddl(table);
    }

    /**
     * Creates the table and its indexes if they do not exist, with {@link #ddl()}. For quick starts and tests; in
     * production run the DDL with your migration tool. Safe to call from several nodes at once: a creation that loses
     * a race is tried again.
     *
     * @throws TokenStoreException if the DDL fails
     */
    public void createTableIfMissing() {
        List<String> statements = statements(ddl());
        // Concurrent IF NOT EXISTS creations can still collide (PostgreSQL: a unique violation in its catalog; H2:
        // "object already exists"). Each collision means another node created that object, so every attempt gets
        // further; one more attempt than there are statements always suffices unless the failure is real.
        for (int attempt = 1; ; attempt++) {
            try {
                runDdl(statements);
                return;
            } catch (TokenStoreException e) {
                if (attempt > statements.size()) {
                    throw e;
                }
            }
        }
    }

    private void runDdl(List<String> statements) {
        write("createTableIfMissing", c -> {
            try (Statement s = c.createStatement()) {
                for (String sql : statements) {
                    s.execute(sql);
                }
            }
            return null;
        });
    }

    /** The statements of a DDL text: comment lines dropped, split at {@code ;} ending a line. */
    static List<String> statements(String ddl) {
        StringBuilder current = new StringBuilder();
        List<String> out = new ArrayList<>();
        for (String line : ddl.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                out.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    // ------------------------------------------------------------------ TokenStore

    @Override
    public boolean insert(StoredToken token) {
        Objects.requireNonNull(token, "token");
        try {
            write("insert", c -> {
                insertRow(c, token);
                return null;
            });
            return true;
        } catch (Conflict e) {
            return afterConflict("insert", token);
        }
    }

    @Override
    public Optional<StoredToken> findByLookupId(String lookupId) {
        Objects.requireNonNull(lookupId, "lookupId");
        return read("findByLookupId", c -> queryOne(c, byLookupIdSql, lookupId));
    }

    @Override
    public Optional<StoredToken> findById(String id) {
        Objects.requireNonNull(id, "id");
        return read("findById", c -> queryOne(c, byIdSql, id));
    }

    @Override
    public List<StoredToken> listByOwner(String owner) {
        Objects.requireNonNull(owner, "owner");
        return read("listByOwner", c -> {
            try (PreparedStatement ps = prepare(c, byOwnerSql)) {
                ps.setString(1, owner);
                return rows(ps);
            }
        });
    }

    @Override
    public boolean revoke(String id, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        return write("revoke", c -> revokeRow(c, id, at));
    }

    @Override
    public List<StoredToken> revokeAll(String owner, Instant at) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(at, "at");
        return write("revokeAll", c -> {
            List<StoredToken> active;
            try (PreparedStatement ps = prepare(c, activeOfOwnerForUpdateSql)) {
                ps.setString(1, owner);
                active = rows(ps);
            }
            if (active.isEmpty()) {
                return active;
            }
            try (PreparedStatement ps = prepare(c, revokeSql)) {
                for (StoredToken t : active) {
                    dialect.bindInstant(ps, 1, micros(at));
                    ps.setString(2, t.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return active;
        });
    }

    @Override
    public boolean rotate(String oldId, Instant revokedAt, StoredToken replacement) {
        Objects.requireNonNull(oldId, "oldId");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(replacement, "replacement");
        try {
            return write("rotate", c -> {
                if (!revokeRow(c, oldId, revokedAt)) {
                    return false;
                }
                insertRow(c, replacement);
                return true;
            });
        } catch (Conflict e) {
            // Rolled back: the old token is as it was. Only a replacement whose name is taken by another active
            // token gets here (the old one's name was freed in the same transaction).
            return afterConflict("rotate", replacement);
        }
    }

    @Override
    public void updateHash(String id, String hash) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(hash, "hash");
        write("updateHash", c -> {
            try (PreparedStatement ps = prepare(c, updateHashSql)) {
                ps.setString(1, hash);
                ps.setString(2, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void recordLastUsed(Map<String, Instant> lastUsedById) {
        Objects.requireNonNull(lastUsedById, "lastUsedById");
        if (lastUsedById.isEmpty()) {
            return;
        }
        // Id order: two nodes flushing overlapping batches lock rows in the same order.
        Map<String, Instant> sorted = new TreeMap<>(lastUsedById);
        write("recordLastUsed", c -> {
            try (PreparedStatement ps = prepare(c, touchSql)) {
                for (Map.Entry<String, Instant> e : sorted.entrySet()) {
                    Instant at = micros(Objects.requireNonNull(e.getValue(), "lastUsedAt"));
                    dialect.bindInstant(ps, 1, at);
                    ps.setString(2, Objects.requireNonNull(e.getKey(), "token id"));
                    dialect.bindInstant(ps, 3, at);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<StoredToken> findExpiringBetween(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return read("findExpiringBetween", c -> {
            try (PreparedStatement ps = prepare(c, expiringSql)) {
                dialect.bindInstant(ps, 1, micros(from));
                dialect.bindInstant(ps, 2, micros(to));
                return rows(ps);
            }
        });
    }

    // ------------------------------------------------------------------ rows

    private void insertRow(Connection c, StoredToken t) throws SQLException {
        try (PreparedStatement ps = prepare(c, insertSql)) {
            ps.setString(1, t.id());
            ps.setString(2, t.owner());
            ps.setString(3, t.name());
            ps.setString(4, t.lookupId());
            ps.setString(5, t.hash());
            dialect.bindInstant(ps, 6, micros(t.createdAt()));
            dialect.bindInstant(ps, 7, micros(t.expiresAt()));
            dialect.bindInstant(ps, 8, micros(t.lastUsedAt()));
            dialect.bindInstant(ps, 9, micros(t.revokedAt()));
            ps.setString(10, ScopesCodec.encode(t.scopes()));
            ps.setString(11, t.replacedTokenId());
            if (ps.executeUpdate() == 0) {
                throw new Conflict();
            }
        } catch (SQLException e) {
            if (Failures.isUniqueViolation(e)) {
                throw new Conflict();
            }
            throw e;
        }
    }

    private boolean revokeRow(Connection c, String id, Instant at) throws SQLException {
        try (PreparedStatement ps = prepare(c, revokeSql)) {
            dialect.bindInstant(ps, 1, micros(at));
            ps.setString(2, id);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * After a unique violation: ids and lookup ids are never deleted, so if neither exists the violated key was the
     * owner's active name, and the answer is {@code false}. A duplicate id or lookup id is a failure.
     */
    private boolean afterConflict(String operation, StoredToken t) {
        long clashes = read(operation, c -> {
            try (PreparedStatement ps = prepare(c, countIdOrLookupIdSql)) {
                ps.setString(1, t.id());
                ps.setString(2, t.lookupId());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        if (clashes > 0) {
            throw new TokenStoreException("patkit JDBC store: " + operation + " on table " + table + " failed: a token"
                    + " with the same id or lookup id already exists");
        }
        return false;
    }

    private Optional<StoredToken> queryOne(Connection c, String sql, String key) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private List<StoredToken> rows(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<StoredToken> out = new ArrayList<>();
            while (rs.next()) {
                out.add(row(rs));
            }
            return out;
        }
    }

    private StoredToken row(ResultSet rs) throws SQLException {
        return new StoredToken(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                dialect.readInstant(rs, 6),
                dialect.readInstant(rs, 7),
                dialect.readInstant(rs, 8),
                dialect.readInstant(rs, 9),
                ScopesCodec.decode(rs.getString(10)),
                rs.getString(11));
    }

    private PreparedStatement prepare(Connection c, String sql) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        if (queryTimeoutSeconds > 0) {
            ps.setQueryTimeout(queryTimeoutSeconds);
        }
        return ps;
    }

    private static Instant micros(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.MICROS);
    }

    // ------------------------------------------------------------------ connections and transactions

    /** Work on a connection. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** A unique key was violated; the transaction has been rolled back. */
    private static final class Conflict extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Conflict() {
            super("unique key violated", null, false, false);
        }
    }

    private <T> T read(String operation, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw Failures.translate(operation, table, e);
        } catch (TokenStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw Failures.translate(operation, table, e);
        }
    }

    /** Runs the work in one transaction, committed if it returns and rolled back if it throws. */
    private <T> T write(String operation, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            if (autoCommit) {
                c.setAutoCommit(false);
            }
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                if (autoCommit) {
                    restoreAutoCommit(c);
                }
            }
        } catch (SQLException e) {
            throw Failures.translate(operation, table, e);
        } catch (Conflict | TokenStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw Failures.translate(operation, table, e);
        }
    }

    private static void rollbackQuietly(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            // The connection is broken; the database rolls back what it had when it drops it. Nothing of the
            // secondary failure's message is kept.
            failure.addSuppressed(new TokenStoreException("rollback failed too [SQLState "
                    + (e instanceof SQLException s ? s.getSQLState() : "none") + "]"));
        }
    }

    private static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException | RuntimeException e) {
            // A broken connection; the pool discards it.
        }
    }

    @Override
    public String toString() {
        return "JdbcTokenStore[table=" + table + ", dialect=" + dialect + ", queryTimeout="
                + (queryTimeoutSeconds == 0 ? "none" : Duration.ofSeconds(queryTimeoutSeconds)) + "]";
    }

    // ------------------------------------------------------------------ builder

    /**
     * Configures a {@link JdbcTokenStore}. Each setter checks its argument at once; {@link #build()} connects only to
     * detect the dialect when none was set.
     */
    public static final class Builder {

        private final DataSource dataSource;
        private TableName table = TableName.of(DEFAULT_TABLE_NAME);
        private JdbcDialect dialect;
        private Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;

        private Builder(DataSource dataSource) {
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
         */
        public Builder tableName(String tableName) {
            this.table = TableName.of(tableName);
            return this;
        }

        /** The database dialect; by default detected from the database's metadata when building. */
        public Builder dialect(JdbcDialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /**
         * How long one statement may run before the driver cancels it ({@link java.sql.Statement#setQueryTimeout}),
         * rounded up to whole seconds; {@link Duration#ZERO} for no timeout. Default 10 seconds. A statement that
         * times out fails with a {@link TokenStoreException}: verification is refused, a write is rolled back.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder queryTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "queryTimeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("queryTimeout cannot be negative: " + timeout);
            }
            this.queryTimeout = timeout;
            return this;
        }

        /**
         * Builds the store. Without an explicit {@link #dialect(JdbcDialect)}, borrows one connection to read the
         * database's product name.
         *
         * @throws TokenStoreException   if the dialect must be detected and the database cannot be reached
         * @throws IllegalStateException if the database product is not supported
         */
        public JdbcTokenStore build() {
            JdbcDialect d = dialect != null ? dialect : detect();
            return new JdbcTokenStore(this, d);
        }

        private JdbcDialect detect() {
            String product;
            String version;
            try (Connection c = dataSource.getConnection()) {
                DatabaseMetaData meta = c.getMetaData();
                product = meta.getDatabaseProductName();
                version = meta.getDatabaseProductVersion();
            } catch (SQLException e) {
                TokenStoreException f = Failures.translate("detecting the dialect (set dialect(...) to build without"
                        + " connecting)", table, e);
                throw f;
            }
            return JdbcDialect.forProduct(product, version);
        }

        @Override
        public String toString() {
            return "JdbcTokenStore.Builder[table=" + table + ", dialect=" + (dialect == null ? "detect" : dialect)
                    + ", queryTimeout=" + queryTimeout + "]";
        }
    }
}
