package dev.patkit.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A real data source that counts the statements prepared on the token table itself (not on its {@code _changes},
 * {@code _nodes}, {@code _owners} or {@code _sequence} tables): how many times a node read or wrote token rows.
 */
final class CountingDataSource implements DataSource {

    private final DataSource delegate;
    private final String marker;
    private final AtomicLong tokenTableStatements = new AtomicLong();

    CountingDataSource(DataSource delegate, String table) {
        this.delegate = delegate;
        this.marker = (" " + table + " ").toLowerCase(java.util.Locale.ROOT);
    }

    /** Statements prepared on the token table so far. */
    long tokenTableStatements() {
        return tokenTableStatements.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = delegate.getConnection();
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql
                    && (sql.toLowerCase(java.util.Locale.ROOT) + " ").contains(marker)) {
                tokenTableStatements.incrementAndGet();
            }
            try {
                return method.invoke(c, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("test data source: use getConnection()");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return delegate.isWrapperFor(iface);
    }
}
