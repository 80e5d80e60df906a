package dev.patkit.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Prepares every statement of the store and the cluster tables with the store's query timeout. */
final class Statements {

    private Statements() {
    }

    /** {@code sql} prepared on {@code c}, cancelled by the driver after {@code queryTimeoutSeconds} (0: never). */
    static PreparedStatement prepare(Connection c, String sql, int queryTimeoutSeconds) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            if (queryTimeoutSeconds > 0) {
                ps.setQueryTimeout(queryTimeoutSeconds);
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            try {
                ps.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing); // dropped with e by Failures.translate
            }
            throw e;
        }
    }
}
