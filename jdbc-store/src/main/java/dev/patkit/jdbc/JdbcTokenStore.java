package dev.patkit.jdbc;

import dev.patkit.StoredToken;
import dev.patkit.TokenStore;
import dev.patkit.TokenStoreException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
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
 * store.createTableIfMissing();                                // or run JdbcDialect.X.ddl(name) in your migrations
 * TokenService tokens = TokenService.builder().store(store).roleResolver(...).build();
 * }</pre>
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>The database enforces that an owner's tokens that are not revoked have distinct names (a partial unique index
 *       on PostgreSQL, a unique index on a generated column elsewhere), so of two concurrent inserts of one name
 *       exactly one succeeds, on any number of nodes.
 *   <li>{@link #insert}, {@link #rotate} and {@link #revokeAll} of one owner run one at a time: each is one
 *       transaction that first locks the owner's row in {@code <table>_owners}, so racing calls end as they would one
 *       after the other. After {@code revokeAll(owner)} returns, no token of that owner made before it began is
 *       active, nor the replacement made by a rotation that was in progress.
 *   <li>{@link #revoke} is one conditional {@code UPDATE}. {@link #revokeAll} locks the owner's active rows and revokes
 *       exactly those. {@link #rotate} revokes the old row and inserts its replacement in one transaction: no reader
 *       ever sees both active, or neither.
 *   <li>Every revocation ({@link #revoke}, {@link #revokeAll}, {@link #rotate}) also appends its tokens to the change
 *       log {@code <table>_changes} in the same transaction, numbered in commit order by the one row of
 *       {@code <table>_sequence} (and, on PostgreSQL, sends a {@code NOTIFY} with the number): what
 *       {@link JdbcClusterFeed} follows in cluster mode. Always, so that a node in strict mode that revokes still
 *       tells the nodes that cache. In a deployment without cluster mode nothing prunes that log: one small row per
 *       revoked token, as the token table keeps the revoked row.
 *   <li>{@link #recordLastUsed} is one JDBC batch in one transaction, in id order (so concurrent flushes from several
 *       nodes cannot deadlock); a time is only ever moved forwards, and a use's address history is written in the
 *       same statement as its time, or not at all.
 *   <li>{@link #find} is one {@code SELECT} per call, each condition backed by an index ({@link TokenQueries}).
 *   <li>{@link #claimReminder} lets exactly one of any number of racing claimers on any nodes win, and takes over a
 *       stale unsent claim once; a sent reminder is never claimed again ({@code <table>_reminders}, {@link Reminders}).
 *   <li>Instants are kept in UTC with microsecond precision (finer parts are truncated), whatever the time zone of
 *       the JVM or of the database session.
 * </ul>
 *
 * <h2>Errors</h2>
 * Every failure is a {@link TokenStoreException} whose message names the operation, the table, a fixed description,
 * the SQLState and the vendor code. It never carries the driver's message nor the {@link SQLException} (drivers quote
 * parameter values in their messages), so no secret, hash, owner or name can leak into logs through it. The token
 * service refuses verification with {@code STORE_UNAVAILABLE} when the store throws: it fails closed.
 */
public final class JdbcTokenStore implements TokenStore {

    /** The default table name. */
    public static final String DEFAULT_TABLE_NAME = "patkit_tokens";

    /** The default per-statement timeout. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(10);

    private final DataSource dataSource;
    private final TableName table;
    private final JdbcDialect dialect;
    private final int queryTimeoutSeconds;
    private final Transactions transactions;
    private final TokenTable tokens;
    private final TokenQueries queries;
    private final Reminders reminders;
    private final ChangeLog changes;

    JdbcTokenStore(DataSource dataSource, TableName table, JdbcDialect dialect, Duration queryTimeout) {
        this.dataSource = dataSource;
        this.table = table;
        this.dialect = dialect;
        this.queryTimeoutSeconds = (int) Math.min(Integer.MAX_VALUE,
                queryTimeout.getSeconds() + (queryTimeout.getNano() > 0 ? 1 : 0));
        this.transactions = new Transactions(dataSource, table);
        TokenRows rows = new TokenRows(InstantColumns.of(dialect));
        this.tokens = new TokenTable(table, dialect, rows, queryTimeoutSeconds);
        this.queries = new TokenQueries(table, dialect, rows, queryTimeoutSeconds);
        this.reminders = new Reminders(table, dialect, rows, queryTimeoutSeconds);
        this.changes = new ChangeLog(table, dialect, queryTimeoutSeconds);
    }

    /**
     * A builder for a store on this data source.
     *
     * @param dataSource where connections come from: a pool on the primary database (not an asynchronous replica,
     *                   which would delay revocations). In auto-commit mode or not: every call ends the transactions
     *                   it runs, reads included.
     */
    public static JdbcTokenStoreBuilder builder(DataSource dataSource) {
        return new JdbcTokenStoreBuilder(dataSource);
    }

    /** The table this store uses, as configured. */
    public String tableName() {
        return table.qualified();
    }

    /** The database dialect in use, detected or configured. */
    public JdbcDialect dialect() {
        return dialect;
    }

    /** The data source, for this store's {@link JdbcClusterFeed}. */
    DataSource dataSource() {
        return dataSource;
    }

    /** The validated table name, for this store's {@link JdbcClusterFeed}. */
    TableName table() {
        return table;
    }

    /**
     * Creates what is missing of the store's schema ({@link JdbcDialect#ddl(String)} for this table and dialect) and
     * leaves what exists. For quick starts and tests; in production run the DDL with your migration tool. Safe to
     * call from several nodes at once: a creation that loses a race is tried again.
     *
     * @throws TokenStoreException if the DDL fails
     */
    public void createTableIfMissing() {
        Ddl.createMissing(transactions, Ddl.of(dialect, table));
    }

    // ------------------------------------------------------------------ TokenStore

    @Override
    public boolean insert(StoredToken token) {
        Objects.requireNonNull(token, "token");
        try {
            transactions.write("insert", c -> {
                tokens.lockOwner(c, token.owner());
                tokens.insert(c, token);
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
        return transactions.read("findByLookupId", c -> tokens.byLookupId(c, lookupId));
    }

    @Override
    public Optional<StoredToken> findById(String id) {
        Objects.requireNonNull(id, "id");
        return transactions.read("findById", c -> tokens.byId(c, id));
    }

    @Override
    public List<StoredToken> listByOwner(String owner) {
        Objects.requireNonNull(owner, "owner");
        return transactions.read("listByOwner", c -> tokens.activeOfOwner(c, owner));
    }

    @Override
    public boolean revoke(String id, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        return transactions.write("revoke", c -> {
            if (!tokens.revoke(c, id, at)) {
                return false;
            }
            changes.record(c, List.of(new ChangeLog.Change(id, tokens.lookupIdOf(c, id))));
            return true;
        });
    }

    @Override
    public List<StoredToken> revokeAll(String owner, Instant at) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(at, "at");
        return transactions.write("revokeAll", c -> {
            // After the owner's lock, a rotation or create of this owner has committed or not begun: the next
            // statement sees its rows.
            tokens.lockOwner(c, owner);
            List<StoredToken> active = tokens.lockActiveOfOwner(c, owner);
            tokens.revokeEach(c, active, at);
            changes.record(c, active.stream().map(t -> new ChangeLog.Change(t.id(), t.lookupId())).toList());
            return active;
        });
    }

    @Override
    public boolean rotate(String oldId, Instant revokedAt, StoredToken replacement) {
        Objects.requireNonNull(oldId, "oldId");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(replacement, "replacement");
        try {
            return transactions.write("rotate", c -> {
                tokens.lockOwner(c, replacement.owner());
                if (!tokens.revokeOwned(c, oldId, replacement.owner(), revokedAt)) {
                    return false;
                }
                tokens.insert(c, replacement);
                changes.record(c, List.of(new ChangeLog.Change(oldId, tokens.lookupIdOf(c, oldId))));
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
        transactions.write("updateHash", c -> {
            tokens.updateHash(c, id, hash);
            return null;
        });
    }

    @Override
    public void recordLastUsed(Map<String, LastUse> usesById) {
        Objects.requireNonNull(usesById, "usesById");
        if (usesById.isEmpty()) {
            return;
        }
        // Id order: two nodes flushing overlapping batches lock rows in the same order.
        Map<String, LastUse> sorted = new TreeMap<>(usesById);
        transactions.write("recordLastUsed", c -> {
            tokens.touch(c, sorted);
            return null;
        });
    }
    @Override
    public List<StoredToken> find(Criteria criteria) {
        Objects.requireNonNull(criteria, "criteria");
        return transactions.read("find", c -> queries.find(c, criteria));
    }

    @Override
    public boolean claimReminder(String tokenId, String reminder, Instant now, Instant staleBefore) {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(reminder, "reminder");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(staleBefore, "staleBefore");
        try {
            return transactions.write("claimReminder", c -> reminders.claim(c, tokenId, reminder, now, staleBefore));
        } catch (Conflict e) {
            return false; // lost a race the database refused to serialise; see Reminders
        }
    }

    @Override
    public void reminderSent(String tokenId, String reminder, Instant at) {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(reminder, "reminder");
        Objects.requireNonNull(at, "at");
        transactions.write("reminderSent", c -> {
            reminders.sent(c, tokenId, reminder, at);
            return null;
        });
    }

    /**
     * After a unique violation: ids and lookup ids are never deleted, so if neither exists the violated key was the
     * owner's active name, and the answer is {@code false}. A duplicate id or lookup id is a failure.
     */
    private boolean afterConflict(String operation, StoredToken t) {
        long clashes = transactions.read(operation, c -> tokens.countIdOrLookupId(c, t.id(), t.lookupId()));
        if (clashes > 0) {
            throw new TokenStoreException("patkit JDBC store: " + operation + " on table " + table + " failed: a token"
                    + " with the same id or lookup id already exists");
        }
        return false;
    }

    @Override
    public String toString() {
        return "JdbcTokenStore[table=" + table + ", dialect=" + dialect + ", queryTimeout="
                + (queryTimeoutSeconds == 0 ? "none" : Duration.ofSeconds(queryTimeoutSeconds)) + "]";
    }
}
