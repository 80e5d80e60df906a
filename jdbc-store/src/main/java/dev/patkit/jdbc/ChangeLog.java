package dev.patkit.jdbc;

import dev.patkit.TokenStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Records revocations in the change log, in the transaction that makes them, for cluster mode's feeds
 * ({@link JdbcClusterFeed}). Always on, whether or not this node runs in cluster mode: a node in strict mode that
 * revokes must still tell the nodes that cache.
 *
 * <p>The sequence numbers come from the one row of {@code <table>_sequence}, moved forward by an {@code UPDATE} that
 * holds its row lock until the transaction ends: a second revocation waits for the first to commit or roll back before
 * it takes its numbers, so sequence order is commit order, and a reader that sees change N committed sees every
 * change before it (no gaps). Taken as the last lock of the transaction, after the token rows, so it is held only for
 * the few statements before the commit. On PostgreSQL the transaction also sends a notification whose payload is only
 * the last sequence number; it is delivered at commit.
 */
final class ChangeLog {

    /** One token that stopped working. */
    record Change(String tokenId, String lookupId) {
    }

    private final JdbcDialect dialect;
    private final int queryTimeoutSeconds;
    private final String channel;
    private final String bumpSql;
    private final String readSql;
    private final String insertSql;

    ChangeLog(TableName table, JdbcDialect dialect, int queryTimeoutSeconds) {
        this.dialect = dialect;
        this.queryTimeoutSeconds = queryTimeoutSeconds;
        this.channel = table.channel();
        this.bumpSql = "UPDATE " + table.sequence() + " SET seq = seq + ? WHERE id = 1";
        this.readSql = "SELECT seq FROM " + table.sequence() + " WHERE id = 1";
        this.insertSql = "INSERT INTO " + table.changes() + " (seq, token_id, lookup_id, changed_at) VALUES (?, ?, ?, "
                + DbClock.now(dialect) + ")";
    }

    /** Appends these changes, numbered in order, to the log; nothing for none. */
    void record(Connection c, List<Change> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        long last;
        try (PreparedStatement bump = prepare(c, bumpSql)) {
            bump.setLong(1, changes.size());
            if (bump.executeUpdate() != 1) {
                throw new TokenStoreException("patkit JDBC store: the change sequence row is missing: run"
                        + " createTableIfMissing() or this version's DDL (JdbcDialect.ddl) before revoking tokens");
            }
        }
        try (PreparedStatement read = prepare(c, readSql); ResultSet rs = read.executeQuery()) {
            rs.next();
            last = rs.getLong(1);
        }
        try (PreparedStatement insert = prepare(c, insertSql)) {
            long seq = last - changes.size();
            for (Change change : changes) {
                insert.setLong(1, ++seq);
                insert.setString(2, change.tokenId());
                insert.setString(3, change.lookupId());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        if (dialect == JdbcDialect.POSTGRESQL) {
            try (PreparedStatement notify = prepare(c, "SELECT pg_notify(?, ?)")) {
                notify.setString(1, channel);
                notify.setString(2, Long.toString(last));
                notify.executeQuery().close();
            }
        }
    }

    private PreparedStatement prepare(Connection c, String sql) throws SQLException {
        return Statements.prepare(c, sql, queryTimeoutSeconds);
    }
}
