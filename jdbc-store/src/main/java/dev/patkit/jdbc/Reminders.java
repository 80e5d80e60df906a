package dev.patkit.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The statements on {@code <table>_reminders}: one row per token and reminder, holding when it was claimed and when
 * it was sent; run on a connection whose transaction the caller owns ({@link Transactions}).
 *
 * <p>Design: a claim is decided only by a write that changes the row, so that of claimers racing on any number of
 * nodes exactly one wins. First a plain read (no lock): a row that is sent, or claimed at or after
 * {@code staleBefore}, refuses at once, and states only ever become less claimable (a claim time only moves forwards,
 * a sending is never undone), so that answer stays right. No row: an insert wins, and a unique violation (another
 * claimer's insert, which the database made this one wait for) loses. A stale unsent claim: one conditional
 * {@code UPDATE ... WHERE sent_at IS NULL AND claimed_at < ?}, which each database re-checks on the latest committed
 * row after waiting for a racing update's lock (PostgreSQL and H2 at READ COMMITTED, InnoDB's locking reads at
 * REPEATABLE READ), so exactly one takes it over. Nothing takes a lock on a row that does not exist (InnoDB would lock
 * the gap, and two such claimers would deadlock on their inserts). On PostgreSQL the insert is {@code ON CONFLICT DO
 * NOTHING}, since a failed statement there aborts the transaction; elsewhere a failed statement leaves it usable.
 * At a stricter isolation (PostgreSQL's REPEATABLE READ) the database refuses a write that raced another with a
 * serialization failure; that claim has lost to the other (claims only make a row less claimable) and ends as a
 * {@link Conflict}: rolled back, {@code false}.
 */
final class Reminders {

    private final JdbcDialect dialect;
    private final TokenRows rows;
    private final int queryTimeoutSeconds;
    private final String stateSql;
    private final String insertSql;
    private final String takeOverSql;
    private final String sentSql;

    Reminders(TableName table, JdbcDialect dialect, TokenRows rows, int queryTimeoutSeconds) {
        this.dialect = dialect;
        this.rows = rows;
        this.queryTimeoutSeconds = queryTimeoutSeconds;
        String r = table.reminders();
        this.stateSql = "SELECT claimed_at, sent_at FROM " + r + " WHERE token_id = ? AND reminder = ?";
        this.insertSql = "INSERT INTO " + r + " (token_id, reminder, claimed_at, sent_at) VALUES (?, ?, ?, ?)"
                + (dialect == JdbcDialect.POSTGRESQL ? " ON CONFLICT DO NOTHING" : "");
        this.takeOverSql = "UPDATE " + r + " SET claimed_at = ? WHERE token_id = ? AND reminder = ?"
                + " AND sent_at IS NULL AND claimed_at < ?";
        this.sentSql = "UPDATE " + r + " SET sent_at = ? WHERE token_id = ? AND reminder = ? AND sent_at IS NULL";
    }

    /** Whether this call claimed the reminder: nobody had, or the claim was older than {@code staleBefore}, unsent. */
    boolean claim(Connection c, String tokenId, String reminder, Instant now, Instant staleBefore)
            throws SQLException {
        Instant stale = staleBefore.truncatedTo(ChronoUnit.MICROS); // as the column compares it
        boolean exists;
        boolean claimable;
        try (PreparedStatement ps = prepare(c, stateSql)) {
            ps.setString(1, tokenId);
            ps.setString(2, reminder);
            try (ResultSet rs = ps.executeQuery()) {
                exists = rs.next();
                claimable = exists && rows.readInstant(rs, 2) == null && rows.readInstant(rs, 1).isBefore(stale);
            }
        }
        if (!exists) {
            return insert(c, tokenId, reminder, now, null);
        }
        if (!claimable) {
            return false;
        }
        try (PreparedStatement ps = prepare(c, takeOverSql)) {
            rows.bindInstant(ps, 1, now);
            ps.setString(2, tokenId);
            ps.setString(3, reminder);
            rows.bindInstant(ps, 4, stale);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw lostRace(e);
        }
    }

    /** Records the sending; a reminder sent without a claim gets its row too. A first sending time is kept. */
    void sent(Connection c, String tokenId, String reminder, Instant at) throws SQLException {
        if (markSent(c, tokenId, reminder, at) == 0 && !insert(c, tokenId, reminder, at, at)) {
            markSent(c, tokenId, reminder, at); // a claim was inserted meanwhile, or it was sent already
        }
    }

    private int markSent(Connection c, String tokenId, String reminder, Instant at) throws SQLException {
        try (PreparedStatement ps = prepare(c, sentSql)) {
            rows.bindInstant(ps, 1, at);
            ps.setString(2, tokenId);
            ps.setString(3, reminder);
            return ps.executeUpdate();
        }
    }

    /** Inserts the row; {@code false} if one exists (inserted by another transaction, which has ended). */
    private boolean insert(Connection c, String tokenId, String reminder, Instant claimedAt, Instant sentAt)
            throws SQLException {
        try (PreparedStatement ps = prepare(c, insertSql)) {
            ps.setString(1, tokenId);
            ps.setString(2, reminder);
            rows.bindInstant(ps, 3, claimedAt);
            rows.bindInstant(ps, 4, sentAt);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            if (dialect != JdbcDialect.POSTGRESQL && Failures.isUniqueViolation(e)) {
                return false;
            }
            throw lostRace(e);
        }
    }

    /** A {@link Conflict} for a serialization failure (SQLState 40001), which rolls back; else the failure. */
    private static SQLException lostRace(SQLException e) {
        if ("40001".equals(e.getSQLState())) {
            throw new Conflict();
        }
        return e;
    }

    private PreparedStatement prepare(Connection c, String sql) throws SQLException {
        return Statements.prepare(c, sql, queryTimeoutSeconds);
    }
}
