package dev.patkit.jdbc;

import dev.patkit.TokenStoreException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Connection handling: each call borrows one connection from the data source, runs its work, and returns the
 * connection before it returns. A write runs in one explicit transaction, committed if the work returns and rolled
 * back if it throws, whatever the connection's auto-commit mode. Every failure leaves as a
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

    /** Runs read-only work. */
    <T> T read(String operation, Work<T> work) {
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
    <T> T write(String operation, Work<T> work) {
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
}
