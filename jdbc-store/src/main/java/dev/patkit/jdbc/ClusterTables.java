package dev.patkit.jdbc;

import dev.patkit.TokenStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The statements of cluster mode on the change log and the node table, one method each. Times are the database's
 * ({@link DbClock}); a lease is stored as the database's time when it ends. Each call borrows a connection and ends
 * whatever transaction it ran in before returning it, so every read sees what was committed before it began.
 */
final class ClusterTables {

    /** One row of the change log. */
    record Row(long seq, String tokenId, String lookupId) {
    }

    /** The most rows one catch-up reads; the next one reads the rest at once. */
    static final int BATCH = 1_000;

    private final DataSource dataSource;
    private final TableName table;
    private final int queryTimeoutSeconds;
    private final String sequenceSql;
    private final String changesAfterSql;
    private final String renewSql;
    private final String joinSql;
    private final String pendingSql;
    private final String leaveSql;
    private final String pruneChangesSql;
    private final String pruneNodesSql;

    ClusterTables(DataSource dataSource, TableName table, JdbcDialect dialect, int queryTimeoutSeconds) {
        this.dataSource = dataSource;
        this.table = table;
        this.queryTimeoutSeconds = queryTimeoutSeconds;
        String now = DbClock.now(dialect);
        String nowPlus = DbClock.nowPlusMicros(dialect);
        this.sequenceSql = "SELECT seq FROM " + table.sequence() + " WHERE id = 1";
        this.changesAfterSql = "SELECT seq, token_id, lookup_id FROM " + table.changes() + " WHERE seq > ? ORDER BY seq";
        this.renewSql = "UPDATE " + table.nodes() + " SET lease_until = " + nowPlus + ", applied_seq = ?"
                + " WHERE node_id = ?";
        this.joinSql = "INSERT INTO " + table.nodes() + " (node_id, lease_until, applied_seq) VALUES (?, " + nowPlus
                + ", ?)";
        this.pendingSql = "SELECT COUNT(*) FROM " + table.nodes() + " WHERE applied_seq < ? AND lease_until > " + now;
        this.leaveSql = "DELETE FROM " + table.nodes() + " WHERE node_id = ?";
        // A change is kept while a live node may still need it, and for a while after, for a node that is late.
        this.pruneChangesSql = "DELETE FROM " + table.changes() + " WHERE changed_at < " + nowPlus
                + " AND seq < (SELECT COALESCE(MIN(applied_seq), 0) FROM " + table.nodes() + " WHERE lease_until > "
                + now + ")";
        this.pruneNodesSql = "DELETE FROM " + table.nodes() + " WHERE lease_until < " + nowPlus;
    }

    /** The last sequence number committed. */
    long currentSequence(String operation) {
        return run(operation, c -> {
            try (PreparedStatement ps = prepare(c, sequenceSql); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("the change sequence row is missing", "02000");
                }
                return rs.getLong(1);
            }
        });
    }

    /** The changes after {@code applied}, in order, at most {@link #BATCH}; on this connection (autocommit). */
    List<Row> changesAfter(Connection c, long applied) throws SQLException {
        try (PreparedStatement ps = prepare(c, changesAfterSql)) {
            ps.setMaxRows(BATCH);
            ps.setLong(1, applied);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3)));
                }
            }
            return rows;
        }
    }

    /** The changes after {@code applied}, on a borrowed connection. */
    List<Row> changesAfter(long applied) {
        return run("cluster catch-up", c -> changesAfter(c, applied));
    }

    /** Renews this node's lease to the database's now plus {@code leaseMicros}, acknowledging {@code applied}. */
    void renew(String nodeId, long leaseMicros, long applied) {
        run("cluster lease renewal", c -> {
            int updated;
            try (PreparedStatement ps = prepare(c, renewSql)) {
                ps.setLong(1, leaseMicros);
                ps.setLong(2, applied);
                ps.setString(3, nodeId);
                updated = ps.executeUpdate();
            }
            if (updated == 0) { // first renewal, or the row was pruned after a long absence
                try (PreparedStatement ps = prepare(c, joinSql)) {
                    ps.setString(1, nodeId);
                    ps.setLong(2, leaseMicros);
                    ps.setLong(3, applied);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /** How many nodes with a live lease have not yet acknowledged {@code seq}. */
    long pendingNodes(long seq) {
        return run("cluster propagation check", c -> {
            try (PreparedStatement ps = prepare(c, pendingSql)) {
                ps.setLong(1, seq);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Removes this node's row: nobody waits for it any longer. */
    void leave(String nodeId) {
        run("cluster leave", c -> {
            try (PreparedStatement ps = prepare(c, leaveSql)) {
                ps.setString(1, nodeId);
                return ps.executeUpdate();
            }
        });
    }

    /** Deletes changes no live node needs that are older than {@code keepMicros}, and nodes dead for as long. */
    void prune(long keepMicros) {
        run("cluster housekeeping", c -> {
            try (PreparedStatement ps = prepare(c, pruneChangesSql)) {
                ps.setLong(1, -keepMicros);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = prepare(c, pruneNodesSql)) {
                ps.setLong(1, -keepMicros);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Runs work on a borrowed connection. If the connection is not in auto-commit mode, the work runs in a
     * transaction of its own (a fresh snapshot), committed at the end; every failure is a {@link TokenStoreException}.
     */
    private <T> T run(String operation, Transactions.Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            if (c.getAutoCommit()) {
                return work.run(c);
            }
            c.commit(); // ends a transaction the pool left open, so the work's snapshot is new
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    // the connection is broken; the database rolls back
                }
                throw e;
            }
        } catch (SQLException e) {
            throw Failures.translate(operation, table, e);
        } catch (TokenStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw Failures.translate(operation, table, e);
        }
    }

    private PreparedStatement prepare(Connection c, String sql) throws SQLException {
        return Statements.prepare(c, sql, queryTimeoutSeconds);
    }
}
