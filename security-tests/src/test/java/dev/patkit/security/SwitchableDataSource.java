package dev.patkit.security;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that hands out connections of a working pool, or, while "down", of a closed pool (whose
 * {@code getConnection} fails as a real pool does when its database is gone).
 */
final class SwitchableDataSource implements DataSource {

    private final DataSource up;
    private final DataSource down;
    private volatile boolean isDown;

    SwitchableDataSource(DataSource up, DataSource down) {
        this.up = up;
        this.down = down;
    }

    void down(boolean down) {
        this.isDown = down;
    }

    private DataSource current() {
        return isDown ? down : up;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return current().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return current().getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return up.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        up.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        up.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return up.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }

    @Override
    public String toString() {
        return "SwitchableDataSource[" + (isDown ? "down" : "up") + "]";
    }
}
