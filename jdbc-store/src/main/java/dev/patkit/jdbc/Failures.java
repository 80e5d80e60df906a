package dev.patkit.jdbc;

import dev.patkit.TokenStoreException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/**
 * Turns JDBC failures into {@link TokenStoreException}s that carry no secret and no parameter value.
 *
 * <p>A driver's message may quote the values of a statement (PostgreSQL's {@code Detail: Key (...)=(...)}, MariaDB's
 * {@code Duplicate entry '...'}), so neither the message nor the {@link SQLException} itself is kept: only the
 * SQLState, the vendor error code, the exception's class name and a fixed description. The stack trace of the
 * original failure is kept (it holds class and method names only).
 */
final class Failures {

    private Failures() {
    }

    static TokenStoreException translate(String operation, TableName table, SQLException e) {
        String state = e.getSQLState();
        StringBuilder m = new StringBuilder(96)
                .append("patkit JDBC store: ").append(operation).append(" on table ").append(table)
                .append(" failed: ").append(describe(e))
                .append(" [SQLState ").append(state == null ? "none" : sanitize(state))
                .append(", vendor code ").append(e.getErrorCode())
                .append(", ").append(e.getClass().getName()).append(']');
        TokenStoreException out = new TokenStoreException(m.toString());
        out.setStackTrace(e.getStackTrace());
        return out;
    }

    static TokenStoreException translate(String operation, TableName table, RuntimeException e) {
        TokenStoreException out = new TokenStoreException("patkit JDBC store: " + operation + " on table " + table
                + " failed: unexpected " + e.getClass().getName() + " from the driver, pool or data");
        out.setStackTrace(e.getStackTrace());
        return out;
    }

    /** A fixed description of the failure's kind, from its class and SQLState. */
    static String describe(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (e instanceof SQLTimeoutException || state.equals("57014") || state.equals("HYT00")
                || state.equals("70100") || e.getErrorCode() == 1969 || e.getErrorCode() == 3024) {
            return "statement cancelled or timed out";
        }
        if (e instanceof SQLTransientConnectionException) {
            return "no connection available (pool exhausted or database unreachable)";
        }
        if (state.startsWith("08")) {
            return "connection failure";
        }
        if (state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
            return "connection terminated by the server (administrator command, shutdown or not accepting"
                    + " connections)";
        }
        if (isUniqueViolation(e)) {
            return "unique constraint violated";
        }
        if (state.startsWith("23")) {
            return "integrity constraint violated";
        }
        if (state.equals("22001") || e.getErrorCode() == 1406) {
            return "a value is too long for its column";
        }
        if (state.startsWith("22")) {
            return "data exception";
        }
        if (state.equals("40001") || state.equals("40P01") || e.getErrorCode() == 1213) {
            return "serialization failure or deadlock";
        }
        if (state.equals("55P03") || e.getErrorCode() == 1205 || state.equals("HYT01")) {
            return "lock not available";
        }
        if (state.equals("42P01") || state.equals("42S02") || state.equals("42S04") || e.getErrorCode() == 1146
                || e.getErrorCode() == 42102) {
            return "table not found: create it with the DDL in the README or JdbcTokenStore.createTableIfMissing()";
        }
        if (state.equals("42703") || state.equals("42S22") || e.getErrorCode() == 1054
                || e.getErrorCode() == 42122) {
            return "column not found: the table does not have patkit's schema";
        }
        if (state.startsWith("42")) {
            return "SQL syntax error or access rule violation";
        }
        if (state.startsWith("25")) {
            return "invalid transaction state";
        }
        return "database error";
    }

    /** Whether a failure is a unique-key violation, on PostgreSQL, H2, MariaDB or MySQL. */
    static boolean isUniqueViolation(SQLException e) {
        String state = e.getSQLState();
        int code = e.getErrorCode();
        return "23505".equals(state) || code == 1062 || code == 1586 || code == 1169;
    }

    private static String sanitize(String state) {
        return state.length() <= 5 && state.chars().allMatch(Character::isLetterOrDigit) ? state : "?";
    }
}
