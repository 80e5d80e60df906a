package dev.patkit.jdbc;

import dev.patkit.TokenStoreException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Connection handling: each call borrows one connection from the data source, runs its work, ends every transaction
 * it ran in, and returns the connection before it returns. A write runs in one explicit transaction, committed if the
 * work returns and rolled back if it throws, whatever the connection's auto-commit mode; so does a read on a
 * connection in manual-commit mode. Every failure leaves as a
 * {@link TokenStoreException} from {@link Failures}, except a {@link Conflict}, which the caller resolves.
 */
final class Transactions {

    /** Work on a borrowed connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;
    private final TableName table;

    Transactions(DataSource dataSource, TableName table) {
        this.dataSource = dataSource;
        this.table = table;
    }

    /**
     * Runs read-only work and ends its transaction. In auto-commit mode the driver ends each statement's transaction;
     * otherwise the read is committed (rolled back if it throws) before the connection goes back to the pool, since
     * a pool may hand it out again as it is: a transaction left open would keep its snapshot (REPEATABLE READ, as on
     * MariaDB by default, would never see a later revocation on that connection) and its locks on the table.
     */
    <T> T read(String operation, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return c.getAutoCommit() ? work.run(c) : runToTheEnd(c, work);
        } catch (SQLException e) {
            throw Failures.translate(operation, table, e);
        } catch (TokenStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw Failures.translate(operation, table, e);
        }
    }

    /** Runs the work in one transaction, committed if it returns and rolled back if it throws. */
    <T> T write(String operation, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            if (autoCommit) {
                c.setAutoCommit(false);
            }
            try {
                return runToTheEnd(c, work);
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

    /** On a connection in manual-commit mode: the work, then commit; rollback if either throws. */
    private static <T> T runToTheEnd(Connection c, Work<T> work) throws SQLException {
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c, e);
            throw e;
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
}
